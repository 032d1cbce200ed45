"""List pages: the filtered activities list, the overdue review and "my activities", with exports."""

from django_filters.views import FilterView
from django_tables2 import RequestConfig, SingleTableMixin
from django_tables2.export import ExportMixin
from tablib import Dataset

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views import View

from activities import clock
from activities.filters import (
    ActivityFilter,
    OverdueAcrossPlansFilterForm,
    OverdueReviewFilterForm,
    PlanFilterForm,
)
from activities.list_exports import EXPORT_FORMATS, SafeTableExport, dataset_response, safe_row
from activities.models import Activity
from activities.overdue import EXPORT_HEADERS, OverdueReview, overdue_first
from activities.permissions import PermissionRequiredMixin, permission_required
from activities.plan_scope import PlanMixin
from activities.portfolio import plans_in_use
from activities.tables import ActivityExportTable, ActivityTable, PlanActivityTable

PER_PAGE = 25
EXPORT_PERMISSION = "activities.export_plan"
EXPORT_PARAMETER = "_export"


def requested_export(request) -> str | None:
    """The export format asked for (csv, xlsx), after checking the user may export."""
    export_format = request.GET.get(EXPORT_PARAMETER)
    if export_format not in EXPORT_FORMATS:
        return None
    if not request.user.has_perm(EXPORT_PERMISSION):
        raise PermissionDenied
    return export_format


def export_links(request) -> list[dict]:
    if not request.user.has_perm(EXPORT_PERMISSION):
        return []
    return [
        {"label": "Download CSV", "format": "csv"},
        {"label": "Download Excel (.xlsx)", "format": "xlsx"},
    ]


class ActivityListView(
    PermissionRequiredMixin, PlanMixin, ExportMixin, SingleTableMixin, FilterView
):
    """A plan's activities, filtered by the GET parameters in activities.filters, sortable, paged."""

    permission_required = ("activities.view_activity",)
    filterset_class = ActivityFilter
    table_class = ActivityTable
    template_name = "activities/activity_list.html"
    export_class = SafeTableExport
    export_trigger_param = EXPORT_PARAMETER
    dataset_kwargs = {"title": "Activities"}

    def get(self, request, *args, **kwargs):
        self.export_format = requested_export(request)
        self.today = clock.today()
        return super().get(request, *args, **kwargs)

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "plan": self.plan}

    def get_queryset(self):
        activities = Activity.objects.in_plans(self.plan).for_list()
        return activities.with_latest_commentary() if self.export_format else activities

    def get_table_class(self):
        return ActivityExportTable if self.export_format else ActivityTable

    def get_table_kwargs(self):
        return {"today": self.today}

    def get_table_pagination(self, table):
        # An export holds every filtered row, not one page.
        return False if self.export_format else {"per_page": PER_PAGE}

    def get_export_filename(self, export_format):
        return f"{self.plan.short_name}-activities-{self.today:%Y-%m-%d}.{export_format}"

    def get_context_data(self, **kwargs):
        return super().get_context_data(export_links=export_links(self.request), **kwargs)


class OverdueReviewView(PermissionRequiredMixin, PlanMixin, View):
    """A plan's overdue activities grouped by owner role, for printing before a meeting, or exported."""

    permission_required = ("activities.view_activity",)

    def get(self, request, plan):
        form = OverdueReviewFilterForm(request.GET, plan=self.plan)
        return overdue_review_page(request, form, plans=self.plan, plan=self.plan)


@permission_required("activities.view_activity")
def overdue_across_plans(request):
    """The overdue review of every plan in use, each entry naming its plan; filter by plan."""
    plans = plans_in_use(request.user)
    form = OverdueAcrossPlansFilterForm(request.GET, plans=plans)
    return overdue_review_page(request, form, plans=plans, plan=None)


def overdue_review_page(request, form, *, plans, plan):
    """The review's page or export: one plan's (`plan`) or across `plans` (`plan` None)."""
    export_format = requested_export(request)
    review = None
    if form.is_valid():
        review = OverdueReview(
            plans=form.cleaned_data.get("plan") or plans,
            today=clock.today(),
            theme=form.cleaned_data.get("theme"),
            role=form.cleaned_data["owner"],
        )
    if export_format and review:
        dataset = Dataset(headers=safe_row(EXPORT_HEADERS), title="Overdue review")
        for row in review.export_rows():
            dataset.append(safe_row(row))
        scope = plan.short_name if plan else "all-plans"
        filename = f"{scope}-overdue-review-{review.today:%Y-%m-%d}"
        return dataset_response(dataset, export_format, filename)
    context = {
        "plan": plan,
        "form": form,
        "review": review,
        "overdue_page": review.page(request.GET.get("page")) if review else None,
        "today": clock.today(),
        "export_links": export_links(request),
    }
    return render(request, "activities/overdue_review.html", context)


@permission_required("activities.view_activity")
def my_activities(request):
    """Activities owned by the signed-in user's owner roles in the plans in use (or one of them):
    overdue first, then by next due, each row naming its plan."""
    today = clock.today()
    roles = list(request.user.owner_roles.all())
    plans = plans_in_use(request.user)
    form = PlanFilterForm(request.GET, plans=plans)
    table = None
    if roles and form.is_valid():
        chosen = form.cleaned_data["plan"] or plans
        activities = Activity.objects.in_plans(chosen).for_list().for_roles(roles)
        table = PlanActivityTable(overdue_first(activities, today), today=today, orderable=False)
        table.caption = "Activities your roles own, overdue first"
        RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    context = {"roles": roles, "table": table, "form": form}
    return render(request, "activities/my_activities.html", context)
