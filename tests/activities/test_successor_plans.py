"""Starting a successor plan: only the chosen open activities carry over, each a copy linked to its
origin (both pages link), with the same reference, text, owners, timescale, milestones and status;
only their themes are copied; the old plan is untouched but for its history (and its state, if
asked); a summary comes before anything is written; all or nothing; bounded queries."""

import datetime
import re

import pytest

from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities import services
from activities.models import (
    Activity,
    ActivityChange,
    Plan,
    PlanChange,
    Status,
    StatusUpdate,
    Theme,
)
from activities.timescales import MilestoneSpec
from tests.factories import make_activity, make_plan, make_role, make_theme

pytestmark = pytest.mark.django_db

MARCH_2023 = MilestoneSpec(
    "March 2023", datetime.date(2023, 3, 31), True, datetime.date(2023, 3, 20)
)
MARCH_2025 = MilestoneSpec("March 2025", datetime.date(2025, 3, 31))


@pytest.fixture
def old_plan(administrator):
    """An ending plan: two themes, three open activities (one at risk), one complete."""
    plan = make_plan("Engagement plan 2022 – 2024", short_name="engagement-2022-2024")
    first = make_theme("Neighbourhood engagement", plan=plan, position=1)
    second = make_theme("Digital engagement", plan=plan, position=2)
    third = make_theme("Internal communications", plan=plan, position=3)
    lead, co_owner = make_role("ACC Local Policing"), make_role("Head of Communications")
    make_activity(
        reference="1.1",
        theme=first,
        text="We will hold ward meetings.",
        owners=[lead, co_owner],
        milestones=[MARCH_2023, MARCH_2025],
        timescale_label="March 2023, March 2025",
    )
    at_risk = make_activity(reference="1.2", theme=first, owners=[co_owner])
    services.status_update_create(
        activity=at_risk, status=Status.AT_RISK, commentary="Funding is late.", author=administrator
    )
    make_activity(reference="2.1", theme=second)
    done = make_activity(reference="3.1", theme=third)
    services.status_update_create(activity=done, status=Status.COMPLETE, author=administrator)
    return Plan.objects.get(pk=plan.pk)


def fingerprint(plan):
    """Every activity of the plan as stored, and its history's size."""
    return [
        (
            a.reference,
            a.text,
            a.version,
            a.current_status,
            a.theme_id,
            a.status_updates.count(),
            a.changes.count(),
        )
        for a in Activity.objects.in_plans(plan).order_by("reference")
    ]


def start(plan, references, *, author=None, close=False, title="Engagement plan 2024 – 2026"):
    chosen = Activity.objects.in_plans(plan).filter(reference__in=references)
    return services.plan_start_successor(
        plan=plan,
        successor=services.Successor(
            title=title,
            short_name="engagement-2024-2026",
            starts_on=datetime.date(2024, 4, 1),
            ends_on=datetime.date(2026, 3, 31),
        ),
        carried=list(chosen),
        expected_version=plan.version,
        close_predecessor=close,
        author=author,
    )


def test_only_the_chosen_activities_carry_with_their_fields_links_and_status(
    old_plan, administrator
):
    before = fingerprint(old_plan)
    new_plan = start(old_plan, ["1.1", "1.2"], author=administrator)

    carried = {a.reference: a for a in Activity.objects.in_plans(new_plan).for_list()}
    assert sorted(carried) == ["1.1", "1.2"]
    ward = carried["1.1"]
    origin = Activity.objects.get(plan=old_plan, reference="1.1")
    assert ward.carried_from == origin
    assert ward.text == origin.text and ward.timescale_label == origin.timescale_label
    assert [r.title for r in ward.owner_roles()] == ["ACC Local Policing", "Head of Communications"]
    assert [
        (m.label, m.due, m.completed, m.completed_on) for m in ward.milestones.order_by("position")
    ] == [(m.label, m.due, m.completed, m.completed_on) for m in (MARCH_2023, MARCH_2025)]
    assert ward.next_due == MARCH_2025.due
    assert carried["1.2"].current_status == Status.AT_RISK
    assert new_plan.predecessor == old_plan
    assert fingerprint(old_plan) == before  # every old activity as it was
    assert Plan.objects.get(pk=old_plan.pk).state == Plan.State.ACTIVE


def test_only_the_themes_of_carried_activities_are_copied_in_order(old_plan):
    new_plan = start(old_plan, ["2.1", "1.2"])
    assert list(new_plan.themes.order_by("position").values_list("title", "position")) == [
        ("Neighbourhood engagement", 1),
        ("Digital engagement", 2),
    ]
    assert Theme.objects.filter(plan=old_plan).count() == 3


def test_history_of_both_plans_and_of_the_carried_activity_says_where_it_came_from(
    old_plan, administrator
):
    new_plan = start(old_plan, ["1.2"], author=administrator)
    carried = Activity.objects.get(plan=new_plan)
    created = carried.changes.get()
    assert created.author == administrator
    assert created.changes["carried_from"]["new"] == "Engagement plan 2022 – 2024, 1.2"
    update = carried.status_updates.get()
    assert (update.status, update.author) == (Status.AT_RISK, administrator)
    assert "Carried from Engagement plan 2022 – 2024, activity 1.2" in update.commentary
    started = old_plan.changes.get(action=PlanChange.Action.SUCCESSOR_STARTED)
    assert started.changes["successor"]["new"] == new_plan.title
    assert started.changes["carried"]["new"] == ["1.2"]
    assert new_plan.changes.get().changes["predecessor"]["new"] == old_plan.title


def test_closing_the_old_plan_when_asked_is_recorded(old_plan, administrator):
    start(old_plan, ["1.1"], author=administrator, close=True)
    old_plan.refresh_from_db()
    assert old_plan.is_closed
    assert list(old_plan.changes.order_by("created_at", "id").values_list("action", flat=True)) == [
        "created",
        "successor_started",
        "closed",
    ]


def test_a_completed_activity_cannot_be_carried_and_nothing_is_written(old_plan):
    with pytest.raises(ValidationError, match="no longer open activities.*3.1"):
        start(old_plan, ["1.1", "3.1"])
    assert Plan.objects.count() == 1
    assert not old_plan.changes.exclude(action="created").exists()


def test_a_stale_start_is_refused_and_nothing_is_written(old_plan):
    stale_version = old_plan.version
    services.plan_close(plan=old_plan, expected_version=stale_version)
    with pytest.raises(services.PlanChangedError):
        services.plan_start_successor(
            plan=Plan.objects.get(pk=old_plan.pk),
            successor=services.Successor(title="Too late"),
            carried=[],
            expected_version=stale_version,
        )
    assert not Plan.objects.filter(title="Too late").exists()


def test_a_taken_title_refuses_the_whole_start(old_plan):
    make_plan("Taken title")
    with pytest.raises(ValidationError):
        start(old_plan, ["1.1"], title="Taken title")
    assert Activity.objects.filter(carried_from__isnull=False).count() == 0
    assert not old_plan.changes.exclude(action="created").exists()


def test_both_activity_pages_link_to_each_other(client, old_plan, administrator):
    new_plan = start(old_plan, ["1.1"])
    client.force_login(administrator)
    origin = Activity.objects.get(plan=old_plan, reference="1.1")
    carried = Activity.objects.get(plan=new_plan, reference="1.1")
    origin_page = client.get(origin.get_absolute_url()).content.decode()
    assert f'href="{carried.get_absolute_url()}"' in origin_page
    assert "Carried into" in origin_page
    carried_page = client.get(carried.get_absolute_url()).content.decode()
    assert f'href="{origin.get_absolute_url()}"' in carried_page
    assert "Carried from" in carried_page


def successor_url(plan) -> str:
    return reverse("activities:plan-successor", args=[plan.short_name])


def page_data(plan, carried_ids, **extra) -> dict:
    return {
        "title": "Engagement plan 2024 – 2026",
        "short_name": "",
        "organisation": "",
        "starts_on": "2024-04-01",
        "ends_on": "2026-03-31",
        "carried": [str(pk) for pk in carried_ids],
        "version": plan.version,
        **extra,
    }


def test_the_page_lists_every_open_activity_unticked_and_no_closed_one(
    client, old_plan, administrator
):
    client.force_login(administrator)
    page = client.get(successor_url(old_plan)).content.decode()
    for activity in Activity.objects.in_plans(old_plan).open():
        assert f'value="{activity.pk}" id=' in page
    done = Activity.objects.get(plan=old_plan, reference="3.1")
    assert f'value="{done.pk}"' not in page
    assert " checked" not in page


def test_continuing_shows_a_summary_and_writes_nothing_until_confirmed(
    client, old_plan, administrator
):
    client.force_login(administrator)
    chosen = Activity.objects.get(plan=old_plan, reference="1.2")
    summary = client.post(successor_url(old_plan), page_data(old_plan, [chosen.pk]))
    text = summary.content.decode()
    assert summary.status_code == 200
    assert "Check the successor plan before starting it" in text
    assert "1 of 3 open activities" in text and "Neighbourhood engagement" in text
    assert Plan.objects.count() == 1

    back = client.post(successor_url(old_plan), page_data(old_plan, [chosen.pk], back="1"))
    assert re.search(f'value="{chosen.pk}" id="[^"]+" checked', back.content.decode())
    assert back.content.decode().count(" checked") == 1
    assert Plan.objects.count() == 1

    done = client.post(successor_url(old_plan), page_data(old_plan, [chosen.pk], confirm="1"))
    new_plan = Plan.objects.get(title="Engagement plan 2024 – 2026")
    assert done.status_code == 302
    assert done.url == reverse("activities:plan-settings", args=[new_plan.short_name])
    assert list(Activity.objects.in_plans(new_plan).values_list("reference", flat=True)) == ["1.2"]
    assert new_plan.changes.get().author == administrator


def test_a_stale_confirmation_is_refused_on_the_page(client, old_plan, administrator):
    client.force_login(administrator)
    data = page_data(old_plan, [], confirm="1")
    services.plan_close(plan=old_plan, expected_version=old_plan.version)
    response = client.post(successor_url(old_plan), data)
    assert services.PlanChangedError.message in response.content.decode()
    assert Plan.objects.count() == 1


def test_carrying_costs_the_same_queries_for_few_and_many(
    administrator, django_assert_max_num_queries
):
    def plan_with(count: int) -> Plan:
        plan = make_plan()
        role = make_role()
        themes = [make_theme(plan=plan, position=n) for n in (1, 2)]
        for number in range(count):
            make_activity(
                reference=f"{number % 2 + 1}.{number}",
                theme=themes[number % 2],
                owners=[role],
                milestones=[MARCH_2025],
            )
        return Plan.objects.get(pk=plan.pk)

    for count, title in ((3, "Few"), (30, "Many")):
        plan = plan_with(count)
        chosen = list(Activity.objects.in_plans(plan))
        with django_assert_max_num_queries(40):  # savepoints included: the same for both
            services.plan_start_successor(
                plan=plan,
                successor=services.Successor(title=title),
                carried=chosen,
                expected_version=plan.version,
                author=administrator,
            )
        assert Activity.objects.filter(plan__title=title).count() == count


def test_carried_history_entries_are_written_for_every_activity(old_plan):
    new_plan = start(old_plan, ["1.1", "1.2", "2.1"])
    assert ActivityChange.objects.filter(activity__plan=new_plan).count() == 3
    assert StatusUpdate.objects.filter(activity__plan=new_plan).count() == 1  # 1.2: at risk


def test_an_activity_page_costs_the_same_queries_however_often_it_was_carried(
    client, old_plan, administrator
):
    origin = Activity.objects.get(plan=old_plan, reference="1.1")
    client.force_login(administrator)
    client.get(origin.get_absolute_url())  # warm caches filled once per process (content types)
    counts = []
    for number in range(1, 4):
        services.plan_start_successor(
            plan=Plan.objects.get(pk=old_plan.pk),
            successor=services.Successor(title=f"Successor {number}"),
            carried=[origin],
            expected_version=Plan.objects.get(pk=old_plan.pk).version,
        )
        with CaptureQueriesContext(connection) as queries:
            page = client.get(origin.get_absolute_url()).content.decode()
        assert page.count("Carried into") == number
        counts.append(len(queries))
    assert counts[0] == counts[-1] <= 12, counts  # one query for the links, however many
