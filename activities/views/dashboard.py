"""PLACEHOLDER replaced by the UI work in progress."""

from django.http import HttpResponse


def dashboard(request):
    return HttpResponse("Dashboard under construction")
