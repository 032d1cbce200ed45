"""A person's choices for values the importer does not know: status words and owner names.

Pure. Status choices are vocabulary.py's StatusMapping, which rows.validate_rows applies; owner
choices are added to the roles the owner matcher knows (with_owner_aliases) and kept as aliases
when the import is applied (pending.save_owner_aliases).
"""

from dataclasses import dataclass, field, replace

from activities.importing.vocabulary import COMMENTARY
from owners.parsing import KnownRole

AS_COMMENTARY = COMMENTARY  # a status word's choice: keep the words as the row's commentary
NEW_ROLE = ""  # an owner's choice: create a new owner role spelt as in the file


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


def with_owner_aliases(roles: list[KnownRole], choices: ValueChoices) -> list[KnownRole]:
    """The known roles plus the owner names a person said are other names for them."""
    extra: dict[str, list[str]] = {}
    for key, title in choices.aliases().items():
        extra.setdefault(title.casefold(), []).append(key)
    return [
        replace(role, aliases=(*role.aliases, *extra.get(role.title.casefold(), ())))
        for role in roles
    ]
