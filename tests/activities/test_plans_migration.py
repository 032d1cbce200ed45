"""Migration 0009/0010: a tracker that held one plan ends with that plan as a Plan, and nothing of
its history is lost or changed."""

import datetime

import pytest

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("activities", "0008_text_limits_and_change_reason"), ("owners", "0001_initial")]
AFTER = [("activities", "0010_plans_required")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_existing_data_moves_into_one_plan_with_every_history_entry_kept():
    from django.core.management import call_command

    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        old = migrate(BEFORE)
        Theme, Activity = (
            old.get_model("activities", "Theme"),
            old.get_model("activities", "Activity"),
        )
        StatusUpdate = old.get_model("activities", "StatusUpdate")
        ActivityChange = old.get_model("activities", "ActivityChange")
        ImportRun = old.get_model("activities", "ImportRun")
        now = timezone.now()
        theme = Theme.objects.create(position=1, title="Neighbourhood policing")
        activity = Activity.objects.create(theme=theme, reference="1.1", text="We will.", version=3)
        StatusUpdate.objects.create(activity=activity, status="on_track", created_at=now)
        ActivityChange.objects.create(
            activity=activity, action="created", version=1, changes={}, created_at=now
        )
        ImportRun.objects.create(file_name="plan.txt", sha256="0" * 64, file_format="text")

        new = migrate(AFTER)
        (plan,) = new.get_model("activities", "Plan").objects.all()
        assert (plan.title, plan.short_name) == (
            "What we will deliver 2022 – 2024",
            "engagement-2022-2024",
        )
        assert plan.starts_on == datetime.date(2022, 4, 1)
        moved = new.get_model("activities", "Activity").objects.get()
        assert (moved.plan_id, moved.reference, moved.version) == (plan.pk, "1.1", 3)
        assert new.get_model("activities", "Theme").objects.get().plan_id == plan.pk
        assert new.get_model("activities", "ImportRun").objects.get().plan_id == plan.pk
        assert new.get_model("activities", "StatusUpdate").objects.count() == 1
        assert new.get_model("activities", "ActivityChange").objects.count() == 1
    finally:
        call_command("flush", verbosity=0, interactive=False)
        migrate(latest)


@pytest.mark.django_db(transaction=True)
def test_a_new_database_gets_no_plan_from_the_migration():
    from activities.models import Plan

    assert not Plan.objects.exists()
