"""manage.py benchmark: one JSON object of figures, built in a throwaway database, never the user's."""

import json
import zipfile

import pytest

from django.core.management import call_command

from activities import plan_workbook
from activities.benchmark import measure
from activities.benchmark.data import PlanBuilder, copies_disagree
from activities.benchmark.results_table import TARGETS
from activities.models import Activity, StatusUpdate
from tests.factories import make_activity

PAGES = (
    "dashboard",
    "activities_list",
    "overdue_review",
    "activity_page",
    "admin_change_list",
    "meeting_pack",
)


@pytest.fixture
def users_plan(db):
    """The user's own data: it must be exactly the same after a benchmark run."""
    return make_activity(reference="7.1", text="We will keep this activity.")


def run_benchmark(capsys) -> dict:
    call_command(
        "benchmark",
        *("--activities", "30", "--updates", "100", "--rows", "20", "--repeat", "2"),
        "--json",
        "--no-fail",
    )
    return json.loads(capsys.readouterr().out)


@pytest.mark.django_db(transaction=True)
def test_benchmark_reports_every_figure_as_json(capsys):
    result = run_benchmark(capsys)
    for page in PAGES:
        assert isinstance(result["queries"][page], int)
        assert isinstance(result["queries_at_100"][page], int)
    for figure in ("list_vs_admin", "list_scaling", "dashboard_scaling", "overdue_scaling"):
        assert isinstance(result[figure], float)
    assert set(TARGETS) <= set(result)
    assert isinstance(result["import_vs_read"], float)
    assert isinstance(result["import_vs_read_excel_layout"], float)  # reported, no target
    assert isinstance(result["import_vs_calamine"], float)  # reported, no target
    assert result["import_vs_calamine"] > result["import_vs_read"]  # calamine reads faster
    assert result["plan"]["activities"] == 30
    assert result["plan"]["status_updates"] == 100
    assert result["plan"]["copies_disagreeing"] == 0
    assert "tracemalloc" in result["memory_method"]


@pytest.mark.django_db(transaction=True)
def test_benchmark_leaves_the_users_data_untouched(users_plan, capsys):
    before = list(Activity.objects.values_list("pk", "reference", "text", "version"))
    run_benchmark(capsys)
    assert list(Activity.objects.values_list("pk", "reference", "text", "version")) == before
    assert not StatusUpdate.objects.exists()


@pytest.mark.django_db
def test_built_plan_copies_agree_with_their_sources():
    builder = PlanBuilder(seed=5)
    _, authors = builder.people()
    builder.vocabulary()
    builder.add(activities=60, updates=400, authors=authors)
    assert Activity.objects.count() == 60
    assert StatusUpdate.objects.count() == 400
    assert copies_disagree() == 0


def test_a_broken_plan_export_fails_the_benchmark_instead_of_dropping_its_figure(monkeypatch):
    def moved(plan):
        raise AttributeError("plan_activities moved")

    monkeypatch.setattr(plan_workbook, "plan_activities", moved)
    with pytest.raises(AttributeError, match="plan_activities moved"):
        measure.measure_export(repeat=1, plan=None)


def test_an_unreadable_import_file_fails_the_benchmark_instead_of_dropping_its_figure(monkeypatch):
    monkeypatch.setattr(measure, "import_workbook", lambda rows: b"not a workbook")
    with pytest.raises(zipfile.BadZipFile):
        measure.measure_import(rows=1, repeat=1, user=None)
