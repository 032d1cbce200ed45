import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from activities.importing.apply import apply_preview
from tests.activities.importing.support import apply_text, preview_of, synthetic_plan
from tests.factories import make_role, make_theme

pytestmark = pytest.mark.django_db

OWNERS = "Lead Role Second Role"


@pytest.fixture
def roles_and_theme(db):
    make_role("Lead Role", aliases=("Lead Role (WP)",))
    make_role("Second Role")
    make_theme("The only theme", position=1)


def queries(function, *args, **kwargs) -> int:
    with CaptureQueriesContext(connection) as context:
        function(*args, **kwargs)
    return len(context)


def test_preview_queries_are_the_same_at_10_and_200_rows(roles_and_theme):
    small, large = synthetic_plan(10, owners=OWNERS), synthetic_plan(200, owners=OWNERS)
    apply_text(small)
    at_10 = queries(preview_of, small)
    apply_text(large)
    at_200 = queries(preview_of, large)
    # Parse (roles), fingerprint (5: activity and status update aggregates, themes, roles,
    # aliases), the file's activities with owners and milestones, themes: the same at any size.
    assert at_10 == at_200 <= 13  # and which plan the file goes into (the command's choice)


def test_applying_an_unchanged_plan_queries_the_same_at_10_and_200_rows(roles_and_theme):
    def apply_unchanged(text):
        apply_text(text)
        preview = preview_of(text)
        assert preview.counts()["unchanged"] == len(preview.entries)
        return queries(apply_preview, preview, file_name="plan.txt", sha256="0" * 64)

    at_10 = apply_unchanged(synthetic_plan(10, owners=OWNERS))
    at_200 = apply_unchanged(synthetic_plan(200, owners=OWNERS))
    assert at_10 == at_200
