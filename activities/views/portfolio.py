"""The portfolio: every plan in day-to-day use, the first page for someone who follows several."""

from django.shortcuts import render

from activities import clock
from activities.permissions import permission_required
from activities.portfolio import Portfolio


@permission_required("activities.view_activity")
def portfolio(request):
    return render(
        request,
        "activities/portfolio.html",
        {"portfolio": Portfolio(user=request.user, today=clock.today())},
    )
