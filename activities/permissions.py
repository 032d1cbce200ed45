"""Who may do what: one decorator for every plan page. Anonymous -> sign in; signed in without permission -> 403."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def permission_required(*perms: str):
    """Like Django's, but a signed-in user who lacks a permission gets the 403 page, not a login loop."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.has_perms(perms):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class PermissionRequiredMixin:
    """The same rule for class-based views: set `permission_required = ("activities.view_activity",)`."""

    permission_required: tuple[str, ...] = ("activities.view_activity",)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.has_perms(self.permission_required):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def check_permission(user, perm: str) -> None:
    """For a view whose permission depends on what was posted: 403 unless the user has it."""
    if not user.has_perm(perm):
        raise PermissionDenied
