"""Managing plans: creating one, its settings (title, short name, organisation, period) and
history, closing and reopening it, starting its successor. Every door asks
activities.plans.can_manage_plan (or can_create_plan) and writes through activities.services."""

import functools

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from activities import services
from activities.permissions import permission_required
from activities.plan_forms import PlanFieldsForm, PlanSettingsForm, PlanStateForm
from activities.plan_history import plan_change_entry, plan_history
from activities.plan_scope import plan_named
from activities.plans import can_create_plan, can_manage_plan


def manage_plan_view(view):
    """Signed in with view permission (else sign in / 403: checked before the plan is looked up,
    so an outsider learns nothing from a 404), then may they manage this plan (else 403)."""

    @permission_required("activities.view_activity")
    @functools.wraps(view)
    def wrapper(request, *args, plan: str, **kwargs):
        loaded = plan_named(plan)
        if not can_manage_plan(request.user, loaded):
            raise PermissionDenied
        return view(request, loaded, *args, **kwargs)

    return wrapper


def settings_url(plan) -> str:
    return reverse("activities:plan-settings", kwargs={"plan": plan.short_name})


@permission_required("activities.view_activity")
def plan_create(request):
    if not can_create_plan(request.user):
        raise PermissionDenied
    form = PlanFieldsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fields = form.plan_fields()
        try:
            plan = services.plan_create(
                title=fields.title,
                short_name=fields.short_name,
                organisation=fields.organisation,
                starts_on=fields.starts_on,
                ends_on=fields.ends_on,
                author=request.user,
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"Plan “{plan.title}” created.")
            return redirect(settings_url(plan))
    return render(request, "activities/plan_form.html", {"form": form})


@manage_plan_view
def plan_settings(request, plan):
    """The plan's fields (editable), its state (close or reopen), its successor link, its history."""
    if request.method != "POST":
        form = PlanSettingsForm(initial=PlanSettingsForm.initial_for(plan), plan=plan)
        return settings_page(request, plan, form)
    form = PlanSettingsForm(request.POST, initial=PlanSettingsForm.initial_for(plan), plan=plan)
    if not form.is_valid():
        return settings_page(request, plan, form)
    try:
        change = services.plan_update(
            plan=plan,
            fields=form.plan_fields(),
            expected_version=form.cleaned_data["version"],
            author=request.user,
        )
    except services.PlanChangedError as error:
        return settings_page(request, plan, concurrent_form(form, error, plan), error.changes)
    except ValidationError as error:
        form.add_service_errors(error)
        return settings_page(request, plan, form)
    messages.success(request, "Plan saved." if change else "No changes to save.")
    return redirect(settings_url(plan))


def concurrent_form(form, error: services.PlanChangedError, plan) -> PlanSettingsForm:
    """The administrator's input kept, with the newer version to save over once they have seen it."""
    data = form.data.copy()
    data["version"] = error.current_version
    kept = PlanSettingsForm(data, initial=PlanSettingsForm.initial_for(plan), plan=plan)
    kept.is_valid()
    kept.add_error(None, error.message)
    return kept


def settings_page(request, plan, form, concurrent_changes=(), state_error=None):
    context = {
        "plan": plan,
        "form": form,
        "state_form": PlanStateForm(initial={"version": plan.version}),
        "state_error": state_error,
        "history": plan_history(plan),
        "concurrent_changes": [plan_change_entry(c) for c in concurrent_changes],
        "predecessor": plan.predecessor,
        "successors": list(plan.successors.order_by("title")),
        "activity_count": plan.activities.count(),
    }
    return render(request, "activities/plan_settings.html", context)


def _change_state(request, plan, service, done: str):
    form = PlanStateForm(request.POST)
    if not form.is_valid():
        return redirect(settings_url(plan))
    try:
        service(plan=plan, expected_version=form.cleaned_data["version"], author=request.user)
    except services.PlanChangedError as error:
        fields = PlanSettingsForm(initial=PlanSettingsForm.initial_for(plan), plan=plan)
        return settings_page(request, plan, fields, error.changes, state_error=error.message)
    except ValidationError as error:
        fields = PlanSettingsForm(initial=PlanSettingsForm.initial_for(plan), plan=plan)
        return settings_page(request, plan, fields, state_error=" ".join(error.messages))
    messages.success(request, done)
    return redirect(settings_url(plan))


@require_POST
@manage_plan_view
def plan_close(request, plan):
    return _change_state(request, plan, services.plan_close, "Plan closed.")


@require_POST
@manage_plan_view
def plan_reopen(request, plan):
    return _change_state(request, plan, services.plan_reopen, "Plan reopened.")
