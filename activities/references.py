"""What an activity reference may be: the one rule (model field, admin, import), and its repair.

A reference names its activity in URLs (/activities/1.4/), so it must be one safe path segment:
letters, digits, ".", "-" and "_", starting and ending with a letter or digit. That rules out
"/", "?", "#", "%", spaces, and the segments "." and ".." that browsers and servers collapse.
"""

import re

from django.core.exceptions import ValidationError

MAX_REFERENCE_LENGTH = 20
REFERENCE_PATTERN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?")
REFERENCE_RULE = (
    "use up to 20 letters, digits, dots (.), hyphens (-) or underscores (_), starting and ending "
    "with a letter or digit, for example “1.4”"
)


def is_valid_reference(value: str) -> bool:
    return len(value) <= MAX_REFERENCE_LENGTH and REFERENCE_PATTERN.fullmatch(value) is not None


def validate_reference(value: str) -> None:
    """The model field's validator (so every ModelForm and full_clean applies it)."""
    if not is_valid_reference(value):
        raise ValidationError(
            "“%(value)s” cannot be a reference: " + REFERENCE_RULE + ".",
            code="invalid_reference",
            params={"value": value},
        )


def url_safe_reference(reference: str, taken: set[str]) -> str:
    """A valid reference close to an invalid one ("1/2" -> "1-2", ".." -> "ref"), not in taken
    (case-folded references already used); for repairing what is already stored."""
    base = re.sub(r"[^A-Za-z0-9._-]+", "-", reference).strip("._-")[:MAX_REFERENCE_LENGTH]
    base = base.rstrip("._-") or "ref"
    candidate, number = base, 1
    while candidate.casefold() in taken:
        number += 1
        suffix = f"-{number}"
        candidate = base[: MAX_REFERENCE_LENGTH - len(suffix)].rstrip("._-") + suffix
    return candidate
