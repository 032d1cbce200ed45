"""References become one URL path segment (activities.references), and stored ones are repaired.

A reference such as "1/2" or ".." made every page listing it answer 500 and its own page 404. The
field gets its validator; each stored reference that breaks the rule is renamed to a close,
unused safe one ("1/2" -> "1-2") and the rename is recorded in the activity's history (who:
"System", when, old -> new), with its version bumped so that an open edit or import preview
sees the change. Renaming beats URLs that carry any text: "." and ".." segments are collapsed by
browsers before a request is sent, however they are escaped.

The preview's fingerprint now travels with the page a person confirms, so PendingImport no
longer stores one.
"""

from django.db import migrations, models
from django.db.models import F
from django.utils import timezone

import activities.references
from activities.references import is_valid_reference, url_safe_reference


def make_references_url_safe(apps, schema_editor):
    Activity = apps.get_model("activities", "Activity")
    ActivityChange = apps.get_model("activities", "ActivityChange")
    stored = list(Activity.objects.order_by("pk").values_list("pk", "reference"))
    taken = {reference.casefold() for _, reference in stored}
    now = timezone.now()
    for pk, reference in stored:
        if is_valid_reference(reference):
            continue
        safe = url_safe_reference(reference, taken)
        taken.add(safe.casefold())
        Activity.objects.filter(pk=pk).update(
            reference=safe, version=F("version") + 1, updated_at=now
        )
        ActivityChange.objects.create(
            activity_id=pk,
            action="updated",
            version=Activity.objects.get(pk=pk).version,
            changes={"reference": {"old": reference, "new": safe}},
            created_at=now,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0006_milestone_due_index"),
    ]

    operations = [
        migrations.RemoveField(model_name="pendingimport", name="fingerprint"),
        migrations.AlterField(
            model_name="activity",
            name="reference",
            field=models.CharField(
                help_text='Stable within the plan, e.g. "1.4".',
                max_length=20,
                unique=True,
                validators=[activities.references.validate_reference],
            ),
        ),
        migrations.RunPython(make_references_url_safe, migrations.RunPython.noop),
    ]
