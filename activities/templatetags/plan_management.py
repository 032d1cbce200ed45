"""Who may manage plans, asked in templates through the one rule (activities.plans)."""

from django import template

from activities import plans

register = template.Library()


@register.filter
def manageable_by(plan, user) -> bool:
    """{% if plan|manageable_by:user %}: may this user manage this plan (its settings page)?"""
    return plans.can_manage_plan(user, plan)


@register.filter
def can_create_plan(user) -> bool:
    """{% if user|can_create_plan %}: may this user create a plan?"""
    return plans.can_create_plan(user)
