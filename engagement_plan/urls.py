"""Top-level URL map: the admin, sign in/out, password change and reset, and each app's own urls."""

from functools import wraps

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import Http404, HttpResponseRedirect
from django.urls import include, path

from activities.account_forms import NewPasswordForm, PasswordResetRequestForm
from activities.forms import SignInForm
from activities.views.cycles import mail_preferences

admin.site.site_header = "Plan Tracker administration"
admin.site.site_title = "Plan Tracker admin"
admin.site.index_title = "Plan data, owner roles and accounts"


def only_when_mail_is_configured(view):
    """Password reset mails a link: until mail is configured (PASSWORD_RESET_ENABLED, set by
    EMAIL_HOST) its pages do not exist, and a plan administrator sets new passwords instead."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not settings.PASSWORD_RESET_ENABLED:
            raise Http404("Password reset is not available.")
        return view(request, *args, **kwargs)

    return wrapped


def password_reset_enabled() -> bool:
    """For the sign-in page's "Forgotten your password?" link (templates call it when rendering)."""
    return settings.PASSWORD_RESET_ENABLED


class SignInView(auth_views.LoginView):
    """The sign-in page; a mailed link (login?next=…) takes someone already signed in straight on.
    Only a GET with ?next= does: posting the form still signs in again."""

    def get(self, request, *args, **kwargs):
        if request.user.is_authenticated and self.redirect_field_name in request.GET:
            return HttpResponseRedirect(self.get_success_url())
        return super().get(request, *args, **kwargs)


def reset(view_class, **options):
    return only_when_mail_is_configured(view_class.as_view(**options))


# The same paths and names as django.contrib.auth.urls; templates in templates/registration/.
account_urls = [
    path(
        "login/",
        SignInView.as_view(
            authentication_form=SignInForm,
            extra_context={"password_reset_enabled": password_reset_enabled},
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "password_reset/",
        reset(auth_views.PasswordResetView, form_class=PasswordResetRequestForm),
        name="password_reset",
    ),
    path(
        "password_reset/done/",
        reset(auth_views.PasswordResetDoneView),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        reset(auth_views.PasswordResetConfirmView, form_class=NewPasswordForm),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/", reset(auth_views.PasswordResetCompleteView), name="password_reset_complete"
    ),
    path("email/", mail_preferences, name="mail-preferences"),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include(account_urls)),
    path("", include("activities.urls")),
]
