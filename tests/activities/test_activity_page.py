import datetime

import pytest

from activities import services
from activities.models import Status, StatusUpdate
from activities.timeline import milestone_state
from activities.timescales import MilestoneSpec
from tests.factories import make_activity, make_role


def add_history(activity, author, count):
    for number in range(count):
        kind = StatusUpdate.Kind.REVIEW if number % 3 == 0 else StatusUpdate.Kind.STATUS
        services.status_update_create(
            activity=activity,
            status=Status.ON_TRACK,
            commentary=f"Note {number}",
            author=author,
            kind=kind,
        )


@pytest.mark.django_db
def test_page_shows_commitment_owners_lead_and_milestone_states(client, editor, fixed_today):
    lead, other = make_role("ACC Local Policing"), make_role("Head of Communications")
    activity = make_activity(
        text="We will hold quarterly meetings.",
        owners=[lead, other],
        timescale_label="March 2023 and March 2024",
        milestones=[
            MilestoneSpec("March 2023", datetime.date(2023, 3, 31)),
            MilestoneSpec("March 2024", datetime.date(2024, 3, 31)),
            MilestoneSpec("Ongoing", None),
            MilestoneSpec(
                "Done",
                datetime.date(2023, 1, 1),
                completed=True,
                completed_on=datetime.date(2023, 1, 2),
            ),
        ],
    )
    client.force_login(editor)
    html = client.get(activity.get_absolute_url()).content.decode()
    assert "We will hold quarterly meetings." in html
    assert "ACC Local Policing <strong>(lead)</strong>" in html
    assert "Head of Communications <strong>(lead)</strong>" not in html
    for state in ("Overdue", "Due", "Ongoing", "Complete"):
        assert f">{state}</strong>" in html
    assert f"<title>Activity {activity.reference} – Plan Tracker</title>" in html
    assert html.count("<h1") == 1


@pytest.mark.django_db
def test_history_merges_updates_and_changes_newest_first(client, editor, reviewer):
    activity = make_activity(text="Old words", author=editor)
    services.status_update_create(
        activity=activity, status=Status.AT_RISK, commentary="Slipping", author=editor
    )
    services.activity_update(
        activity=activity,
        fields=services.ActivityFields(
            theme=activity.theme,
            text="New words",
            timescale_label="",
            ongoing=False,
            owners=activity.owner_roles(),
            milestones=[],
        ),
        expected_version=activity.version,
        author=editor,
    )
    services.status_update_create(
        activity=activity,
        status=Status.AT_RISK,
        commentary="Please explain",
        author=reviewer,
        kind="review",
    )
    client.force_login(editor)
    html = client.get(activity.get_absolute_url()).content.decode()
    review, change, update, created = (
        html.index("Please explain"),
        html.index("<del>Old words</del>"),
        html.index("Slipping"),
        html.index("Activity added to the tracker"),
    )
    assert review < change < update < created
    assert "Review comment" in html
    assert "Rob Reviewer" in html


@pytest.mark.django_db
def test_forms_shown_only_to_those_allowed(client, editor, reviewer):
    activity = make_activity()
    client.force_login(reviewer)
    html = client.get(activity.get_absolute_url()).content.decode()
    assert "Add a review comment" in html
    assert "Post a status update" not in html
    assert "Edit this activity" not in html
    client.force_login(editor)
    html = client.get(activity.get_absolute_url()).content.decode()
    assert "Post a status update" in html
    assert "Edit this activity" in html
    assert "Add a review comment" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("history", [10, 200])
def test_activity_page_query_count_is_constant(
    client, editor, django_assert_max_num_queries, history
):
    activity = make_activity(
        owners=[make_role(), make_role()],
        milestones=[
            MilestoneSpec("A", datetime.date(2030, 1, 1)),
            MilestoneSpec("B", datetime.date(2031, 1, 1)),
        ],
    )
    add_history(activity, editor, history)
    client.force_login(editor)
    url = activity.get_absolute_url()
    # The plan in the address is one of them, and the header's plan switcher.
    with django_assert_max_num_queries(11):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count('class="plan-timeline__item') == history + 1


@pytest.mark.django_db
def test_milestone_states_follow_the_milestone_overdue_rule(fixed_today):
    activity = make_activity(
        milestones=[
            MilestoneSpec("Yesterday", fixed_today - datetime.timedelta(days=1)),
            MilestoneSpec("Today", fixed_today),
            MilestoneSpec("Done late", fixed_today - datetime.timedelta(days=30), completed=True),
            MilestoneSpec("Ongoing", None),
        ]
    )
    states = {m.label: milestone_state(m, fixed_today) for m in activity.milestones.all()}

    assert states == {
        "Yesterday": "overdue",
        "Today": "due",
        "Done late": "complete",
        "Ongoing": "ongoing",
    }
    for milestone in activity.milestones.all():
        assert (states[milestone.label] == "overdue") == milestone.is_overdue(fixed_today)
