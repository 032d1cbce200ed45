"""One limit for commitment text and commentary (MAX_TEXT_LENGTH), held by every door, so text
that can be saved can be exported and re-imported."""

import io

import pytest
from openpyxl import load_workbook

from django.core.exceptions import ValidationError
from django.urls import reverse

from activities import services
from activities.importing.apply import UNCHANGED, build_preview
from activities.importing.parse import parse_plan
from activities.models import MAX_TEXT_LENGTH, Activity, Status, StatusUpdate
from activities.plan_workbook import export_plan
from tests.activities.test_admin import admin_form_data
from tests.activities.test_edit_activity import form_data
from tests.factories import (
    TEST_PLAN_URL,
    import_destination_for,
    make_activity,
    make_theme,
    the_plan,
)

pytestmark = pytest.mark.django_db

LONGEST = "We will " + "x" * (MAX_TEXT_LENGTH - len("We will "))
TOO_LONG = LONGEST + "x"
COMMITMENT_MESSAGE = "The commitment must be 5,000 characters or fewer; it has 5,001. Shorten it."


def post_update(client, activity, **data):
    return client.post(f"{TEST_PLAN_URL}/activities/{activity.reference}/updates/", data)


def test_edit_form_refuses_a_commitment_over_the_limit(client, editor):
    activity = make_activity(text="Original")
    client.force_login(editor)

    html = client.post(
        f"{TEST_PLAN_URL}/activities/{activity.reference}/edit/", form_data(activity, text=TOO_LONG)
    ).content.decode()

    assert COMMITMENT_MESSAGE in html
    assert Activity.objects.get().text == "Original"


def test_edit_form_saves_a_commitment_at_the_limit(client, editor):
    activity = make_activity(text="Original")
    client.force_login(editor)

    response = client.post(
        f"{TEST_PLAN_URL}/activities/{activity.reference}/edit/", form_data(activity, text=LONGEST)
    )

    assert response.status_code == 302
    assert Activity.objects.get().text == LONGEST


def test_admin_refuses_a_commitment_over_the_limit(client, administrator):
    activity = make_activity(text="Original")
    url = reverse("admin:activities_activity_change", args=[activity.pk])
    client.force_login(administrator)
    data = {**admin_form_data(client.get(url)), "text": TOO_LONG}

    response = client.post(url, data)

    assert response.context["adminform"].form.errors["text"] == [COMMITMENT_MESSAGE]
    assert Activity.objects.get().text == "Original"


def test_status_update_refuses_commentary_over_the_limit(client, editor):
    activity = make_activity()
    client.force_login(editor)

    html = post_update(
        client,
        activity,
        kind="status",
        **{"update-status": "on_track", "update-commentary": TOO_LONG},
    ).content.decode()

    assert "The commentary must be 5,000 characters or fewer; it has 5,001." in html
    assert not StatusUpdate.objects.exists()


def test_review_comment_refuses_text_over_the_limit(client, reviewer):
    activity = make_activity()
    client.force_login(reviewer)

    html = post_update(
        client, activity, kind="review", **{"review-commentary": TOO_LONG}
    ).content.decode()

    assert "The review comment must be 5,000 characters or fewer; it has 5,001." in html
    assert not StatusUpdate.objects.exists()


def test_the_services_refuse_over_long_text_whichever_door_calls_them(editor):
    activity = make_activity(text="Original")
    fields = services.ActivityFields(
        theme=activity.theme,
        text=TOO_LONG,
        timescale_label="",
        ongoing=False,
        owners=[],
        milestones=[],
    )
    with pytest.raises(ValidationError, match="5,000 characters or fewer"):
        services.activity_update(activity=activity, fields=fields, expected_version=1)
    with pytest.raises(ValidationError, match="5,000 characters or fewer"):
        services.activity_create(reference="8.1", fields=fields)
    with pytest.raises(ValidationError, match="5,000 characters or fewer"):
        services.status_update_create(
            activity=activity, status=Status.ON_TRACK, commentary=TOO_LONG
        )
    assert Activity.objects.get().text == "Original"


def exported_plan() -> bytes:
    buffer = io.BytesIO()
    export_plan(the_plan(), buffer)
    return buffer.getvalue()


def test_text_at_the_limit_exports_and_re_imports_unchanged(editor):
    activity = make_activity(reference="1.1", theme=make_theme(position=1), text=LONGEST)
    services.status_update_create(
        activity=activity, status=Status.AT_RISK, commentary=LONGEST, author=editor
    )

    preview = build_preview(
        parse_plan(exported_plan(), file_name="plan.xlsx"), import_destination_for("plan.xlsx")
    )

    assert [p.message for p in preview.problems if p.is_error] == []
    assert preview.counts()[UNCHANGED] == 1
    [row] = preview.plan.rows
    assert (row.text, row.commentary) == (LONGEST, LONGEST)


def test_importer_refuses_a_cell_one_character_over_the_same_limit():
    make_activity(reference="1.1", theme=make_theme(position=1), text=LONGEST)
    workbook = load_workbook(io.BytesIO(exported_plan()))
    workbook.active["C2"] = TOO_LONG  # the Activity column
    edited = io.BytesIO()
    workbook.save(edited)

    plan = parse_plan(edited.getvalue(), file_name="plan.xlsx")

    [problem] = [p for p in plan.problems if p.is_error]
    assert "holds 5,001 characters; the limit for this column is 5,000" in problem.message
