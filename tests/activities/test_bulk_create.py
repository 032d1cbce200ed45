"""Imports create activities through services.activities_bulk_create, which writes plain rows
(activities.bulk.insert_rows) instead of model instances: the rows must be the ones the one-by-one
services write, values must convert exactly as the ORM converts them, and bad input must leave the
database as it was."""

import datetime

import pytest

from django.core.exceptions import ValidationError
from django.utils import timezone

from activities import bulk, services
from activities.models import (
    Activity,
    ActivityChange,
    ActivityOwner,
    ImportRun,
    Milestone,
    Status,
    StatusUpdate,
)
from activities.timescales import MilestoneSpec
from tests.factories import default_plan, make_role, make_theme

pytestmark = pytest.mark.django_db

AT = timezone.make_aware(datetime.datetime(2024, 3, 5, 14, 30, 15))


def fields(theme, roles, **overrides) -> services.ActivityFields:
    values = {
        "theme": theme,
        "text": "  We will publish the engagement plan.  ",
        "timescale_label": "March 2023 COMPLETE March 2025",
        "ongoing": False,
        "owners": roles,
        "milestones": (
            MilestoneSpec("March 2023", datetime.date(2023, 3, 31), completed=True),
            MilestoneSpec("March 2025", datetime.date(2025, 3, 31)),
        ),
        "position": None,
        **overrides,
    }
    return services.ActivityFields(**values)


def stored(activity: Activity) -> dict:
    """Everything written for an activity, without ids, references and timestamps."""
    activity.refresh_from_db()
    return {
        "activity": {
            name: getattr(activity, name)
            for name in ("theme_id", "position", "text", "timescale_label", "ongoing")
            + ("current_status", "next_due", "version")
        },
        "owners": list(
            ActivityOwner.objects.filter(activity=activity)
            .order_by("position")
            .values_list("role_id", "position")
        ),
        "milestones": list(
            Milestone.objects.filter(activity=activity)
            .order_by("position")
            .values_list("position", "label", "due", "completed", "completed_on")
        ),
        "changes": list(
            ActivityChange.objects.filter(activity=activity).values_list(
                "action", "version", "changes", "author", "import_run"
            )
        ),
        "updates": list(
            StatusUpdate.objects.filter(activity=activity).values_list(
                "kind", "status", "commentary", "milestone", "author", "import_run"
            )
        ),
        "has_update_time": activity.last_update_at is not None,
    }


def test_a_bulk_created_activity_has_the_rows_the_one_by_one_services_write():
    theme = make_theme("Engagement")
    roles = [make_role("Head of Communications"), make_role("ACC Local Policing")]
    run = ImportRun.objects.create(
        plan=default_plan(), file_name="plan.xlsx", sha256="0" * 64, file_format="xlsx"
    )
    one = services.activity_create(
        reference="1.1", fields=fields(theme, roles, position=4), import_run=run
    )
    services.status_update_create(
        activity=one, status=Status.AT_RISK, commentary=" Behind plan. ", import_run=run
    )

    ids = services.activities_bulk_create(
        [
            services.NewActivity(
                reference=" 1.2 ",
                fields=fields(theme, roles),
                position=4,
                status=Status.AT_RISK,
                commentary=" Behind plan. ",
            )
        ],
        import_run=run,
        at=AT,
    )

    assert list(ids) == ["1.2"]
    bulk_created = Activity.objects.get(pk=ids["1.2"])
    assert stored(bulk_created) == stored(one)
    assert bulk_created.last_update_at == AT
    assert bulk_created.created_at == AT
    assert StatusUpdate.objects.get(activity=bulk_created).created_at == AT


def test_a_bulk_created_activity_without_a_status_has_no_status_update():
    theme = make_theme("Engagement")
    run = ImportRun.objects.create(
        plan=default_plan(), file_name="plan.xlsx", sha256="0" * 64, file_format="xlsx"
    )
    ids = services.activities_bulk_create(
        [
            services.NewActivity("2.1", fields(theme, [make_role("Chief Constable")]), 1),
            services.NewActivity(
                "2.2", fields(theme, [], milestones=()), 2, status=Status.NOT_STARTED
            ),
        ],
        import_run=run,
        at=AT,
    )
    for pk in ids.values():
        activity = Activity.objects.get(pk=pk)
        assert activity.current_status == Status.NOT_STARTED
        assert activity.last_update_at is None
        assert not StatusUpdate.objects.filter(activity=activity).exists()
    assert Activity.objects.get(pk=ids["2.2"]).next_due is None
    assert Activity.objects.get(pk=ids["2.1"]).next_due == datetime.date(2025, 3, 31)


@pytest.mark.parametrize(
    ("reference", "overrides", "field"),
    [
        ("x" * 21, {}, "reference"),
        ("   ", {}, "reference"),
        ("3.1", {"text": "  "}, "text"),
        ("3.1", {"timescale_label": "y" * 256}, "timescale_label"),
        ("3.1", {"milestones": (MilestoneSpec("z" * 256, None),)}, "label"),
    ],
)
def test_bulk_create_refuses_what_full_clean_refuses_and_writes_nothing(
    reference, overrides, field
):
    theme = make_theme("Engagement")
    run = ImportRun.objects.create(
        plan=default_plan(), file_name="plan.xlsx", sha256="0" * 64, file_format="xlsx"
    )
    good = services.NewActivity("3.0", fields(theme, []), 1)
    bad = services.NewActivity(reference, fields(theme, [], **overrides), 2)
    with pytest.raises(ValidationError) as refused:
        services.activities_bulk_create([good, bad], import_run=run)
    assert field in refused.value.message_dict
    assert not Activity.objects.exists()


def test_bulk_create_refuses_a_reference_already_in_the_plan_and_writes_nothing():
    from django.db import IntegrityError

    theme = make_theme("Engagement")
    run = ImportRun.objects.create(
        plan=default_plan(), file_name="plan.xlsx", sha256="0" * 64, file_format="xlsx"
    )
    services.activity_create(reference="4.1", fields=fields(theme, []))
    with pytest.raises(IntegrityError):
        services.activities_bulk_create(
            [services.NewActivity("4.2", fields(theme, []), 2)]
            + [services.NewActivity("4.1", fields(theme, []), 3)],
            import_run=run,
        )
    assert list(Activity.objects.values_list("reference", flat=True)) == ["4.1"]


def test_insert_rows_converts_dates_times_json_and_nulls_as_the_orm_does():
    theme = make_theme("Engagement")
    activity = services.activity_create(reference="5.1", fields=fields(theme, []))
    changes = {"text": {"old": None, "new": "Café “quoted” ✓"}, "n": [1, 2.5, True, None]}
    count = bulk.insert_rows(
        ActivityChange,
        ("activity", "action", "version", "changes", "author", "import_run", "created_at"),
        [(activity.pk, ActivityChange.Action.UPDATED, 2, changes, None, None, AT)],
    )
    bulk.insert_rows(
        Milestone,
        ("activity", "position", "label", "due", "completed", "completed_on"),
        [(activity.pk, 7, "Later", None, True, datetime.date(2024, 2, 29))],
    )
    assert count == 1
    change = ActivityChange.objects.get(activity=activity, version=2)
    assert change.changes == changes
    assert change.created_at == AT
    assert change.author is None
    milestone = Milestone.objects.get(activity=activity, position=7)
    assert (milestone.due, milestone.completed, milestone.completed_on) == (
        None,
        True,
        datetime.date(2024, 2, 29),
    )
    # The ORM finds the row by its converted values, as it finds rows it wrote itself.
    assert ActivityChange.objects.filter(created_at=AT, changes__n=[1, 2.5, True, None]).exists()


def test_insert_rows_refuses_to_leave_a_field_to_a_default_the_database_does_not_have():
    with pytest.raises(ValueError, match="no value for .*completed"):
        bulk.insert_rows(Milestone, ("activity", "position", "label", "due"), [])


def test_insert_rows_refuses_a_row_of_the_wrong_width():
    theme = make_theme("Engagement")
    activity = services.activity_create(reference="6.1", fields=fields(theme, []))
    names = ("activity", "position", "label", "due", "completed", "completed_on")
    with pytest.raises(ValueError, match="5 values"):
        bulk.insert_rows(Milestone, names, [(activity.pk, 9, "Short", None, False)])


def test_bulk_create_refuses_a_status_that_needs_commentary_without_it():
    theme = make_theme("Engagement")
    run = ImportRun.objects.create(
        plan=default_plan(), file_name="plan.xlsx", sha256="0" * 64, file_format="xlsx"
    )
    at_risk = services.NewActivity("7.1", fields(theme, []), 1, status=Status.AT_RISK)
    with pytest.raises(ValidationError) as refused:
        services.activities_bulk_create([at_risk], import_run=run)
    assert "commentary" in refused.value.message_dict
    assert not Activity.objects.exists()


def test_activity_values_give_every_column_both_create_paths_write():
    theme = make_theme("Engagement")
    values = services.fields.activity_values(
        reference="8.1", fields=fields(theme, []), position=1, at=AT
    )
    columns = {field.attname for field in Activity._meta.concrete_fields if not field.primary_key}
    assert set(values) == columns == set(services.fields.ACTIVITY_COLUMNS)
