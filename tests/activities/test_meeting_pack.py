"""The meeting pack's builder: the plan as of the meeting compared with the previous meeting, read
back from the history (statuses, re-baselines, completions), grouped and counted as the ACC reads it."""

import datetime

import pytest

from django.utils import timezone

from activities import clock, services
from activities.meetings.pack import MeetingPack
from activities.models import Activity, ActivityChange
from activities.timescales import MilestoneSpec
from tests.factories import default_plan, make_activity, make_plan, make_role, make_theme, make_user

SINCE = datetime.date(2023, 12, 1)  # the previous meeting
AS_OF = datetime.date(2024, 1, 15)  # this one (conftest's fixed today)


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def update(activity, status, day, commentary="Commentary.", **extra):
    return services.status_update_create(
        activity=activity, status=status, commentary=commentary, at=at(day), **extra
    )


def retime(monkeypatch, activity, label, due, day, reason, author=None):
    """Re-baseline the activity's timescale on `day` through the edit service."""
    today = clock.now
    monkeypatch.setattr(clock, "now", lambda: at(day))
    activity.refresh_from_db()
    fields = services.ActivityFields(
        theme=activity.theme,
        text=activity.text,
        timescale_label=label,
        ongoing=False,
        owners=activity.owner_roles(),
        milestones=[MilestoneSpec(label, due)],
    )
    services.activity_update(
        activity=activity,
        fields=fields,
        expected_version=activity.version,
        author=author,
        reason=reason,
    )
    monkeypatch.setattr(clock, "now", today)


@pytest.fixture
def board(db, fixed_today, monkeypatch):
    """Four activities with history around a previous meeting on 1 December 2023."""
    casey = make_user("casey", first_name="Casey", last_name="Comms")
    inspector = make_role("Neighbourhood Policing Inspector")
    comms = make_role("Head of Corporate Communications")
    theme = make_theme("Neighbourhoods", position=1)
    dec_20 = [MilestoneSpec("December 2023", datetime.date(2023, 12, 20))]
    made = {
        "1.1": make_activity(reference="1.1", theme=theme, owners=[inspector, comms], milestones=dec_20),
        "1.2": make_activity(
            reference="1.2",
            theme=theme,
            owners=[comms],
            milestones=[MilestoneSpec("November 2023", datetime.date(2023, 11, 30))],
        ),
        "1.3": make_activity(reference="1.3", theme=theme, owners=[inspector], milestones=[
            MilestoneSpec("June 2024", datetime.date(2024, 6, 30))]),
        "2.1": make_activity(
            reference="2.1",
            theme=theme,
            owners=[comms],
            timescale_label="December 2023",
            milestones=[MilestoneSpec("December 2023", datetime.date(2023, 12, 31))],
        ),
    }  # fmt: skip
    Activity.objects.update(created_at=at(datetime.date(2023, 10, 1)))
    ActivityChange.objects.update(created_at=at(datetime.date(2023, 10, 1)))
    update(made["1.1"], "on_track", datetime.date(2023, 11, 1), author=casey)
    update(made["1.2"], "at_risk", datetime.date(2023, 11, 15), author=casey)
    update(made["1.2"], "off_track", datetime.date(2024, 1, 5), author=casey)
    update(made["1.3"], "on_track", datetime.date(2023, 11, 1), author=casey)
    update(made["1.3"], "complete", datetime.date(2024, 1, 10), author=casey)
    update(made["2.1"], "on_track", datetime.date(2023, 12, 4), author=casey)
    reviewer = make_user("rob", first_name="Rob", last_name="Reviewer")
    update(made["1.2"], "off_track", datetime.date(2024, 1, 6), "Why so late?", kind="review",
           author=reviewer)  # fmt: skip
    retime(monkeypatch, made["2.1"], "March 2024", datetime.date(2024, 3, 31),
           datetime.date(2024, 1, 8), "Supplier delay", author=casey)  # fmt: skip
    return made


def pack(as_of=AS_OF, since=SINCE) -> dict:
    return MeetingPack(plans=[default_plan()], as_of=as_of, since=since).content()


def references(rows) -> list[str]:
    return [row["reference"] for row in rows]


def test_summary_counts_statuses_now_and_at_the_previous_meeting(board):
    counts = {row["status"]: row for row in pack()["summary"]["counts"]}
    assert (counts["on_track"]["previous"], counts["on_track"]["now"]) == (2, 2)
    assert (counts["at_risk"]["previous"], counts["at_risk"]["now"]) == (1, 0)
    assert (counts["off_track"]["now"], counts["off_track"]["change"]) == (1, 1)
    assert (counts["complete"]["previous"], counts["complete"]["now"]) == (0, 1)
    assert (counts["not_started"]["previous"], counts["not_started"]["now"]) == (1, 0)


def test_newly_overdue_is_overdue_now_and_not_at_the_previous_meeting(board):
    newly = pack()["summary"]["newly_overdue"]
    assert references(newly) == ["1.1"]  # 1.2 was already overdue on 1 December
    assert newly[0]["days_overdue"] == 26
    assert newly[0]["missed_milestone"] == {"label": "December 2023", "due": "2023-12-20"}


def test_newly_complete_and_status_moves_up_and_down(board):
    summary = pack()["summary"]
    assert references(summary["newly_complete"]) == ["1.3"]
    assert references(summary["status_up"]) == ["1.3", "2.1"]  # not started -> on track counts
    assert [(r["reference"], r["old"], r["status_label"]) for r in summary["status_down"]] == [
        ("1.2", "At risk", "Off track")
    ]


def test_redated_commitments_show_old_and_new_timescale_with_the_reason(board):
    redated = pack()["summary"]["redated"]
    assert [(r["reference"], r["old"], r["new"], r["reason"]) for r in redated] == [
        ("2.1", "December 2023", "March 2024", "Supplier delay")
    ]


def test_an_activity_redated_after_the_as_of_date_was_overdue_on_it(board):
    """History is read back: on 5 January 2.1 was still due in December, so it was overdue."""
    content = pack(as_of=datetime.date(2024, 1, 5))
    overdue = {row["reference"]: row for row in content["summary"]["newly_overdue"]}
    assert overdue["2.1"]["missed_milestone"]["due"] == "2023-12-31"
    assert content["summary"]["redated"] == []


def test_no_update_since_lists_open_activities_by_lead_owner_role(board):
    groups = pack()["no_update_since"]
    assert [(g["role"], references(g["activities"])) for g in groups] == [
        ("Neighbourhood Policing Inspector", ["1.1"])
    ]
    assert pack()["summary"]["no_update_since"] == [
        {"role": "Neighbourhood Policing Inspector", "count": 1}
    ]


def test_exceptions_are_grouped_by_lead_role_with_co_owners_named_once(board):
    groups = pack()["exceptions"]
    assert [(g["role"], references(g["activities"])) for g in groups] == [
        ("Head of Corporate Communications", ["1.2"]),
        ("Neighbourhood Policing Inspector", ["1.1"]),
    ]
    shared = groups[1]["activities"][0]
    assert shared["co_owners"] == ["Head of Corporate Communications"]


def test_an_exception_carries_its_commentary_reviews_and_status_change(board):
    row = pack()["exceptions"][0]["activities"][0]
    assert row["days_overdue"] == 46 and row["status"] == "off_track"
    assert row["commentary"]["text"] == "Commentary." and row["commentary"]["at"].startswith(
        "2024-01-05"
    )
    assert [(r["text"], r["author"]) for r in row["reviews"]] == [("Why so late?", "Rob Reviewer")]
    assert row["status_change"] == {"old": "At risk", "new": "Off track"}


def test_changes_since_are_in_plan_order_with_who_and_when(board):
    changes = pack()["changes"]
    assert [(c["reference"], c["kind"], c["old"], c["new"]) for c in changes] == [
        ("1.2", "status", "At risk", "Off track"),
        ("1.3", "status", "On track", "Complete"),
        ("2.1", "status", "Not started", "On track"),
        ("2.1", "rebaseline", "December 2023", "March 2024"),
    ]
    assert {c["author"] for c in changes} == {"Casey Comms"}
    assert changes[0]["at"].startswith("2024-01-05T10:00")


def test_a_milestone_completed_by_a_status_update_is_a_completion(board):
    activity = board["1.1"]
    milestone = activity.milestones.get()
    update(activity, "on_track", datetime.date(2024, 1, 12), milestone=milestone,
           completed_on=datetime.date(2024, 1, 12))  # fmt: skip
    content = pack()
    kinds = [(c["reference"], c["kind"]) for c in content["changes"]]
    assert ("1.1", "completion") in kinds
    assert "1.1" not in references(content["summary"]["newly_overdue"])
    # ...but at the previous meeting's date it was not yet complete, nor overdue.
    earlier = pack(as_of=datetime.date(2024, 1, 11))
    assert "1.1" in references(earlier["summary"]["newly_overdue"])


def test_the_pack_as_of_today_agrees_with_the_overdue_rule(board):
    overdue_now = set(Activity.objects.overdue(AS_OF).values_list("reference", flat=True))
    found = {row["reference"] for g in pack()["exceptions"] for row in g["activities"]
             if row["days_overdue"] is not None}  # fmt: skip
    assert found == overdue_now


def test_the_pack_takes_the_same_queries_at_two_sizes(board, django_assert_max_num_queries):
    with django_assert_max_num_queries(8) as small:  # 8th: the plans' reporting cycles
        pack()
    theme = make_theme("More")
    for _ in range(15):
        update(make_activity(theme=theme, due=datetime.date(2023, 12, 1)), "at_risk",
               datetime.date(2024, 1, 2))  # fmt: skip
    with django_assert_max_num_queries(len(small.captured_queries)):
        content = pack()
    assert content["summary"]["total_now"] == 19


def test_a_board_pack_across_plans_names_each_activitys_plan(board):
    other = make_plan("Equality plan")
    theme = make_theme("Fairness", plan=other, position=1)
    make_activity(reference="1.2", theme=theme, due=datetime.date(2023, 12, 10))
    Activity.objects.update(created_at=at(datetime.date(2023, 10, 1)))
    content = MeetingPack(plans=[default_plan(), other], as_of=AS_OF, since=SINCE).content()
    assert [p["title"] for p in content["meeting"]["plans"]] == ["Equality plan", "Test plan"]
    newly = {(row["plan"], row["reference"]) for row in content["summary"]["newly_overdue"]}
    assert newly == {("test-plan", "1.1"), (other.short_name, "1.2")}
    assert content["summary"]["total_now"] == 5


# The count still due an update (issue 15): the pack, the "who has not updated" page and the
# dashboard count the same period by the one rule, activities/cycles/due.py.


def meeting_cycle(board, frequency="meeting"):
    """A Performance board on Thursday 1 February 2024 and the plan's cycle before each of its
    meetings from 1 January: the period holding the meeting is 1 January to 1 February."""
    from activities.services.meetings import meeting_create

    admin = make_user("admin")
    meeting = meeting_create(title="Performance board", date=datetime.date(2024, 2, 1),
        chair="ACC Cara Jones", plans=[default_plan()], author=admin, compare_from=SINCE)  # fmt: skip
    services.reporting_cycle_save(plan=default_plan(), author=admin, frequency=frequency,
        starts_on=datetime.date(2024, 1, 1), deadline_working_days=5, reminder_working_days=2,
        grace_working_days=1, meeting_series=meeting)  # fmt: skip
    return meeting


def test_the_packs_count_due_an_update_equals_the_page_and_the_dashboard(board, client, reviewer):
    import re

    from activities.dashboard import Dashboard

    meeting = meeting_cycle(board)
    content = MeetingPack.for_meeting(meeting, today=AS_OF).content()
    [row] = content["summary"]["due_update"]
    # Open and with no status update since 1 January: 1.1 and 2.1 (1.2 updated on the 5th, a
    # review comment on the 6th does not count; 1.3 is complete; 2.1's re-dating is no update).
    assert (row["count"], row["starts_on"], row["label"]) == (2, "2024-01-01", "Awaiting an update")
    assert row["period"] == "before Performance board, 1 February 2024"

    client.force_login(reviewer)
    page = client.get("/plans/test-plan/reporting/2024-01-01/").content.decode()
    on_page = int(re.search(r"<strong>(\d+) activit", page).group(1))
    board_count = Dashboard(plan=default_plan(), today=AS_OF, now=clock.now()).attention()[-1]
    assert row["count"] == on_page == board_count.count

    shown = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert 'href="/plans/test-plan/reporting/2024-01-01/">2</a>' in shown
    update(board["2.1"], "on_track", AS_OF)  # an update posted takes it out of the count
    [row] = MeetingPack.for_meeting(meeting, today=AS_OF).content()["summary"]["due_update"]
    assert row["count"] == 1


def test_the_packs_count_is_for_the_monthly_period_holding_the_meeting(board):
    meeting = meeting_cycle(board, frequency="monthly")
    [row] = MeetingPack.for_meeting(meeting, today=AS_OF).content()["summary"]["due_update"]
    # February's period: nothing is updated in it yet, and it has not begun (no link).
    assert (row["starts_on"], row["count"], row["linked"]) == ("2024-02-01", 3, False)


def test_no_cycle_no_count_in_the_pack(board):
    assert pack()["summary"]["due_update"] == []


def test_the_packs_count_takes_the_same_queries_at_two_sizes(board, django_assert_max_num_queries):
    meeting = meeting_cycle(board)
    with django_assert_max_num_queries(12) as small:
        MeetingPack.for_meeting(meeting, today=AS_OF).content()
    theme = make_theme("More")
    for _ in range(15):
        make_activity(theme=theme)
    with django_assert_max_num_queries(len(small.captured_queries)):
        content = MeetingPack.for_meeting(meeting, today=AS_OF).content()
    assert content["summary"]["due_update"][0]["count"] == 17
