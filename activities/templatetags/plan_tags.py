"""Template tags for plan pages: status tags (colour and words), milestone states, page ranges."""

from django import template
from django.utils.html import format_html

from activities.models import Status

register = template.Library()

# The one status -> colour mapping. The label is always printed, so colour never carries meaning
# alone. The dashboard's bar segments and key swatches carry the same class as the tag, and
# static/css/app.css gives each colour class (never a status) its colour. GOV.UK's default tag is
# already blue; "govuk-tag--blue" names that colour for the bar and the key.
STATUS_TAG_CLASSES = {
    Status.NOT_STARTED: "govuk-tag--grey",
    Status.ON_TRACK: "govuk-tag--green",
    Status.AT_RISK: "govuk-tag--orange",
    Status.OFF_TRACK: "govuk-tag--red",
    Status.COMPLETE: "govuk-tag--blue",
    Status.WITHDRAWN: "govuk-tag--purple",
}

MILESTONE_STATE_CLASSES = {
    "complete": "",
    "overdue": "govuk-tag--red",
    "due": "govuk-tag--grey",
    "ongoing": "govuk-tag--teal",
}


@register.filter
def status_colour_class(value) -> str:
    """The colour class of a status ("govuk-tag--green"): for its tag, bar segment and key swatch."""
    try:
        return STATUS_TAG_CLASSES[Status(value)]
    except ValueError:
        return "govuk-tag--grey"


def status_label(value) -> str:
    try:
        return Status(value).label
    except ValueError:
        return str(value or "Unknown")


@register.simple_tag
def status_tag(value):
    """`{% status_tag activity.current_status %}` -> <strong class="govuk-tag govuk-tag--green">On track</strong>."""
    return format_html(
        '<strong class="govuk-tag {}">{}</strong>', status_colour_class(value), status_label(value)
    )


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
