"""A person's choices for values the importer does not know: status words and owner names.

Pure: applied to the raw rows before they are validated (choose_values), and to the roles the
owner matcher knows (with_owner_aliases). Where the vocabulary of status words lives is
rows.status_from_file; this module only asks it whether a word is known (is_known_status).
"""

from dataclasses import dataclass, field, replace

from activities.importing.raw import RawCell, RawPlan, RawRow
from activities.importing.rows import status_from_file
from activities.models.status import Status
from owners.parsing import KnownRole

AS_COMMENTARY = "commentary"  # a status word's choice: keep the words as the row's commentary
NEW_ROLE = ""  # an owner's choice: create a new owner role spelt as in the file


def is_known_status(text: str) -> bool:
    return status_from_file(text) is not None


def value_key(text: str) -> str:
    return " ".join(text.split()).casefold()


@dataclass(frozen=True)
class ValueChoices:
    statuses: dict[str, str] = field(default_factory=dict)  # word -> Status value or AS_COMMENTARY
    owners: dict[str, str] = field(default_factory=dict)  # owner text -> role title or NEW_ROLE

    @classmethod
    def from_json(cls, data: dict | None) -> "ValueChoices":
        data = data or {}
        return cls(dict(data.get("statuses", {})), dict(data.get("owners", {})))

    def as_json(self) -> dict:
        return {"statuses": self.statuses, "owners": self.owners}

    def aliases(self) -> dict[str, str]:
        """owner text key -> the existing role title it is another name for."""
        return {key: title for key, title in self.owners.items() if title != NEW_ROLE}


def unknown_status_words(raw: RawPlan) -> list[str]:
    """Status cells the vocabulary does not know, once each, in the order first met."""
    seen: dict[str, str] = {}
    for row in raw.rows:
        written = row.value("status")
        if written and not is_known_status(written):
            seen.setdefault(value_key(written), written)
    return list(seen.values())


def choose_values(raw: RawPlan, choices: ValueChoices) -> RawPlan:
    """The raw rows with each chosen status word replaced by its status, or moved to commentary."""
    if not choices.statuses:
        return raw
    statuses = {value_key(word): chosen for word, chosen in choices.statuses.items()}
    return replace(raw, rows=tuple(chosen_row(row, statuses) for row in raw.rows))


def chosen_row(row: RawRow, statuses: dict[str, str]) -> RawRow:
    cell = row.cells.get("status")
    chosen = statuses.get(value_key(cell.value)) if cell and cell.value else None
    if chosen is None or (chosen != AS_COMMENTARY and chosen not in Status.values):
        return row
    cells = dict(row.cells)
    if chosen == AS_COMMENTARY:
        del cells["status"]
        before = cells.get("commentary")
        text = f"{cell.value}\n{before.value}" if before and before.value else cell.value
        cells["commentary"] = RawCell(text, cell.row, cell.column, cell.letter)
    else:
        cells["status"] = cell._replace(value=chosen)
    return replace(row, cells=cells)


def with_owner_aliases(roles: list[KnownRole], choices: ValueChoices) -> list[KnownRole]:
    """The known roles plus the owner names a person said are other names for them."""
    extra: dict[str, list[str]] = {}
    for key, title in choices.aliases().items():
        extra.setdefault(title.casefold(), []).append(key)
    return [
        replace(role, aliases=(*role.aliases, *extra.get(role.title.casefold(), ())))
        for role in roles
    ]
