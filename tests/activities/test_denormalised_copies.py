"""The copies on Activity (current_status, last_update_at, next_due) always agree with their sources.

Hypothesis generates sequences of service calls: creating activities, replacing their milestones,
posting status updates (some completing a milestone, some dated in the past, as an import does)
and review comments. After every call the truth is recomputed from StatusUpdate and Milestone rows.
"""

import datetime
import functools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from activities import services
from activities.models import Activity, Status, StatusUpdate
from activities.timescales import MilestoneSpec
from tests.factories import make_role, make_theme

pytestmark = pytest.mark.django_db

START = timezone.make_aware(datetime.datetime(2023, 1, 1, 9, 0))

milestone_specs = st.lists(
    st.builds(
        MilestoneSpec,
        label=st.sampled_from(["March 2023", "Autumn 2023", "Ongoing", "2024"]),
        due=st.none() | st.dates(datetime.date(2022, 1, 1), datetime.date(2025, 12, 31)),
        completed=st.booleans(),
    ),
    max_size=3,
)
create = st.tuples(st.just("create"), milestone_specs)
replace_milestones = st.tuples(st.just("replace_milestones"), st.integers(0, 20), milestone_specs)
status_update = st.tuples(
    st.just("status"),
    st.integers(0, 20),
    st.sampled_from(Status.values),
    st.integers(-3, 3),  # days from the previous update: negative is a back-dated (imported) update
    st.none() | st.integers(0, 3),  # which milestone it completes
)
review = st.tuples(st.just("review"), st.integers(0, 20), st.integers(-3, 3))
operations = st.lists(create | replace_milestones | status_update | review, min_size=1, max_size=25)


def assert_copies_match_sources():
    for activity in Activity.objects.prefetch_related("milestones"):
        newest = (  # a review comment repeats the status it saw: the copies follow status updates
            StatusUpdate.objects.filter(activity=activity, kind=StatusUpdate.Kind.STATUS)
            .order_by("-created_at", "-id")
            .first()
        )
        incomplete = [m.due for m in activity.milestones.all() if not m.completed and m.due]
        expected = (
            newest.status if newest else Status.NOT_STARTED,
            newest.created_at if newest else None,
            min(incomplete, default=None),
        )
        actual = (activity.current_status, activity.last_update_at, activity.next_due)
        assert actual == expected, f"activity {activity.reference}"


class Plan:
    """Applies one generated operation through the services."""

    def __init__(self):
        self.theme = make_theme()
        self.role = make_role()
        self.activities: list[Activity] = []
        self.clock = START

    def pick(self, index: int) -> Activity | None:
        if not self.activities:
            return None
        activity = self.activities[index % len(self.activities)]
        activity.refresh_from_db()
        return activity

    def fields(self, milestones) -> services.ActivityFields:
        return services.ActivityFields(
            theme=self.theme,
            text="We will do it.",
            timescale_label="",
            ongoing=False,
            owners=[self.role],
            milestones=milestones,
        )

    def tick(self, days: int) -> datetime.datetime:
        self.clock += datetime.timedelta(days=days, minutes=1)
        return self.clock

    def apply(self, operation):
        name, *arguments = operation
        if name == "create":
            reference = f"1.{len(self.activities) + 1}"
            self.activities.append(
                services.activity_create(reference=reference, fields=self.fields(arguments[0]))
            )
            return
        activity = self.pick(arguments[0])
        if activity is None:
            return
        if name == "replace_milestones":
            services.activity_update(
                activity=activity,
                fields=self.fields(arguments[1]),
                expected_version=activity.version,
            )
        elif name == "status":
            status, days, milestone_index = arguments[1:]
            milestones = list(activity.milestones.order_by("position"))
            milestone = (
                milestones[milestone_index % len(milestones)]
                if milestones and milestone_index is not None
                else None
            )
            post = functools.partial(
                services.status_update_create,
                activity=activity,
                status=status,
                commentary="Why",
                milestone=milestone,
                at=self.tick(days),
            )
            if milestone is not None and milestone.completed:  # completed once only: refused whole
                with pytest.raises(ValidationError), transaction.atomic():
                    post()
            else:
                post()
        elif name == "review":
            services.status_update_create(
                activity=activity,
                kind=StatusUpdate.Kind.REVIEW,
                status="",
                commentary="A question",
                at=self.tick(arguments[1]),
            )


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(operations=operations)
def test_copies_agree_with_sources_after_any_sequence_of_service_calls(operations):
    with transaction.atomic():  # each example starts from an empty plan
        plan = Plan()
        for operation in operations:
            plan.apply(operation)
            assert_copies_match_sources()
        transaction.set_rollback(True)


def test_back_dated_update_does_not_replace_the_current_status():
    plan = Plan()
    plan.apply(("create", []))
    plan.apply(("status", 0, Status.AT_RISK, 0, None))
    plan.apply(("status", 0, Status.ON_TRACK, -3, None))  # an imported, older update

    activity = Activity.objects.get()
    assert activity.current_status == Status.AT_RISK
    assert_copies_match_sources()
