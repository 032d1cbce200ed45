"""Plan rows -> a preview (the file diffed against the database) -> applied in one transaction.

build_preview() reads only; apply_preview() writes exactly what the preview lists, through
activities.services, and refuses if the database changed since the preview (its fingerprint).
"""

from dataclasses import dataclass, field, replace

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch

from activities import services
from activities.importing.destination import Destination, database_fingerprint
from activities.importing.matching import (
    MATCH_WORDS,
    Match,
    RowMatcher,
    ThemePlan,
    ThemeResolver,
    stored_references,
)
from activities.importing.problems import Problem
from activities.importing.rows import ParsedPlan, PlanRow
from activities.models import Activity, ImportRun, Milestone, Plan, Status, Theme
from activities.rebaselining import keep_completed
from activities.services.closed_plans import CLOSED_PLAN_MESSAGE
from activities.timescales import MilestoneSpec
from owners.models import OwnerRole

CREATED, CHANGED, UNCHANGED = "created", "changed", "unchanged"
# What a file row says that becomes a status update rather than a change to the activity.
UPDATE_FIELDS = ("status", "commentary")


class ImportRefusedError(Exception):
    """The file has errors; nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"The file has {len(problems)} error(s); nothing was imported.")


class PreviewOutOfDateError(Exception):
    """The plan, its themes or owner roles changed after the preview; nothing was written."""

    def __init__(self):
        super().__init__(
            "The plan changed after this preview was made (someone edited an activity, a theme "
            "or an owner role, or created a plan of the same title); nothing was imported. "
            "Preview the file again."
        )


class PlanClosedError(PreviewOutOfDateError):
    """The destination plan was closed after the preview; nothing was written."""

    def __init__(self):
        Exception.__init__(self, f"{CLOSED_PLAN_MESSAGE} Nothing was imported.")


@dataclass(frozen=True)
class PreviewEntry:
    """What the import will do to one activity: create it, change it field by field, or nothing."""

    row: PlanRow
    theme_title: str
    outcome: str  # CREATED, CHANGED or UNCHANGED
    reference: str  # the row's own, the matched activity's, or generated for a new one
    matched_by: str  # how the row was identified: matching.BY_REFERENCE, BY_TEXT or NEW
    activity_id: int | None = None
    version: int | None = None  # the version the changes were computed against
    changes: dict = field(default_factory=dict)  # {"field": {"old": …, "new": …}}

    @property
    def matched(self) -> str:
        """How the preview says the row was identified: "by reference", "by text" or "new"."""
        return MATCH_WORDS[self.matched_by]

    @property
    def owners(self) -> tuple[str, ...]:
        """Owner role titles to write, lead first; unknown ones only exist after create_roles."""
        return (*self.row.owners, *self.row.unknown_owners)

    @property
    def field_changes(self) -> dict:
        """Changes made through activity_update (status and commentary are a separate, appended
        status update)."""
        return {name: change for name, change in self.changes.items() if name not in UPDATE_FIELDS}


@dataclass(frozen=True)
class AbsentActivity:
    """In the database but not in the file: kept, and reported."""

    reference: str
    text: str
    theme_title: str


@dataclass(frozen=True)
class ImportPreview:
    plan: ParsedPlan
    destination: Destination
    entries: tuple[PreviewEntry, ...]  # in file order
    absent: tuple[AbsentActivity, ...]
    themes_to_create: tuple[ThemePlan, ...]
    fingerprint: str  # the database state this preview was computed against
    problems: tuple[Problem, ...] = ()  # the file's, then rows that could not be matched

    @property
    def roles_to_create(self) -> tuple[str, ...]:
        return self.plan.roles_to_create

    def blocking_problems(self, *, create_roles: bool = False) -> list[Problem]:
        """Errors that stop the import; unknown owners do not when the roles will be created."""
        return [problem for problem in self.problems if problem.blocks(create_roles=create_roles)]

    def with_outcome(self, outcome: str) -> list[PreviewEntry]:
        return [entry for entry in self.entries if entry.outcome == outcome]

    def counts(self) -> dict[str, int]:
        return {
            CREATED: len(self.with_outcome(CREATED)),
            CHANGED: len(self.with_outcome(CHANGED)),
            UNCHANGED: len(self.with_outcome(UNCHANGED)),
            "absent": len(self.absent),
            "themes_created": len(self.themes_to_create),
        }


def stored_activities(pks: list[int]) -> dict[int, Activity]:
    """Those activities with theme, owners and milestones, in a constant number of queries."""
    milestones = Prefetch("milestones", queryset=Milestone.objects.order_by("position"))
    activities = (
        Activity.objects.select_related("theme")
        .with_owners()
        .prefetch_related(milestones)
        .with_latest_commentary()
    )
    return {activity.pk: activity for activity in activities.filter(pk__in=pks)}


def row_snapshot(row: PlanRow, theme_title: str) -> dict:
    return {
        "theme": theme_title,
        "text": row.text.strip(),
        "timescale_label": row.timescale.label,
        "ongoing": row.timescale.ongoing,
        "owners": [*row.owners, *row.unknown_owners],
        "milestones": [services.milestone_text(m) for m in row.timescale.milestones],
    }


def keep_stored_milestones(row: PlanRow, activity: Activity) -> PlanRow:
    """The file's milestones, or the stored ones when the file's timescale text is the stored text.

    Milestones are made from the timescale text only when that text is new: the same text says
    nothing new about them, so the stored ones stand however they were made (the edit form, the
    admin, a status update completing one, an earlier import). This is what makes export ->
    import a no-op. New text re-derives them, keeping completions the tracker recorded."""
    if row.timescale.label != activity.timescale_label:
        return keep_tracked_completion(row, activity)
    stored = tuple(
        MilestoneSpec(m.label, m.due, completed=m.completed, completed_on=m.completed_on)
        for m in activity.milestones.all()
    )
    timescale = replace(row.timescale, milestones=stored, ongoing=activity.ongoing)
    return replace(row, timescale=timescale)


def keep_tracked_completion(row: PlanRow, activity: Activity) -> PlanRow:
    """New timescale words re-derive the milestones, but work the tracker recorded as done stays
    done (rebaselining.keep_completed, the edit page's rule): a spreadsheet lags behind the status
    updates, and an import never undoes recorded work."""
    stored = [
        MilestoneSpec(m.label, m.due, completed=m.completed, completed_on=m.completed_on)
        for m in activity.milestones.all()
    ]
    if not any(m.completed for m in stored):
        return row
    milestones = keep_completed(stored, row.timescale.milestones)
    return replace(row, timescale=replace(row.timescale, milestones=milestones))


def compare(match: Match, activity: Activity | None) -> PreviewEntry:
    row, theme_title = match.row, match.theme_title
    identity = {"reference": match.reference, "matched_by": match.matched_by}
    if activity is None:
        return PreviewEntry(row, theme_title, CREATED, **identity)
    row = keep_stored_milestones(row, activity)
    changes = services.snapshot_diff(
        services.activity_snapshot(activity), row_snapshot(row, theme_title)
    )
    if row.position is not None and row.position != activity.position:
        changes["position"] = {"old": activity.position, "new": row.position}
    if row.status is not None and row.status != activity.current_status:
        changes["status"] = {"old": activity.current_status, "new": row.status}
    # Commentary the file gives that is not the activity's latest (querysets.latest_commentary)
    # is news about it: a status update, even when the status stays the same.
    stored_commentary = (activity.latest_commentary or "").strip()
    if row.commentary.strip() and row.commentary.strip() != stored_commentary:
        changes["commentary"] = {"old": stored_commentary, "new": row.commentary.strip()}
    return PreviewEntry(
        row,
        theme_title,
        CHANGED if changes else UNCHANGED,
        **identity,
        activity_id=activity.pk,
        version=activity.version,
        changes=changes,
    )


def build_preview(plan: ParsedPlan, destination: Destination) -> ImportPreview:
    """What importing this file into the destination plan would do, computed without writing:
    only the destination's own activities and themes are matched."""
    fingerprint = database_fingerprint(destination)  # first: a change after this makes apply refuse
    references = stored_references(destination.activities())
    themes = ThemeResolver(destination.themes())
    matcher = RowMatcher(references, themes)
    matches = matcher.match_all(plan.rows)
    stored = stored_activities([m.activity_id for m in matches if m.activity_id is not None])
    entries = tuple(compare(match, stored.get(match.activity_id)) for match in matches)
    absent = tuple(
        AbsentActivity(activity.reference, activity.text, activity.theme_title)
        for activity in references  # plan order
        if activity.pk not in matcher.claimed
    )
    problems = tuple(sorted((*plan.problems, *matcher.problems), key=lambda p: p.row))
    return ImportPreview(
        plan, destination, entries, absent, tuple(themes.to_create), fingerprint, problems
    )


def apply_preview(
    preview: ImportPreview,
    *,
    user=None,
    file_name: str,
    sha256: str,
    create_roles: bool = False,
    seen_fingerprint: str | None = None,
) -> ImportRun:
    """Write what the preview lists, all or nothing; history names the returned ImportRun.

    Raises ImportRefusedError if the file has errors (unknown owners are not errors when
    create_roles is set: those roles are created) and PreviewOutOfDateError if the database
    is not, inside the writing transaction, in the state the preview was computed against and
    (seen_fingerprint, from the page a person confirmed) the state they saw. Either way nothing
    is written.
    """
    refuse_if_blocked(preview, create_roles=create_roles)
    seen = preview.fingerprint if seen_fingerprint is None else seen_fingerprint
    try:
        with transaction.atomic():
            if preview.destination.plan and plan_is_closed(preview.destination.plan):
                raise PlanClosedError()
            if not (database_fingerprint(preview.destination) == preview.fingerprint == seen):
                raise PreviewOutOfDateError()
            plan = ensure_plan(preview.destination, author=user)
            run = ImportRun.objects.create(
                plan=plan,
                user=user,
                file_name=file_name,
                sha256=sha256,
                file_format=preview.plan.file_format,
            )
            themes = ensure_themes(preview.themes_to_create, plan)
            roles, roles_created = ensure_roles(preview.roles_to_create if create_roles else ())
            write_entries(preview, themes=themes, roles=roles, run=run)
            run.counts = {**preview.counts(), "roles_created": roles_created}
            run.save(update_fields=["counts"])
    except services.ConcurrentChangeError:
        raise PreviewOutOfDateError() from None
    except IntegrityError:
        # Another import or editor committed between the fingerprint check and the writes (e.g.
        # the same new reference): the plan changed after the preview. Anything else is a bug.
        if database_fingerprint(preview.destination) != preview.fingerprint:
            raise PreviewOutOfDateError() from None
        raise
    return run


def refuse_if_blocked(preview: ImportPreview, *, create_roles: bool) -> None:
    """ImportRefusedError if the file has errors: the one check before anything is written."""
    blocking = preview.blocking_problems(create_roles=create_roles)
    if blocking:
        raise ImportRefusedError(blocking)


def plan_is_closed(plan: Plan) -> bool:
    """Read afresh inside the writing transaction: a plan closed after the preview refuses it."""
    return Plan.objects.filter(pk=plan.pk, state=Plan.State.CLOSED).exists()


def ensure_plan(destination: Destination, *, author=None) -> Plan:
    """The destination's plan, created now if the import makes a new one."""
    if destination.plan is not None:
        return destination.plan
    try:
        return services.plan_create(title=destination.new_title, author=author)
    except ValidationError:  # a plan of that title was created after the preview
        raise PreviewOutOfDateError() from None


def ensure_themes(planned: tuple[ThemePlan, ...], plan: Plan) -> dict[str, Theme]:
    """Create the themes the preview planned in the plan; its every theme by case-folded title."""
    for theme_plan in planned:
        theme = Theme(plan=plan, position=theme_plan.position, title=theme_plan.title)
        theme.full_clean()
        theme.save()
    return {theme.title.casefold(): theme for theme in plan.themes.all()}


def ensure_roles(titles: tuple[str, ...]) -> tuple[dict[str, OwnerRole], int]:
    """Create owner roles for unknown owner text (only with create_roles); all roles by title."""
    existing = {role.title.casefold(): role for role in OwnerRole.objects.all()}
    created = 0
    for title in titles:
        if title.casefold() not in existing:
            role = OwnerRole(title=title)
            role.full_clean()
            role.save()
            existing[title.casefold()] = role
            created += 1
    return existing, created


def entry_fields(
    entry: PreviewEntry, *, themes: dict[str, Theme], roles: dict[str, OwnerRole]
) -> services.ActivityFields:
    return services.ActivityFields(
        theme=themes[entry.theme_title.casefold()],
        text=entry.row.text,
        timescale_label=entry.row.timescale.label,
        ongoing=entry.row.timescale.ongoing,
        owners=[roles[title.casefold()] for title in entry.owners],
        milestones=entry.row.timescale.milestones,
        position=entry.row.position,
    )


def import_commentary(entry: PreviewEntry, run: ImportRun) -> str:
    return entry.row.commentary or f"Status set by the import of {run.file_name}."


def write_entries(
    preview: ImportPreview, *, themes: dict[str, Theme], roles: dict[str, OwnerRole], run: ImportRun
) -> None:
    created = [
        (entry, entry_fields(entry, themes=themes, roles=roles))
        for entry in preview.with_outcome(CREATED)
    ]
    write_new_activities(created, run=run)
    changed_ids = [entry.activity_id for entry in preview.with_outcome(CHANGED)]
    activities = Activity.objects.select_related("theme").in_bulk(changed_ids)
    for entry in preview.with_outcome(CHANGED):
        activity = activities[entry.activity_id]
        if entry.field_changes:
            services.activity_update(
                activity=activity,
                fields=entry_fields(entry, themes=themes, roles=roles),
                expected_version=entry.version,
                import_run=run,
            )
        if "status" in entry.changes or "commentary" in entry.changes:
            services.status_update_create(
                activity=activity,
                status=entry.row.status or activity.current_status,
                commentary=import_commentary(entry, run),
                import_run=run,
            )


def write_new_activities(
    created: list[tuple[PreviewEntry, services.ActivityFields]], *, run: ImportRun
) -> None:
    """New activities, at the place the file gives them in their theme when no stored activity holds
    it, else at the end of the theme (in file order), so that an activity added to a plan never
    shares a place with one already there (which would reorder the next export); with the file's
    status. services.activities_bulk_create writes them and their history."""
    if not created:
        return
    taken: dict[int, set[int]] = {}
    last: dict[int, int] = {}  # the highest place taken in each theme
    stored = Activity.objects.filter(theme__in={fields.theme.pk for _, fields in created})
    for theme, position in stored.order_by().values_list("theme", "position"):
        taken.setdefault(theme, set()).add(position)
        last[theme] = max(last.get(theme, 0), position)
    new = []
    for entry, fields in created:
        theme, used = fields.theme.pk, taken.setdefault(fields.theme.pk, set())
        position = fields.position
        if position is None or position in used:
            position = last.get(theme, 0) + 1
        used.add(position)
        last[theme] = max(last.get(theme, 0), position)
        new.append(
            services.NewActivity(
                reference=entry.reference,
                fields=fields,
                position=position,
                status=entry.row.status,
                commentary=new_activity_commentary(entry, run),
            )
        )
    services.activities_bulk_create(new, import_run=run)


def new_activity_commentary(entry: PreviewEntry, run: ImportRun) -> str:
    """The file's commentary (kept even when the row gives no status: the activity's first
    update then says it); the import's own note only beside a status the file set."""
    if entry.row.commentary.strip():
        return entry.row.commentary
    started = entry.row.status not in (None, Status.NOT_STARTED)
    return import_commentary(entry, run) if started else ""
