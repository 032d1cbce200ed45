"""The one refusal of changes to a closed plan: it stays readable, and nothing in it changes."""

from django.core.exceptions import ValidationError

from activities.models import Plan

CLOSED_PLAN_MESSAGE = (
    "This plan is closed, so its activities cannot be changed. "
    "Its activities, history and exports can still be read."
)


def refuse_if_plan_closed(*, plan_id: int) -> None:
    """Raise a ValidationError (no field) if the plan is closed (Plan.is_closed), read afresh
    inside the writing transaction: a plan closed a moment ago refuses too."""
    plan = Plan.objects.only("state").get(pk=plan_id)
    if plan.is_closed:
        raise ValidationError(CLOSED_PLAN_MESSAGE, code="plan_closed")
