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


def test_failure_partway_through_the_bulk_insert_of_new_activities_writes_nothing(monkeypatch):
    """New activities are written table by table (activities.bulk); a failure after the
    activities and their owners are in, while the milestones go in, leaves no trace."""
    from django.core.management import call_command

    from activities import bulk
    from activities.models import Milestone

    call_command("loaddata", "owner_roles", verbosity=0)  # themes will be created, then undone
    preview = preview_of(PLAN_PATH.read_text(encoding="utf-8"))
    before = plan_data_counts()
    real_insert = bulk.insert_rows
    inserted = []

    def failing_insert(model, names, rows):
        if model is Milestone:
            raise RuntimeError("the database went away")
        inserted.append((model, real_insert(model, names, rows)))
        return inserted[-1][1]

    monkeypatch.setattr(bulk, "insert_rows", failing_insert)
    with pytest.raises(RuntimeError):
        apply_preview(preview, file_name="plan.txt", sha256="0" * 64)
    assert [model.__name__ for model, _ in inserted] == ["Activity", "ActivityOwner"]
    assert all(count > 0 for _, count in inserted)  # really written, then undone
    assert plan_data_counts() == before


def test_failure_partway_through_updates_leaves_earlier_updates_undone(monkeypatch):
    make_role("Lead Role")
    first = "".join(f"Activity {n} |\nLead Role |\nMarch 2024 |\n" for n in range(1, 13))
    header = "What we will deliver 2022 – 2024:\nActivity |\nOwner(s) |\nTimescale |\n"
    apply_text(header + first)
    texts = dict(Activity.objects.values_list("reference", "text"))
    before = plan_data_counts()
    preview = preview_of(header + first.replace("March 2024", "April 2024"))
    fail_on_call(monkeypatch, "activity_update", 10)
    with pytest.raises(RuntimeError):
        apply_preview(preview, file_name="plan.txt", sha256="0" * 64)
    assert plan_data_counts() == before
    assert dict(Activity.objects.values_list("reference", "text")) == texts
    assert set(Activity.objects.values_list("timescale_label", flat=True)) == {"March 2024"}
    assert set(Activity.objects.values_list("version", flat=True)) == {1}
