"""Measures pages, import and export on a throwaway database; returns one dict of figures.

Ratios, not absolute times, are the figures: the two things compared are measured in the same run,
interleaved (A, B, A, B …), and the median of `repeat` runs of each is taken. Server time is the
request through the whole Django stack (django.test.Client: middleware, view, template). Peak
memory is Python allocations traced by tracemalloc during one extra, untimed import.
"""

import contextlib
import dataclasses
import io
import os
import sqlite3
import statistics
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client
from django.test.utils import CaptureQueriesContext, setup_databases, teardown_databases

from activities import plan_workbook
from activities.benchmark.baselines import (
    read_cells,
    read_cells_calamine,
    with_dimension,
    write_cells,
)
from activities.benchmark.data import (
    PlanBuilder,
    benchmark_plan,
    build_portfolio,
    copies_disagree,
    import_workbook,
    measured_meeting,
    meetings,
    plan_counts,
    small_plan_updates,
)
from activities.importing.apply import apply_preview, build_preview
from activities.importing.destination import Destination
from activities.importing.parse import parse_plan
from activities.list_exports import safe_cell
from activities.models import (
    Activity,
    ActivityChange,
    ActivityOwner,
    ImportRun,
    Milestone,
    StatusUpdate,
)

SMALL = 100  # the plan size every scaling figure is compared against
PAGES = {
    "portfolio": "/",
    "dashboard": "/plans/benchmark/",
    "activities_list": "/plans/benchmark/activities/?overdue=1&sort=next_due&per_page=50",
    "overdue_review": "/plans/benchmark/activities/overdue/",
    "activity_page": None,  # an activity with history: chosen once the plan exists
    "admin_change_list": "/admin/activities/activity/",
    "meeting_pack": None,  # the measured plan's latest meeting: created with the plan
}
TIMED_PAGES = (
    "activities_list",
    "admin_change_list",
    "dashboard",
    "overdue_review",
    "meeting_pack",
)
WARM_UP = 2


@dataclass(frozen=True)
class Settings:
    activities: int = 10_000  # across the portfolio's plans
    updates: int = 100_000
    plans: int = 20
    rows: int = 5_000
    repeat: int = 20
    file_repeat: int = 5  # imports and exports take seconds each: fewer runs, less relative noise


@contextlib.contextmanager
def throwaway_database():
    """A test database created (and always destroyed) the way the test runner does it.

    On SQLite it is a private in-memory database; if the current database is itself in memory
    (a test run), a second connection keeps it alive while the default connection is elsewhere.
    Django's SQLite backend ignores close() on in-memory databases, so switching between two of
    them needs the base class's real close.
    """
    settings_dict = connection.settings_dict
    old_test_name = settings_dict["TEST"].get("NAME")
    keeper = None
    if connection.vendor == "sqlite":
        if connection.creation.is_in_memory_db(settings_dict["NAME"]):
            keeper = sqlite3.connect(settings_dict["NAME"], uri=True)
        settings_dict["TEST"]["NAME"] = (
            f"file:plan_benchmark_{os.getpid()}?mode=memory&cache=shared"
        )
        BaseDatabaseWrapper.close(connection)
    try:
        old_config = setup_databases(verbosity=0, interactive=False, aliases={"default"})
        try:
            yield
        finally:
            teardown_databases(old_config, verbosity=0)
            if connection.vendor == "sqlite":
                BaseDatabaseWrapper.close(connection)  # the benchmark's memory database goes
    finally:
        settings_dict["TEST"]["NAME"] = old_test_name
        if keeper:
            connection.ensure_connection()  # back on the caller's database before letting go
            keeper.close()


class TwoPlans:
    """The small plan kept as a copy beside the large one, so page times at both sizes can be
    measured interleaved in one run (a shared machine's load changes within minutes).

    PostgreSQL copies the test database the way the parallel test runner clones it; SQLite copies
    the in-memory database with the backup API. The default connection is switched between them.
    """

    SMALL_SUFFIX = "small"

    def __init__(self):
        self.keepers: list[sqlite3.Connection] = []
        self.large = connection.settings_dict["NAME"]
        if connection.vendor == "sqlite":
            self.small = self.large.replace("plan_benchmark_", "plan_benchmark_small_")
            connection.ensure_connection()
            for name in (self.large, self.small):  # in-memory databases live while connected
                self.keepers.append(sqlite3.connect(name, uri=True))
            connection.connection.backup(self.keepers[1])
        else:
            connection.creation.clone_test_db(
                suffix=self.SMALL_SUFFIX, verbosity=0, autoclobber=True
            )
            self.small = connection.creation.get_test_db_clone_settings(self.SMALL_SUFFIX)["NAME"]

    def use(self, name: str) -> None:
        if connection.settings_dict["NAME"] != name:
            BaseDatabaseWrapper.close(connection)
            connection.settings_dict["NAME"] = name
        connection.ensure_connection()

    def close(self) -> None:
        self.use(self.large)
        if self.keepers:
            for keeper in self.keepers:
                keeper.close()
        else:
            connection.creation.destroy_test_db(verbosity=0, suffix=self.SMALL_SUFFIX)


def interleaved(
    actions: dict[str, Callable[[], object]],
    repeat: int,
    warm_up: int = WARM_UP,
    before: dict[str, Callable[[], object]] | None = None,
) -> dict[str, float]:
    """Median seconds of each action, run round-robin `repeat` times after a warm-up.

    before[name], if given, runs untimed just before each run of that action."""
    before = before or {}
    for _ in range(warm_up):
        for name, action in actions.items():
            before.get(name, lambda: None)()
            action()
    samples: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(repeat):
        for name, action in actions.items():
            before.get(name, lambda: None)()
            start = time.perf_counter()
            action()
            samples[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in samples.items()}


class PageClient:
    """One signed-in administrator requesting pages; each response must be a 200."""

    def __init__(self, user):
        self.client = Client(HTTP_HOST="localhost")
        self.client.force_login(user)

    def get(self, url: str) -> bytes:
        response = self.client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}, not 200.")
        return response.content

    def queries(self, url: str) -> int:
        self.get(url)  # warm: sessions, permissions and caches as a returning user has them
        with CaptureQueriesContext(connection) as captured:
            self.get(url)
        return len(captured)

    def getter(self, url: str) -> Callable[[], bytes]:
        return lambda: self.get(url)


def page_urls() -> dict[str, str]:
    measured = Activity.objects.filter(plan=benchmark_plan()).order_by("-last_update_at")
    busiest = measured.values_list("reference", flat=True)[0]
    chosen = {
        "activity_page": f"/plans/benchmark/activities/{busiest}/",
        "meeting_pack": measured_meeting().get_absolute_url(),
    }
    return {name: url or chosen[name] for name, url in PAGES.items()}


def measure_pages(client: PageClient, plans: TwoPlans, repeat: int) -> dict:
    """Query counts on both plans; page times on both, interleaved (the admin on the large one)."""
    urls, queries, actions, before = {}, {}, {}, {}
    for size, database in (("at_100", plans.small), ("at_n", plans.large)):
        plans.use(database)
        urls[size] = page_urls()
        queries[size] = {name: client.queries(url) for name, url in urls[size].items()}
        for page in TIMED_PAGES:
            if page == "admin_change_list" and size == "at_100":
                continue
            url = urls[size][page]
            actions[f"{page}_{size}"] = client.getter(url)
            # Untimed: switch database, then one request so a new connection's caches are warm.
            before[f"{page}_{size}"] = lambda database=database, url=url: (
                plans.use(database),
                client.get(url),
            )
    times = interleaved(actions, repeat, before=before)
    return {"queries": queries, "times": times}


def import_rows(data: bytes, *, user) -> None:
    """A fresh import of the file's new rows (parse, match, diff, write, history), rolled back."""
    with transaction.atomic():
        plan = parse_plan(data, file_name="benchmark.xlsx")
        if plan.blocking_problems():
            raise RuntimeError(f"The benchmark file has errors: {plan.blocking_problems()[:3]}")
        preview = build_preview(plan, Destination(plan=benchmark_plan()))
        run = apply_preview(preview, user=user, file_name="benchmark.xlsx", sha256="0")
        if run.counts["created"] != len(plan.rows):
            raise RuntimeError(f"The import created {run.counts['created']} of {len(plan.rows)}.")
        transaction.set_rollback(True)  # the next run imports the same new rows again


def peak_mb(action: Callable[[], object]) -> float:
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1] / 1_000_000
    finally:
        tracemalloc.stop()


def measure_import(rows: int, repeat: int, user) -> dict[str, float]:
    data = import_workbook(rows)
    excel = with_dimension(data)
    times = interleaved(
        {
            "read": lambda: read_cells(data),
            "read_calamine": lambda: read_cells_calamine(data),
            "import": lambda: import_rows(data, user=user),
            "read_excel_layout": lambda: read_cells(excel),
            "import_excel_layout": lambda: import_rows(excel, user=user),
        },
        repeat,
        warm_up=1,
        before={"import": clear_rolled_back_rows, "import_excel_layout": clear_rolled_back_rows},
    )
    clear_rolled_back_rows()
    return {**times, "peak_mb": peak_mb(lambda: import_rows(data, user=user))}


def settle() -> None:
    """After a bulk load, what a live PostgreSQL database's autovacuum soon does: VACUUM ANALYZE,
    so the planner has statistics and index-only scans an up-to-date visibility map. Run untimed
    before measuring, it also keeps autovacuum from starting in the middle of a measurement.
    SQLite keeps no such state (nothing runs ANALYZE on a live SQLite file either)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def clear_rolled_back_rows() -> None:
    """Each timed import is rolled back so the next can import the same rows; on PostgreSQL that
    leaves the rows and their index entries behind as dead tuples, which make every later insert
    of the same references slower (a real import never meets its own rolled-back copy). VACUUM,
    untimed, gives each run the state the first one had, as autovacuum would in time."""
    if connection.vendor != "postgresql":
        return  # SQLite's rollback restores the pages themselves
    tables = [Activity, ActivityOwner, Milestone, ActivityChange, StatusUpdate, ImportRun]
    with connection.cursor() as cursor:
        for model in tables:
            cursor.execute(f"VACUUM {connection.ops.quote_name(model._meta.db_table)}")


def exported_values(plan) -> list[list[tuple]]:
    """Every cell value the plan export writes (both sheets), as plain values."""
    rows = [plan_workbook.plan_row(activity) for activity in plan_workbook.plan_activities(plan)]
    history = [plan_workbook.history_row(update) for update in plan_workbook.status_history(plan)]
    return [[tuple(safe_cell(value) for value in row) for row in rows] for rows in (rows, history)]


def measure_export(repeat: int, plan) -> dict[str, float]:
    """One plan's whole export (activities.plan_workbook.export_plan) against writing its values."""
    values = exported_values(plan)
    return interleaved(
        {
            "write": lambda: write_cells(values),
            "export": lambda: plan_workbook.export_plan(plan, io.BytesIO()),
        },
        repeat,
        warm_up=1,
    )


def run(settings: Settings, progress: Callable[[str], None] = lambda line: None) -> dict:
    small = min(SMALL, settings.activities)
    small_updates = small_plan_updates(settings, small)
    with throwaway_database():
        builder = PlanBuilder()
        admin, authors = builder.people()
        builder.vocabulary()
        builder.add(activities=small, updates=small_updates, authors=authors)
        meetings(admin)  # before the copy: the same meeting in both
        settle()
        client = PageClient(admin)  # signed in before the copy: the session is in both plans
        plans = TwoPlans()
        try:
            progress(
                f"Building {settings.plans} plans: {settings.activities:,} activities, "
                f"{settings.updates:,} updates …"
            )
            build_portfolio(builder, settings, small, small_updates, authors)
            settle()
            plan = {**plan_counts(), "copies_disagreeing": copies_disagree()}
            plan["measured_plan_activities"] = benchmark_plan().activities.count()
            progress(f"Measuring pages at {small} and {settings.activities:,} activities …")
            pages = measure_pages(client, plans, settings.repeat)
        finally:
            plans.close()
        progress(f"Measuring an import of {settings.rows:,} rows …")
        imports = measure_import(settings.rows, settings.file_repeat, admin)
        progress("Measuring the plan export …")
        exports = measure_export(settings.file_repeat, benchmark_plan())
        vendor = connection.vendor
    return figures(settings, plan, vendor, pages, imports, exports)


def figures(settings, plan, vendor, pages, imports, exports):
    medians_ms = {name: seconds * 1000 for name, seconds in pages["times"].items()}
    medians_ms.update({name: imports[name] * 1000 for name in imports if name != "peak_mb"})
    medians_ms.update(export=exports["export"] * 1000, write=exports["write"] * 1000)

    def ratio(a: str, b: str) -> float:
        return round(medians_ms[a] / medians_ms[b], 3)

    return {
        "database": vendor,
        "settings": dataclasses.asdict(settings),
        "plan": plan,
        "queries": pages["queries"]["at_n"],
        "queries_at_100": pages["queries"]["at_100"],
        "list_vs_admin": ratio("activities_list_at_n", "admin_change_list_at_n"),
        "list_scaling": ratio("activities_list_at_n", "activities_list_at_100"),
        "dashboard_scaling": ratio("dashboard_at_n", "dashboard_at_100"),
        "overdue_scaling": ratio("overdue_review_at_n", "overdue_review_at_100"),
        # No target: the pack reads the whole plan (every activity's status then and now), the
        # overdue review one page of it; the figure says how much more a meeting's pack costs.
        "pack_vs_overdue": ratio("meeting_pack_at_n", "overdue_review_at_n"),
        "import_vs_read": ratio("import", "read"),
        # No target: the same import ÷ python-calamine reading the same cells (the reading floor).
        "import_vs_calamine": ratio("import", "read_calamine"),
        # No target: the same import on a file laid out as Excel saves it (see with_dimension).
        "import_vs_read_excel_layout": ratio("import_excel_layout", "read_excel_layout"),
        "export_vs_write": ratio("export", "write"),
        "import_peak_mb": round(imports["peak_mb"], 1),
        "memory_method": "tracemalloc: peak Python allocations during one untimed import",
        "medians_ms": {name: round(value, 2) for name, value in medians_ms.items()},
    }
