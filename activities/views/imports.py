"""The browser import: upload a plan file, check its preview, confirm it, see what it did.

Thin doors onto activities.importing.pending, one pass per step: the upload stores the file; the
preview page reads and diffs it once and writes nothing; the confirmation reads it once and
applies it, the database check inside the apply transaction being the one guard.
"""

from django.contrib import messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from activities.importing.apply import (
    CHANGED,
    CREATED,
    UNCHANGED,
    ImportPreview,
    ImportRefusedError,
    PreviewEntry,
    PreviewOutOfDateError,
)
from activities.importing.forms import NEW_PLAN, ImportConfirmForm, ImportUploadForm
from activities.importing.pending import (
    import_summary,
    pending_import_apply,
    pending_import_create,
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
        pending = pending_import_create(
            user=request.user,
            file_name=form.file_name,
            data=form.file_bytes,
            destination=form.destination,
            sheet=form.cleaned_data["sheet"].strip(),
        )
        return redirect(pending)
    return upload_page(request, form)


def upload_page(request, form):
    recent = ImportRun.objects.select_related("user", "plan")[:RECENT_IMPORTS]
    return render(request, "activities/import_upload.html", {"form": form, "recent": recent})


def load_pending(request, pk) -> PendingImport:
    """Only the person who uploaded a file may see or confirm its preview."""
    pending = PendingImport.objects.select_related("user", "plan")
    return get_object_or_404(pending, pk=pk, user=request.user)


@permission_required("activities.import_plan")
def preview(request, pk):
    """Read the file once and show what importing it would do; nothing is written."""
    pending = load_pending(request, pk)
    try:
        import_preview = pending_preview(pending)
    except PlanFileError as error:
        return unreadable_page(request, pending, error)
    form = ImportConfirmForm(preview=import_preview)
    return preview_page(request, pending, import_preview, form)


@require_POST
@permission_required("activities.import_plan")
def apply(request, pk):
    """Apply exactly what was previewed, or refuse (nothing written) if the plan moved on since."""
    pending = load_pending(request, pk)
    try:
        import_preview = pending_preview(pending)
    except PlanFileError as error:
        return unreadable_page(request, pending, error)
    form = ImportConfirmForm(request.POST, preview=import_preview)
    if not form.is_valid():
        return preview_page(request, pending, import_preview, form)
    try:
        run = pending_import_apply(
            pending=pending,
            preview=import_preview,
            seen_fingerprint=form.cleaned_data["fingerprint"],
            create_roles=form.cleaned_data.get("create_roles", False),
        )
    except PreviewOutOfDateError:
        return out_of_date_page(request, pending)
    except ImportRefusedError as refused:
        form.add_refusal(refused.problems)
        return preview_page(request, pending, import_preview, form)
    messages.success(request, import_summary(run))
    return redirect("activities:import-run", pk=run.pk)


@permission_required("activities.import_plan")
def run_detail(request, pk):
    """What one applied import did, with links to the activities it created or changed."""
    run = get_object_or_404(ImportRun.objects.select_related("user", "plan"), pk=pk)
    changed = ActivityChange.objects.filter(import_run=run).values("activity_id")
    updated = StatusUpdate.objects.filter(import_run=run).values("activity_id")
    touched = Activity.objects.filter(Q(pk__in=changed) | Q(pk__in=updated)).select_related(
        "theme", "plan"
    )
    return render(request, "activities/import_done.html", {"run": run, "activities": touched})


def unreadable_page(request, pending, error: PlanFileError):
    """The upload page again, the reader's refusal on the file field (the upload is kept a day)."""
    upload = SimpleUploadedFile(pending.file_name, bytes(pending.data))
    choice = pending.plan.short_name if pending.plan_id else NEW_PLAN
    answers = {"sheet": pending.sheet, "plan": choice, "new_plan_title": pending.new_plan_title}
    form = ImportUploadForm(answers, {"plan_file": upload})
    if form.is_valid():  # it was when uploaded: this only binds it, so the error can be shown
        form.add_file_error(str(error))
    return upload_page(request, form)


def out_of_date_page(request, pending):
    context = {"pending": pending, "message": str(PreviewOutOfDateError())}
    return render(request, "activities/import_out_of_date.html", context, status=409)


def preview_page(request, pending, import_preview: ImportPreview, form):
    context = {
        "pending": pending,
        "preview": import_preview,
        "form": form,
        "counts": import_preview.counts(),
        "created": import_preview.with_outcome(CREATED),
        "changed": [(entry, change_rows(entry)) for entry in import_preview.with_outcome(CHANGED)],
        "unchanged": import_preview.with_outcome(UNCHANGED),
        "errors": [problem for problem in import_preview.problems if problem.is_error],
        "warnings": [problem for problem in import_preview.problems if not problem.is_error],
        "can_confirm": not import_preview.blocking_problems(create_roles=True),
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
