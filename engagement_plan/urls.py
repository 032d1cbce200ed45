"""Top-level URL map: the admin, sign in/out, and each app's own urls."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from activities.forms import SignInForm

admin.site.site_header = "Plan Tracker administration"
admin.site.site_title = "Plan Tracker admin"
admin.site.index_title = "Plan data, owner roles and accounts"

urlpatterns = [
    path("admin/", admin.site.urls),
    # login, logout (POST), password change; templates in templates/registration/.
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=SignInForm),
        name="login",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("activities.urls")),
]
