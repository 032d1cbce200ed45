"""What each event of a period sends, to whom: one message per person, never one per activity.

The people and activities come from activities.cycles.due (the one rule); this module decides who
wants which message (their MailPreference; a lead role's holder always gets requests) and renders
it (templates/mail/cycle_message.txt and .html) with absolute links from settings.SITE_URL.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from activities.cycles.chairs import late_list_recipient
from activities.cycles.due import activities_due_update, next_milestone, who_is_asked, with_holders
from activities.cycles.schedule import Period
from activities.models import CycleMessage, MailPreference, ReportingCycle

Event = CycleMessage.Event
SUBJECTS = {
    Event.REQUEST: "Update needed by {deadline}: {plan}, {period}",
    Event.REMINDER: "Reminder: your update is due by {deadline}: {plan}, {period}",
    Event.LATE: "Late: your update was due on {deadline}: {plan}, {period}",
    Event.CHAIR_COPY: "Late updates ({count}): {plan}, {period}",
}


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def sign_in_link(path: str) -> str:
    """An absolute link through the sign-in page (its ?next= brings a signed-in person straight
    on, see engagement_plan/urls.py)."""
    return absolute(reverse("login") + "?" + urlencode({"next": path}))


def update_link(activity) -> str:
    return sign_in_link(activity.get_absolute_url() + "#post-update")


def wants(preference: MailPreference | None, event: str, *, leads: bool) -> bool:
    """Whether a person receives this event's message. A lead role's holder cannot switch update
    requests off (the account page says so); everything else follows their choices."""
    if event == Event.REQUEST:
        return leads or preference is None or preference.requests
    if preference is None:
        return True
    return preference.reminders if event == Event.REMINDER else preference.late_notices


@dataclass
class Outgoing:
    """One message of one event, before it is sent."""

    cycle: ReportingCycle
    period: Period
    event: str
    person: object
    lead: list = field(default_factory=list)
    copied: list = field(default_factory=list)

    @property
    def address(self) -> str:
        return self.person.email

    @property
    def references(self) -> list[str]:
        return [activity.reference for activity in self.lead + self.copied]

    def subject(self) -> str:
        return SUBJECTS[self.event].format(
            deadline=f"{self.period.deadline.day} {self.period.deadline:%B %Y}",
            plan=self.cycle.plan.title,
            period=self.period.label,
            count=len(self.lead),
        )

    def describe(self) -> str:
        return (
            f"{self.cycle.plan.short_name} {self.period.label}: "
            f"{Event(self.event).label.lower()} to {self.address or self.person.get_username()} "
            f"({len(self.references)} activit{'y' if len(self.references) == 1 else 'ies'})"
        )

    def email(self, connection=None) -> EmailMultiAlternatives:
        context = self.context()
        message = EmailMultiAlternatives(
            subject=self.subject(),
            body=render_to_string("mail/cycle_message.txt", context),
            to=[self.address],
            connection=connection,
        )
        message.attach_alternative(
            render_to_string("mail/cycle_message.html", context), "text/html"
        )
        return message

    def context(self) -> dict:
        plan = self.cycle.plan
        return {
            # An ACC holding a lead role may only read the plan (the Reviewers group): say who posts.
            "can_post": self.person.has_perm("activities.post_status_update"),
            "event": self.event,
            "name": self.person.get_full_name() or self.person.get_username(),
            "plan": plan,
            "period": self.period,
            "lead": [item(activity) for activity in self.lead],
            "copied": [item(activity) for activity in self.copied],
            "page_url": sign_in_link(
                reverse(
                    "activities:cycle-period",
                    kwargs={"plan": plan.short_name, "starts_on": self.period.starts_on},
                )
            ),
            "preferences_url": sign_in_link(reverse("mail-preferences")),
        }


def item(activity) -> dict:
    """What a message says of one activity: its status, its next milestone, its update link."""
    links = list(activity.activity_owners.all())
    return {
        "reference": activity.reference,
        "text": activity.text if len(activity.text) <= 200 else activity.text[:199] + "…",
        "status": activity.get_current_status_display(),
        "next_milestone": next_milestone(activity),
        "lead_role": links[0].role.title if links else "",
        "holders": ", ".join(
            h.get_full_name() or h.get_username() for h in links[0].role.holders.all()
        )
        if links
        else "",
        "url": update_link(activity),
    }


def outgoing_for(cycle: ReportingCycle, period: Period, event: str) -> list[Outgoing]:
    """Every message this event of this period sends (whether or not sent already), from the
    activities still due an update at this moment: an update posted takes it out of the next one."""
    activities = list(with_holders(activities_due_update(cycle.plan, period)))
    asked = who_is_asked(activities)
    preferences = {
        preference.user_id: preference
        for preference in MailPreference.objects.filter(user__in=[a.person for a in asked])
    }
    messages = [
        Outgoing(cycle, period, event, a.person, a.lead, a.copied)
        for a in asked
        if wants(preferences.get(a.person.pk), event, leads=bool(a.lead))
    ]
    if event == Event.LATE and cycle.copy_late_to_chair and activities:
        chair, _ = late_list_recipient(cycle, period)
        if chair is not None and chair.is_active:
            messages.append(Outgoing(cycle, period, Event.CHAIR_COPY, chair, activities))
    return messages
