"""Sign-in lockout glue for django-axes: which address a request comes from, and the backend."""

import ipaddress

from axes.backends import AxesStandaloneBackend

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def client_address(request: HttpRequest) -> str:
    """The address to count failed sign-ins against.

    REMOTE_ADDR, unless TRUST_PROXY_FORWARDED_FOR says a reverse proxy sits in front: then every
    request arrives from the proxy, and the client is the address the proxy appended last to
    X-Forwarded-For (earlier entries are whatever the client sent, so they are never trusted).
    """
    if settings.TRUST_PROXY_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = forwarded.rsplit(",", 1)[-1].strip()
        if is_address(last):
            return last
    return request.META.get("REMOTE_ADDR", "")


def is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


class SignInLockoutBackend(AxesStandaloneBackend):
    """django-axes' check, for sign-ins that come with a request (the sign-in and admin pages).

    axes refuses `authenticate()` calls without a request; those come from code, not from a
    client that could be locked out (the test client's login(), a shell), so they pass to the
    next backend unchecked instead of failing.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """The sign-in page, saying that signing in is locked and for how long (429 Too Many Requests)."""
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "registration/locked_out.html", context, status=429)
