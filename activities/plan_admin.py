"""Plans in the admin: created and changed through activities.services (history, version check),
closed and reopened by actions; never deleted (themes and activities hang from them)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count

from activities import services
from activities.models import Plan
from activities.plan_history import plan_change_entry, plan_history
from activities.plans import can_manage_plan
from activities.services.plans import SHORT_NAME_FIXED

FIELDS = ["title", "short_name", "organisation", "starts_on", "ends_on"]


class PlanAdminForm(forms.ModelForm):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # A refusal from the services on a first try; the admin shows it as this form's error.
    service_refusal: Exception | None = None

    class Meta:
        model = Plan
        fields = FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version
            self.fields["expected_version"].required = True
            if self.instance.activities.exists():
                self.fields["short_name"].disabled = True
                self.fields["short_name"].help_text = SHORT_NAME_FIXED
        else:
            self.fields["short_name"].required = False

    def _post_clean(self):
        """Uniqueness and the period are the services' to check (full_clean), on save."""

    def clean(self):
        cleaned_data = super().clean()
        if isinstance(self.service_refusal, services.PlanChangedError):
            raise forms.ValidationError(self.service_refusal.message)
        if isinstance(self.service_refusal, ValidationError):
            raise forms.ValidationError(self.service_refusal.messages)
        return cleaned_data

    def plan_fields(self) -> services.PlanFields:
        data = self.cleaned_data
        return services.PlanFields(
            title=data["title"],
            short_name=data["short_name"] or "",
            organisation=data["organisation"] or "",
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
        )


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    form = PlanAdminForm
    list_display = ["title", "short_name", "period", "state", "organisation", "activity_count"]
    list_filter = ["state"]
    search_fields = ["title", "short_name", "organisation"]
    fields = [*FIELDS, "expected_version", "state", "predecessor", "version"]
    readonly_fields = ["state", "predecessor", "version"]
    actions = ["close_plans", "reopen_plans"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(activity_count=Count("activities"))

    @admin.display(description="activities", ordering="activity_count")
    def activity_count(self, plan):
        return plan.activity_count

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or can_manage_plan(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        return False  # close a plan instead: its history is never lost

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.service_refusal = getattr(request, "service_refusal", None)
        return form

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        context = dict(extra_context or {})
        if object_id:
            plan = self.get_object(request, object_id)
            context["history"] = plan_history(plan) if plan else []
        try:
            return super().changeform_view(request, object_id, form_url, context)
        except (services.PlanChangedError, ValidationError) as refusal:
            # Rolled back, nothing written: the form again with the user's input and the refusal;
            # after a concurrent change, saving again saves over it (as the settings page does).
            request.service_refusal = refusal
            if isinstance(refusal, services.PlanChangedError):
                request.POST = request.POST.copy()
                request.POST["expected_version"] = str(refusal.current_version)
                context["concurrent_changes"] = [plan_change_entry(c) for c in refusal.changes]
            return super().changeform_view(request, object_id, form_url, context)

    def save_model(self, request, obj, form, change):
        fields = form.plan_fields()
        if change:
            stored = Plan.objects.get(pk=obj.pk)
            request.plan_change = services.plan_update(
                plan=stored,
                fields=fields,
                expected_version=form.cleaned_data["expected_version"],
                author=request.user,
            )
        else:
            created = services.plan_create(
                title=fields.title,
                short_name=fields.short_name,
                organisation=fields.organisation,
                starts_on=fields.starts_on,
                ends_on=fields.ends_on,
                author=request.user,
            )
            obj.pk = created.pk
            obj._state.adding = False
        obj.refresh_from_db()

    def construct_change_message(self, request, form, formsets, add=False):
        if add:
            return [{"added": {}}]
        change = getattr(request, "plan_change", None)
        return [{"changed": {"fields": sorted(change.changes) if change else []}}]

    def _change_states(self, request, queryset, service, done: str) -> None:
        for plan in queryset:
            if not can_manage_plan(request.user, plan):
                raise PermissionDenied
            try:
                service(plan=plan, expected_version=plan.version, author=request.user)
            except services.PlanChangedError as refusal:
                self.message_user(request, f"{plan.title}: {refusal.message}", messages.WARNING)
            except ValidationError as refusal:
                reason = " ".join(refusal.messages)
                self.message_user(request, f"{plan.title}: {reason}", messages.WARNING)
            else:
                self.message_user(request, f"{plan.title}: {done}")

    @admin.action(description="Close selected plans", permissions=["change"])
    def close_plans(self, request, queryset):
        self._change_states(request, queryset, services.plan_close, "closed.")

    @admin.action(description="Reopen selected plans", permissions=["change"])
    def reopen_plans(self, request, queryset):
        self._change_states(request, queryset, services.plan_reopen, "reopened.")
