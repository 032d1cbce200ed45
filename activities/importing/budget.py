"""How much work reading one plan file may take: cells, text and seconds, counted while reading.

A file can pass every size check and still take minutes to read: a compact sheet of millions of
cells, or one cell referring to a huge shared string thousands of times. The readers charge
every cell they parse to a ReadBudget, which refuses (PlanFileError) as soon as the file has
cost more than its ReadLimits allow, so the refusal comes within seconds, naming the limit.
"""

import time
from dataclasses import dataclass, field

from activities.importing.problems import PlanFileError

TOO_BIG = (
    "Delete the rows and columns the plan does not use (or copy the plan alone into a new "
    "file) and import that."
)
CHECK_CLOCK_EVERY = 1_000  # cells between looks at the clock: cheap, and a few ms apart at most


@dataclass(frozen=True)
class ReadLimits:
    """The work one read may do. The defaults are settings.py's (test_import_limits checks)."""

    max_cells: int = 200_000  # a 5,000-row, 10-column plan is 50,000
    max_text_characters: int = 20_000_000
    max_shared_strings_bytes: int = 20 * 1024 * 1024
    max_shared_strings: int = 100_000  # a 5,000-row plan has 5,000 to 50,000
    max_seconds: float = 30.0


@dataclass
class ReadBudget:
    """One read's running count of cells and characters, and its deadline."""

    limits: ReadLimits
    file_name: str
    clock: object = time.monotonic
    cells: int = 0
    characters: int = 0
    deadline: float = field(init=False)
    next_check: int = field(init=False, default=CHECK_CLOCK_EVERY)

    def __post_init__(self):
        self.deadline = self.clock() + self.limits.max_seconds

    def charge(self, cells: int, characters: int, *, sheet: str | None, row: int) -> None:
        """Count cells parsed (and their text) at this row; refuse once past a limit."""
        self.cells += cells
        self.characters += characters
        if self.cells > self.limits.max_cells:
            raise self.refusal(
                f"more than {self.limits.max_cells:,} cells, the most an import reads",
                sheet=sheet,
                row=row,
            )
        if self.characters > self.limits.max_text_characters:
            raise self.refusal(
                f"more than {self.limits.max_text_characters:,} characters of text, the most an "
                "import reads",
                sheet=sheet,
                row=row,
            )
        if self.cells >= self.next_check:
            self.next_check = self.cells + CHECK_CLOCK_EVERY
            self.check_time(sheet=sheet, row=row)

    def check_time(self, *, sheet: str | None, row: int = 0) -> None:
        if self.clock() > self.deadline:
            raise self.refusal(
                f"reading took more than {self.limits.max_seconds:g} seconds, the import's time "
                "limit",
                sheet=sheet,
                row=row,
                advice="Try again when the system is less busy; if it happens again, "
                + TOO_BIG.lower(),
            )

    def refusal(self, what: str, *, sheet: str | None, row: int, advice=None) -> PlanFileError:
        where = f", sheet “{sheet}”" if sheet else ""
        stopped = f"; reading stopped at row {row:,}" if row else ""
        return PlanFileError(f"{self.file_name}{where}: {what}{stopped}. {advice or TOO_BIG}")
