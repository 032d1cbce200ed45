"""An uploaded plan file waiting between its preview and its confirmation, and its three steps.

Each browser step does its own work once: the upload only stores the bytes (a PendingImport row);
the preview page reads the file once and diffs it against the database, writing nothing; the
confirmation reads it once more and applies it, refused inside the apply transaction if the
database is no longer in the state the person saw (the fingerprint the preview page carried).
"""

import datetime
import hashlib

from django.db import transaction
from django.utils import timezone

from activities.importing.apply import ImportPreview, apply_preview, build_preview
from activities.importing.destination import Destination
from activities.importing.parse import parse_plan
from activities.models import ImportRun, PendingImport

ACCEPTED_SUFFIXES = (".xlsx", ".csv", ".txt")
# An upload nobody confirmed within a day is dropped the next time its owner uploads.
PENDING_LIFETIME = datetime.timedelta(days=1)


def pending_import_create(
    *, user, file_name: str, data: bytes, destination: Destination, sheet: str = ""
) -> PendingImport:
    """Keep an upload, and the plan it goes into, for its owner to preview and confirm; nothing
    is read yet."""
    cutoff = timezone.now() - PENDING_LIFETIME
    PendingImport.objects.filter(user=user, created_at__lt=cutoff).delete()
    return PendingImport.objects.create(
        user=user,
        file_name=file_name,
        sha256=hashlib.sha256(data).hexdigest(),
        sheet=sheet,
        data=data,
        plan=destination.plan,
        new_plan_title=destination.new_title.strip(),
    )


def pending_destination(pending: PendingImport) -> Destination:
    if pending.plan_id:
        return Destination(plan=pending.plan)
    return Destination(new_title=pending.new_plan_title)


def pending_preview(pending: PendingImport) -> ImportPreview:
    """The pending file read once and previewed against the database as it is now (reads only).

    Raises PlanFileError if the file cannot be read."""
    plan = parse_plan(bytes(pending.data), file_name=pending.file_name, sheet=pending.sheet or None)
    return build_preview(plan, pending_destination(pending))


def pending_import_apply(
    *, pending: PendingImport, preview: ImportPreview, seen_fingerprint: str, create_roles: bool
) -> ImportRun:
    """Apply the pending file's preview if the database is as the person saw it; forget the file.

    Raises PreviewOutOfDateError (nothing written) when the database changed since the preview
    they confirmed, ImportRefusedError (nothing written) when the file has errors.
    """
    with transaction.atomic():
        run = apply_preview(
            preview,
            user=pending.user,
            file_name=pending.file_name,
            sha256=pending.sha256,
            create_roles=create_roles,
            seen_fingerprint=seen_fingerprint,
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
