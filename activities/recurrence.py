"""Words for work done on a cycle ("Quarterly", "every month") -> the cycle. Pure: no Django.

timescales.py reads them as ongoing work and keeps the cycle on the parsed result.
"""

import re

# Recurrence words -> the cycle kept on the parsed result.
RECURRENCES = {
    "daily": "daily",
    "weekly": "weekly",
    "fortnightly": "fortnightly",
    "monthly": "monthly",
    "bi-monthly": "every two months",
    "bimonthly": "every two months",
    "quarterly": "quarterly",
    "biannually": "six-monthly",
    "bi-annually": "six-monthly",
    "six-monthly": "six-monthly",
    "six monthly": "six-monthly",
    "half-yearly": "six-monthly",
    "half yearly": "six-monthly",
    "semi-annually": "six-monthly",
    "annually": "annually",
    "yearly": "annually",
    "per annum": "annually",
}
RECURRING_UNITS = {
    "day": "daily",
    "week": "weekly",
    "fortnight": "fortnightly",
    "two weeks": "fortnightly",
    "month": "monthly",
    "two months": "every two months",
    "quarter": "quarterly",
    "three months": "quarterly",
    "six months": "six-monthly",
    "half year": "six-monthly",
    "year": "annually",
    "twelve months": "annually",
}
RECURRENCE_PATTERN = (
    "(?:"
    + "|".join(
        re.escape(word).replace(r"\-", "[\\s-]?").replace(r"\ ", r"\s+")
        for word in sorted(RECURRENCES, key=len, reverse=True)
    )
    + r"|(?:every|each|per|once\s+a)\s+(?:"
    + "|".join(word.replace(" ", r"\s+") for word in sorted(RECURRING_UNITS, key=len, reverse=True))
    + "))"
)


def recurrence_of(text: str) -> str:
    """The cycle a matched recurrence phrase names: "Bi-annually" -> "six-monthly"."""
    words = " ".join(re.split(r"[\s-]+", text.casefold()))
    for word, cycle in RECURRENCES.items():
        if " ".join(re.split(r"[\s-]+", word)) == words:
            return cycle
    unit = words.split(" ", 1)[1].removeprefix("a ")  # "every quarter", "once a year"
    return RECURRING_UNITS[unit]
