"""The mapping step and the preview’s value choices ask the database a bounded number of queries,
whatever the file's size."""

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile

from activities.models import PendingImport
from tests.activities.importing.spreadsheets import write_workbook
from tests.factories import TEST_PLAN, default_plan, make_role

pytestmark = pytest.mark.django_db

HEADER = ("Ref", "Action Measure", "Task Owner", "Timeframe", "Status")


def tracker(rows: int):
    return [HEADER] + [
        (str(n), f"Action {n}", f"Team {n % 7}", "March 2030", f"Word {n % 5}")
        for n in range(1, rows + 1)
    ]


@pytest.fixture
def admin_client(client, administrator):
    make_role("Inspector")
    default_plan()
    client.force_login(administrator)
    return client


@pytest.mark.parametrize("rows", [3, 300])
def test_the_mapping_and_preview_pages_query_the_database_a_bounded_number_of_times(
    admin_client, tmp_path, rows, django_assert_max_num_queries
):
    data = write_workbook(tmp_path / "t.xlsx", tracker(rows)).read_bytes()
    admin_client.post(
        "/import/", {"plan": TEST_PLAN, "plan_file": SimpleUploadedFile("t.xlsx", data)}
    )
    pending = PendingImport.objects.get()
    with django_assert_max_num_queries(17):
        assert admin_client.get(f"/import/{pending.pk}/columns/").status_code == 200
    admin_client.post(
        f"/import/{pending.pk}/columns/",
        {
            f"column_{i}": f
            for i, f in enumerate(("reference", "activity", "owners", "timescale", "status"))
        },
    )
    with django_assert_max_num_queries(19):
        page = admin_client.get(f"/import/{pending.pk}/")
    assert page.status_code == 200
    assert "“Team 1” is" in page.content.decode() and "“Word 1” means" in page.content.decode()
