"""People's own words may hold a long unbroken string (a pasted URL, a commitment without spaces):
it wraps instead of widening the page at 320 px (WCAG 1.4.10). Found by trying the product: a
170-character URL in commentary made the dashboard 1,669 px wide at 320 px."""

import pytest

from activities import services
from activities.models import MAX_TEXT_LENGTH, Activity, Status
from tests.browser.helpers import assert_no_horizontal_scroll, sign_in
from tests.factories import TEST_PLAN_URL

pytestmark = pytest.mark.browser
URL = "https://example.org/" + "a-very-long-path-segment-" * 7


@pytest.fixture
def long_words(plan):
    activity = Activity.objects.get(reference="2.1")
    services.status_update_create(
        activity=activity, status=Status.ON_TRACK, commentary=f"Notes at {URL}"
    )
    Activity.objects.filter(reference="1.2").update(text="W" * MAX_TEXT_LENGTH)
    return plan


@pytest.mark.parametrize(
    "path",
    [
        TEST_PLAN_URL + "/",
        TEST_PLAN_URL + "/activities/2.1/",
        TEST_PLAN_URL + "/activities/1.2/",
        TEST_PLAN_URL + "/activities/",
    ],
)
def test_a_long_unbroken_string_wraps_at_320_pixels(page, long_words, path):
    sign_in(page, "casey")
    page.goto(path)
    assert_no_horizontal_scroll(page)
