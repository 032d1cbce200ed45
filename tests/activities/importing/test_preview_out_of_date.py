import pytest

from activities import services
from activities.importing.apply import PreviewOutOfDateError, apply_preview
from activities.models import Activity, ImportRun, Status, StatusUpdate, Theme
from tests.activities.importing.support import (
    PLAN_PATH,
    load_roles_and_themes,
    plan_data_counts,
    preview_of,
    run_import,
)
from tests.factories import make_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported_preview(db):
    """The published plan imported, then previewed again (all unchanged) ready to apply."""
    load_roles_and_themes()
    run_import(PLAN_PATH)
    return preview_of(PLAN_PATH.read_text(encoding="utf-8"))


def apply(preview):
    return apply_preview(preview, file_name="plan.txt", sha256="0" * 64)


def test_apply_refused_when_an_activity_was_edited_after_the_preview(imported_preview, editor):
    activity = Activity.objects.get(reference="1.1")
    fields = services.ActivityFields(
        theme=activity.theme,
        text="Edited by a person",
        timescale_label=activity.timescale_label,
        ongoing=activity.ongoing,
        owners=activity.owner_roles(),
        milestones=[],
    )
    services.activity_update(activity=activity, fields=fields, expected_version=1, author=editor)
    before = plan_data_counts()
    with pytest.raises(PreviewOutOfDateError, match="Preview the file again"):
        apply(imported_preview)
    assert plan_data_counts() == before
    assert Activity.objects.get(reference="1.1").text == "Edited by a person"


def test_apply_refused_when_a_status_update_was_posted_after_the_preview(imported_preview, editor):
    activity = Activity.objects.get(reference="1.1")
    services.status_update_create(activity=activity, status=Status.ON_TRACK, author=editor)
    with pytest.raises(PreviewOutOfDateError):
        apply(imported_preview)
    assert ImportRun.objects.count() == 1  # only the first import


def test_apply_refused_when_a_theme_was_renamed_after_the_preview(imported_preview):
    Theme.objects.filter(position=1).update(title="Local policing")
    with pytest.raises(PreviewOutOfDateError):
        apply(imported_preview)


def test_apply_refused_when_an_owner_role_was_added_after_the_preview(imported_preview):
    make_role("New role")
    with pytest.raises(PreviewOutOfDateError):
        apply(imported_preview)


def test_apply_of_an_unchanged_preview_succeeds(imported_preview):
    run = apply(imported_preview)
    assert run.counts["unchanged"] == 53


def test_a_reference_created_by_someone_else_during_the_import_is_reported_as_out_of_date(
    monkeypatch,
):
    """The fingerprint is checked, then someone else's new activity with one of the file's new
    references commits before the import's inserts: the unique constraint stops the import, and
    it is reported as "the plan changed", with nothing written."""
    from activities.importing import apply as apply_module

    load_roles_and_themes()
    preview = preview_of(PLAN_PATH.read_text(encoding="utf-8"))
    real_fingerprint = apply_module.database_fingerprint
    checks = []

    def fingerprint_before_the_race(*args):
        checks.append(1)
        if len(checks) == 1:  # the check inside apply_preview ran before the other commit
            return preview.fingerprint
        return real_fingerprint(*args)

    # The other person's commit (this test's transaction stands in for theirs).
    theme = Theme.objects.get(position=1)
    Activity.objects.create(plan=theme.plan, theme=theme, reference="1.1", text="Theirs")
    monkeypatch.setattr(apply_module, "database_fingerprint", fingerprint_before_the_race)
    before = plan_data_counts()
    with pytest.raises(PreviewOutOfDateError):
        apply(preview)
    assert plan_data_counts() == before
    assert not ImportRun.objects.exists()


def test_a_status_update_committed_after_a_later_numbered_one_makes_the_preview_out_of_date(
    imported_preview,
):
    """Ids are handed out at insert, not at commit: an editor's update holding id N can commit
    after id N + 1 and after the preview. The newest id is then unchanged; the count is not."""
    activity = Activity.objects.get(reference="1.1")
    held = services.status_update_create(  # id N: its transaction has not committed yet
        activity=activity, status=Status.AT_RISK, commentary="Earlier id, committed last"
    )
    newest = services.status_update_create(
        activity=activity, status=Status.ON_TRACK, commentary="Later id, committed first"
    )
    held_row = {f.attname: getattr(held, f.attname) for f in StatusUpdate._meta.concrete_fields}
    held.delete()  # not yet visible to the preview
    preview = preview_of(PLAN_PATH.read_text(encoding="utf-8"))
    StatusUpdate.objects.create(**held_row)  # now it commits, keeping its lower id
    assert StatusUpdate.objects.order_by("-pk").first().pk == newest.pk
    with pytest.raises(PreviewOutOfDateError):
        apply(preview)
