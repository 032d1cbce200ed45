"""The dashboard: the plan's progress at a glance (numbers from activities.dashboard.Dashboard)."""

from django.shortcuts import render

from activities import clock
from activities.dashboard import Dashboard
from activities.permissions import permission_required


@permission_required("activities.view_activity")
def dashboard(request):
    board = Dashboard(today=clock.today(), now=clock.now())
    plan, themes = board.progress()
    context = {
        "plan": plan,
        "themes": themes,
        "attention": board.attention(),
        "latest_updates": board.latest_updates(),
        "today": board.today,
    }
    return render(request, "activities/dashboard.html", context)
