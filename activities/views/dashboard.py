"""A plan's dashboard: its progress at a glance (numbers from activities.dashboard.Dashboard)."""

from django.shortcuts import render

from activities import clock
from activities.dashboard import Dashboard
from activities.permissions import permission_required
from activities.plan_scope import plan_view


@permission_required("activities.view_activity")
@plan_view
def dashboard(request, plan):
    board = Dashboard(plan=plan, today=clock.today(), now=clock.now())
    whole_plan, themes = board.progress()
    context = {
        "plan": plan,
        "whole_plan": whole_plan,
        "themes": themes,
        "attention": board.attention(),
        "latest_updates": board.latest_updates(),
        "today": board.today,
    }
    return render(request, "activities/dashboard.html", context)
