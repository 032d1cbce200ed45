"""Pages of the plan tracker: one path per action; a plan's pages live under /plans/<short-name>/."""

from django.urls import include, path, re_path

from activities.views import (
    cycles,
    dashboard,
    detail,
    import_choices,
    imports,
    legacy,
    lists,
    plan_workbook,
    plans,
    portfolio,
    successors,
)

app_name = "activities"

plan_patterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("activities/", lists.ActivityListView.as_view(), name="list"),
    path("activities/overdue/", lists.OverdueReviewView.as_view(), name="overdue"),
    path("export/plan.xlsx", plan_workbook.export_plan_workbook, name="export-plan"),
    path("activities/<str:reference>/", detail.activity_detail, name="detail"),
    path("activities/<str:reference>/updates/", detail.post_status_update, name="post-update"),
    path("activities/<str:reference>/edit/", detail.edit_activity, name="edit"),
    path("settings/", plans.plan_settings, name="plan-settings"),
    path("settings/close/", plans.plan_close, name="plan-close"),
    path("settings/reopen/", plans.plan_reopen, name="plan-reopen"),
    path("settings/successor/", successors.plan_successor, name="plan-successor"),
    path("reporting/", cycles.cycle, name="cycle"),
    path("reporting/edit/", cycles.cycle_edit, name="cycle-edit"),
    path("reporting/<str:starts_on>/", cycles.cycle_period, name="cycle-period"),
]

urlpatterns = [
    path("", portfolio.portfolio, name="portfolio"),
    # Before the plan's own pages: "new" is a page, never a plan's short name (services.plans).
    path("plans/new/", plans.plan_create, name="plan-create"),
    path("plans/<slug:plan>/", include(plan_patterns)),
    path("my/", lists.my_activities, name="my"),
    path("overdue/", lists.overdue_across_plans, name="overdue-across-plans"),
    path("import/", imports.upload, name="import"),
    path("import/<int:pk>/", imports.preview, name="import-preview"),
    path("import/<int:pk>/columns/", import_choices.columns, name="import-columns"),
    path("import/<int:pk>/values/", import_choices.values, name="import-values"),
    path("import/<int:pk>/apply/", imports.apply, name="import-apply"),
    path("import/runs/<int:pk>/", imports.run_detail, name="import-run"),
    # Addresses from before plans (bookmarks, printed packs): to the same page of the one plan.
    re_path(r"^(?P<rest>activities/.*|export/plan\.xlsx)$", legacy.to_the_plan, name="legacy"),
]
