"""One refusal of a stale edit: raised by activity_update, worded once, shown alike by every door."""

import threading
import time

import pytest

from django.db import OperationalError, connection
from django.urls import reverse

from activities import services
from activities.models import Activity
from tests.activities.test_admin import admin_form_data
from tests.activities.test_edit_activity import form_data
from tests.factories import TEST_PLAN_URL, make_activity


def fields_with_text(activity, text):
    return services.ActivityFields(
        theme=activity.theme,
        text=text,
        timescale_label=activity.timescale_label,
        ongoing=activity.ongoing,
        owners=activity.owner_roles(),
        milestones=[],
    )


@pytest.mark.django_db
def test_stale_update_is_refused_by_the_service_with_what_changed_and_the_current_version(
    administrator,
):
    activity = make_activity(text="Original")
    services.activity_update(
        activity=activity,
        fields=fields_with_text(activity, "First"),
        expected_version=1,
        author=administrator,
    )
    with pytest.raises(services.ConcurrentChangeError) as refused:
        services.activity_update(
            activity=activity, fields=fields_with_text(activity, "Second"), expected_version=1
        )
    assert refused.value.current_version == 2
    assert [change.changes["text"] for change in refused.value.changes] == [
        {"old": "Original", "new": "First"}
    ]
    assert str(refused.value) == services.ConcurrentChangeError.message
    assert Activity.objects.get().text == "First"


@pytest.mark.django_db
def test_edit_page_and_admin_refuse_in_the_same_words_and_list_the_same_change(
    client, editor, administrator
):
    activity = make_activity(text="Original words")
    client.force_login(administrator)
    admin_url = reverse("admin:activities_activity_change", args=[activity.pk])
    admin_data = admin_form_data(client.get(admin_url))
    admin_data["text"] = "Administrator's words"
    edit_data = form_data(activity, text="Page words")
    services.activity_update(
        activity=activity,
        fields=fields_with_text(activity, "Someone else's words"),
        expected_version=1,
        author=editor,
    )

    pages = [
        client.post(admin_url, admin_data).content.decode(),
        client.post(
            f"{TEST_PLAN_URL}/activities/{activity.reference}/edit/", edit_data
        ).content.decode(),
    ]

    for html in pages:
        assert "Someone else changed this activity after you opened it" in html
        assert "Erin Editor" in html
        assert "<del>Original words</del>" in html
        assert "Someone else&#x27;s words" in html
    assert Activity.objects.get().text == "Someone else's words"


def waiting_for_locks(call):
    """What SQLite's busy timeout does for a file database: the test database is in-memory with a
    shared cache, which reports "table is locked" at once instead of waiting for the other writer."""
    for _ in range(500):
        try:
            return call()
        except OperationalError as error:
            if connection.vendor != "sqlite" or "locked" not in str(error):
                raise
            time.sleep(0.01)
    raise AssertionError("the other writer never released its lock")


@pytest.mark.django_db(transaction=True)
def test_two_editors_saving_at_once_one_saves_and_the_other_is_refused(editor, administrator):
    """Real threads, each with its own database connection, racing from the same version."""
    activity = make_activity(text="Original")
    start = threading.Barrier(2)
    outcomes = {}

    def save(name, author):
        try:
            mine = Activity.objects.select_related("theme").get(pk=activity.pk)
            start.wait()
            waiting_for_locks(
                lambda: services.activity_update(
                    activity=mine,
                    fields=fields_with_text(activity, f"{name}'s words"),
                    expected_version=1,
                    author=author,
                )
            )
            outcomes[name] = "saved"
        except services.ConcurrentChangeError:
            outcomes[name] = "refused"
        except Exception as error:  # a lock timeout would show here, not as a silent pass
            outcomes[name] = repr(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=(name, author))
        for name, author in (("Erin", editor), ("Ada", administrator))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes.values()) == ["refused", "saved"], outcomes
    stored = Activity.objects.get()
    winner = next(name for name, outcome in outcomes.items() if outcome == "saved")
    assert (stored.text, stored.version) == (f"{winner}'s words", 2)
    assert stored.changes.filter(action="updated").count() == 1


@pytest.mark.django_db
def test_stale_edit_that_changes_the_timescale_is_refused_before_asking_for_a_reason(
    client, editor, administrator
):
    activity = make_activity(timescale_label="March 2024")
    data = form_data(activity, timescale_label="Spring 2027")
    services.activity_update(
        activity=activity,
        fields=fields_with_text(activity, "Changed meanwhile"),
        expected_version=1,
        author=administrator,
    )
    client.force_login(editor)

    html = client.post(
        f"{TEST_PLAN_URL}/activities/{activity.reference}/edit/", data
    ).content.decode()

    assert services.ConcurrentChangeError.message in html
    assert "Check the new timescale" not in html
    assert Activity.objects.get().timescale_label == "March 2024"
