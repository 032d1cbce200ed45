"""Filters for the activities list and the overdue review: what each GET parameter means.

Parameters (shareable in links): q, theme (id), owner (owner role id), status (repeatable Status
value), due_after and due_before (dates), overdue=1, stale=1.
"""

from django_filters import (
    BooleanFilter,
    CharFilter,
    DateFilter,
    FilterSet,
    ModelChoiceFilter,
    MultipleChoiceFilter,
)
from django_filters import fields as filter_fields

from django import forms
from django.conf import settings
from django.forms.models import ModelChoiceIterator

from activities import clock
from activities.forms import GovukFormMixin
from activities.models import Activity, Plan, Status, Theme
from owners.models import OwnerRole

DATE_ERROR = "{label} must be a real date, for example 31/3/2024 or 2024-03-31"


class ChoicesInOneQuery(ModelChoiceIterator):
    """A select's model choices read with one ordinary query.

    Django reads them with queryset.iterator(), which on PostgreSQL is a server-side cursor:
    DECLARE, FETCH, an empty FETCH and CLOSE, four round trips for a few dozen themes or roles.
    The empty and null choices come first, as in Django's and django-filter's iterators."""

    def __iter__(self):
        field = self.field
        if field.empty_label is not None:
            yield ("", field.empty_label)
        if getattr(field, "null_label", None) is not None:  # django-filter's fields have one
            yield (field.null_value, field.null_label)
        for instance in self.queryset.all():
            yield self.choice(instance)


class OneQueryModelChoiceField(forms.ModelChoiceField):
    iterator = ChoicesInOneQuery


class OneQueryFilterField(filter_fields.ModelChoiceField):
    iterator = ChoicesInOneQuery


class OneQueryModelChoiceFilter(ModelChoiceFilter):
    field_class = OneQueryFilterField


class ActivityFilterForm(GovukFormMixin, forms.Form):
    """The filter panel: every field is drawn by templates/forms/field.html, in declaration order."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read per request, not at import, so the hint follows the setting.
        self.fields["stale"].help_text = f"No status update for {settings.PLAN_STALE_DAYS} days"

    def clean(self):
        cleaned = super().clean()
        after, before = cleaned.get("due_after"), cleaned.get("due_before")
        if after and before and after > before:
            self.add_error(
                "due_before", "The ‘due by’ date must be the same as or after the ‘due from’ date"
            )
        return cleaned


def date_filter(label: str, example: str) -> DateFilter:
    return DateFilter(
        method="filter_due",
        label=label,
        help_text=f"For example, {example}",
        error_messages={"invalid": DATE_ERROR.format(label=label)},
        widget=forms.TextInput(attrs={"autocomplete": "off", "class": "govuk-input--width-10"}),
    )


def yes_only_filter(method: str, label: str, help_text: str = "") -> BooleanFilter:
    """A small checkbox sent as name=1 when ticked; unticked filters nothing."""
    return BooleanFilter(
        method=method,
        label=label,
        help_text=help_text,
        widget=forms.CheckboxInput(attrs={"value": "1"}),
    )


class ActivityFilter(FilterSet):
    q = CharFilter(
        method="filter_search",
        label="Search",
        help_text="Words from the activity, its reference or an owner role",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    theme = OneQueryModelChoiceFilter(queryset=Theme.objects.all(), empty_label="All themes")
    owner = OneQueryModelChoiceFilter(
        queryset=OwnerRole.objects.all(),
        method="filter_owner",
        label="Owner role",
        empty_label="All owner roles",
    )
    status = MultipleChoiceFilter(
        field_name="current_status",
        label="Status",
        choices=Status.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    due_after = date_filter("Due from", "1/4/2024")
    due_before = date_filter("Due by", "31/3/2025")
    overdue = yes_only_filter("filter_overdue", "Overdue only", "A milestone’s due date has passed")
    stale = yes_only_filter("filter_stale", "Stale only")  # its hint names PLAN_STALE_DAYS

    class Meta:
        model = Activity
        fields = ["q", "theme", "owner", "status", "due_after", "due_before", "overdue", "stale"]
        form = ActivityFilterForm

    def __init__(self, *args, plan=None, **kwargs):
        """`plan`: the plan the list shows, whose themes the theme filter offers."""
        super().__init__(*args, **kwargs)
        if plan is not None:
            self.filters["theme"].queryset = plan.themes.all()

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_owner(self, queryset, name, value):
        return queryset.for_roles([value])

    def filter_due(self, queryset, name, value):
        # Both dates are one window (a milestone due within it), applied once, not two bounds.
        after, before = (
            self.form.cleaned_data.get("due_after"),
            self.form.cleaned_data.get("due_before"),
        )
        if name == "due_before" and after:
            return queryset  # applied with due_after
        return queryset.due_between(after, before)

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue(clock.today()) if value else queryset

    def filter_stale(self, queryset, name, value):
        return queryset.stale(clock.now()) if value else queryset


class OverdueReviewFilterForm(GovukFormMixin, forms.Form):
    """Theme and owner role for the overdue review (GET), drawn by templates/forms/field.html.
    With a plan, its themes only."""

    theme = OneQueryModelChoiceField(
        queryset=Theme.objects.all(), required=False, empty_label="All themes"
    )
    owner = OneQueryModelChoiceField(
        queryset=OwnerRole.objects.all(),
        required=False,
        label="Owner role",
        empty_label="All owner roles",
    )

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        if plan is not None:
            self.fields["theme"].queryset = plan.themes.all()


class PlanFilterForm(GovukFormMixin, forms.Form):
    """A plan among `plans` (GET `plan`: its short name), for the pages across plans."""

    plan = OneQueryModelChoiceField(
        queryset=Plan.objects.none(),
        to_field_name="short_name",
        required=False,
        empty_label="All plans",
    )

    def __init__(self, *args, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans.order_by("title")


class OverdueAcrossPlansFilterForm(PlanFilterForm):
    """The overdue review across plans: a plan and an owner role (themes belong to one plan)."""

    owner = OneQueryModelChoiceField(
        queryset=OwnerRole.objects.all(),
        required=False,
        label="Owner role",
        empty_label="All owner roles",
    )
