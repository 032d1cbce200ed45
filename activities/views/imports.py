"""The browser import: upload a plan file, check its preview, confirm it, see what it did.

Thin doors onto activities.importing (the same parse_plan / build_preview / apply_preview the
import_plan command uses); the file waits server-side between preview and confirmation
(activities.importing.pending).
"""

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from activities.importing.apply import (
    CHANGED,
    CREATED,
    UNCHANGED,
    ImportPreview,
    PreviewEntry,
    PreviewOutOfDateError,
)
from activities.importing.forms import ImportConfirmForm, ImportUploadForm
from activities.importing.pending import (
    import_summary,
    pending_import_apply,
    pending_import_create,
    pending_import_previewed,
    pending_preview,
)
from activities.importing.problems import PlanFileError
from activities.models import Activity, ActivityChange, ImportRun, PendingImport, StatusUpdate
from activities.permissions import permission_required
from activities.templatetags.plan_tags import status_label
from activities.timeline import FieldChange, field_changes

RECENT_IMPORTS = 10


@permission_required("activities.import_plan")
def upload(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            pending = pending_import_create(
                user=request.user,
                file_name=form.file_name,
                data=form.file_bytes,
                sheet=form.cleaned_data["sheet"].strip(),
            )
        except PlanFileError as error:
            form.add_file_error(str(error))
        else:
            return redirect(pending)
    recent = ImportRun.objects.select_related("user")[:RECENT_IMPORTS]
    return render(request, "activities/import_upload.html", {"form": form, "recent": recent})


def load_pending(request, pk) -> PendingImport:
    """Only the person who uploaded a file may see or confirm its preview."""
    return get_object_or_404(PendingImport.objects.select_related("user"), pk=pk, user=request.user)


@permission_required("activities.import_plan")
def preview(request, pk):
    pending = load_pending(request, pk)
    import_preview = pending_preview(pending)
    pending_import_previewed(pending, import_preview)
    form = ImportConfirmForm(preview=import_preview)
    return preview_page(request, pending, import_preview, form)


@require_POST
@permission_required("activities.import_plan")
def apply(request, pk):
    """Apply exactly what was previewed, or refuse (nothing written) if the plan moved on since."""
    pending = load_pending(request, pk)
    import_preview = pending_preview(pending)
    form = ImportConfirmForm(request.POST, preview=import_preview)
    seen = request.POST.get("fingerprint", "")
    if import_preview.fingerprint != pending.fingerprint or seen != pending.fingerprint:
        return out_of_date_page(request, pending)
    if not form.is_valid():
        return preview_page(request, pending, import_preview, form)
    try:
        run = pending_import_apply(
            pending=pending,
            preview=import_preview,
            seen_fingerprint=seen,
            create_roles=form.cleaned_data.get("create_roles", False),
        )
    except PreviewOutOfDateError:
        return out_of_date_page(request, pending)
    messages.success(request, import_summary(run))
    return redirect("activities:import-run", pk=run.pk)


@permission_required("activities.import_plan")
def run_detail(request, pk):
    """What one applied import did, with links to the activities it created or changed."""
    run = get_object_or_404(ImportRun.objects.select_related("user"), pk=pk)
    changed = ActivityChange.objects.filter(import_run=run).values("activity_id")
    updated = StatusUpdate.objects.filter(import_run=run).values("activity_id")
    touched = Activity.objects.filter(Q(pk__in=changed) | Q(pk__in=updated)).select_related("theme")
    return render(request, "activities/import_done.html", {"run": run, "activities": touched})


def out_of_date_page(request, pending):
    context = {"pending": pending, "message": str(PreviewOutOfDateError())}
    return render(request, "activities/import_out_of_date.html", context, status=409)


def preview_page(request, pending, import_preview: ImportPreview, form):
    plan = import_preview.plan
    context = {
        "pending": pending,
        "preview": import_preview,
        "form": form,
        "counts": import_preview.counts(),
        "created": import_preview.with_outcome(CREATED),
        "changed": [(entry, change_rows(entry)) for entry in import_preview.with_outcome(CHANGED)],
        "unchanged": import_preview.with_outcome(UNCHANGED),
        "errors": [problem for problem in plan.problems if problem.is_error],
        "warnings": [problem for problem in plan.problems if not problem.is_error],
        "can_confirm": not plan.blocking_problems(create_roles=True),
    }
    return render(request, "activities/import_preview.html", context)


def change_rows(entry: PreviewEntry) -> list[FieldChange]:
    """An entry's changes as the history shows them, with statuses in words."""
    changes = dict(entry.changes)
    status = changes.pop("status", None)
    rows = field_changes(changes)
    if status:
        rows.append(FieldChange("Status", status_label(status["old"]), status_label(status["new"])))
    return rows
