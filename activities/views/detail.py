"""PLACEHOLDER replaced by the UI work in progress."""

from django.http import HttpResponse


def activity_detail(request, reference):
    return HttpResponse("under construction")


post_status_update = edit_activity = activity_detail
