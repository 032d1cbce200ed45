"""Template filters for meeting packs, whose dates are ISO text (a pack is JSON, issued packs too)."""

from django import template

from activities.meetings import wording

register = template.Library()


@register.filter
def pack_date(text: str | None) -> str:
    """'2024-03-05' (or a moment) -> '5 March 2024'."""
    return wording.show_date(text)


@register.filter
def pack_moment(text: str | None) -> str:
    """'2024-03-05T10:00+00:00' -> '5 March 2024, 10:00'."""
    return wording.show_moment(text)


@register.filter
def since_lines(row: dict) -> list[str]:
    return wording.since_text(row)


@register.filter
def css_string(text: str) -> str:
    """Text as a CSS string's contents: backslash-escaped, so no quote or newline ends it."""
    return "".join(c if c.isalnum() or c in " ,.-–:()" else f"\\{ord(c):06x}" for c in str(text))
