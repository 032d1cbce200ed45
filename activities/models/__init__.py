"""The plan's data: plans, themes, activities, owners, milestones, status updates, change history, imports.

Denormalised copies on Activity (current_status, last_update_at, next_due) exist so that the list,
overdue and dashboard queries filter and sort on indexed columns; activities.services is the only
writer and tests/activities/test_denormalised_copies.py proves the copies agree with their sources.
The questions asked of many rows (overdue, due between, stale, latest commentary) are QuerySets in
activities/querysets.py; their one-row twins are methods on the models.
"""

from activities.models.activity import Activity, ActivityOwner, Milestone
from activities.models.column_mapping import ColumnMapping
from activities.models.cycles import (
    CycleMessage,
    MailPreference,
    ReportingCycle,
    ReportingCycleChange,
)
from activities.models.history import ActivityChange, StatusUpdate
from activities.models.imports import ImportRun, PendingImport
from activities.models.plan import Plan, PlanChange, Theme
from activities.models.status import (
    CLOSED_STATUSES,
    COMMENTARY_REQUIRED_STATUSES,
    MAX_TEXT_LENGTH,
    Status,
    needs_commentary,
)

__all__ = [
    "CLOSED_STATUSES",
    "COMMENTARY_REQUIRED_STATUSES",
    "MAX_TEXT_LENGTH",
    "Activity",
    "ActivityChange",
    "ActivityOwner",
    "ColumnMapping",
    "ImportRun",
    "Milestone",
    "PendingImport",
    "Plan",
    "PlanChange",
    "StatusUpdate",
    "Status",
    "Theme",
    "needs_commentary",
    "CycleMessage",
    "MailPreference",
    "ReportingCycle",
    "ReportingCycleChange",
]
