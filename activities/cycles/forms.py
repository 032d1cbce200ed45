"""Forms for reporting cycles: a plan's cycle (administrators) and a person's mail choices."""

from django import forms
from django.contrib.auth import get_user_model

from activities import groups
from activities.forms import GovukFormMixin
from activities.models import MailPreference, ReportingCycle


class ReportingCycleForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = ReportingCycle
        fields = [
            "frequency",
            "starts_on",
            "deadline_working_days",
            "reminder_working_days",
            "grace_working_days",
            "chair",
            "copy_late_to_chair",
            "paused",
        ]
        widgets = {
            "frequency": forms.RadioSelect,
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        labels = {
            "deadline_working_days": "Deadline (working days before the period’s last working day)",
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
        self.fields["chair"].empty_label = "No chair"
        for name in ("deadline_working_days", "reminder_working_days", "grace_working_days"):
            self.fields[name].widget.attrs.update(
                {"class": "govuk-input govuk-input--width-2", "inputmode": "numeric"}
            )

    def clean(self):
        data = super().clean()
        if data.get("copy_late_to_chair") and not data.get("chair"):
            self.add_error("chair", "Choose the chair who should get the list of late updates.")
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
