"""Two people import the same file at once, each from their own preview: one applies, the other is
told the plan changed (never a 500, never twice the activities). Real threads, each with its own
database connection: on PostgreSQL in the test database, on SQLite in a file database of its own
(the test runner's in-memory SQLite answers "table is locked" at once instead of waiting)."""

import json
import os
import subprocess
import sys
import threading

import pytest

from django.conf import settings
from django.db import connection

from activities.importing.apply import PreviewOutOfDateError, apply_preview
from activities.models import Activity, ImportRun
from tests.activities.importing.support import preview_of
from tests.factories import make_role, make_theme

FILE = "What we will deliver 2022 – 2024:\nActivity |\nOwner(s) |\nTimescale |\n" + "".join(
    f"We will do new thing {n}. |\nACC Local Policing |\nMarch 2025 |\n" for n in range(1, 6)
)


def race_two_imports() -> dict:
    """Both preview the same new activities (so the same generated references), then both apply."""
    make_theme("Local policing", position=1)
    make_role("ACC Local Policing")
    both_previewed = threading.Barrier(2, timeout=30)
    outcomes = []

    def import_in_its_own_connection():
        try:
            preview = preview_of(FILE)
            both_previewed.wait()
            apply_preview(preview, file_name="plan.txt", sha256="0" * 64)
            outcomes.append("applied")
        except PreviewOutOfDateError:
            outcomes.append("out of date")
        except Exception as error:  # anything else is the failure this test looks for
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=import_in_its_own_connection) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return {
        "outcomes": sorted(outcomes),
        "references": sorted(Activity.objects.values_list("reference", flat=True)),
        "runs": ImportRun.objects.count(),
    }


EXPECTED = {
    "outcomes": ["applied", "out of date"],
    "references": [f"1.{n}" for n in range(1, 6)],
    "runs": 1,
}

IN_A_FILE_DATABASE = """
import json, django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from tests.activities.importing.test_concurrent_imports import race_two_imports
print(json.dumps(race_two_imports()))
"""


@pytest.mark.django_db(transaction=True)
def test_two_imports_of_the_same_new_activities_apply_once(tmp_path):
    if connection.vendor != "sqlite":
        assert race_two_imports() == EXPECTED
        return
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'race.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "engagement_plan.settings",
    }
    finished = subprocess.run(
        [sys.executable, "-c", IN_A_FILE_DATABASE],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert finished.returncode == 0, finished.stderr[-3000:]
    assert json.loads(finished.stdout.splitlines()[-1]) == EXPECTED
