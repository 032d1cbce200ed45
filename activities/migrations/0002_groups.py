"""The three groups a plan tracker needs, with their permissions. Assign people to them in the admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = {
    "Plan editors": [
        "activities.view_activity", "activities.change_activity", "activities.post_status_update",
        "activities.view_theme", "activities.view_milestone", "activities.add_milestone",
        "activities.change_milestone", "activities.delete_milestone", "activities.view_statusupdate",
        "activities.view_activitychange", "owners.view_ownerrole",
    ],
    "Reviewers": [
        "activities.view_activity", "activities.add_review_comment", "activities.export_plan",
        "activities.view_theme", "activities.view_milestone", "activities.view_statusupdate",
        "activities.view_activitychange", "owners.view_ownerrole",
    ],
    "Plan administrators": [
        "activities.view_activity", "activities.add_activity", "activities.change_activity",
        "activities.post_status_update", "activities.add_review_comment", "activities.export_plan",
        "activities.import_plan",
        "activities.view_theme", "activities.add_theme", "activities.change_theme", "activities.delete_theme",
        "activities.view_milestone", "activities.add_milestone", "activities.change_milestone",
        "activities.delete_milestone", "activities.view_statusupdate", "activities.view_activitychange",
        "activities.view_importrun",
        "owners.view_ownerrole", "owners.add_ownerrole", "owners.change_ownerrole", "owners.delete_ownerrole",
        "owners.view_ownerrolealias", "owners.add_ownerrolealias", "owners.change_ownerrolealias",
        "owners.delete_ownerrolealias",
        "auth.view_user", "auth.add_user", "auth.change_user", "auth.view_group",
    ],
}


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations run; create them now so we can assign them.
    for app_label in ("auth", "owners", "activities"):
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codes in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for code in codes:
            app_label, codename = code.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0001_initial"),
        ("owners", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
