"""The benchmark's two reading baselines read the same cells: openpyxl's read-only iteration and
python-calamine (the floor import_vs_calamine is measured against)."""

import datetime

from activities.benchmark import baselines
from tests.activities.importing.spreadsheets import write_workbook


def test_calamine_and_openpyxl_baselines_count_the_same_cells(tmp_path):
    rows = [["Activity", "Owner", "Timescale"], ["We will.", None, datetime.date(2024, 5, 1)]]
    rows += [[f"We will {n}.", "X", n] for n in range(200)]
    path = write_workbook(tmp_path / "plan.xlsx", rows, sheets={"Notes": [["a", None, "b"]]})
    data = path.read_bytes()
    assert baselines.read_cells(data) == baselines.read_cells_calamine(data) == 3 + 2 + 600 + 2
