"""Editing the timescale re-derives the milestones (completed kept), shows the change first, asks
why, and records old → new, who, when and the reason in the history."""

import datetime

import pytest

from django.urls import reverse

from activities.models import Activity, ActivityChange
from activities.rebaselining import due_after_label, rebaseline
from activities.timescales import MilestoneSpec
from tests.activities.test_admin import admin_form_data
from tests.activities.test_edit_activity import form_data
from tests.factories import TEST_PLAN_URL, make_activity

AUTUMN_2023 = MilestoneSpec("Autumn 2023", datetime.date(2023, 11, 30))
MARCH_2023_DONE = MilestoneSpec(
    "March 2023",
    datetime.date(2023, 3, 31),
    completed=True,
    completed_on=datetime.date(2023, 3, 20),
)


def edit_url(activity):
    return f"{TEST_PLAN_URL}/activities/{activity.reference}/edit/"


def milestone_rows(activity) -> dict:
    """The milestone rows of the edit form, as a browser posts them back unchanged."""
    milestones = list(activity.milestones.all())
    rows = {"milestones-TOTAL_FORMS": str(len(milestones) + 2)}
    rows["milestones-INITIAL_FORMS"] = str(len(milestones))
    for index, milestone in enumerate(milestones):
        rows[f"milestones-{index}-label"] = milestone.label
        rows[f"milestones-{index}-due"] = milestone.due.isoformat() if milestone.due else ""
        if milestone.completed:
            rows[f"milestones-{index}-complete"] = "on"
            rows[f"milestones-{index}-completed_on"] = milestone.completed_on.isoformat()
    return rows


def retimed(activity, label: str, **extra) -> dict:
    return form_data(activity, timescale_label=label, **milestone_rows(activity), **extra)


def confirmed(data: dict, reason: str) -> dict:
    return {**data, "rebaseline-confirm_rebaseline": "True", "rebaseline-reason": reason}


@pytest.fixture
def autumn_2023(db):
    return make_activity(
        timescale_label="March 2023 COMPLETE Autumn 2023", milestones=[MARCH_2023_DONE, AUTUMN_2023]
    )


# The rule, without the database


def test_rebaseline_keeps_completed_milestones_and_replaces_the_rest():
    plan = rebaseline(
        [MARCH_2023_DONE, AUTUMN_2023], "March 2023 COMPLETE Autumn 2023", "Spring 2027"
    )
    assert plan.new_milestones == (
        MARCH_2023_DONE,
        MilestoneSpec("Spring 2027", datetime.date(2027, 5, 31)),
    )
    assert (plan.old_due, plan.new_due) == (datetime.date(2023, 11, 30), datetime.date(2027, 5, 31))


def test_rebaseline_does_not_repeat_a_completed_milestone_the_new_label_names():
    plan = rebaseline([MARCH_2023_DONE, AUTUMN_2023], "", "March 2023 then Spring 2027")
    assert [m.label for m in plan.new_milestones] == ["March 2023", "Spring 2027"]
    assert plan.new_milestones[0].completed


def test_a_label_cannot_be_due_after_the_period_it_names():
    assert due_after_label("Dec 2023", datetime.date(2027, 6, 30)) is not None
    assert due_after_label("Dec 2023", datetime.date(2023, 12, 31)) is None
    assert due_after_label("Ongoing", datetime.date(2027, 6, 30)) is None


# The edit page


def test_changed_timescale_shows_old_and_new_milestones_and_saves_nothing_yet(
    client, editor, autumn_2023
):
    client.force_login(editor)

    response = client.post(edit_url(autumn_2023), retimed(autumn_2023, "Spring 2027"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Check the new timescale" in html
    assert "<del>March 2023 COMPLETE Autumn 2023</del>" in html
    assert "Autumn 2023 (due 2023-11-30)" in html and "Spring 2027 (due 2027-05-31)" in html
    assert "<del>30 November 2023</del>" in html and "31 May 2027" in html
    assert Activity.objects.get().timescale_label == "March 2023 COMPLETE Autumn 2023"


def test_autumn_2023_re_dated_to_spring_2027_is_no_longer_overdue(
    client, editor, autumn_2023, fixed_today
):
    assert Activity.objects.overdue(fixed_today).count() == 1
    client.force_login(editor)

    response = client.post(
        edit_url(autumn_2023),
        confirmed(retimed(autumn_2023, "Spring 2027"), "The contract was re-let."),
    )

    assert response.status_code == 302
    activity = Activity.objects.get()
    assert activity.next_due == datetime.date(2027, 5, 31)
    assert not activity.is_overdue(fixed_today)
    assert Activity.objects.overdue(fixed_today).count() == 0
    assert [(m.label, m.due, m.completed) for m in activity.milestones.all()] == [
        ("March 2023", datetime.date(2023, 3, 31), True),
        ("Spring 2027", datetime.date(2027, 5, 31), False),
    ]


def test_the_history_shows_the_re_baseline_with_who_and_the_reason(client, editor, autumn_2023):
    client.force_login(editor)
    client.post(
        edit_url(autumn_2023), confirmed(retimed(autumn_2023, "Spring 2027"), "Funding moved.")
    )

    change = ActivityChange.objects.filter(action="updated").get()
    assert (change.author, change.reason) == (editor, "Funding moved.")
    assert change.changes["timescale_label"] == {
        "old": "March 2023 COMPLETE Autumn 2023",
        "new": "Spring 2027",
    }
    html = client.get(autumn_2023.get_absolute_url()).content.decode()
    assert "<strong>Reason:</strong> Funding moved." in html
    assert "<del>March 2023 COMPLETE Autumn 2023</del>" in html


def test_a_re_baseline_without_a_reason_is_refused(client, editor, autumn_2023):
    client.force_login(editor)

    response = client.post(
        edit_url(autumn_2023), confirmed(retimed(autumn_2023, "Spring 2027"), "")
    )

    assert "Give the reason the timescale is changing." in response.content.decode()
    assert Activity.objects.get().timescale_label == "March 2023 COMPLETE Autumn 2023"


def test_a_timescale_of_dec_2023_is_due_in_december_2023_whatever_the_rows_said(client, editor, db):
    activity = make_activity(
        timescale_label="Spring 2027",
        milestones=[MilestoneSpec("Spring 2027", datetime.date(2027, 5, 31))],
    )
    client.force_login(editor)

    client.post(edit_url(activity), confirmed(retimed(activity, "Dec 2023"), "Back to the plan."))

    activity.refresh_from_db()
    assert [(m.label, m.due) for m in activity.milestones.all()] == [
        ("Dec 2023", datetime.date(2023, 12, 31))
    ]
    assert activity.next_due == datetime.date(2023, 12, 31)


def test_a_milestone_row_dec_2023_cannot_be_given_a_2027_date(client, editor, db):
    activity = make_activity(timescale_label="", milestones=[])
    client.force_login(editor)
    data = form_data(
        activity, **{"milestones-0-label": "Dec 2023", "milestones-0-due": "2027-06-30"}
    )

    html = client.post(edit_url(activity), data).content.decode()

    assert "“Dec 2023” ends on 31 December 2023, so it cannot be due on 30 June 2027" in html
    assert not activity.milestones.exists()


def test_an_unreadable_timescale_is_refused_with_the_parser_s_words(client, editor, autumn_2023):
    client.force_login(editor)

    html = client.post(
        edit_url(autumn_2023), retimed(autumn_2023, "by end of term")
    ).content.decode()

    assert "Cannot read &quot;by end of term&quot; as a date. Write a month, season" in html
    assert "kept as written" not in html  # the edit is refused: nothing is kept
    assert 'href="#id_timescale_label"' in html
    assert Activity.objects.get().timescale_label == "March 2023 COMPLETE Autumn 2023"


def test_go_back_returns_to_the_edit_form_with_the_input_kept(client, editor, autumn_2023):
    client.force_login(editor)
    data = {**retimed(autumn_2023, "Spring 2027", text="New words"), "back": "1"}

    html = client.post(edit_url(autumn_2023), data).content.decode()

    assert '<h1 class="govuk-heading-l">Edit activity</h1>' in html
    assert 'value="Spring 2027"' in html and "New words" in html
    assert Activity.objects.get().timescale_label == "March 2023 COMPLETE Autumn 2023"


# The admin


def test_admin_timescale_change_is_shown_first_then_saved_with_its_reason(
    client, administrator, autumn_2023
):
    url = reverse("admin:activities_activity_change", args=[autumn_2023.pk])
    client.force_login(administrator)
    data = admin_form_data(client.get(url))
    data.update(timescale_label="Spring 2027", rebaseline_reason="Re-let.")

    shown = client.post(url, data)

    assert shown.status_code == 200
    assert "Spring 2027 (due 2027-05-31)" in shown.content.decode()
    assert Activity.objects.get().timescale_label == "March 2023 COMPLETE Autumn 2023"

    saved = client.post(url, admin_form_data(shown))

    assert saved.status_code == 302
    activity = Activity.objects.get()
    assert activity.next_due == datetime.date(2027, 5, 31)
    assert [m.label for m in activity.milestones.all()] == ["March 2023", "Spring 2027"]
    change = activity.changes.get(action="updated")
    assert (change.author, change.reason) == (administrator, "Re-let.")
