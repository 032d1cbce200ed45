"""The password reset forms in GOV.UK markup (the sign-in form is activities.forms.SignInForm)."""

from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm

from activities.forms import GovukFormMixin


class PasswordResetRequestForm(GovukFormMixin, PasswordResetForm):
    pass


class NewPasswordForm(GovukFormMixin, SetPasswordForm):
    pass
