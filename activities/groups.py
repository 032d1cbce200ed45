"""The three groups of people who use the tracker, and the permissions each holds.

The data migration 0002_groups creates them; ensure_groups() re-creates any that are missing (an
administrator deleted one, or a test flushed the database) without touching ones that exist.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

EDITORS = "Plan editors"
REVIEWERS = "Reviewers"
ADMINISTRATORS = "Plan administrators"

# Creating meetings, recording the chair's notes and issuing packs (reading a pack needs only
# view_activity); migration 0011_d_meetings gives them to the groups that already exist.
MEETING_PERMISSIONS = [
    "activities.add_meeting",
    "activities.add_meetingnote",
    "activities.add_issuedpack",
]

GROUPS = {
    EDITORS: [
        "activities.view_activity",
        "activities.change_activity",
        "activities.post_status_update",
        "activities.view_theme",
        "activities.view_milestone",
        "activities.add_milestone",
        "activities.change_milestone",
        "activities.delete_milestone",
        "activities.view_statusupdate",
        "activities.view_activitychange",
        "owners.view_ownerrole",
    ],
    REVIEWERS: [
        "activities.view_activity",
        "activities.add_review_comment",
        "activities.export_plan",
        "activities.view_theme",
        "activities.view_milestone",
        "activities.view_statusupdate",
        "activities.view_activitychange",
        "owners.view_ownerrole",
        *MEETING_PERMISSIONS,
    ],
    ADMINISTRATORS: [
        "activities.view_activity",
        "activities.add_activity",
        "activities.change_activity",
        "activities.post_status_update",
        "activities.add_review_comment",
        "activities.export_plan",
        "activities.import_plan",
        "activities.view_theme",
        "activities.add_theme",
        "activities.change_theme",
        "activities.delete_theme",
        "activities.view_milestone",
        "activities.add_milestone",
        "activities.change_milestone",
        "activities.delete_milestone",
        "activities.view_statusupdate",
        "activities.view_activitychange",
        "activities.view_importrun",
        "owners.view_ownerrole",
        "owners.add_ownerrole",
        "owners.change_ownerrole",
        "owners.delete_ownerrole",
        "owners.view_ownerrolealias",
        "owners.add_ownerrolealias",
        "owners.change_ownerrolealias",
        "owners.delete_ownerrolealias",
        "auth.view_user",
        "auth.add_user",
        "auth.change_user",
        "auth.view_group",
        *MEETING_PERMISSIONS,
    ],
}


def _create_permissions(apps) -> None:
    """Permissions are normally created after migrations run; make sure they exist before assigning."""
    for app_label in ("auth", "owners", "activities"):
        app_config = apps.get_app_config(app_label)
        if apps is not global_apps:
            app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        if apps is not global_apps:
            app_config.models_module = None


def ensure_groups(apps=global_apps) -> None:
    """Create any missing group with its permissions; `apps` is a migration's historical registry.

    An early migration's registry lacks later models (meetings), so their permissions are left
    for the migration that creates those models to grant (grant_permissions)."""
    Group = apps.get_model("auth", "Group")
    if Group.objects.filter(name__in=GROUPS).count() == len(GROUPS):
        return
    _create_permissions(apps)
    Permission = apps.get_model("auth", "Permission")
    for name, codes in GROUPS.items():
        group, created = Group.objects.get_or_create(name=name)
        if not created:
            continue
        for code in codes:
            if apps is not global_apps and code in MEETING_PERMISSIONS:
                continue
            app_label, codename = code.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def grant_permissions(apps, codes) -> None:
    """Give groups that already exist the permissions GROUPS now lists for them among `codes`."""
    _create_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name__in=GROUPS):
        for code in set(GROUPS[group.name]) & set(codes):
            app_label, codename = code.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
