"""A cycle before each meeting of the Performance board, the clock moved to just before and just
after each of its dates, a real SMTP server on 127.0.0.1 reading what arrives: exactly the
requests, reminders and late notices expected, the late list to the meeting's chair, nothing twice.

Meetings on Thursday 1 February and Thursday 7 March 2024. First period 1 January to 1 February:
deadline Thursday 25 January (5 working days before), reminder Tuesday 23rd, late Friday 26th.
Second period 2 February to 7 March: deadline Thursday 29 February, reminder Tuesday 27th.
"""

# ruff: noqa: F811 - the monthly mail tests' fixtures (people, activities, at) are reused by name

import datetime

import pytest

from activities.models import CycleMessage
from activities.services.meetings import meeting_create
from tests.activities.test_cycle_mail import (  # noqa: F401 - fixtures
    activities,
    at,
    people,
    post_update,
    received,
    references_in,
    send,
)
from tests.factories import GROUP_REVIEWERS, TEST_PLAN_URL, default_plan, make_user
from tests.mail_server import body_of

pytestmark = pytest.mark.django_db
D = datetime.date
SUBJECT = "Test plan, before Performance board, 1 February 2024"


@pytest.fixture
def board(people):
    """The series; its chair's text names the reviewer Cara Jones, who has an account."""
    people["chair"].last_name = "Jones"
    people["chair"].save()
    first = meeting_create(title="Performance board", date=D(2024, 2, 1), chair="ACC Cara Jones",
        plans=[default_plan()], author=people["admin"], compare_from=D(2023, 12, 1))  # fmt: skip
    meeting_create(title="Performance board", date=D(2024, 3, 7), chair="ACC Cara Jones",
        plans=[default_plan()], author=people["admin"], previous=first)  # fmt: skip
    return first


def set_up(client, people, at, board):
    at(D(2023, 12, 20))
    client.force_login(people["admin"])
    data = {"frequency": "meeting", "meeting_series": board.pk, "starts_on": "2024-01-01",
            "deadline_working_days": "5", "reminder_working_days": "2",
            "grace_working_days": "1", "copy_late_to_chair": "on"}  # fmt: skip
    response = client.post(f"{TEST_PLAN_URL}/reporting/edit/", data)
    assert response.status_code == 302, response.content.decode()
    client.logout()


def sent_now(inbox, at, day, hour=9) -> dict[str, list[str]]:
    """Run the command twice at that moment; {address: [references]} of what arrived."""
    at(day, hour)
    send()
    send()
    messages = inbox.take()
    assert len({(m["To"], m["Subject"]) for m in messages}) == len(messages)  # nothing twice
    return {m["To"]: references_in(m) for m in messages}


def test_a_meeting_cycle_asks_reminds_and_sends_late_notices(
    client, smtp_server, people, activities, at, board
):
    inbox = smtp_server
    set_up(client, people, at, board)
    assert sent_now(inbox, at, D(2023, 12, 31)) == {}

    at(D(2024, 1, 1))
    send()
    requests = inbox.take()
    assert {m["To"]: references_in(m) for m in requests} == {
        "alice@example.org": ["1.1", "1.2"],
        "bob@example.org": ["1.3", "1.1"],
    }
    assert {m["Subject"] for m in requests} == {f"Update needed by 25 January 2024: {SUBJECT}"}
    assert "reporting period before Performance board, 1 February 2024" in body_of(requests[0])
    assert sent_now(inbox, at, D(2024, 1, 10)) == {}

    post_update(client, people["alice"], "1.1")
    assert sent_now(inbox, at, D(2024, 1, 22), hour=23) == {}  # the evening before the reminder
    assert sent_now(inbox, at, D(2024, 1, 23), hour=0) == {
        "alice@example.org": ["1.2"],
        "bob@example.org": ["1.3"],
    }

    post_update(client, people["bob"], "1.3")
    assert sent_now(inbox, at, D(2024, 1, 25), hour=23) == {}  # the deadline's last hour
    at(D(2024, 1, 26), 0)
    send()
    late = inbox.take()
    assert {m["To"]: references_in(m) for m in late} == {
        "alice@example.org": ["1.2"],
        "acc@example.org": ["1.2"],  # the meeting's chair, found by name
    }
    chair = next(m for m in late if m["To"] == "acc@example.org")
    assert chair["Subject"] == f"Late updates (1): {SUBJECT}"
    assert sent_now(inbox, at, D(2024, 1, 26), hour=17) == {}
    assert sent_now(inbox, at, D(2024, 2, 1), hour=17) == {}  # the meeting's day

    # The day after the meeting the next period opens and asks again.
    assert sent_now(inbox, at, D(2024, 2, 2)) == {
        "alice@example.org": ["1.1", "1.2"],
        "bob@example.org": ["1.3", "1.1"],
    }
    counts = {
        event: CycleMessage.objects.filter(event=event, state="sent").count()
        for event in CycleMessage.Event.values
    }
    assert counts == {"request": 4, "reminder": 2, "late": 1, "chair": 1}
    assert set(CycleMessage.objects.values_list("period_starts_on", flat=True)) == {
        D(2024, 1, 1), D(2024, 2, 2)}  # fmt: skip


def test_after_the_last_meeting_nothing_is_sent(client, smtp_server, people, activities, at,
                                                board):  # fmt: skip
    set_up(client, people, at, board)
    assert sent_now(smtp_server, at, D(2024, 3, 8)) == {}
    client.force_login(people["chair"])
    page = client.get(f"{TEST_PLAN_URL}/reporting/").content.decode()
    assert "No meeting of the series is set after today" in page
    assert f"{TEST_PLAN_URL}/reporting/2024-02-02/" in page  # the past periods still listed


def test_an_unknown_chair_gets_nothing_and_the_fallback_is_used(
    client, smtp_server, people, activities, at, board
):
    people["chair"].last_name = "Someone-Else"
    people["chair"].save()
    fallback = make_user("deputy", groups=(GROUP_REVIEWERS,), email="deputy@example.org")
    set_up(client, people, at, board)
    cycle = default_plan().reporting_cycle
    cycle.chair = fallback
    cycle.save()
    at(D(2024, 1, 26))
    output = send()
    late = {m["To"]: references_in(m) for m in smtp_server.take()}
    assert "acc@example.org" not in late and late["deputy@example.org"] == ["1.1", "1.2", "1.3"]
    assert "chair's list sent to deputy: no single account is named “ACC Cara Jones”" in output


def test_a_series_of_another_plan_is_refused_by_the_service(people, board):
    from django.core.exceptions import ValidationError

    from activities import services
    from tests.factories import make_plan

    with pytest.raises(ValidationError, match="reviews this plan"):
        services.reporting_cycle_save(plan=make_plan("Other"), author=people["admin"],
            frequency="meeting", meeting_series=board, starts_on=D(2024, 1, 1),
            deadline_working_days=5, reminder_working_days=2, grace_working_days=1)  # fmt: skip
