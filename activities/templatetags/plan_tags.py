"""Template tags for plan pages: status tags (colour and words), milestone states, page ranges."""

from django import template
from django.utils.html import format_html

from activities.models import Status

register = template.Library()

# GOV.UK tag colours; the label is always printed, so colour never carries meaning alone.
STATUS_TAG_CLASSES = {
    Status.NOT_STARTED: "govuk-tag--grey",
    Status.ON_TRACK: "govuk-tag--green",
    Status.AT_RISK: "govuk-tag--orange",
    Status.OFF_TRACK: "govuk-tag--red",
    Status.COMPLETE: "",  # the default GOV.UK tag is blue
    Status.WITHDRAWN: "govuk-tag--purple",
}

MILESTONE_STATE_CLASSES = {
    "complete": "",
    "overdue": "govuk-tag--red",
    "due": "govuk-tag--grey",
    "ongoing": "govuk-tag--teal",
}


def status_tag_class(value) -> str:
    try:
        modifier = STATUS_TAG_CLASSES[Status(value)]
    except ValueError:
        modifier = "govuk-tag--grey"
    return f"govuk-tag {modifier}".strip()


def status_label(value) -> str:
    try:
        return Status(value).label
    except ValueError:
        return str(value or "Unknown")


@register.simple_tag
def status_tag(value):
    """`{% status_tag activity.current_status %}` -> <strong class="govuk-tag govuk-tag--green">On track</strong>."""
    return format_html(
        '<strong class="{}">{}</strong>', status_tag_class(value), status_label(value)
    )


@register.filter
def status_display(value) -> str:
    return status_label(value)


@register.simple_tag
def milestone_state_tag(state: str):
    """A milestone's state (complete / overdue / due / ongoing) as a tag with its word."""
    modifier = MILESTONE_STATE_CLASSES.get(state, "govuk-tag--grey")
    return format_html(
        '<strong class="{}">{}</strong>', f"govuk-tag {modifier}".strip(), state.capitalize()
    )


@register.filter
def elided_page_range(page):
    """The page numbers a pagination bar shows: first, last, the current page and one either side,
    with Paginator.ELLIPSIS for the gaps."""
    return page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
