"""The plan administrators' admin: activities (every save goes through activities.services), themes, imports.

Status history and field-change history are append-only, so they appear read-only here; corrections
are new status updates. Activities are never deleted: withdrawing one is a status.
"""

from dataclasses import replace

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max

from activities import clock, plan_admin, services  # noqa: F401 (plan_admin registers PlanAdmin)
from activities.admin_forms import (
    ActivityAdminForm,
    MilestoneInlineForm,
    PositionedInlineForm,
    kept_rows,
)
from activities.models import (
    Activity,
    ActivityChange,
    ActivityOwner,
    ImportRun,
    Milestone,
    PendingImport,
    StatusUpdate,
    Theme,
)
from activities.rebaselining import label_changed, rebaseline
from activities.timeline import change_entry
from activities.timescales import MilestoneSpec


class OverdueFilter(admin.SimpleListFilter):
    title = "overdue"
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", "Overdue"), ("no", "Not overdue")]

    def queryset(self, request, queryset):
        overdue = Activity.objects.overdue(clock.today()).values("pk")
        if self.value() == "yes":
            return queryset.filter(pk__in=overdue)
        if self.value() == "no":
            return queryset.exclude(pk__in=overdue)
        return queryset


class ActivityOwnerInline(admin.TabularInline):
    model = ActivityOwner
    form = PositionedInlineForm
    fields = ["position", "role"]
    ordering = ["position"]
    autocomplete_fields = ["role"]
    extra = 1
    verbose_name = "owner role"
    verbose_name_plural = "owner roles (lowest position first: the lead)"

    # Owners are part of the activity: whoever may change the activity may change its owners.
    def has_add_permission(self, request, obj=None):
        return request.user.has_perm("activities.change_activity")

    has_change_permission = has_delete_permission = has_add_permission


class MilestoneInline(admin.TabularInline):
    model = Milestone
    form = MilestoneInlineForm
    fields = ["position", "label", "due", "completed", "completed_on"]
    ordering = ["position"]
    extra = 1


class ReadOnlyInline(admin.TabularInline):
    """History: shown, never added to, changed or deleted here."""

    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class StatusUpdateInline(ReadOnlyInline):
    model = StatusUpdate
    fields = readonly_fields = ["created_at", "kind", "status", "commentary", "by", "milestone"]
    verbose_name_plural = "status history (newest first; corrections are new updates)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author", "import_run", "milestone")

    @admin.display(description="by")
    def by(self, update):
        return update.author_name


class ActivityChangeInline(ReadOnlyInline):
    model = ActivityChange
    fields = readonly_fields = ["created_at", "action", "version", "by", "what_changed", "reason"]
    verbose_name_plural = "field-change history"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author", "import_run")

    @admin.display(description="by")
    def by(self, change):
        return change.author_name

    @admin.display(description="what changed")
    def what_changed(self, change):
        return "; ".join(
            f"{field}: {values['old']!r} → {values['new']!r}"
            for field, values in change.changes.items()
        )


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    form = ActivityAdminForm
    # What a reviewer scans for first (due, status, overdue) comes before the long text columns,
    # so it is on screen without scrolling the results sideways.
    list_display = [
        "reference",
        "next_due",
        "current_status",
        "overdue",
        "commitment",
        "owner_list",
        "theme",
        "plan",
    ]
    list_display_links = ["reference", "commitment"]
    list_filter = [
        "plan",
        "theme",
        ("owners", admin.RelatedFieldListFilter),
        "current_status",
        OverdueFilter,
    ]
    search_fields = ["reference", "text", "owners__title", "owners__aliases__text"]
    ordering = ["plan__title", "theme__position", "position", "reference"]
    list_per_page = 50
    inlines = [ActivityOwnerInline, MilestoneInline, StatusUpdateInline, ActivityChangeInline]
    fieldsets = [
        (None, {"fields": ["reference", "theme", "position", "text", "expected_version"]}),
        (
            "Timescale",
            {
                "fields": [
                    "timescale_label",
                    "ongoing",
                    "rebaseline_reason",
                    "rebaseline_previewed",
                ],
                "description": "Changing the timescale re-dates the milestones that are not "
                "complete; you see what changes, and give a reason, before it is saved.",
            },
        ),
        (
            "Kept by the tracker",
            {"fields": ["current_status", "next_due", "last_update_at", "version", "updated_at"]},
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).for_list()

    def get_readonly_fields(self, request, obj=None):
        kept = ["current_status", "next_due", "last_update_at", "version", "updated_at"]
        # The reference is how the plan and imports name the activity: fixed once created.
        return ["reference", *kept] if obj else kept

    def has_delete_permission(self, request, obj=None):
        return False  # history is never lost: withdraw an activity with a status update instead

    @admin.display(description="commitment")
    def commitment(self, activity):
        return activity.text if len(activity.text) <= 90 else f"{activity.text[:88]}…"

    @admin.display(description="owners (lead first)")
    def owner_list(self, activity):
        return ", ".join(role.title for role in activity.owner_roles())

    @admin.display(boolean=True, description="overdue", ordering="next_due")
    def overdue(self, activity):
        return activity.is_overdue(clock.today())

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.service_refusal = getattr(request, "service_refusal", None)
        return form

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except (services.ConcurrentChangeError, ValidationError) as refusal:
            # The save's transaction rolled back, so nothing was written. Show the same form
            # again, the user's input kept, with the service's refusal as its error, the way the
            # edit page does; after a concurrent change, saving again saves over it.
            request.service_refusal = refusal
            context = dict(extra_context or {})
            if isinstance(refusal, services.ConcurrentChangeError):
                request.POST = request.POST.copy()
                request.POST["expected_version"] = str(refusal.current_version)
                context["concurrent_changes"] = [change_entry(c) for c in refusal.changes]
            return super().changeform_view(request, object_id, form_url, context)

    def save_model(self, request, obj, form, change):
        """Nothing yet: save_related writes the activity and its inlines in one service call."""

    def save_related(self, request, form, formsets, change):
        fields = self.activity_fields(form, formsets)
        if change:
            stored = Activity.objects.get(pk=form.instance.pk)  # form.instance holds the new values
            rebaselined = label_changed(stored.timescale_label, fields.timescale_label)
            if rebaselined:  # the same re-dating the form previewed, from the rows as submitted
                plan = rebaseline(fields.milestones, stored.timescale_label, fields.timescale_label)
                fields = replace(fields, milestones=plan.new_milestones)
            request.activity_change = services.activity_update(
                activity=stored,
                fields=fields,
                expected_version=form.cleaned_data["expected_version"],
                author=request.user,
                reason=form.cleaned_data["rebaseline_reason"] if rebaselined else "",
            )
        else:
            created = services.activity_create(
                reference=form.cleaned_data["reference"], fields=fields, author=request.user
            )
            form.instance.pk = created.pk
            form.instance._state.adding = False
            request.activity_change = created.changes.get()
        form.instance.refresh_from_db()

    def activity_fields(self, form, formsets) -> services.ActivityFields:
        by_model = {formset.model: formset for formset in formsets}
        return services.ActivityFields(
            theme=form.cleaned_data["theme"],
            text=form.cleaned_data["text"],
            timescale_label=form.cleaned_data["timescale_label"],
            ongoing=form.cleaned_data["ongoing"],
            position=form.cleaned_data["position"],
            owners=[row["role"] for row in kept_rows(by_model[ActivityOwner])],
            milestones=[
                MilestoneSpec(
                    label=row["label"],
                    due=row["due"],
                    completed=row["completed"],
                    completed_on=row["completed_on"],
                )
                for row in kept_rows(by_model[Milestone])
            ],
        )

    def construct_change_message(self, request, form, formsets, add=False):
        change = getattr(request, "activity_change", None)
        if add:
            return [{"added": {}}]
        return [{"changed": {"fields": sorted(change.changes) if change else []}}]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["position", "title", "plan", "activity_count"]
    list_display_links = ["title"]
    list_filter = ["plan"]
    search_fields = ["title"]
    ordering = ["plan__title", "position"]
    actions = ["move_up", "move_down"]

    def get_queryset(self, request):
        themes = super().get_queryset(request).select_related("plan")
        return themes.annotate(activity_count=Count("activities"))

    @admin.display(description="activities", ordering="activity_count")
    def activity_count(self, theme):
        return theme.activity_count

    @admin.action(description="Move selected themes up", permissions=["change"])
    def move_up(self, request, queryset):
        for theme in queryset.order_by("position"):
            above = (
                theme.plan.themes.filter(position__lt=theme.position).order_by("-position").first()
            )
            self.swap(request, theme, above)

    @admin.action(description="Move selected themes down", permissions=["change"])
    def move_down(self, request, queryset):
        for theme in queryset.order_by("-position"):
            below = (
                theme.plan.themes.filter(position__gt=theme.position).order_by("position").first()
            )
            self.swap(request, theme, below)

    @transaction.atomic
    def swap(self, request, theme, neighbour):
        if neighbour is None:
            return
        theme.refresh_from_db()
        # Positions are unique, so one theme steps aside while the other takes its place.
        spare = theme.plan.themes.aggregate(highest=Max("position"))["highest"] + 1
        mine, theirs = theme.position, neighbour.position
        Theme.objects.filter(pk=theme.pk).update(position=spare)
        Theme.objects.filter(pk=neighbour.pk).update(position=mine)
        Theme.objects.filter(pk=theme.pk).update(position=theirs)
        self.log_change(request, theme, f"Moved from position {mine} to {theirs}.")


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ["created_at", "file_name", "file_format", "user", "summary"]
    list_select_related = ["user"]
    list_filter = ["file_format"]
    search_fields = ["file_name", "sha256"]
    readonly_fields = ["created_at", "user", "file_name", "file_format", "sha256", "counts"]

    @admin.display(description="what it did")
    def summary(self, run):
        return ", ".join(f"{key.replace('_', ' ')} {value}" for key, value in run.counts.items())

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PendingImport)
class PendingImportAdmin(admin.ModelAdmin):
    """Uploads waiting for confirmation on /import/: visible, never edited here."""

    list_display = ["created_at", "file_name", "user", "sha256"]
    list_select_related = ["user"]
    fields = ["created_at", "user", "file_name", "sheet", "sha256"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
