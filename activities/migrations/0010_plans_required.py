"""Every theme, activity and import run now belongs to a plan (0009 filled the column)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0009_plans"),
    ]

    operations = [
        migrations.AlterField(
            model_name="activity",
            name="plan",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="activities",
                to="activities.plan",
            ),
        ),
        migrations.AlterField(
            model_name="importrun",
            name="plan",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="import_runs",
                to="activities.plan",
            ),
        ),
        migrations.AlterField(
            model_name="theme",
            name="plan",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="themes",
                to="activities.plan",
            ),
        ),
    ]
