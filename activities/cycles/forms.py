"""Forms for reporting cycles: a plan's cycle (administrators) and a person's mail choices."""

from django import forms
from django.contrib.auth import get_user_model

from activities import groups
from activities.forms import GovukFormMixin
from activities.models import MailPreference, Meeting, ReportingCycle
from activities.models.cycles import series_of_plan


def series_label(meetings: list[Meeting]) -> str:
    first, count = meetings[0], len(meetings)
    return (
        f"{first.title} (from {first.date.day} {first.date:%B %Y}, "
        f"{count} meeting{'' if count == 1 else 's'} so far)"
    )


class ReportingCycleForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = ReportingCycle
        fields = [
            "frequency",
            "starts_on",
            "deadline_working_days",
            "reminder_working_days",
            "grace_working_days",
            "meeting_series",
            "chair",
            "copy_late_to_chair",
            "paused",
        ]
        widgets = {
            "frequency": forms.RadioSelect,
            "meeting_series": forms.RadioSelect,
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        labels = {
            "deadline_working_days": "Deadline (working days before the period’s last working "
            "day: the meeting’s, before each meeting)",
            "meeting_series": "Meeting series (before each meeting only)",
            "reminder_working_days": "Reminder (working days before the deadline)",
            "grace_working_days": "Grace period (working days after the deadline)",
            "chair": "Chair of the plan’s meeting",
            "paused": "Pause this cycle: send no mail",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["frequency"].choices = ReportingCycle.Frequency.choices
        # The chair is an ACC: a reviewer (or an administrator), an active account.
        self.fields["chair"].queryset = (
            get_user_model()
            .objects.filter(
                is_active=True, groups__name__in=[groups.REVIEWERS, groups.ADMINISTRATORS]
            )
            .distinct()
            .order_by("last_name", "first_name", "username")
        )
        self.fields["chair"].label_from_instance = lambda u: u.get_full_name() or u.username
        self.fields["chair"].help_text = (
            "Before each meeting, the list goes to the chair of each meeting when their account "
            "is found by name (for example “ACC Jordan Reid”), otherwise to this person."
        )
        self._offer_series()
        self.fields["chair"].empty_label = "No chair"
        for name in ("deadline_working_days", "reminder_working_days", "grace_working_days"):
            self.fields[name].widget.attrs.update(
                {"class": "govuk-input govuk-input--width-2", "inputmode": "numeric"}
            )

    def _offer_series(self):
        """The plan's meeting series, each named by its first meeting reviewing the plan."""
        series = series_of_plan(self.instance.plan)
        self.fields["meeting_series"].queryset = Meeting.objects.filter(pk__in=series).order_by(
            "date", "pk"
        )
        self.fields["meeting_series"].label_from_instance = lambda m: series_label(series[m.pk])
        self.fields["meeting_series"].empty_label = None
        self.fields["meeting_series"].help_text = (
            "Each period runs from the day after one meeting of the series to the next meeting. "
            "A series is a meeting and those after it that name it as their previous meeting."
            if series
            else "This plan has no meetings yet: add its meeting first to report before each one."
        )

    def clean(self):
        data = super().clean()
        before_meetings = data.get("frequency") == ReportingCycle.Frequency.BEFORE_MEETING
        if data.get("copy_late_to_chair") and not data.get("chair") and not before_meetings:
            self.add_error("chair", "Choose the chair who should get the list of late updates.")
        if before_meetings:
            if not data.get("meeting_series") and "meeting_series" not in self.errors:
                self.add_error("meeting_series", "Choose the meeting series the updates are for.")
        else:
            data["meeting_series"] = None
        return data


class MailPreferenceForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = MailPreference
        fields = ["requests", "reminders", "late_notices"]
        help_texts = {
            "requests": "Sent when a reporting period opens. If you hold a lead owner role you "
            "always receive them, whatever you choose here.",
            "reminders": "Sent a few working days before the deadline, listing only what you "
            "have not yet updated.",
            "late_notices": "Sent after the deadline for anything still not updated.",
        }
