"""Plans keep a history (PlanChange) and a version; plan administrators may manage plans.

Plans that exist already get a "created" entry dated when they were made, so every plan's history
starts at its beginning.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from activities.groups import ADMINISTRATORS, PLAN_MANAGEMENT, grant_permissions


def grant_plan_management(apps, schema_editor):
    grant_permissions(apps, ADMINISTRATORS, PLAN_MANAGEMENT)


def record_existing_plans(apps, schema_editor):
    Plan = apps.get_model("activities", "Plan")
    PlanChange = apps.get_model("activities", "PlanChange")
    for plan in Plan.objects.all():
        fields = {
            "title": plan.title,
            "short_name": plan.short_name,
            "organisation": plan.organisation,
            "starts_on": plan.starts_on.isoformat() if plan.starts_on else None,
            "ends_on": plan.ends_on.isoformat() if plan.ends_on else None,
            "state": plan.state,
        }
        PlanChange.objects.create(
            plan=plan,
            action="created",
            version=1,
            changes={name: {"old": None, "new": value} for name, value in fields.items()},
            created_at=plan.created_at,
        )


class Migration(migrations.Migration):

    dependencies = [
        ('activities', '0012_column_mapping'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='plan',
            name='version',
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
        migrations.CreateModel(
            name='PlanChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('action', models.CharField(choices=[('created', 'Plan created'), ('updated', 'Plan changed'), ('closed', 'Plan closed'), ('reopened', 'Plan reopened'), ('successor_started', 'Successor plan started')], max_length=20)),
                ('version', models.PositiveIntegerField(help_text="The plan's version after this change.")),
                ('changes', models.JSONField(default=dict, help_text='{"field": {"old": …, "new": …}}')),
                ('created_at', models.DateTimeField()),
                ('author', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='plan_changes', to=settings.AUTH_USER_MODEL)),
                ('plan', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='changes', to='activities.plan')),
            ],
            options={
                'ordering': ['-created_at', '-id'],
                'indexes': [models.Index(fields=['plan', '-created_at'], name='planchange_plan')],
                'constraints': [models.CheckConstraint(condition=models.Q(('action__in', ['created', 'updated', 'closed', 'reopened', 'successor_started'])), name='activities_planchange_action_valid')],
            },
        ),
        migrations.RunPython(grant_plan_management, migrations.RunPython.noop),
        migrations.RunPython(record_existing_plans, migrations.RunPython.noop),
    ]
