"""The forms of the meetings pages: a new meeting, and the chair's note or action."""

from django import forms

from activities.forms import GovukFormMixin, text_limit
from activities.models import Activity, Meeting, MeetingNote, Plan

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d %m %Y", "%d %B %Y"]


def date_field(label: str, **extra) -> forms.DateField:
    return forms.DateField(
        label=label,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "invalid": f"Enter {label.lower()} as a real date, for example 2024-03-05."
        },
        **extra,
    )


class MeetingForm(GovukFormMixin, forms.Form):
    title = forms.CharField(
        label="Meeting", max_length=200, help_text="For example, “Performance board”."
    )
    date = date_field("Meeting date", help_text="For example, 2024-03-05.")
    chair = forms.CharField(label="Chair", max_length=200, help_text="Who chairs the meeting.")
    plans = forms.ModelMultipleChoiceField(
        label="Plans it reviews",
        queryset=Plan.objects.current(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose the plan or plans the meeting reviews."},
    )
    previous = forms.ModelChoiceField(
        label="Previous meeting of this series",
        queryset=Meeting.objects.all(),
        required=False,
        empty_label="None: this is the first meeting",
        help_text="Its pack shows what changed since then.",
    )
    compare_from = date_field(
        "Compare with",
        required=False,
        help_text="For a first meeting only: the pack shows what changed since this date.",
    )

    def clean(self):
        data = super().clean()
        if (
            not data.get("previous")
            and not data.get("compare_from")
            and "compare_from" not in self.errors
        ):
            self.add_error(
                "compare_from",
                "Enter the date to compare with, or choose the previous meeting.",
            )
        return data


class MeetingNoteForm(GovukFormMixin, forms.Form):
    """A note or action against an activity of one of the meeting's plans, named by reference."""

    plan = forms.ChoiceField(label="Plan")
    reference = forms.CharField(
        label="Activity reference", max_length=20, help_text="As in the pack, for example 2.1."
    )
    kind = forms.ChoiceField(
        label="Note or action",
        choices=MeetingNote.Kind.choices,
        widget=forms.RadioSelect,
        initial=MeetingNote.Kind.NOTE,
    )
    text = forms.CharField(
        label="What the meeting noted or asked for",
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[text_limit("The note")],
    )

    def __init__(self, *args, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.plans = {plan.short_name: plan for plan in plans}
        self.fields["plan"].choices = [(p.short_name, p.title) for p in self.plans.values()]
        if len(self.plans) == 1:
            self.fields["plan"].widget = forms.HiddenInput()
            self.fields["plan"].initial = next(iter(self.plans))

    def clean(self):
        data = super().clean()
        plan, reference = self.plans.get(data.get("plan")), data.get("reference", "").strip()
        if plan is None or not reference:
            return data
        data["activity"] = Activity.objects.filter(plan=plan, reference=reference).first()
        if data["activity"] is None:
            self.add_error("reference", f"{plan.title} has no activity {reference}.")
        return data
