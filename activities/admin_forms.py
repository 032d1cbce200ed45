"""The admin's forms for an activity: the version it was opened at, a re-baseline's preview and
reason, milestone rows checked against their own words, and the refusals the services raise."""

from django import forms
from django.core.exceptions import ValidationError

from activities import services
from activities.forms import text_limit
from activities.models import Activity
from activities.rebaselining import due_after_label, label_changed, rebaseline
from activities.timescales import MilestoneSpec


class ActivityAdminForm(forms.ModelForm):
    # The version the editor saw: activity_update refuses the save if someone changed it since.
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    text = forms.CharField(
        label="Commitment", widget=forms.Textarea, validators=[text_limit("The commitment")]
    )
    # A changed timescale is shown first (the previewed label comes back here), then saved with a reason.
    rebaseline_previewed = forms.CharField(widget=forms.HiddenInput, required=False)
    rebaseline_reason = forms.CharField(
        label="Why is the timescale changing?",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        validators=[text_limit("The reason")],
        help_text="Only when you change the timescale: recorded in the history.",
    )
    # A refusal from the services on a first try; the admin shows it as this form's error.
    service_refusal: Exception | None = None

    class Meta:
        model = Activity
        fields = ["reference", "theme", "position", "text", "timescale_label", "ongoing"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.rebaseline_plan = None
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version
            self.fields["expected_version"].required = True

    def clean(self):
        cleaned_data = super().clean()
        if isinstance(self.service_refusal, services.ConcurrentChangeError):
            raise forms.ValidationError(self.service_refusal.message)
        if isinstance(self.service_refusal, ValidationError):
            raise forms.ValidationError(self.service_refusal.messages)
        self.check_reference_free(cleaned_data)
        if self.instance.pk and "timescale_label" in cleaned_data:
            self.check_rebaseline(cleaned_data)
        return cleaned_data

    def check_reference_free(self, cleaned_data) -> None:
        """References are unique within a plan (the theme's): say so before the service refuses."""
        reference, theme = cleaned_data.get("reference"), cleaned_data.get("theme")
        if not (reference and theme):
            return
        if self.instance.pk and theme.plan_id != self.instance.plan_id:
            self.add_error("theme", "Choose a theme of this activity’s own plan.")
            return
        taken = Activity.objects.filter(plan_id=theme.plan_id, reference=reference)
        if taken.exclude(pk=self.instance.pk).exists():
            self.add_error("reference", "This plan already has an activity with this reference.")

    def check_rebaseline(self, cleaned_data) -> None:
        old, new = self.instance.timescale_label, cleaned_data["timescale_label"]
        if not label_changed(old, new):
            return
        plan = rebaseline(stored_milestones(self.instance), old, new)
        if plan.problems:
            self.add_error("timescale_label", list(plan.problems))
        elif (
            cleaned_data.get("rebaseline_previewed") != plan.new_label
            or not cleaned_data.get("rebaseline_reason", "").strip()
        ):
            self.rebaseline_plan = plan
            self.data = self.data.copy()
            self.data[self.add_prefix("rebaseline_previewed")] = plan.new_label
            self.add_error(
                "rebaseline_reason",
                "Nothing is saved yet: check how the new timescale re-dates the milestones "
                "(shown above), give the reason it is changing, and save again.",
            )


def stored_milestones(activity: Activity) -> list[MilestoneSpec]:
    return [
        MilestoneSpec(m.label, m.due, completed=m.completed, completed_on=m.completed_on)
        for m in activity.milestones.all()
    ]


class PositionedInlineForm(forms.ModelForm):
    """Position may be left blank on a new row: it then goes after the others."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].required = False


class MilestoneInlineForm(PositionedInlineForm):
    def clean(self):
        data = super().clean()
        problem = due_after_label(data.get("label") or "", data.get("due"))
        if problem:
            self.add_error("due", problem)
        return data


def kept_rows(formset) -> list[dict]:
    """The inline rows that remain after the edit, in position order (blank positions last)."""
    rows = [
        (index, form.cleaned_data)
        for index, form in enumerate(formset.forms)
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]
    rows.sort(key=lambda row: (row[1].get("position") is None, row[1].get("position") or 0, row[0]))
    return [data for _, data in rows]
