"""An uploaded plan file waiting between its preview and its confirmation, and its three steps.

Each browser step does its own work once: the upload only stores the bytes (a PendingImport row);
the preview page reads the file once and diffs it against the database, writing nothing; the
confirmation reads it once more and applies it, refused inside the apply transaction if the
database is no longer in the state the person saw (the fingerprint the preview page carried).
"""

import datetime
import hashlib
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from activities.importing.apply import ImportPreview, apply_preview, build_preview
from activities.importing.destination import Destination
from activities.importing.mapping import ColumnLayout
from activities.importing.parse import parse_plan
from activities.importing.rows import ParsedPlan
from activities.importing.values import ValueChoices
from activities.models import ImportRun, PendingImport
from activities.services.column_mappings import column_mapping_save, remembered_request
from owners.models import OwnerRole
from owners.services import owner_role_alias_create

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


def superseding_upload(pending: PendingImport) -> PendingImport | None:
    """A newer upload by the same person into the same plan: it replaces this one's preview."""
    newer = PendingImport.objects.filter(user_id=pending.user_id, pk__gt=pending.pk)
    if pending.plan_id:
        newer = newer.filter(plan_id=pending.plan_id)
    else:
        newer = newer.filter(plan__isnull=True, new_plan_title__iexact=pending.new_plan_title)
    return newer.order_by("-pk").first()


def imports_since(pending: PendingImport):
    """Imports into the pending file's plan applied since it was uploaded, newest first."""
    if not pending.plan_id:
        return ImportRun.objects.none()
    since = ImportRun.objects.filter(plan_id=pending.plan_id, created_at__gt=pending.created_at)
    return since.select_related("user")


def pending_destination(pending: PendingImport) -> Destination:
    if pending.plan_id:
        return Destination(plan=pending.plan)
    return Destination(new_title=pending.new_plan_title)


@dataclass(frozen=True)
class PendingRead:
    plan: ParsedPlan
    layout: ColumnLayout | None  # None only if the reader found no header
    unknown_statuses: list[str]  # status words nobody has chosen a status for yet
    values: ValueChoices  # the choices made so far


def pending_parse(pending: PendingImport) -> PendingRead:
    """The pending file read once, with the columns and values its owner chose (or the plan
    remembers). Raises PlanFileError if the file cannot be read."""
    request = remembered_request(pending.plan, pending.columns)
    values = ValueChoices.from_json(pending.values)
    plan = parse_plan(
        bytes(pending.data),
        file_name=pending.file_name,
        sheet=pending.sheet or None,
        columns=request,
        values=values,
    )
    return PendingRead(plan, request.found, request.unknown_statuses, values)


def pending_values_choose(*, pending: PendingImport, values: ValueChoices) -> PendingImport:
    """Keep the person's choices for unknown status words and owner names (nothing else yet)."""
    pending.values = values.as_json()
    pending.generation += 1  # what the file reads as has changed: any kept preview is old
    pending.save(update_fields=["values", "generation"])
    return pending


def needs_column_choice(pending: PendingImport, layout: ColumnLayout | None) -> bool:
    """Whether to ask which field each column feeds before the preview: only when the columns
    were guessed (not all named by their exact headers) or a required one is missing."""
    if pending.columns or layout is None or layout.source != "suggested":
        return False
    return bool(layout.missing) or not layout.is_plain


def pending_preview(pending: PendingImport, plan: ParsedPlan) -> ImportPreview:
    """The parsed file previewed against the database as it is now (reads only)."""
    return build_preview(plan, pending_destination(pending))


def pending_columns_choose(*, pending: PendingImport, choices: dict[str, str]) -> PendingImport:
    """Keep the columns the person chose (header key -> field) for the preview and the import."""
    pending.columns = choices
    pending.generation += 1  # what the file reads as has changed: any kept preview is old
    pending.save(update_fields=["columns", "generation"])
    return pending


def pending_import_apply(
    *,
    pending: PendingImport,
    preview: ImportPreview,
    seen_fingerprint: str,
    create_roles: bool,
    layout: ColumnLayout | None = None,
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
        values = ValueChoices.from_json(pending.values)
        if layout is not None and layout.choosable and (pending.columns or values.statuses):
            # a person's choices, imported: remembered for the plan's next file of this layout
            column_mapping_save(
                plan=run.plan, layout=layout, statuses=values.statuses, user=pending.user
            )
        save_owner_aliases(values, run)
        pending.delete()
    return run


def save_owner_aliases(values: ValueChoices, run: ImportRun) -> None:
    """The owner names a person said are other names for existing roles, kept as aliases (after
    the import, whose preview read them as those roles); the run records which (who and when
    are the run's)."""
    roles = {role.title.casefold(): role for role in OwnerRole.objects.all()}
    saved = []
    for text, title in values.aliases().items():
        if title.casefold() in roles:
            alias = owner_role_alias_create(role=roles[title.casefold()], text=text)
            saved.append(f"{alias.text} → {alias.role.title}")
    if saved:
        run.counts = {**run.counts, "aliases_created": len(saved), "aliases": saved}
        run.save(update_fields=["counts"])


def import_summary(run: ImportRun) -> str:
    """'Imported plan.xlsx: 3 created, 2 changed, 48 unchanged' (+ roles and themes created)."""
    counts = run.counts
    line = (
        f"Imported {run.file_name}: {counts.get('created', 0)} created, "
        f"{counts.get('changed', 0)} changed, {counts.get('unchanged', 0)} unchanged"
    )
    nouns = (
        ("themes_created", "theme"),
        ("roles_created", "owner role"),
        ("aliases_created", "alias"),
    )
    for key, noun in nouns:
        if counts.get(key):
            plural = "es" if noun == "alias" else "s"
            line += f", {counts[key]} {noun}{'' if counts[key] == 1 else plural} created"
    return line
