"""Pages of the plan tracker: one path per action."""

from django.urls import path

from activities.views import dashboard, detail, imports, lists, plan_workbook

app_name = "activities"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("activities/", lists.ActivityListView.as_view(), name="list"),
    path("activities/overdue/", lists.OverdueReviewView.as_view(), name="overdue"),
    path("my/", lists.my_activities, name="my"),
    path("export/plan.xlsx", plan_workbook.export_plan_workbook, name="export-plan"),
    path("activities/<str:reference>/", detail.activity_detail, name="detail"),
    path("activities/<str:reference>/updates/", detail.post_status_update, name="post-update"),
    path("activities/<str:reference>/edit/", detail.edit_activity, name="edit"),
    path("import/", imports.upload, name="import"),
    path("import/<int:pk>/", imports.preview, name="import-preview"),
    path("import/<int:pk>/apply/", imports.apply, name="import-apply"),
    path("import/runs/<int:pk>/", imports.run_detail, name="import-run"),
]
