"""Starting a successor plan: a new plan following an earlier one, carrying the open activities an
administrator chose (nothing else: no activity is copied unless it was chosen).

A carried activity is a new activity of the new plan with the same reference, commitment, owner
roles (lead first), timescale, milestones (completed ones with their dates) and status, linked to
its origin (carried_from). Only the themes the carried activities sit in are copied, with their
titles, descriptions and positions. The old plan is left as it was, but for its history ("successor
started") and, when asked, its state (closed).
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Prefetch

from activities.models import Activity, Milestone, Plan, PlanChange, Status, Theme
from activities.services.bulk_create import NewActivity, activities_bulk_create
from activities.services.fields import ActivityFields
from activities.services.plans import _concurrent_change, _record, plan_close, plan_create
from activities.timescales import MilestoneSpec


@dataclass(frozen=True)
class Successor:
    """The new plan's own fields, as the successor page asks for them."""

    title: str
    short_name: str = ""
    organisation: str = ""
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None


def carry_candidates(plan: Plan):
    """The plan's open activities (not complete, not withdrawn) in plan order, with what carrying
    copies (theme, owners, milestones) read in three queries however many there are."""
    milestones = Prefetch("milestones", queryset=Milestone.objects.order_by("position"))
    return (
        Activity.objects.in_plans(plan)
        .open()
        .select_related("theme", "plan")
        .with_owners()
        .prefetch_related(milestones)
        .order_by("theme__position", "position", "reference")
    )


def _chosen(plan: Plan, chosen: Sequence[Activity]) -> list[Activity]:
    """The chosen activities as stored now (read inside the transaction): each of this plan and
    still open, or a refusal naming the ones that are not."""
    wanted = {activity.pk for activity in chosen}
    # Locked in id order, as status updates lock them, so one completing meanwhile waits for us.
    list(Activity.objects.select_for_update().filter(pk__in=wanted).order_by("pk").values("pk"))
    found = list(carry_candidates(plan).filter(pk__in=wanted))
    missing = wanted - {activity.pk for activity in found}
    if missing:
        gone = Activity.objects.filter(pk__in=missing).order_by("reference")
        names = ", ".join(activity.reference for activity in gone) or "unknown activities"
        raise ValidationError(
            f"These activities are no longer open activities of {plan.title}, so nothing was "
            f"carried: {names}. Choose again."
        )
    return found


def _copy_themes(activities: list[Activity], plan: Plan) -> dict[int, Theme]:
    """The themes the activities sit in, copied into the new plan: {old theme id: new theme}."""
    old = sorted({a.theme_id: a.theme for a in activities}.values(), key=lambda t: t.position)
    new = Theme.objects.bulk_create(
        [
            Theme(plan=plan, position=t.position, title=t.title, description=t.description)
            for t in old
        ]
    )
    for theme in new:
        theme.plan = plan
    return {old_theme.pk: new_theme for old_theme, new_theme in zip(old, new, strict=True)}


def carried_note(activity: Activity) -> str:
    """The commentary of a carried activity's first status update."""
    return f"Carried from {activity.plan.title}, activity {activity.reference}."


def _carried(activity: Activity, theme: Theme) -> NewActivity:
    fields = ActivityFields(
        theme=theme,
        text=activity.text,
        timescale_label=activity.timescale_label,
        ongoing=activity.ongoing,
        owners=activity.owner_roles(),
        milestones=[
            MilestoneSpec(m.label, m.due, m.completed, m.completed_on)
            for m in activity.milestones.all()
        ],
    )
    status = activity.current_status
    return NewActivity(
        reference=activity.reference,
        fields=fields,
        position=activity.position,
        status=status,
        commentary=carried_note(activity) if status != Status.NOT_STARTED else "",
        carried_from=activity,
    )


def _lock(plan: Plan, expected_version: int) -> None:
    """Bump the old plan's version if it is still the one the administrator saw, or refuse."""
    if not Plan.objects.filter(pk=plan.pk, version=expected_version).update(
        version=F("version") + 1
    ):
        raise _concurrent_change(plan, expected_version)
    plan.refresh_from_db()


@transaction.atomic
def plan_start_successor(
    *,
    plan: Plan,
    successor: Successor,
    carried: Sequence[Activity],
    expected_version: int,
    close_predecessor: bool = False,
    author=None,
) -> Plan:
    """Create the successor plan of `plan` carrying the chosen open activities, in one transaction.

    Records "successor started" (the new plan, the references carried) on the old plan and
    "created" (its predecessor, the same references) on the new one; closes the old plan too when
    close_predecessor. Raises PlanChangedError if the old plan changed after expected_version was
    read, ValidationError if a chosen activity is no longer open there or the new plan's fields
    are refused; either way nothing is written.
    """
    _lock(plan, expected_version)
    activities = _chosen(plan, carried)
    references = [activity.reference for activity in activities]
    new_plan = plan_create(
        title=successor.title,
        short_name=successor.short_name,
        organisation=successor.organisation,
        starts_on=successor.starts_on,
        ends_on=successor.ends_on,
        predecessor=plan,
        author=author,
        extra_changes={"carried": {"old": None, "new": references}},
    )
    themes = _copy_themes(activities, new_plan)
    activities_bulk_create(
        [_carried(activity, themes[activity.theme_id]) for activity in activities], author=author
    )
    started = {
        "successor": {"old": None, "new": new_plan.title},
        "carried": {"old": None, "new": references},
    }
    _record(plan, PlanChange.Action.SUCCESSOR_STARTED, started, author)
    if close_predecessor and plan.state != Plan.State.CLOSED:
        plan_close(plan=plan, expected_version=plan.version, author=author)
    return new_plan
