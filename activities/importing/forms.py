"""Forms of the import page: the upload (type and size checked before reading) and the confirmation."""

from pathlib import Path

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat

from activities.forms import GovukFormMixin
from activities.importing.apply import ImportPreview
from activities.importing.destination import Destination
from activities.importing.headers import IGNORE, REQUIRED_COLUMNS
from activities.importing.mapping import FIELD_LABELS, ColumnLayout, LayoutColumn
from activities.importing.pending import ACCEPTED_SUFFIXES
from activities.importing.problems import Code, Problem
from activities.importing.values import AS_COMMENTARY, NEW_ROLE, ValueChoices
from activities.models import Plan, Status
from owners.models import OwnerRole

NEW_PLAN = "new"


class ImportUploadForm(GovukFormMixin, forms.Form):
    """The file, its sheet, and the plan it goes into (a current plan, or a new one)."""

    plan = forms.ChoiceField(
        label="Which plan is this file?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the plan this file goes into, or a new plan"},
    )
    new_plan_title = forms.CharField(
        label="New plan’s title",
        required=False,
        max_length=200,
        help_text="Only for a new plan, for example “Equality, diversity and inclusion plan "
        "2024 – 2026”.",
    )
    plan_file = forms.FileField(
        label="Upload a plan file",
        widget=forms.FileInput(attrs={"accept": ",".join(ACCEPTED_SUFFIXES)}),
        error_messages={
            "required": "Select a plan file to import",
            "empty": "The selected file is empty",
            "invalid": "The selected file could not be uploaded: try again",
        },
    )
    sheet = forms.CharField(
        label="Sheet name (optional)",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}),
        help_text="Only for a workbook (.xlsx) with more than one sheet: the sheet that holds the "
        "plan. Leave it empty to read the first sheet with a header row (Activity, Owner(s), "
        "Timescale).",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan_file"].help_text = (
            "A spreadsheet (.xlsx), a CSV file (.csv), or the published plan page saved as text "
            f"(.txt). Up to {filesizeformat(settings.PLAN_IMPORT_MAX_BYTES)} and "
            f"{settings.PLAN_IMPORT_MAX_ROWS:,} rows. Nothing is changed until you have checked "
            "the preview and confirmed it."
        )
        self.fields["plan_file"].widget.attrs["class"] = "govuk-file-upload"
        plans = list(Plan.objects.current().order_by("title"))
        self.plans = {plan.short_name: plan for plan in plans}
        self.fields["plan"].choices = [
            *((plan.short_name, plan.title) for plan in plans),
            (NEW_PLAN, "A new plan"),
        ]
        if len(plans) == 1 and not self.is_bound:
            self.initial.setdefault("plan", plans[0].short_name)
        self.file_name = ""
        self.file_bytes = b""
        self.destination: Destination | None = None

    def mark_errors(self):
        super().mark_errors()
        if "plan_file" in self.errors:
            self.fields["plan_file"].widget.attrs["class"] = (
                "govuk-file-upload govuk-file-upload--error"
            )

    def clean_plan_file(self):
        upload = self.cleaned_data["plan_file"]
        name = Path(upload.name).name
        suffix = Path(name).suffix.lower()
        if suffix not in ACCEPTED_SUFFIXES:
            raise forms.ValidationError(
                "%(name)s is not a plan file the importer reads: upload a .xlsx, .csv or .txt file",
                params={"name": name},
            )
        limit = settings.PLAN_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                "%(name)s is %(size)s: the file must be %(limit)s or smaller",
                params={
                    "name": name,
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(limit),
                },
            )
        self.file_name, self.file_bytes = name, upload.read()
        return upload

    def clean(self):
        cleaned = super().clean()
        choice, title = cleaned.get("plan"), cleaned.get("new_plan_title", "").strip()
        if choice == NEW_PLAN:
            if not title:
                self.add_error("new_plan_title", "Enter the new plan’s title")
            elif Plan.objects.filter(title__iexact=title).exists():
                self.add_error(
                    "new_plan_title", "A plan with this title exists already: choose it above"
                )
            else:
                self.destination = Destination(new_title=title)
        elif choice in self.plans:
            self.destination = Destination(plan=self.plans[choice])
        return cleaned

    def add_file_error(self, message: str) -> None:
        """A reader's refusal (PlanFileError) as an error on the file field, naming the file."""
        if self.file_name and self.file_name not in message:
            message = f"{self.file_name}: {message}"
        self.add_error("plan_file", message)


class ImportConfirmForm(GovukFormMixin, forms.Form):
    """Confirming a preview: the state it showed, and the offer to create unknown owner roles."""

    fingerprint = forms.CharField(widget=forms.HiddenInput)
    create_roles = forms.BooleanField(required=False)

    def __init__(self, *args, preview: ImportPreview, **kwargs):
        kwargs.setdefault("initial", {"fingerprint": preview.fingerprint})
        super().__init__(*args, **kwargs)
        self.preview = preview
        count = len(preview.roles_to_create)
        if count:
            self.fields["create_roles"].label = (
                "Create this owner role" if count == 1 else f"Create these {count} owner roles"
            )
            self.fields["create_roles"].help_text = (
                "The owner text listed above becomes new owner roles, spelt as in the file. "
                "Leave this unticked to add the roles or aliases yourself first."
            )
        else:
            del self.fields["create_roles"]

    def add_refusal(self, blocking: list[Problem]) -> None:
        """Why apply_preview refused the file (ImportRefusedError), in the form's words."""
        only_roles = all(problem.code == Code.UNKNOWN_OWNER for problem in blocking)
        if only_roles and "create_roles" in self.fields:
            self.add_error(
                "create_roles",
                "Select “{}” to import this file, or add the roles (or aliases) under Owner roles "
                "and preview again".format(self.fields["create_roles"].label),
            )
        else:
            self.add_error(
                None,
                forms.ValidationError(
                    "This file has %(count)d error(s), so it cannot be imported: fix them and "
                    "upload it again",
                    params={"count": len(blocking)},
                ),
            )


class ColumnMappingForm(GovukFormMixin, forms.Form):
    """Which field each column of the file feeds: one choice per column, the suggestion chosen."""

    def __init__(self, *args, layout: ColumnLayout, **kwargs):
        super().__init__(*args, **kwargs)
        self.layout = layout
        for column in layout.columns:
            self.fields[self.name_of(column)] = forms.ChoiceField(
                label=f"Column {column.letter}, “{column.header}”, feeds",
                choices=list(FIELD_LABELS.items()),
                initial=column.field,
                widget=forms.Select(attrs={"class": "govuk-select"}),
            )
        self.columns = [(column, self[self.name_of(column)]) for column in layout.columns]

    @staticmethod
    def name_of(column: LayoutColumn) -> str:
        return f"column_{column.index}"

    def clean(self):
        cleaned = super().clean()
        feeding: dict[str, LayoutColumn] = {}
        for column in self.layout.columns:
            chosen = cleaned.get(self.name_of(column))
            if chosen and chosen != IGNORE and chosen in feeding:
                first = feeding[chosen]
                self.add_error(
                    self.name_of(column),
                    f"“{first.header}” and “{column.header}” both feed {FIELD_LABELS[chosen]}: "
                    "choose one, and “Not imported” for the other",
                )
            elif chosen:
                feeding[chosen] = column
        missing = [FIELD_LABELS[name] for name in REQUIRED_COLUMNS if name not in feeding]
        if missing:
            self.add_error(
                None,
                f"Choose the column that holds each activity’s {' and '.join(missing)}: no "
                "column feeds it (an activity needs its text, owner(s) and timescale)",
            )
        return cleaned

    def choices(self) -> dict[str, str]:
        """header key -> field, as pending_columns_choose keeps them."""
        return {c.key: self.cleaned_data[self.name_of(c)] for c in self.layout.columns}


class ValueChoicesForm(GovukFormMixin, forms.Form):
    """What each unknown status word means, and which owner role each unknown owner name is."""

    def __init__(self, *args, statuses: list[str], owners: list[str], values: ValueChoices, **kw):
        super().__init__(*args, **kw)
        status_choices = [("", "Not chosen (an error)"), *Status.choices]
        status_choices.append((AS_COMMENTARY, "Treat as commentary"))
        role_choices = [(NEW_ROLE, "A new owner role, spelt as in the file")]
        role_choices += [
            (title, title) for title in OwnerRole.objects.values_list("title", flat=True)
        ]
        self.statuses = [
            self.add_choice(f"status_{n}", f"“{word}” means", status_choices, values.statuses, word)
            for n, word in enumerate(statuses)
        ]
        self.owners = [
            self.add_choice(f"owner_{n}", f"“{name}” is", role_choices, values.owners, name)
            for n, name in enumerate(owners)
        ]

    def add_choice(self, name, label, choices, chosen, written):
        self.fields[name] = forms.ChoiceField(
            label=label,
            choices=choices,
            required=False,
            initial=chosen.get(written, ""),
            widget=forms.Select(attrs={"class": "govuk-select"}),
        )
        return written, self[name]

    def values(self) -> ValueChoices:
        statuses = {word: self.cleaned_data[f.name] for word, f in self.statuses}
        owners = {name: self.cleaned_data[f.name] for name, f in self.owners}
        return ValueChoices(
            statuses={word: chosen for word, chosen in statuses.items() if chosen},
            owners={name: chosen for name, chosen in owners.items() if chosen != NEW_ROLE},
        )
