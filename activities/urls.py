"""Pages of the plan tracker: one path per action; a plan's pages live under /plans/<short-name>/."""

from django.urls import include, path, re_path

from activities.views import dashboard, detail, imports, legacy, lists, plan_workbook, portfolio

app_name = "activities"

plan_patterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("activities/", lists.ActivityListView.as_view(), name="list"),
    path("activities/overdue/", lists.OverdueReviewView.as_view(), name="overdue"),
    path("export/plan.xlsx", plan_workbook.export_plan_workbook, name="export-plan"),
    path("activities/<str:reference>/", detail.activity_detail, name="detail"),
    path("activities/<str:reference>/updates/", detail.post_status_update, name="post-update"),
    path("activities/<str:reference>/edit/", detail.edit_activity, name="edit"),
]

urlpatterns = [
    path("", portfolio.portfolio, name="portfolio"),
    path("plans/<slug:plan>/", include(plan_patterns)),
    path("my/", lists.my_activities, name="my"),
    path("import/", imports.upload, name="import"),
    path("import/<int:pk>/", imports.preview, name="import-preview"),
    path("import/<int:pk>/apply/", imports.apply, name="import-apply"),
    path("import/runs/<int:pk>/", imports.run_detail, name="import-run"),
    # Addresses from before plans (bookmarks, printed packs): to the same page of the one plan.
    re_path(r"^(?P<rest>activities/.*|export/plan\.xlsx)$", legacy.to_the_plan, name="legacy"),
]
