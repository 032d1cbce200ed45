"""Forms for the plan pages: GOV.UK classes on every widget; forms validate, services write."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from activities import clock, services
from activities.models import MAX_TEXT_LENGTH, Activity, Milestone, Status, Theme
from activities.rebaselining import due_after_label
from activities.services.fields import text_too_long
from activities.timescales import MilestoneSpec
from owners.models import OwnerRole
from owners.parsing import OwnerMatcher

WIDGET_CLASSES = {
    "textarea": ("govuk-textarea", "govuk-textarea--error"),
    "select": ("govuk-select", "govuk-select--error"),
    "checkbox": ("govuk-checkboxes__input", ""),
    "radioselect": ("", ""),
    "checkboxselectmultiple": ("", ""),
}
DEFAULT_WIDGET_CLASSES = ("govuk-input", "govuk-input--error")


def text_limit(what: str):
    """A validator holding text to MAX_TEXT_LENGTH with the services' own message.

    Not the field's max_length: a browser's maxlength cuts pasted text silently."""

    def validate(value: str) -> None:
        if len(value.strip()) > MAX_TEXT_LENGTH:
            raise ValidationError(text_too_long(what, len(value.strip())), code="max_length")

    return validate


def widget_type(field) -> str:
    return field.widget.__class__.__name__.lower().removesuffix("input").removesuffix("widget")


class GovukFormMixin:
    """GOV.UK classes on widgets, error classes and aria-describedby after validation."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            base, _ = WIDGET_CLASSES.get(widget_type(field), DEFAULT_WIDGET_CLASSES)
            extra = field.widget.attrs.get("class", "")
            if base:
                field.widget.attrs["class"] = f"{base} {extra}".strip()

    def full_clean(self):
        super().full_clean()
        self.mark_errors()

    def add_error(self, field, error):
        super().add_error(field, error)
        if hasattr(self, "cleaned_data") and field is not None:
            self.mark_errors()

    def mark_errors(self):
        for name in self.errors:
            if name not in self.fields:
                continue
            widget = self.fields[name].widget
            _, error_class = WIDGET_CLASSES.get(
                widget_type(self.fields[name]), DEFAULT_WIDGET_CLASSES
            )
            classes = widget.attrs.get("class", "").split()
            if error_class and error_class not in classes:
                widget.attrs["class"] = " ".join([*classes, error_class])
            auto_id = self[name].auto_id
            described = [f"{auto_id}_helptext"] if self.fields[name].help_text else []
            widget.attrs["aria-describedby"] = " ".join([*described, f"{auto_id}-error"])


class SignInForm(GovukFormMixin, AuthenticationForm):
    pass


class StatusUpdateForm(GovukFormMixin, forms.Form):
    """A new status for an activity, with commentary and, optionally, the milestone it completes."""

    status = forms.ChoiceField(label="Status", choices=Status.choices, widget=forms.RadioSelect)
    commentary = forms.CharField(
        label="Commentary",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Required when the activity is at risk, off track or withdrawn: say why, and what happens next.",
        validators=[text_limit("The commentary")],
    )
    milestone = forms.ChoiceField(
        label="Did this update complete a milestone?", required=False, widget=forms.RadioSelect
    )
    completed_on = forms.DateField(
        label="When was the milestone completed?",
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d %m %Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Leave as today unless it was finished earlier. For example 2024-03-31.",
    )

    def __init__(self, *args, activity: Activity, **kwargs):
        kwargs.setdefault("prefix", "update")
        kwargs.setdefault(
            "initial",
            {"status": activity.current_status, "milestone": "", "completed_on": clock.today()},
        )
        super().__init__(*args, **kwargs)
        self.milestones = list(activity.milestones.all())
        self.open_milestones = [m for m in self.milestones if not m.completed]
        # A milestone completed since the page was shown stays a valid choice, so that the service
        # refuses the update and says who completed it, instead of the choice being dropped.
        posted = self.data.get(self.add_prefix("milestone")) if self.is_bound else None
        offered = [m for m in self.milestones if not m.completed or str(m.pk) == posted]
        self.fields["milestone"].choices = [
            *((str(m.pk), m.label) for m in offered),
            ("", "No milestone completed"),
        ]
        if not offered:
            del self.fields["milestone"], self.fields["completed_on"]

    def clean_milestone(self) -> Milestone | None:
        chosen = self.cleaned_data.get("milestone")
        return next((m for m in self.milestones if str(m.pk) == chosen), None)

    def clean(self):
        data = super().clean()
        if not data.get("milestone"):  # a date for no milestone means nothing
            data["completed_on"] = None
        return data


class ReviewCommentForm(GovukFormMixin, forms.Form):
    """A reviewer's comment on an activity; it does not change the status."""

    commentary = forms.CharField(
        label="Review comment",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        validators=[text_limit("The review comment")],
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "review")
        super().__init__(*args, **kwargs)


class ActivityForm(GovukFormMixin, forms.Form):
    """An activity's own fields; owners are role titles, one a line, lead first."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    text = forms.CharField(
        label="Commitment",
        widget=forms.Textarea(attrs={"rows": 5}),
        validators=[text_limit("The commitment")],
    )
    theme = forms.ModelChoiceField(label="Theme", queryset=Theme.objects.all(), empty_label=None)
    owners = forms.CharField(
        label="Owner roles",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One owner role a line, lead first. Use the role titles (or their aliases) from the admin; a plan’s own wording, such as “A & B”, works too.",
    )
    timescale_label = forms.CharField(
        label="Timescale",
        required=False,
        help_text="The plan’s own words, for example “Autumn 2024”.",
    )
    ongoing = forms.BooleanField(label="Ongoing work with no end date", required=False)

    def __init__(self, *args, plan, **kwargs):
        """`plan`: the activity's plan, whose themes are the choices (an activity stays in it)."""
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = plan.themes.all()

    def clean_owners(self) -> list[OwnerRole]:
        """Read with the importer's matcher, so owner text that imports can be typed here; a line
        break separates owners as a semicolon does in a plan file."""
        text = "; ".join(self.cleaned_data["owners"].splitlines())
        split = OwnerMatcher(OwnerRole.objects.known_roles()).split(text)
        if split.unmatched:
            raise forms.ValidationError(
                "Not an owner role: %(names)s. Check the spelling, or ask an administrator to add the role.",
                params={"names": ", ".join(f"“{name}”" for name in split.unmatched)},
            )
        if not split.titles:
            raise forms.ValidationError("Enter at least one owner role.")
        by_title = OwnerRole.objects.in_bulk(split.titles, field_name="title")
        return [by_title[title] for title in split.titles]

    @classmethod
    def initial_for(cls, activity: Activity) -> dict:
        return {
            "version": activity.version,
            "text": activity.text,
            "theme": activity.theme_id,
            "owners": "\n".join(role.title for role in activity.owner_roles()),
            "timescale_label": activity.timescale_label,
            "ongoing": activity.ongoing,
        }


class MilestoneForm(GovukFormMixin, forms.Form):
    label = forms.CharField(label="Milestone", required=False)
    due = forms.DateField(
        label="Due date",
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d %m %Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="For example 2024-03-31. Leave empty for ongoing work.",
    )
    complete = forms.BooleanField(label="Complete", required=False)
    completed_on = forms.DateField(
        label="Completed on",
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d %m %Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Leave empty for today.",
    )

    def clean(self):
        data = super().clean()
        if (data.get("due") or data.get("complete")) and not data.get("label", "").strip():
            self.add_error("label", "Enter the milestone’s words, for example “March 2024”.")
        problem = due_after_label(data.get("label", "").strip(), data.get("due"))
        if problem:
            self.add_error("due", problem)
        return data

    def spec(self) -> MilestoneSpec | None:
        data = self.cleaned_data
        if not data or data.get("DELETE") or not data.get("label", "").strip():
            return None
        completed_on = data.get("completed_on") or (clock.today() if data["complete"] else None)
        return MilestoneSpec(
            label=data["label"].strip(),
            due=data.get("due"),
            completed=data["complete"],
            completed_on=completed_on if data["complete"] else None,
        )


class BaseMilestoneFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "Remove this milestone"
            form.fields["DELETE"].widget.attrs["class"] = "govuk-checkboxes__input"


MilestoneFormSet = forms.formset_factory(
    MilestoneForm, formset=BaseMilestoneFormSet, extra=2, can_delete=True
)


def milestone_initial(activity: Activity) -> list[dict]:
    return [
        {
            "label": m.label,
            "due": m.due,
            "complete": m.completed,
            "completed_on": m.completed_on,
        }
        for m in activity.milestones.all()
    ]


class RebaselineForm(GovukFormMixin, forms.Form):
    """The confirmation step of a timescale change: the editor has seen what changes, and why."""

    confirm_rebaseline = forms.BooleanField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label="Why is the timescale changing?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Recorded in the history, so a meeting can see why the commitment was re-dated.",
        error_messages={"required": "Give the reason the timescale is changing."},
        validators=[text_limit("The reason")],
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "rebaseline")
        kwargs.setdefault("initial", {"confirm_rebaseline": True})
        super().__init__(*args, **kwargs)


def milestone_specs(formset) -> list[MilestoneSpec]:
    return [spec for spec in (f.spec() for f in formset.forms) if spec]


def activity_fields(form: ActivityForm, formset, milestones=None) -> services.ActivityFields:
    """The validated form and formset as the service's input (milestones: a re-baseline's)."""
    data = form.cleaned_data
    milestones = milestone_specs(formset) if milestones is None else milestones
    return services.ActivityFields(
        theme=data["theme"],
        text=data["text"],
        timescale_label=data["timescale_label"].strip(),
        ongoing=data["ongoing"],
        owners=data["owners"],
        milestones=milestones,
    )
