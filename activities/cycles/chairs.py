"""Who receives a period's list of late updates: the chair of the period's meeting (before each
meeting), found by name among the accounts that may chair; otherwise the cycle's chosen chair."""

import re

from django.contrib.auth import get_user_model

from activities import groups
from activities.cycles.schedule import Period


def name_words(text: str) -> list[str]:
    return re.findall(r"[\w'’-]+", text.casefold())


def chair_candidates():
    """Accounts that may chair a plan's meeting: active reviewers and administrators (ACCs)."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=[groups.REVIEWERS, groups.ADMINISTRATORS])
        .distinct()
    )


def account_named(chair: str):
    """The one account a meeting's chair text names: its username, or a full name the text ends
    with (so "ACC Jordan Reid" is Jordan Reid). None when no account, or more than one, fits:
    never a guess."""
    words = name_words(chair)
    if not words:
        return None
    found = []
    for user in chair_candidates():
        full = name_words(user.get_full_name())
        if user.get_username().casefold() == chair.strip().casefold() or (
            full and words[-len(full) :] == full
        ):
            found.append(user)
    return found[0] if len(found) == 1 else None


def late_list_recipient(cycle, period: Period):
    """(The person to send the late list to or None, and why not the meeting's chair if not)."""
    if period.meeting is not None and period.meeting.chair:
        chair = account_named(period.meeting.chair)
        if chair is not None:
            return chair, ""
        reason = f"no single account is named “{period.meeting.chair}”"
        return (cycle.chair if cycle.chair_id else None), reason
    return (cycle.chair if cycle.chair_id else None), ""
