"""The three groups of people who use the tracker, and the permissions each holds.

The data migration 0002_groups creates them; ensure_groups() re-creates any that are missing (an
administrator deleted one, or a test flushed the database) without touching ones that exist.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

EDITORS = "Plan editors"
REVIEWERS = "Reviewers"
ADMINISTRATORS = "Plan administrators"

# Creating, renaming, closing and reopening plans and starting successors (activities.plans.
# can_manage_plan and can_create_plan read these); granted to existing groups by 0012_g_plan_history.
PLAN_MANAGEMENT = [
    "activities.view_plan",
    "activities.add_plan",
    "activities.change_plan",
    "activities.view_planchange",
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
        *PLAN_MANAGEMENT,
        "activities.view_reportingcycle",
        "activities.add_reportingcycle",
        "activities.change_reportingcycle",
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
    ],
}


def ensure_groups(apps=global_apps) -> None:
    """Create any missing group with its permissions; `apps` is a migration's historical registry."""
    Group = apps.get_model("auth", "Group")
    if Group.objects.filter(name__in=GROUPS).count() == len(GROUPS):
        return
    # Permissions are normally created after migrations run; make sure they exist before assigning.
    for app_label in ("auth", "owners", "activities"):
        app_config = apps.get_app_config(app_label)
        if apps is not global_apps:
            app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        if apps is not global_apps:
            app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    for name, codes in GROUPS.items():
        group, created = Group.objects.get_or_create(name=name)
        if not created:
            continue
        group.permissions.add(*permissions(Permission, codes))


def permissions(Permission, codes: list[str]) -> list:
    """The permissions named; one whose model a later migration adds is left for that migration
    to grant (grant_permissions), so the early groups migration runs on an empty database."""
    found = []
    for code in codes:
        app_label, codename = code.split(".")
        found.extend(
            Permission.objects.filter(content_type__app_label=app_label, codename=codename)
        )
    return found


def grant_permissions(apps, group_name: str, codes: list[str]) -> None:
    """For a migration adding a model: give an existing group its new permissions."""
    app_config = apps.get_app_config("activities")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    group = apps.get_model("auth", "Group").objects.filter(name=group_name).first()
    if group is not None:
        group.permissions.add(*permissions(apps.get_model("auth", "Permission"), codes))
