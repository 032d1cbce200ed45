"""Each rule asked of many rows and of one row has two twins, and they agree on any plan.

Hypothesis builds plans through the services (milestones dated around "today", some complete,
some undated; statuses open and closed) and checks every QuerySet method in activities/querysets.py
against its row-level twin on the model, and the activity rules against the milestone rule.
"""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from django.db import transaction

from activities import services
from activities.models import Activity, Milestone, Status
from activities.timescales import MilestoneSpec
from tests.factories import make_role, make_theme

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2024, 1, 15)
WINDOW_END = TODAY + datetime.timedelta(days=90)

milestone_specs = st.lists(
    st.builds(
        MilestoneSpec,
        label=st.just("A milestone"),
        # Dates on and around today and the window's end, where an off-by-one would show.
        due=st.none()
        | st.sampled_from([TODAY, WINDOW_END])
        | st.dates(TODAY - datetime.timedelta(days=120), WINDOW_END + datetime.timedelta(days=30)),
        completed=st.booleans(),
    ),
    max_size=4,
)
activity_specs = st.lists(
    st.tuples(milestone_specs, st.sampled_from(Status.values)), min_size=1, max_size=6
)


def build(specs) -> None:
    theme, role = make_theme(), make_role()
    for number, (milestones, status) in enumerate(specs, start=1):
        fields = services.ActivityFields(
            theme=theme,
            text="We will do it.",
            timescale_label="",
            ongoing=False,
            owners=[role],
            milestones=milestones,
        )
        activity = services.activity_create(reference=f"1.{number}", fields=fields)
        if status != Status.NOT_STARTED:
            services.status_update_create(activity=activity, status=status, commentary="Why")


def references(queryset) -> set[str]:
    return set(queryset.values_list("reference", flat=True))


def rules_agree(today: datetime.date, end: datetime.date) -> None:
    milestones = list(Milestone.objects.all())
    assert {m.pk for m in Milestone.objects.overdue(today)} == {
        m.pk for m in milestones if m.is_overdue(today)
    }
    assert {m.pk for m in Milestone.objects.due_between(today, end)} == {
        m.pk for m in milestones if m.is_due_between(today, end)
    }
    activities = list(Activity.objects.prefetch_related("milestones"))
    from_milestones = {
        a.reference
        for a in activities
        if not a.is_closed and any(m.is_overdue(today) for m in a.milestones.all())
    }
    by_row = {a.reference for a in activities if a.is_overdue(today)}
    assert references(Activity.objects.overdue(today)) == by_row == from_milestones
    due_by_row = {a.reference for a in activities if a.has_milestone_due_between(today, end)}
    assert references(Activity.objects.due_between(today, end)) == due_by_row


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(specs=activity_specs)
def test_query_and_row_twins_agree_on_overdue_and_due_in_a_window(specs):
    with transaction.atomic():  # each example starts from an empty plan
        build(specs)
        rules_agree(TODAY, WINDOW_END)
        transaction.set_rollback(True)


def test_an_activity_with_an_overdue_milestone_and_one_due_in_the_window_is_both():
    build(
        [
            (
                [
                    MilestoneSpec("December 2023", datetime.date(2023, 12, 31)),
                    MilestoneSpec("February 2024", datetime.date(2024, 2, 29)),
                ],
                Status.ON_TRACK,
            )
        ]
    )

    assert references(Activity.objects.overdue(TODAY)) == {"1.1"}
    assert references(Activity.objects.due_between(TODAY, WINDOW_END)) == {"1.1"}
    rules_agree(TODAY, WINDOW_END)


def test_a_completed_milestone_in_the_window_is_not_due():
    build(
        [
            (
                [MilestoneSpec("February 2024", datetime.date(2024, 2, 29), completed=True)],
                Status.NOT_STARTED,
            )
        ]
    )

    assert references(Activity.objects.due_between(TODAY, WINDOW_END)) == set()
