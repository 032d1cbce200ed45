"""What an import can say about its input: row-level problems, and errors that stop the whole file."""

from dataclasses import asdict, dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"  # the file cannot be imported until this is fixed
    WARNING = "warning"  # imported, but a person should look (nothing is lost)


class Code(StrEnum):
    """Kinds of problem a caller may treat differently (e.g. create_roles waives UNKNOWN_OWNER)."""

    UNKNOWN_OWNER = "unknown-owner"
    UNKNOWN_STATUS = "unknown-status"  # a status word to choose a meaning for (once per word)
    UNCERTAIN_DATE = "uncertain-date"  # a date read under a stated assumption (e.g. UK order)
    UNREADABLE_TIMESCALE = "unreadable-timescale"
    INVALID_VALUE = "invalid-value"
    DUPLICATE_REFERENCE = "duplicate-reference"
    MISSING_VALUE = "missing-value"
    LAYOUT = "layout"
    UNCERTAIN_MATCH = "uncertain-match"  # a row without a reference matches no one activity


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one cell (or row) of the input, where a person can find it."""

    sheet: str
    row: int
    column: str
    message: str
    severity: Severity = Severity.ERROR
    code: Code = Code.INVALID_VALUE

    @property
    def is_error(self) -> bool:
        return self.severity == Severity.ERROR

    def blocks(self, *, create_roles: bool = False) -> bool:
        """Whether this stops the import; unknown owners do not when the roles will be created."""
        return self.is_error and not (create_roles and self.code == Code.UNKNOWN_OWNER)

    def as_dict(self) -> dict:
        values = asdict(self)
        values["severity"] = str(self.severity)
        values["code"] = str(self.code)
        return values

    def describe(self, file_name: str) -> str:
        """'plan.txt, Table 2, line 40, Owner(s): error: …' — for people reading a terminal."""
        return (
            f"{file_name}, {self.sheet}, row {self.row}, {self.column}: "
            f"{self.severity}: {self.message}"
        )


class PlanFileError(Exception):
    """The file as a whole cannot be read as a plan (missing, too large, no table, too many rows)."""
