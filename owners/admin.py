"""The admin for owner roles (titles, aliases, holders) and for the people who hold them."""

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.db.models import Count
from django.forms.models import BaseInlineFormSet

from owners.models import OwnerRole, OwnerRoleAlias

User = get_user_model()


class OwnerRoleForm(forms.ModelForm):
    class Meta:
        model = OwnerRole
        fields = ["title", "holders"]

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        alias = OwnerRoleAlias.objects.filter(text__iexact=title).exclude(role_id=self.instance.pk)
        if clash := alias.select_related("role").first():
            raise forms.ValidationError(f"“{title}” is already an alias of {clash.role.title}.")
        return title


class AliasFormSet(BaseInlineFormSet):
    """An alias must name only this role: not another role's title, nor twice."""

    def clean(self):
        super().clean()
        seen = {self.instance.title.casefold()} if self.instance.title else set()
        for form in self.forms:
            text = (form.cleaned_data or {}).get("text")
            if not text or form.cleaned_data.get("DELETE"):
                continue
            other = OwnerRole.objects.filter(title__iexact=text.strip())
            if self.instance.pk:
                other = other.exclude(pk=self.instance.pk)
            if clash := other.first():
                form.add_error("text", f"“{text}” is the title of another owner role, {clash}.")
            elif text.strip().casefold() in seen:
                form.add_error("text", f"“{text}” is already this role's title or another alias.")
            seen.add(text.strip().casefold())


class OwnerRoleAliasInline(admin.TabularInline):
    model = OwnerRoleAlias
    formset = AliasFormSet
    fields = ["text"]
    extra = 1
    verbose_name = "alias"
    verbose_name_plural = "aliases (other ways the plan writes this role)"


@admin.register(OwnerRole)
class OwnerRoleAdmin(admin.ModelAdmin):
    form = OwnerRoleForm
    list_display = ["title", "alias_list", "holder_count", "activity_count"]
    search_fields = ["title", "aliases__text"]
    filter_horizontal = ["holders"]
    inlines = [OwnerRoleAliasInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                activity_count=Count("activities", distinct=True),
                holder_count=Count("holders", distinct=True),
            )
            .with_aliases()
        )

    @admin.display(description="aliases")
    def alias_list(self, role):
        return "; ".join(alias.text for alias in role.aliases.all())

    @admin.display(description="holders", ordering="holder_count")
    def holder_count(self, role):
        return role.holder_count

    @admin.display(description="activities", ordering="activity_count")
    def activity_count(self, role):
        return role.activity_count


class HeldOwnerRoleInline(admin.TabularInline):
    model = OwnerRole.holders.through
    extra = 1
    verbose_name = "owner role held"
    verbose_name_plural = "owner roles held (their activities appear under “My activities”)"


def manages_accounts(user) -> bool:
    """Whether a user is an administrator of accounts: a superuser, staff, or in a group that grants
    any permission over users, groups or permissions. Only superusers change such users."""
    return (
        user.is_superuser
        or user.is_staff
        or user.groups.filter(permissions__content_type__app_label="auth").exists()
    )


def groups_assignable_by(user):
    """The groups a non-superuser may give: none granting account powers or more than they hold."""
    held = user.get_all_permissions()
    groups = Group.objects.exclude(permissions__content_type__app_label="auth")
    return groups.filter(
        pk__in=[
            group.pk
            for group in groups.prefetch_related("permissions__content_type")
            if {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()} <= held
        ]
    )


admin.site.unregister(User)


@admin.register(User)
class PlanUserAdmin(UserAdmin):
    """Django's user admin, plus the owner roles a person holds.

    Administrators' credentials stay with superusers: a plan administrator (staff, not superuser)
    may manage the accounts of editors and reviewers, but cannot change, or set the password of,
    any staff user or superuser, nor make anyone staff, a superuser or an account administrator.
    """

    inlines = [HeldOwnerRoleInline]
    list_display = ["username", "first_name", "last_name", "email", "is_staff", "is_active"]
    list_filter = ["is_staff", "is_active", "groups"]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += ["is_staff", "is_superuser", "user_permissions"]
        return readonly

    def has_change_permission(self, request, obj=None):
        # Also guards the admin's set-password page, which asks this same question.
        if obj is not None and not request.user.is_superuser and manages_accounts(obj):
            return False
        return super().has_change_permission(request, obj)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups" and not request.user.is_superuser:
            kwargs["queryset"] = groups_assignable_by(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class SignInLogForAdministrators:
    """django-axes' sign-in records, readable by every plan administrator (staff); changing them
    (deleting an attempt unlocks an account) stays with superusers and their permissions."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff


for model, model_admin in (
    (AccessAttempt, AccessAttemptAdmin),
    (AccessLog, AccessLogAdmin),
    (AccessFailureLog, AccessFailureLogAdmin),
):
    admin.site.unregister(model)
    admin.site.register(
        model, type(model_admin.__name__, (SignInLogForAdministrators, model_admin), {})
    )
