"""A plan's whole-plan export reads back into the same plan unchanged, and into another plan without
touching the first; every export names its plan."""

import datetime
import io
import json

import pytest

from django.core.management import call_command
from django.urls import reverse

from activities import services
from activities.models import Activity, ActivityChange, Status, StatusUpdate
from tests.factories import make_activity, make_plan, make_role, make_theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def equality_plan(db, editor):
    """A plan in use: two themes, owners, dates and a status update with commentary."""
    plan = make_plan("Equality plan", short_name="equality")
    first, second = make_theme("Fairness", plan=plan), make_theme("Trust", plan=plan)
    role = make_role("Head of Inclusion")
    one = make_activity(
        reference="1.1",
        theme=first,
        owners=[role],
        due=datetime.date(2024, 3, 31),
        timescale_label="March 2024",
    )
    make_activity(reference="2.1", theme=second, owners=[role], ongoing=True)
    services.status_update_create(
        activity=one, status=Status.AT_RISK, commentary="Waiting on data", author=editor
    )
    return plan


def snapshot(plan) -> list[tuple]:
    """Everything an import could change about a plan's activities, and their history."""
    activities = Activity.objects.in_plans(plan).order_by("reference")
    return [
        (a.reference, a.theme.title, a.text, a.timescale_label, a.next_due, a.current_status)
        for a in activities
    ] + [
        ActivityChange.objects.filter(activity__plan=plan).count(),
        StatusUpdate.objects.filter(activity__plan=plan).count(),
    ]


def export(plan, tmp_path) -> str:
    path = tmp_path / f"{plan.short_name}.xlsx"
    call_command("export_plan", str(path), "--plan", plan.short_name, stdout=io.StringIO())
    return str(path)


def import_json(path: str, *options) -> dict:
    out = io.StringIO()
    call_command("import_plan", path, *options, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_the_whole_plan_export_reads_back_into_the_same_plan_unchanged(equality_plan, tmp_path):
    before = snapshot(equality_plan)
    report = import_json(export(equality_plan, tmp_path), "--plan", "equality")
    assert report["plan"]["short_name"] == "equality"
    assert (report["summary"]["created"], report["summary"]["changed"]) == (0, 0)
    assert report["summary"]["unchanged"] == 2
    assert snapshot(equality_plan) == before


def test_a_plans_export_imported_into_another_plan_leaves_the_first_untouched(
    equality_plan, tmp_path
):
    other = make_plan("Digital strategy", short_name="digital")
    make_activity(reference="1.1", theme=make_theme("Systems", plan=other))  # the same reference
    before = snapshot(equality_plan)
    report = import_json(export(equality_plan, tmp_path), "--plan", "digital")
    assert report["plan"]["short_name"] == "digital"
    assert report["summary"]["created"] == 1  # 2.1; 1.1 is the digital plan's own 1.1
    assert snapshot(equality_plan) == before
    assert Activity.objects.in_plans(other).count() == 2


def test_every_download_is_named_for_its_plan(client, reviewer, equality_plan, fixed_today):
    client.force_login(reviewer)
    downloads = {
        reverse("activities:list", args=["equality"]) + "?_export=csv": "equality-activities-",
        reverse("activities:overdue", args=["equality"]) + "?_export=csv": "equality-overdue-",
        reverse("activities:export-plan", args=["equality"]): "equality",
    }
    for url, start in downloads.items():
        disposition = client.get(url)["Content-Disposition"]
        assert f'filename="{start}' in disposition, (url, disposition)
