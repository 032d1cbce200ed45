"""The plan becomes the top-level object: themes, activities and import runs belong to a plan.

Existing data (the one plan the tracker held) moves into one plan named from the published page,
"What we will deliver 2022 – 2024"; every activity, status update and change keeps its history
(only the new plan column is filled). References and theme titles become unique within a plan.
The next migration makes the plan columns required.
"""

import activities.references
import datetime

import django.db.models.deletion
from django.db import migrations, models


PUBLISHED_PLAN = {
    "title": "What we will deliver 2022 – 2024",
    "short_name": "engagement-2022-2024",
    "organisation": "Corporate Communications & Engagement",
    "starts_on": datetime.date(2022, 4, 1),
    "ends_on": datetime.date(2024, 3, 31),
    "state": "active",
}


def move_existing_data_into_one_plan(apps, schema_editor):
    Plan = apps.get_model("activities", "Plan")
    models = [apps.get_model("activities", name) for name in ("Theme", "Activity", "ImportRun")]
    if not any(model.objects.exists() for model in models):
        return  # a new database: the plans come with the data (setup_demo, import_plan, the admin)
    plan = Plan.objects.create(**PUBLISHED_PLAN)
    for model in models:
        model.objects.filter(plan__isnull=True).update(plan=plan)
    apps.get_model("activities", "PendingImport").objects.filter(plan__isnull=True).update(
        plan=plan
    )


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0008_text_limits_and_change_reason"),
        ("owners", "0001_initial"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="activity",
            options={
                "ordering": ["plan_id", "theme__position", "position", "reference"],
                "permissions": [
                    ("post_status_update", "Can post status updates"),
                    ("add_review_comment", "Can add review comments"),
                    ("export_plan", "Can export the plan"),
                    ("import_plan", "Can import plan files"),
                ],
                "verbose_name_plural": "activities",
            },
        ),
        migrations.AlterModelOptions(
            name="theme",
            options={"ordering": ["plan_id", "position"]},
        ),
        migrations.AddField(
            model_name="activity",
            name="carried_from",
            field=models.ForeignKey(
                blank=True,
                help_text="The activity of an earlier plan this one carries on.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="carried_into",
                to="activities.activity",
            ),
        ),
        migrations.AddField(
            model_name="pendingimport",
            name="new_plan_title",
            field=models.CharField(blank=True, default="", max_length=200),
        ),
        migrations.AlterField(
            model_name="activity",
            name="reference",
            field=models.CharField(
                help_text='Stable within the plan, e.g. "1.4".',
                max_length=20,
                validators=[activities.references.validate_reference],
            ),
        ),
        migrations.AlterField(
            model_name="theme",
            name="position",
            field=models.PositiveSmallIntegerField(help_text="Order in the plan, from 1."),
        ),
        migrations.AlterField(
            model_name="theme",
            name="title",
            field=models.CharField(max_length=200),
        ),
        migrations.CreateModel(
            name="Plan",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("title", models.CharField(max_length=200, unique=True)),
                (
                    "short_name",
                    models.SlugField(
                        help_text="Names the plan in addresses and commands: lower-case letters, digits and hyphens, e.g. “engagement-2022-2024”.",
                        unique=True,
                        verbose_name="short name",
                    ),
                ),
                (
                    "organisation",
                    models.CharField(
                        blank=True,
                        default="",
                        max_length=200,
                        verbose_name="organisation or owning team",
                    ),
                ),
                ("starts_on", models.DateField(blank=True, null=True, verbose_name="start date")),
                ("ends_on", models.DateField(blank=True, null=True, verbose_name="end date")),
                (
                    "state",
                    models.CharField(
                        choices=[("draft", "Draft"), ("active", "Active"), ("closed", "Closed")],
                        default="active",
                        max_length=10,
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "predecessor",
                    models.ForeignKey(
                        blank=True,
                        help_text="The plan this one follows on from.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="successors",
                        to="activities.plan",
                    ),
                ),
            ],
            options={
                "ordering": ["title"],
            },
        ),
        migrations.AddField(
            model_name="activity",
            name="plan",
            field=models.ForeignKey(
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="activities",
                to="activities.plan",
            ),
        ),
        migrations.AddField(
            model_name="importrun",
            name="plan",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="import_runs",
                to="activities.plan",
            ),
        ),
        migrations.AddField(
            model_name="pendingimport",
            name="plan",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="pending_imports",
                to="activities.plan",
            ),
        ),
        migrations.AddField(
            model_name="theme",
            name="plan",
            field=models.ForeignKey(
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="themes",
                to="activities.plan",
            ),
        ),
        migrations.AddConstraint(
            model_name="activity",
            constraint=models.UniqueConstraint(
                fields=("plan", "reference"),
                name="activities_activity_reference_unique",
                violation_error_code="reference_taken",
                violation_error_message="This plan already has an activity with this reference.",
            ),
        ),
        migrations.AddConstraint(
            model_name="theme",
            constraint=models.UniqueConstraint(
                fields=("plan", "position"), name="activities_theme_position_unique"
            ),
        ),
        migrations.AddConstraint(
            model_name="theme",
            constraint=models.UniqueConstraint(
                fields=("plan", "title"), name="activities_theme_title_unique"
            ),
        ),
        migrations.AddConstraint(
            model_name="plan",
            constraint=models.CheckConstraint(
                condition=models.Q(("state__in", ["draft", "active", "closed"])),
                name="activities_plan_state_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="plan",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("starts_on__isnull", True),
                    ("ends_on__isnull", True),
                    ("ends_on__gte", models.F("starts_on")),
                    _connector="OR",
                ),
                name="activities_plan_ends_after_start",
            ),
        ),
        migrations.AddConstraint(
            model_name="plan",
            constraint=models.CheckConstraint(
                condition=models.Q(("predecessor", models.F("pk")), _negated=True),
                name="activities_plan_not_own_predecessor",
            ),
        ),
        migrations.RunPython(move_existing_data_into_one_plan, migrations.RunPython.noop),
    ]
