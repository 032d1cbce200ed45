import itertools

import pytest

from activities import services
from activities.importing.apply import apply_preview
from activities.models import Activity
from tests.activities.importing.support import (
    PLAN_PATH,
    apply_text,
    plan_data_counts,
    preview_of,
)
from tests.factories import make_role

pytestmark = pytest.mark.django_db


def fail_on_call(monkeypatch, name: str, call: int) -> None:
    """Make services.<name> raise on its call-th call, after really running the earlier ones."""
    real = getattr(services, name)
    calls = itertools.count(1)

    def failing(**kwargs):
        if next(calls) == call:
            raise RuntimeError("the database went away")
        return real(**kwargs)

    monkeypatch.setattr(services, name, failing)


def test_failure_on_the_tenth_new_activity_writes_nothing(monkeypatch):
    from django.core.management import call_command

    call_command("loaddata", "owner_roles", verbosity=0)  # themes will be created, then undone
    preview = preview_of(PLAN_PATH.read_text(encoding="utf-8"))
    before = plan_data_counts()
    fail_on_call(monkeypatch, "new_activity", 10)  # imports build new activities in bulk
    with pytest.raises(RuntimeError):
        apply_preview(preview, file_name="plan.txt", sha256="0" * 64)
    assert plan_data_counts() == before


def test_failure_partway_through_updates_leaves_earlier_updates_undone(monkeypatch):
    make_role("Lead Role")
    first = "".join(f"Activity {n} |\nLead Role |\nMarch 2024 |\n" for n in range(1, 13))
    header = "What we will deliver 2022 – 2024:\nActivity |\nOwner(s) |\nTimescale |\n"
    apply_text(header + first)
    texts = dict(Activity.objects.values_list("reference", "text"))
    before = plan_data_counts()
    preview = preview_of(header + first.replace("Activity", "Changed activity"))
    fail_on_call(monkeypatch, "activity_update", 10)
    with pytest.raises(RuntimeError):
        apply_preview(preview, file_name="plan.txt", sha256="0" * 64)
    assert plan_data_counts() == before
    assert dict(Activity.objects.values_list("reference", "text")) == texts
    assert set(Activity.objects.values_list("version", flat=True)) == {1}
