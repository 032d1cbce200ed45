"""Two people import the same file at once, each from their own preview: one applies, the other is
told the plan changed (never a 500, never twice the activities). Real threads, both databases."""

import threading

import pytest

from django.db import connection

from activities.importing.apply import PreviewOutOfDateError, apply_preview
from activities.models import Activity, ImportRun
from tests.activities.importing.support import preview_of
from tests.factories import make_role, make_theme

FILE = "".join(
    f"We will do new thing {n}. |\nACC Local Policing |\nMarch 2025 |\n" for n in range(1, 6)
)
HEADER = "What we will deliver 2022 – 2024:\nActivity |\nOwner(s) |\nTimescale |\n"


@pytest.mark.django_db(transaction=True)
def test_two_imports_of_the_same_new_activities_apply_once():
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        # Threads on the test runner's shared-cache in-memory SQLite get "table is locked" at
        # once instead of waiting (the file database in settings waits up to 20 s, IMMEDIATE).
        pytest.skip("needs PostgreSQL or a file SQLite test database")
    make_theme("Local policing", position=1)
    make_role("ACC Local Policing")
    both_previewed = threading.Barrier(2, timeout=30)
    outcomes = []

    def import_in_its_own_connection():
        try:
            preview = preview_of(HEADER + FILE)  # the same generated references: 1.1 … 1.5
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
    assert sorted(outcomes) == ["applied", "out of date"]
    assert Activity.objects.count() == 5
    assert ImportRun.objects.count() == 1
    assert sorted(Activity.objects.values_list("reference", flat=True)) == [
        f"1.{n}" for n in range(1, 6)
    ]
