"""Which plan a file goes into (a stored plan, or a new one the import creates), and the state of
it that a preview depends on (its fingerprint).

An import only ever reads and matches the activities and themes of its own plan; owner roles and
their aliases are shared by every plan.
"""

import hashlib
import json
from dataclasses import dataclass

from django.db.models import Count, Max, Sum

from activities.models import Activity, Plan, StatusUpdate, Theme
from owners.models import OwnerRole, OwnerRoleAlias


@dataclass(frozen=True)
class Destination:
    """A stored plan, or (plan None) a new plan titled new_title, created when the import applies."""

    plan: Plan | None = None
    new_title: str = ""

    def __post_init__(self):
        if (self.plan is None) == (not self.new_title.strip()):
            raise ValueError("A destination is a stored plan or a new plan's title, not both.")

    @property
    def title(self) -> str:
        return self.plan.title if self.plan else self.new_title.strip()

    @property
    def short_name(self) -> str:
        return self.plan.short_name if self.plan else ""

    def activities(self):
        return Activity.objects.in_plans(self.plan) if self.plan else Activity.objects.none()

    def themes(self) -> list[Theme]:
        return list(self.plan.themes.all()) if self.plan else []


def database_fingerprint(destination: Destination) -> str:
    """A digest of everything a preview depends on; any edit, status update or rename changes it.

    Every change to an activity goes through activities.services, which bumps its version (its
    fields, owners, milestones; references are fixed once created) or appends a status update
    (its status), and activities are never deleted once they have history. So the number of the
    plan's activities, the sum of their versions, the number of its status updates and the newest
    ids change whenever anything a preview compared does (a reviewer's comment too, which only
    means a needless "preview again"): two aggregate queries, not a read of every activity.
    Themes, owner roles and aliases are few and are read in full. For a new plan: whether a plan
    of that title exists yet.
    """
    activities = destination.activities().order_by()
    state = {
        # Counted as well as the newest id: ids are handed out at insert, not at commit, so an
        # update committed after a later-numbered one leaves the newest id as it was.
        "activities": activities.aggregate(
            count=Count("pk"), versions=Sum("version"), newest=Max("pk")
        ),
        "status_updates": StatusUpdate.objects.filter(activity__in=activities.values("pk"))
        .order_by()
        .aggregate(count=Count("pk"), newest=Max("pk")),
        "themes": [(t.pk, t.position, t.title) for t in destination.themes()],
        "roles": list(OwnerRole.objects.order_by("pk").values_list("pk", "title")),
        "aliases": list(OwnerRoleAlias.objects.order_by("pk").values_list("role_id", "text")),
        "plan": (
            destination.plan.pk
            if destination.plan
            else Plan.objects.filter(title__iexact=destination.title).exists()
        ),
    }
    return hashlib.sha256(json.dumps(state, default=str).encode()).hexdigest()
