"""Reporting cycles: a plan's cycle and its periods, setting it, "who has not updated", mail choices."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from activities import clock, services
from activities.cycles import schedule
from activities.cycles.due import (
    activities_due_update,
    by_lead_role,
    current_period,
    who_is_asked,
    with_holders,
)
from activities.cycles.forms import MailPreferenceForm, ReportingCycleForm
from activities.models import CycleMessage, ReportingCycle
from activities.permissions import permission_required
from activities.plan_scope import plan_view
from activities.services.cycles import mail_preference_of

RECENT_PERIODS = 6
CHANGE_CYCLE = ("activities.add_reportingcycle", "activities.change_reportingcycle")


@permission_required("activities.view_activity")
@plan_view
def cycle(request, plan):
    """The plan's cycle: its settings and its recent periods, each with how many are still due."""
    cycle, current = current_period(plan, clock.today())
    periods = schedule.recent_periods(cycle.rules(), clock.today(), RECENT_PERIODS) if cycle else []
    context = {
        "plan": plan,
        "cycle": cycle,
        "current": current,
        "periods": [(p, activities_due_update(plan, p).count()) for p in periods],
        "today": clock.today(),
        "can_change": request.user.has_perms(CHANGE_CYCLE),
    }
    return render(request, "activities/cycle.html", context)


@permission_required("activities.view_activity", *CHANGE_CYCLE)
@plan_view
def cycle_edit(request, plan):
    existing = ReportingCycle.objects.filter(plan=plan).first()
    instance = existing or ReportingCycle(plan=plan, starts_on=clock.today())
    form = ReportingCycleForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        services.reporting_cycle_save(plan=plan, author=request.user, **form.cleaned_data)
        messages.success(request, "Reporting cycle saved.")
        return redirect("activities:cycle", plan=plan.short_name)
    context = {"plan": plan, "form": form, "existing": existing}
    return render(request, "activities/cycle_form.html", context)


def period_named(cycle: ReportingCycle, starts_on: str) -> schedule.Period:
    try:
        day = datetime.date.fromisoformat(starts_on)
    except ValueError:
        raise Http404("No such reporting period.") from None
    period = schedule.period_starting(cycle.rules(), day)
    if period is None or day > clock.today():
        raise Http404("No such reporting period.")
    return period


@permission_required("activities.view_activity")
@plan_view
def cycle_period(request, plan, starts_on):
    """Who has not updated: a period's activities still due an update, by person and lead role."""
    cycle = get_object_or_404(ReportingCycle.objects.select_related("chair"), plan=plan)
    period = period_named(cycle, starts_on)
    due = list(with_holders(activities_due_update(plan, period)))
    sent = CycleMessage.objects.filter(cycle=cycle, period_starts_on=period.starts_on)
    context = {
        "plan": plan,
        "cycle": cycle,
        "period": period,
        "due": due,
        "people": who_is_asked(due),
        "roles": by_lead_role(due),
        "deadline_passed": period.deadline_passed(clock.today()),
        "messages_sent": sent.select_related("recipient").order_by("event", "address"),
    }
    return render(request, "activities/cycle_period.html", context)


@login_required
def mail_preferences(request):
    """A person's choice of cycle mail; a lead role's holder is told requests still come."""
    preference = mail_preference_of(request.user)
    form = MailPreferenceForm(request.POST or None, instance=preference)
    if request.method == "POST" and form.is_valid():
        services.mail_preference_save(user=request.user, **form.cleaned_data)
        messages.success(request, "Your email choices are saved.")
        return redirect("mail-preferences")
    leads = request.user.owner_roles.filter(activity_links__position=0).distinct()
    context = {"form": form, "lead_roles": list(leads)}
    return render(request, "activities/cycle_mail_preferences.html", context)
