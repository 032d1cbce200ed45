"""Template filters of the import preview."""

from django import template

from activities.importing import preview_report

register = template.Library()


@register.filter
def due_dates(entry) -> str:
    """'Q3 2025/26 → 31 Dec 2025' for a preview entry's milestones."""
    return preview_report.due_dates(entry)


@register.filter
def in_browser_words(message: str) -> str:
    """A problem's message without the command line's way round it (the page offers its own)."""
    return preview_report.in_browser_words(message)
