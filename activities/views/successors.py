"""Starting a successor plan: choose the open activities to carry and the new plan's fields, see
a summary of exactly what will be created, confirm. No JavaScript: each step is a page."""

from itertools import groupby

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render

from activities import services
from activities.plan_forms import SuccessorForm
from activities.plans import can_create_plan
from activities.views.plans import manage_plan_view, settings_url

CONFIRM, BACK = "confirm", "back"


@manage_plan_view
def plan_successor(request, plan):
    if not can_create_plan(request.user):
        raise PermissionDenied
    candidates = services.carry_candidates(plan)
    if request.method != "POST":
        form = SuccessorForm(initial={"version": plan.version}, candidates=candidates)
        return choose_page(request, plan, form)
    form = SuccessorForm(request.POST, candidates=candidates)
    if not form.is_valid() or BACK in request.POST:
        return choose_page(request, plan, form)
    if CONFIRM not in request.POST:
        return confirm_page(request, plan, form)
    try:
        successor = services.plan_start_successor(
            plan=plan,
            successor=form.successor(),
            carried=form.cleaned_data["carried"],
            expected_version=form.cleaned_data["version"],
            close_predecessor=form.cleaned_data["close_predecessor"],
            author=request.user,
        )
    except services.PlanChangedError as error:
        form.add_error(None, error.message)
        form.data = form.data.copy()
        form.data["version"] = error.current_version
        return choose_page(request, plan, form)
    except ValidationError as error:
        form.add_service_errors(error)
        return choose_page(request, plan, form)
    count = len(form.cleaned_data["carried"])
    messages.success(
        request,
        f"Plan “{successor.title}” started, carrying {count} activit{'y' if count == 1 else 'ies'}.",
    )
    return redirect(settings_url(successor))


def choose_page(request, plan, form):
    return render(request, "activities/plan_successor.html", {"plan": plan, "form": form})


def confirm_page(request, plan, form):
    """What will be created, the choices carried in hidden fields to the confirming POST."""
    chosen = {activity.pk for activity in form.cleaned_data["carried"]}
    groups = [
        (theme, list(group))
        for theme, group in groupby(
            (a for a in form.candidates if a.pk in chosen), key=lambda a: a.theme
        )
    ]
    carried_fields = [
        (name, value)
        for name in request.POST
        if name not in ("csrfmiddlewaretoken", CONFIRM, BACK)
        for value in request.POST.getlist(name)
    ]
    context = {
        "plan": plan,
        "form": form,
        "successor": form.successor(),
        "groups": groups,
        "carried_count": len(chosen),
        "carried_fields": carried_fields,
        "left_behind": len(form.candidates) - len(chosen),
    }
    return render(request, "activities/plan_successor_confirm.html", context)
