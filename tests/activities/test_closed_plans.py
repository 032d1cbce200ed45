"""Closed plans: readable (pages, history, exports) with a banner, out of the day-to-day views, and
refused by the services for any change."""

import datetime
import io

import pytest

from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from activities import services
from activities.models import Activity, ActivityChange, Plan, Status, StatusUpdate
from activities.services.closed_plans import CLOSED_PLAN_MESSAGE
from tests.activities.test_edit_activity import form_data
from tests.factories import make_activity, make_plan, make_role, make_theme

pytestmark = pytest.mark.django_db

BANNER = "This plan is closed."


def close(plan: Plan) -> None:
    # Test set-up: a plan closed after its activities were made (closing is helper G's service).
    Plan.objects.filter(pk=plan.pk).update(state=Plan.State.CLOSED)
    plan.refresh_from_db()


@pytest.fixture
def closed_activity(db, editor, fixed_today):
    plan = make_plan("Engagement 2020", short_name="engagement-2020")
    role = make_role("Head of Comms", holders=[editor])
    activity = make_activity(
        reference="1.1",
        theme=make_theme(plan=plan),
        owners=[role],
        due=fixed_today - datetime.timedelta(days=10),
    )
    services.status_update_create(activity=activity, status=Status.AT_RISK, commentary="Late")
    close(plan)
    activity.refresh_from_db()
    return activity


def history() -> tuple[int, int]:
    return StatusUpdate.objects.count(), ActivityChange.objects.count()


def test_status_update_service_refuses_a_closed_plan(closed_activity, editor):
    before = history()
    with pytest.raises(ValidationError) as refused:
        services.status_update_create(
            activity=closed_activity, status=Status.ON_TRACK, commentary="Back on", author=editor
        )
    assert refused.value.messages == [CLOSED_PLAN_MESSAGE]
    assert history() == before


def test_review_comment_on_a_closed_plan_is_refused_too(closed_activity, reviewer):
    with pytest.raises(ValidationError, match="This plan is closed"):
        services.status_update_create(
            activity=closed_activity,
            status=closed_activity.current_status,
            commentary="Noted",
            kind=StatusUpdate.Kind.REVIEW,
            author=reviewer,
        )


def test_activity_update_service_refuses_a_closed_plan(closed_activity, editor):
    fields = services.ActivityFields(
        theme=closed_activity.theme,
        text="Other words",
        timescale_label=closed_activity.timescale_label,
        ongoing=False,
        owners=closed_activity.owner_roles(),
        milestones=[],
    )
    before = history()
    with pytest.raises(ValidationError, match="This plan is closed"):
        services.activity_update(
            activity=closed_activity,
            fields=fields,
            expected_version=closed_activity.version,
            author=editor,
        )
    closed_activity.refresh_from_db()
    assert closed_activity.text != "Other words"
    assert history() == before


def test_an_activity_of_an_open_plan_is_still_updated(editor, fixed_today):
    activity = make_activity(theme=make_theme(plan=make_plan()))
    services.status_update_create(activity=activity, status=Status.ON_TRACK, author=editor)
    activity.refresh_from_db()
    assert activity.current_status == Status.ON_TRACK


def test_posting_an_update_through_the_page_shows_the_refusal(client, editor, closed_activity):
    client.force_login(editor)
    url = reverse("activities:post-update", args=["engagement-2020", "1.1"])
    before = history()
    data = {"kind": "status", "update-status": "on_track", "update-commentary": "Back on track"}
    response = client.post(url, {**data, "update-milestone": ""})
    assert response.status_code == 200
    assert CLOSED_PLAN_MESSAGE in response.content.decode()
    assert history() == before


def test_activity_page_is_readable_with_the_banner_and_offers_no_changes(
    client, administrator, closed_activity
):
    client.force_login(administrator)
    page = client.get(closed_activity.get_absolute_url()).content.decode()
    assert BANNER in page
    assert "Late" in page  # its history
    assert 'name="commentary"' not in page
    assert reverse("activities:edit", args=["engagement-2020", "1.1"]) not in page


def test_edit_page_of_a_closed_plan_sends_you_back_with_the_message(
    client, editor, closed_activity
):
    client.force_login(editor)
    url = reverse("activities:edit", args=["engagement-2020", "1.1"])
    response = client.get(url, follow=True)
    assert response.redirect_chain[-1][0] == closed_activity.get_absolute_url()
    assert CLOSED_PLAN_MESSAGE in response.content.decode()
    before = history()
    response = client.post(url, form_data(closed_activity, text="Changed"))
    assert response.status_code == 302
    assert history() == before


@pytest.mark.parametrize("page", ["activities:dashboard", "activities:list", "activities:overdue"])
def test_plan_pages_are_readable_and_say_the_plan_is_closed(
    client, reviewer, closed_activity, page
):
    client.force_login(reviewer)
    response = client.get(reverse(page, args=["engagement-2020"]))
    assert response.status_code == 200
    assert BANNER in response.content.decode()


def test_open_plan_pages_have_no_banner(client, reviewer):
    plan = make_plan(short_name="open-plan")
    make_theme(plan=plan)
    client.force_login(reviewer)
    assert BANNER not in client.get(plan.get_absolute_url()).content.decode()


def test_exports_of_a_closed_plan_still_download(client, reviewer, closed_activity):
    client.force_login(reviewer)
    listed = client.get(reverse("activities:list", args=["engagement-2020"]), {"_export": "csv"})
    assert listed.status_code == 200
    assert "Engagement 2020" in listed.content.decode()
    workbook = client.get(reverse("activities:export-plan", args=["engagement-2020"]))
    assert workbook.status_code == 200


def test_closed_plans_are_out_of_the_day_to_day_views(client, editor, closed_activity):
    client.force_login(editor)
    mine = client.get(reverse("activities:my"))
    assert mine.context["table"].paginator.count == 0
    across = client.get(reverse("activities:overdue-across-plans"))
    assert across.context["review"].activity_count == 0
    portfolio = client.get(reverse("activities:portfolio"))
    assert [s.plan for s in portfolio.context["portfolio"].in_use] == []


def test_importing_into_a_closed_plan_is_refused_and_writes_nothing(closed_activity, tmp_path):
    path = tmp_path / "old.xlsx"
    call_command("export_plan", str(path), "--plan", "engagement-2020", stdout=io.StringIO())
    before = history(), Activity.objects.count()
    with pytest.raises(CommandError, match="This plan is closed"):
        call_command("import_plan", str(path), "--plan", "engagement-2020", stdout=io.StringIO())
    assert (history(), Activity.objects.count()) == before


def test_an_import_confirmed_after_its_plan_was_closed_writes_nothing(tmp_path):
    from activities.importing.apply import PlanClosedError, apply_preview, build_preview
    from activities.importing.destination import Destination
    from activities.importing.parse import parse_plan
    from activities.models import Activity, Plan
    from tests.factories import make_plan, make_role

    plan = make_plan("Equality plan")
    make_role("ACC Local Policing")
    data = (
        b"Theme,Reference,Activity,Owner(s),Timescale\nT,1.1,We will.,ACC Local Policing,May 2030\n"
    )
    preview = build_preview(parse_plan(data, file_name="plan.csv"), Destination(plan=plan))
    Plan.objects.filter(pk=plan.pk).update(state=Plan.State.CLOSED)
    with pytest.raises(PlanClosedError, match="This plan is closed"):
        apply_preview(preview, file_name="plan.csv", sha256="0" * 64)
    assert not Activity.objects.exists()
