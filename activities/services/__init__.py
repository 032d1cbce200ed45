"""Every write to plan data goes through here, so each one is validated, atomic and recorded.

Functions are keyword-only and named <entity>_<action> (HackSoft style). History is append-only:
StatusUpdate rows for status and commentary, ActivityChange rows for the activity's own fields.

fields.py          an activity's editable fields: validation, snapshots, diffs
activities.py      activity_create, activity_update (version check), milestones and owners
bulk_create.py     activities_bulk_create: an import's new activities as multi-row inserts
closed_plans.py    refuse_if_plan_closed: the one refusal of changes to a closed plan
plans.py           plan_create, plan_update (version check), plan_close, plan_reopen: PlanChange history
successors.py      plan_start_successor: a new plan carrying chosen open activities of an earlier one
cycles.py          reporting_cycle_save (recorded in ReportingCycleChange), mail_preference_save
status_updates.py  status_update_create, status_updates_bulk_create: the append-only history and
                   the copies it keeps, one writer per activity at a time
"""

from activities.services.activities import (
    activity_create,
    activity_refresh_next_due,
    activity_update,
)
from activities.services.bulk_create import NewActivity, activities_bulk_create
from activities.services.cycles import mail_preference_save, reporting_cycle_save
from activities.services.fields import (
    ActivityFields,
    ConcurrentChangeError,
    activity_snapshot,
    created_changes,
    fields_snapshot,
    milestone_text,
    new_activity,
    new_created_change,
    new_owners,
    next_due_of,
    snapshot_diff,
)
from activities.services.plans import (
    PlanChangedError,
    PlanFields,
    plan_close,
    plan_create,
    plan_reopen,
    plan_update,
)
from activities.services.status_updates import (
    NewStatusUpdate,
    refresh_status_copies,
    status_update_create,
    status_updates_bulk_create,
)
from activities.services.successors import Successor, carry_candidates, plan_start_successor
from activities.timescales import MilestoneSpec

__all__ = [
    "PlanChangedError",
    "PlanFields",
    "Successor",
    "carry_candidates",
    "plan_close",
    "plan_create",
    "plan_reopen",
    "plan_start_successor",
    "plan_update",
    "ActivityFields",
    "ConcurrentChangeError",
    "MilestoneSpec",
    "NewActivity",
    "NewStatusUpdate",
    "activities_bulk_create",
    "activity_create",
    "activity_refresh_next_due",
    "activity_snapshot",
    "activity_update",
    "created_changes",
    "fields_snapshot",
    "milestone_text",
    "new_activity",
    "new_created_change",
    "new_owners",
    "next_due_of",
    "refresh_status_copies",
    "snapshot_diff",
    "status_update_create",
    "status_updates_bulk_create",
    "mail_preference_save",
    "reporting_cycle_save",
]
