"""One activity: its page and history, posting a status update or review comment, editing it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from activities import clock, services
from activities.forms import (
    ActivityForm,
    MilestoneFormSet,
    RebaselineForm,
    ReviewCommentForm,
    StatusUpdateForm,
    activity_fields,
    milestone_initial,
    milestone_specs,
)
from activities.models import Activity, Milestone, StatusUpdate
from activities.permissions import check_permission, permission_required
from activities.plan_scope import plan_view
from activities.rebaselining import label_changed, rebaseline
from activities.services.closed_plans import CLOSED_PLAN_MESSAGE
from activities.timeline import activity_timeline, change_entry, milestone_state


def load_activity(plan, reference: str) -> Activity:
    milestones = Prefetch("milestones", queryset=Milestone.objects.order_by("position"))
    # Where it was carried from (successor plans) comes with it; whether it was carried on into
    # a later plan is asked in the same query, so a page with no such link costs nothing more.
    later = Activity.objects.filter(carried_from=OuterRef("pk"))
    activities = (
        Activity.objects.in_plans(plan)
        .select_related("theme", "plan", "carried_from__plan")
        .annotate(was_carried_on=Exists(later))
        .with_owners()
        .prefetch_related(milestones)
    )
    return get_object_or_404(activities, reference=reference)


def detail_page(request, activity, *, update_form=None, review_form=None):
    user = request.user
    today = clock.today()
    open_plan = not activity.plan.is_closed  # a closed plan's page offers no changes
    if update_form is None and open_plan and user.has_perm("activities.post_status_update"):
        update_form = StatusUpdateForm(activity=activity)
    if review_form is None and open_plan and user.has_perm("activities.add_review_comment"):
        review_form = ReviewCommentForm()
    context = {
        "activity": activity,
        "milestones": [(m, milestone_state(m, today)) for m in activity.milestones.all()],
        "is_overdue": activity.is_overdue(today),
        "timeline": activity_timeline(activity),
        "update_form": update_form,
        "review_form": review_form,
        "can_edit": open_plan and user.has_perm("activities.change_activity"),
        "offer_completion": update_form is not None and all_milestones_complete(activity),
        "carried_into": carried_into(activity),
    }
    return render(request, "activities/activity_detail.html", context)


def carried_into(activity: Activity) -> list[Activity]:
    """The later plans' activities this one was carried into (successor plans), for their links."""
    if not getattr(activity, "was_carried_on", True):
        return []
    return list(activity.carried_into.select_related("plan").order_by("plan__title"))


def all_milestones_complete(activity: Activity) -> bool:
    """Every milestone done but the activity still open: the page offers to mark it complete."""
    milestones = activity.milestones.all()
    return not activity.is_closed and bool(milestones) and all(m.completed for m in milestones)


@permission_required("activities.view_activity")
@plan_view
def activity_detail(request, plan, reference):
    return detail_page(request, load_activity(plan, reference))


def _permission_for(request) -> str:
    if request.POST.get("kind") == StatusUpdate.Kind.REVIEW:
        return "activities.add_review_comment"
    return "activities.post_status_update"


@require_POST
@permission_required("activities.view_activity")
@plan_view
def post_status_update(request, plan, reference):
    """Both forms post here; `kind` says which, and each needs its own permission."""
    check_permission(request.user, _permission_for(request))
    activity = load_activity(plan, reference)
    review = request.POST.get("kind") == StatusUpdate.Kind.REVIEW
    form = (
        ReviewCommentForm(request.POST)
        if review
        else StatusUpdateForm(request.POST, activity=activity)
    )
    if form.is_valid():
        arguments = dict(form.cleaned_data)
        if review:
            arguments.update(kind=StatusUpdate.Kind.REVIEW, status=activity.current_status)
        try:
            services.status_update_create(activity=activity, author=request.user, **arguments)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(
                request, "Review comment added." if review else "Status update posted."
            )
            return redirect(activity)
    forms = {"review_form": form} if review else {"update_form": form}
    return detail_page(request, activity, **forms)


@permission_required("activities.view_activity", "activities.change_activity")
@plan_view
def edit_activity(request, plan, reference):
    """Save through activity_update with the version the form was opened at; a changed timescale
    first shows its re-baseline and asks why (no JavaScript: the confirmation is a page)."""
    activity = load_activity(plan, reference)
    if plan.is_closed:
        messages.error(request, CLOSED_PLAN_MESSAGE)
        return redirect(activity)
    if request.method != "POST":
        form = ActivityForm(initial=ActivityForm.initial_for(activity), plan=plan)
        formset = MilestoneFormSet(initial=milestone_initial(activity), prefix="milestones")
        return edit_page(request, activity, form, formset)
    form = ActivityForm(request.POST, plan=plan)
    formset = MilestoneFormSet(
        request.POST, initial=milestone_initial(activity), prefix="milestones"
    )
    if not (form.is_valid() and formset.is_valid()) or "back" in request.POST:
        return edit_page(request, activity, form, formset)
    milestones, reason = milestone_specs(formset), ""
    new_label = form.cleaned_data["timescale_label"]
    # A stale edit goes straight to activity_update, which refuses it: no reason asked for first.
    stale = form.cleaned_data["version"] != activity.version
    if label_changed(activity.timescale_label, new_label) and not stale:
        change = rebaseline(milestones, activity.timescale_label, new_label)
        if change.problems:
            form.add_error("timescale_label", list(change.problems))
            return edit_page(request, activity, form, formset)
        confirmation = RebaselineForm(request.POST if CONFIRMED in request.POST else None)
        if not confirmation.is_valid():
            return rebaseline_page(request, activity, change, confirmation)
        milestones, reason = change.new_milestones, confirmation.cleaned_data["reason"]
    return save_activity(request, activity, form, formset, milestones, reason)


CONFIRMED = "rebaseline-confirm_rebaseline"


def save_activity(request, activity, form, formset, milestones, reason):
    try:
        change = services.activity_update(
            activity=activity,
            fields=activity_fields(form, formset, milestones),
            expected_version=form.cleaned_data["version"],
            author=request.user,
            reason=reason,
        )
    except services.ConcurrentChangeError as error:
        return edit_page(request, activity, concurrent_form(form, error), formset, error.changes)
    except ValidationError as error:
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
        return edit_page(request, activity, form, formset)
    messages.success(request, "Activity saved." if change else "No changes to save.")
    return redirect(activity)


def concurrent_form(form: ActivityForm, error: services.ConcurrentChangeError) -> ActivityForm:
    """The user's input kept, the newer version to save over once they have seen what changed."""
    data = form.data.copy()
    data["version"] = error.current_version
    kept = ActivityForm(data, plan=error.activity.plan)
    kept.is_valid()
    kept.add_error(None, error.message)
    return kept


def edit_page(request, activity, form, formset, concurrent_changes=None):
    context = {
        "activity": activity,
        "form": form,
        "formset": formset,
        "concurrent_changes": [change_entry(c) for c in concurrent_changes or []],
    }
    return render(request, "activities/activity_form.html", context)


def rebaseline_page(request, activity, change, confirmation):
    """Old → new milestones and due date, the reason asked for, the edit carried in hidden fields."""
    skipped = {"csrfmiddlewaretoken", "back", *confirmation.fields}
    carried = [
        (name, value)
        for name in request.POST
        if name.removeprefix("rebaseline-") not in skipped
        for value in request.POST.getlist(name)
    ]
    context = {
        "activity": activity,
        "plan": activity.plan,
        "rebaseline": change,
        "form": confirmation,
        "carried": carried,
    }
    return render(request, "activities/activity_rebaseline.html", context)
