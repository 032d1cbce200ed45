"""Status colours have one source: plan_tags.STATUS_TAG_CLASSES. The tag, the dashboard's bar and its
key carry the same class, and the CSS colours classes, never statuses."""

import re
from pathlib import Path

import pytest

from django.conf import settings

from activities import services
from activities.models import Status
from activities.templatetags.plan_tags import STATUS_TAG_CLASSES, status_tag
from tests.factories import TEST_PLAN_URL, make_activity

APP_CSS = Path(settings.BASE_DIR) / "static" / "css" / "app.css"


def css_rules() -> list[tuple[str, str]]:
    """(selector, body) of every rule in app.css, comments removed."""
    text = re.sub(r"/\*.*?\*/", "", APP_CSS.read_text(), flags=re.DOTALL)
    return [(m[1].strip(), m[2]) for m in re.finditer(r"([^{}]+)\{([^}]*)\}", text)]


def test_every_status_has_a_colour_class():
    assert set(STATUS_TAG_CLASSES) == set(Status)


def test_the_css_names_no_status():
    selectors = " ".join(selector for selector, _ in css_rules())
    for status in Status:
        assert status.value not in selectors, status
        assert status.value.replace("_", "-") not in selectors, status


def test_the_css_gives_each_colour_class_its_colour_once():
    colours = [
        selector
        for selector, body in css_rules()
        if "--plan-status-colour:" in body.replace(" ", "")
    ]
    assert sorted(colours) == sorted(f".{name}" for name in set(STATUS_TAG_CLASSES.values()))


@pytest.mark.django_db
def test_tag_bar_segment_and_key_swatch_carry_the_same_class(client, editor):
    for status in Status:
        activity = make_activity()
        if status != Status.NOT_STARTED:
            services.status_update_create(
                activity=activity, status=status, commentary="Why", author=editor
            )
    client.force_login(editor)
    page = client.get(TEST_PLAN_URL + "/").content.decode()

    for status in Status:
        colour = STATUS_TAG_CLASSES[status]
        assert f'class="govuk-tag {colour}"' in status_tag(status)
        assert f'<rect class="plan-bar__segment {colour}"' in page, status
        assert f'<span class="plan-key__swatch {colour}"></span>' in page, status
