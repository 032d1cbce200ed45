"""The one refusal of changes to a closed plan: it stays readable, and nothing in it changes."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from activities.models import Plan

CLOSED_PLAN_MESSAGE = (
    "This plan is closed, so its activities cannot be changed. "
    "Its activities, history and exports can still be read."
)


def refuse_if_plan_closed(*, plan_id: int) -> None:
    """Raise a ValidationError (not about one field) if the plan is closed (Plan.is_closed), read afresh
    inside the writing transaction: a plan closed a moment ago refuses too."""
    plan = Plan.objects.only("state").get(pk=plan_id)
    if plan.is_closed:
        # A dict, as every other refusal of these services: views read error.message_dict.
        raise ValidationError({NON_FIELD_ERRORS: ValidationError(CLOSED_PLAN_MESSAGE, "closed")})
