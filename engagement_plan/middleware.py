"""Request-wide safety: the request body cap, session lifetimes and no caching of signed-in pages."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.shortcuts import render
from django.utils.cache import patch_cache_control

SIGNED_IN_AT = "plan_signed_in_at"
LAST_RENEWED_AT = "plan_session_renewed_at"


def request_body_limit() -> int:
    """The largest body any request may send: an import file plus its multipart envelope."""
    return settings.PLAN_IMPORT_MAX_BYTES + settings.REQUEST_BODY_MARGIN_BYTES


def declared_body_size(request) -> int | None:
    """The body size the client declared, or None for a body of unknown length (chunked)."""
    if "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower():
        return None
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None


class RequestBodyLimitMiddleware:
    """Answer 413 to a body larger than the import limit (or of undeclared length) unread.

    Placed first: nothing before it reads the body, so a 200 MB upload is refused from its headers
    alone, for anyone, signed in or not. Django reads no more than Content-Length, so a chunked
    body without one would arrive empty; it is refused the same way rather than half-handled.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        size = declared_body_size(request)
        limit = request_body_limit()
        if size is None or size > limit:
            context = {"limit_megabytes": round(limit / (1024 * 1024), 1), "unknown": size is None}
            return render(request, "413.html", context, status=413)
        return self.get_response(request)


class SessionLifetimeMiddleware:
    """Sign out after SESSION_ABSOLUTE_TIMEOUT, and keep the idle timeout counting from now.

    The idle timeout is SESSION_COOKIE_AGE, which Django counts from the session's last save; the
    session is saved (renewed) at most once a minute as the user works, rather than on every
    request, so pages cost no extra write.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            signed_in_at = request.session.setdefault(SIGNED_IN_AT, now)
            if now - signed_in_at > settings.SESSION_ABSOLUTE_TIMEOUT:
                logout(request)
                return redirect_to_login(request.get_full_path())
            if now - request.session.get(LAST_RENEWED_AT, 0) > renew_every():
                request.session[LAST_RENEWED_AT] = now
        return self.get_response(request)


@receiver(user_logged_in)
def start_session_clock(sender, request, **kwargs):
    """Every sign-in starts the absolute maximum again (login() keeps a same-user session's data)
    and counts as a renewal, so the first page after signing in writes nothing more."""
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT] = request.session[LAST_RENEWED_AT] = time.time()


def renew_every() -> float:
    """Seconds between session renewals: a minute, or a tenth of a short idle timeout."""
    return min(60, settings.SESSION_COOKIE_AGE / 10)


class NoStoreWhenSignedInMiddleware:
    """Cache-Control: no-store on everything a signed-in person receives (pages, exports, files).

    Plan data must not linger in a shared computer's browser cache or a proxy after sign-out.
    Static files never get here (whitenoise answers them earlier), so they stay cacheable.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response
