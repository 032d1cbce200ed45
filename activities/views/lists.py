"""PLACEHOLDER replaced by the UI work in progress."""

from django.http import HttpResponse
from django.views import View


class ActivityListView(View):
    def get(self, request):
        return HttpResponse("under construction")


class OverdueReviewView(ActivityListView):
    pass


def my_activities(request):
    return HttpResponse("under construction")
