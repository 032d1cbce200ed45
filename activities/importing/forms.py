"""Forms of the import page: the upload (type and size checked before reading) and the confirmation."""

from pathlib import Path

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat

from activities.forms import GovukFormMixin
from activities.importing.apply import ImportPreview
from activities.importing.destination import Destination
from activities.importing.pending import ACCEPTED_SUFFIXES
from activities.importing.problems import Code, Problem
from activities.models import Plan

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
