"""An uploaded plan file waiting between its preview and its confirmation, and how it is read again.

The page keeps the file's bytes server-side (a PendingImport row) so that confirming re-reads exactly
the file that was previewed, and remembers the database fingerprint of the preview the person saw:
confirming refuses if the plan changed since. The steps themselves are activities.importing's.
"""

import datetime
import hashlib

from django.db import transaction
from django.utils import timezone

from activities.importing.apply import (
    ImportPreview,
    PreviewOutOfDateError,
    apply_preview,
    build_preview,
)
from activities.importing.parse import parse_plan
from activities.importing.rows import ParsedPlan
from activities.models import ImportRun, PendingImport

ACCEPTED_SUFFIXES = (".xlsx", ".csv", ".txt")
# An upload nobody confirmed within a day is dropped the next time its owner uploads.
PENDING_LIFETIME = datetime.timedelta(days=1)


def parse_upload(data: bytes, *, file_name: str, sheet: str = "") -> ParsedPlan:
    """The upload's bytes -> validated rows and problems. Raises PlanFileError if unreadable."""
    return parse_plan(data, file_name=file_name, sheet=sheet or None)


def pending_import_create(*, user, file_name: str, data: bytes, sheet: str = "") -> PendingImport:
    """Read and preview an upload, then keep it for its owner to confirm; PlanFileError if unreadable."""
    preview = build_preview(parse_upload(data, file_name=file_name, sheet=sheet))
    cutoff = timezone.now() - PENDING_LIFETIME
    PendingImport.objects.filter(user=user, created_at__lt=cutoff).delete()
    return PendingImport.objects.create(
        user=user,
        file_name=file_name,
        sha256=hashlib.sha256(data).hexdigest(),
        sheet=sheet,
        data=data,
        fingerprint=preview.fingerprint,
    )


def pending_preview(pending: PendingImport) -> ImportPreview:
    """The pending file previewed against the database as it is now."""
    plan = parse_upload(bytes(pending.data), file_name=pending.file_name, sheet=pending.sheet)
    return build_preview(plan)


def pending_import_previewed(pending: PendingImport, preview: ImportPreview) -> None:
    """Remember the state this preview showed: confirming applies it, or refuses if it moved on."""
    if pending.fingerprint != preview.fingerprint:
        pending.fingerprint = preview.fingerprint
        pending.save(update_fields=["fingerprint"])


def pending_import_apply(
    *, pending: PendingImport, preview: ImportPreview, seen_fingerprint: str, create_roles: bool
) -> ImportRun:
    """Apply a fresh preview of the pending file if it is what the person saw; then forget the file.

    Raises PreviewOutOfDateError (nothing written) when the database changed since the preview
    they confirmed, ImportRefusedError when the file has errors.
    """
    if not (preview.fingerprint == pending.fingerprint == seen_fingerprint):
        raise PreviewOutOfDateError()
    with transaction.atomic():
        run = apply_preview(
            preview,
            user=pending.user,
            file_name=pending.file_name,
            sha256=pending.sha256,
            create_roles=create_roles,
        )
        pending.delete()
    return run


def import_summary(run: ImportRun) -> str:
    """'Imported plan.xlsx: 3 created, 2 changed, 48 unchanged' (+ roles and themes created)."""
    counts = run.counts
    line = (
        f"Imported {run.file_name}: {counts.get('created', 0)} created, "
        f"{counts.get('changed', 0)} changed, {counts.get('unchanged', 0)} unchanged"
    )
    for key, noun in (("themes_created", "theme"), ("roles_created", "owner role")):
        if counts.get(key):
            line += f", {counts[key]} {noun}{'' if counts[key] == 1 else 's'} created"
    return line
