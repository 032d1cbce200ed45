"""The browser import: upload a plan file, check its preview, confirm it, see what it did.

Thin doors onto activities.importing.pending, one pass per step: the upload stores the file; the
file is read and diffed once per set of choices, by the task worker (importing/tasks.py: the page
shows progress until it is ready) or, if the settings say so, in the request; the confirmation
applies exactly that preview, the database check inside the apply transaction being the one guard.
Choosing columns and values: views/import_choices.py.
"""

from django.conf import settings
from django.contrib import messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from activities import clock
from activities.importing.apply import (
    CHANGED,
    CREATED,
    UNCHANGED,
    ImportPreview,
    ImportRefusedError,
    PreviewEntry,
    PreviewOutOfDateError,
)
from activities.importing.forms import (
    NEW_PLAN,
    ImportConfirmForm,
    ImportUploadForm,
    ValueChoicesForm,
)
from activities.importing.pending import (
    PendingRead,
    import_summary,
    imports_since,
    needs_column_choice,
    pending_import_apply,
    pending_import_create,
    pending_parse,
    pending_preview,
    superseding_upload,
)
from activities.importing.preview_report import overdue_on_import
from activities.importing.problems import PlanFileError
from activities.importing.tasks import pending_preview_request, stored_preview
from activities.models import Activity, ActivityChange, ImportRun, PendingImport, StatusUpdate
from activities.models.imports import PreviewState
from activities.permissions import permission_required
from activities.templatetags.plan_tags import status_label
from activities.timeline import FieldChange, field_changes

RECENT_IMPORTS = 10
SLOW_WORKER_SECONDS = 60  # after this long queued, the progress page says the worker may be down


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


def read_or_wait(request, pending: PendingImport):
    """((PendingRead, ImportPreview), None) when the preview is ready, else (None, the page to
    show instead): progress while the worker reads the file, or why it cannot be read."""
    if newer := superseding_upload(pending):
        return None, superseded_page(request, pending, newer)
    if not settings.PLAN_IMPORT_IN_WORKER:
        try:
            read = pending_parse(pending)
        except PlanFileError as error:
            return None, unreadable_page(request, pending, error)
        return (read, pending_preview(pending, read.plan)), None
    failed = pending.preview_state == PreviewState.FAILED
    if failed and pending.preview_generation == pending.generation:
        return None, unreadable_page(request, pending, PlanFileError(pending.preview_error))
    ready = stored_preview(pending)
    if ready is None:
        pending_preview_request(pending)
        return None, progress_page(request, pending)
    return ready, None


@permission_required("activities.import_plan")
def preview(request, pk):
    """Show what importing the file would do; nothing is written (but the worker's request)."""
    pending = load_pending(request, pk)
    ready, instead = read_or_wait(request, pending)
    if instead:
        return instead
    read, import_preview = ready
    if needs_column_choice(pending, read.layout):
        return redirect("activities:import-columns", pk=pending.pk)
    form = ImportConfirmForm(preview=import_preview)
    return preview_page(request, pending, import_preview, form, read)


@require_POST
@permission_required("activities.import_plan")
def apply(request, pk):
    """Apply exactly what was previewed, or refuse (nothing written) if the plan moved on since."""
    pending = load_pending(request, pk)
    ready, instead = read_or_wait(request, pending)
    if instead:
        return instead
    read, import_preview = ready
    form = ImportConfirmForm(request.POST, preview=import_preview)
    if not form.is_valid():
        return preview_page(request, pending, import_preview, form, read)
    try:
        run = pending_import_apply(
            pending=pending,
            preview=import_preview,
            seen_fingerprint=form.cleaned_data["fingerprint"],
            create_roles=form.cleaned_data.get("create_roles", False),
            layout=read.layout,
        )
    except PreviewOutOfDateError as error:
        return out_of_date_page(request, pending, error)
    except ImportRefusedError as refused:
        form.add_refusal(refused.problems)
        return preview_page(request, pending, import_preview, form, read)
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


def progress_page(request, pending):
    waited = (clock.now() - (pending.preview_queued_at or clock.now())).total_seconds()
    context = {"pending": pending, "slow": waited > SLOW_WORKER_SECONDS}
    return render(request, "activities/import_progress.html", context, status=202)


def superseded_page(request, pending, newer):
    context = {"pending": pending, "newer": newer}
    return render(request, "activities/import_superseded.html", context, status=409)


def out_of_date_page(request, pending, error: PreviewOutOfDateError):
    context = {"pending": pending, "message": str(error)}
    return render(request, "activities/import_out_of_date.html", context, status=409)


def value_form(data, read: PendingRead, import_preview: ImportPreview) -> ValueChoicesForm:
    """The choices still to make and those made, each listed once."""
    statuses = [*read.unknown_statuses, *read.values.statuses]
    owners = [*import_preview.roles_to_create, *read.values.aliases()]
    return ValueChoicesForm(data, statuses=statuses, owners=owners, values=read.values)


def preview_page(request, pending, import_preview: ImportPreview, form, read: PendingRead):
    context = {
        "pending": pending,
        "layout": read.layout,
        "value_form": value_form(None, read, import_preview),
        "overdue": overdue_on_import(import_preview, clock.today()),
        "imports_since": imports_since(pending),
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
