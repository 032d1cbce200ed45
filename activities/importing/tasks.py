"""Reading and previewing an uploaded plan file outside the web request, in a task worker.

`preview_pending` runs in `manage.py db_worker` (django-tasks' database backend): it reads the
pending file once with the person's choices, diffs it against the database, and keeps the result
on the PendingImport (pickled: only this module writes it, only from our own objects), with the
database fingerprint it was computed against. The pages show progress until it is ready; a result
computed before the latest choice (generation) or against a database that has changed since is
never shown, but read again. Each run has a time budget (the reader's PLAN_IMPORT_MAX_SECONDS) and
a memory budget (PLAN_IMPORT_WORKER_MAX_MEMORY more address space than the worker had).
"""

import logging
import pickle
import resource
import threading
from contextlib import contextmanager

from django_tasks import task

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from activities.importing.destination import database_fingerprint
from activities.importing.pending import PendingRead, pending_parse, pending_preview
from activities.importing.problems import PlanFileError
from activities.models import PendingImport
from activities.models.imports import PreviewState

logger = logging.getLogger(__name__)
UNEXPECTED = (
    "{name} could not be previewed because of a fault in the tracker, not in your file. It has "
    "been logged; try again later or ask the site's administrator."
)
OVER_MEMORY = (
    "{name} needs more memory to read than an import may use. Delete the rows, columns and "
    "sheets the plan does not use (or copy the plan alone into a new file) and import that."
)


@contextmanager
def memory_budget(extra_bytes: int):
    """Let this process's address space grow by at most extra_bytes while inside the block.

    Only on the main thread (where db_worker runs its tasks): the limit is the whole process's,
    so in a threaded web server (the immediate backend) it would fail other requests."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    with open("/proc/self/statm") as statm:
        in_use = int(statm.read().split()[0]) * resource.getpagesize()
    limit = in_use + extra_bytes
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def read_and_preview(pending: PendingImport):
    """(PendingRead, ImportPreview) of the pending file, within the budgets."""
    with memory_budget(settings.PLAN_IMPORT_WORKER_MAX_MEMORY):
        read = pending_parse(pending)
        return read, pending_preview(pending, read.plan)


@task()
def preview_pending(pending_id: int, generation: int) -> str:
    """Read and preview one pending upload; keep the result (or why it could not be read)."""
    pending = PendingImport.objects.select_related("plan", "user").filter(pk=pending_id).first()
    if pending is None or pending.generation != generation:
        return "superseded"  # deleted (imported) or the person has chosen again since
    try:
        read, preview = read_and_preview(pending)
        state, error, result = PreviewState.READY, "", pickle.dumps((read, preview))
    except PlanFileError as refusal:
        state, error, result = PreviewState.FAILED, str(refusal), None
    except MemoryError:
        state, error, result = PreviewState.FAILED, OVER_MEMORY.format(name=pending.file_name), None
    except Exception:  # a bug, not the file: logged for the operator, said plainly to the person
        logger.exception("Previewing pending import %s failed", pending_id)
        state, error, result = PreviewState.FAILED, UNEXPECTED.format(name=pending.file_name), None
    PendingImport.objects.filter(pk=pending_id, generation=generation).update(
        preview_state=state,
        preview_error=error,
        preview_result=result,
        preview_generation=generation,
    )
    return state


def pending_preview_request(pending: PendingImport) -> None:
    """Ask the worker to (re)read the pending file, once per generation."""
    updated = (
        PendingImport.objects.filter(pk=pending.pk, generation=pending.generation)
        .exclude(preview_state=PreviewState.QUEUED, preview_generation=pending.generation)
        .update(
            preview_state=PreviewState.QUEUED,
            preview_generation=pending.generation,
            preview_queued_at=timezone.now(),
        )
    )
    if updated:
        pk, generation = pending.pk, pending.generation
        transaction.on_commit(lambda: preview_pending.enqueue(pk, generation))
        pending.refresh_from_db()


def stored_preview(pending: PendingImport):
    """(PendingRead, ImportPreview) the worker kept, if it is for the latest choices and the
    database as it is now; else None."""
    if (
        pending.preview_state != PreviewState.READY
        or pending.preview_generation != pending.generation
    ):
        return None
    read, preview = pickle.loads(bytes(pending.preview_result))  # noqa: S301 - written by us only
    if database_fingerprint(preview.destination) != preview.fingerprint:
        return None
    return read, preview


__all__ = ["PendingRead", "pending_preview_request", "preview_pending", "stored_preview"]
