"""Forms for managing plans: a plan's own fields, closing or reopening it, starting its successor."""

from itertools import groupby

from django import forms
from django.core.exceptions import ValidationError

from activities import services
from activities.forms import GovukFormMixin
from activities.models import Plan

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PlanFieldsForm(GovukFormMixin, forms.Form):
    """Title, short name, organisation and period: the fields a plan is created and edited with."""

    title = forms.CharField(
        max_length=Plan._meta.get_field("title").max_length,
        help_text="As the plan is published, e.g. “Equality, diversity and inclusion plan”.",
    )
    short_name = forms.SlugField(
        label="Short name",
        required=False,
        max_length=Plan._meta.get_field("short_name").max_length,
        help_text="Names the plan in addresses and commands: lower-case letters, digits and "
        "hyphens, e.g. “equality-2024-2027”. Leave empty to make one from the title.",
    )
    organisation = forms.CharField(
        label="Organisation or owning team",
        required=False,
        max_length=Plan._meta.get_field("organisation").max_length,
    )
    starts_on = forms.DateField(label="Start date", required=False, widget=DATE_WIDGET)
    ends_on = forms.DateField(label="End date", required=False, widget=DATE_WIDGET)

    plan: Plan | None = None  # the plan being edited, which may keep its own title

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "The end date must be on or after the start date.")
        others = Plan.objects.exclude(pk=self.plan.pk) if self.plan else Plan.objects.all()
        title, short_name = data.get("title", "").strip(), data.get("short_name")
        if title and others.filter(title__iexact=title).exists():
            self.add_error(
                "title", f"There is a plan titled “{title}” already. Choose another title."
            )
        if short_name and others.filter(short_name=short_name).exists():
            self.add_error(
                "short_name", f"Another plan has the short name “{short_name}”. Choose another."
            )
        return data

    def plan_fields(self) -> services.PlanFields:
        data = self.cleaned_data
        return services.PlanFields(
            title=data["title"],
            short_name=data["short_name"],
            organisation=data["organisation"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
        )

    def add_service_errors(self, error: ValidationError) -> None:
        """A service's refusal, each message beside the field it names."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error.messages)
            return
        for field, problems in error.message_dict.items():
            self.add_error(field if field in self.fields else None, problems)


class PlanSettingsForm(PlanFieldsForm):
    """Editing a plan: the version it was opened at travels with the form (lost-update check)."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["short_name"].required = True
        self.fields[
            "short_name"
        ].help_text = (
            "Names the plan in addresses and commands: lower-case letters, digits and hyphens."
        )
        if plan.activities.exists():
            self.fields["short_name"].disabled = True
            self.fields["short_name"].help_text = services.plans.SHORT_NAME_FIXED

    @staticmethod
    def initial_for(plan: Plan) -> dict:
        names = ("title", "short_name", "organisation", "starts_on", "ends_on", "version")
        return {name: getattr(plan, name) for name in names}


class PlanStateForm(forms.Form):
    """Close or reopen: only the version the page showed."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class CarryCheckboxes(forms.CheckboxSelectMultiple):
    """The open activities as checkboxes under their themes' headings (choices grouped by theme)."""

    template_name = "activities/includes/carry_checkboxes.html"


class SuccessorForm(PlanFieldsForm):
    """A successor plan's fields and the open activities it carries (none ticked at first)."""

    carried = forms.ModelMultipleChoiceField(
        label="Open activities to carry into the new plan",
        queryset=None,
        required=False,
        widget=CarryCheckboxes,
        help_text="Only the activities you tick are carried, each with its reference, "
        "commitment, owner roles, timescale, milestones and status.",
    )
    close_predecessor = forms.BooleanField(
        required=False, label="Close the earlier plan once the successor is started"
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = list(candidates)
        field = self.fields["carried"]
        field.queryset = candidates  # what validation reads; the choices below are what shows
        field.choices = [
            (theme, [(activity.pk, carry_label(activity)) for activity in group])
            for theme, group in groupby(self.candidates, key=lambda a: a.theme.title)
        ]

    def successor(self) -> services.Successor:
        fields = self.plan_fields()
        return services.Successor(
            title=fields.title,
            short_name=fields.short_name,
            organisation=fields.organisation,
            starts_on=fields.starts_on,
            ends_on=fields.ends_on,
        )


def carry_label(activity) -> str:
    text = activity.text if len(activity.text) <= 140 else f"{activity.text[:138]}…"
    return f"{activity.reference} ({activity.get_current_status_display()}): {text}"
