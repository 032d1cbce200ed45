"""A monthly cycle through January 2024, the clock advanced day by day, a real SMTP server on
127.0.0.1 reading what arrives: requests, reminders and late notices go to exactly the people
expected, listing exactly their activities still due, with links that work; nothing goes twice.

January 2024: last working day Wednesday 31st; deadline 5 working days before it (Wednesday 24th);
reminder 2 working days before that (Monday 22nd); late notice 1 working day after (Thursday 25th).
"""

import datetime
import re
from io import StringIO
from urllib.parse import urlsplit

import pytest

from django.core.management import call_command
from django.utils import timezone

from activities import clock
from activities.models import CycleMessage, Status
from tests.factories import (
    GROUP_ADMINISTRATORS,
    GROUP_EDITORS,
    GROUP_REVIEWERS,
    TEST_PLAN_URL,
    default_plan,
    make_activity,
    make_role,
    make_user,
)
from tests.mail_server import body_of

pytestmark = pytest.mark.django_db

CYCLE = {
    "frequency": "monthly",
    "starts_on": "2024-01-01",
    "deadline_working_days": "5",
    "reminder_working_days": "2",
    "grace_working_days": "1",
}


@pytest.fixture
def at(monkeypatch):
    """at(day, hour=9): move the one clock to that moment, UK time."""

    def move(day: datetime.date, hour: int = 9):
        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
        monkeypatch.setattr(clock, "now", lambda: moment)
        return moment

    return move


@pytest.fixture
def people(db):
    alice = make_user(
        "alice", groups=(GROUP_EDITORS,), email="alice@example.org", first_name="Alice"
    )
    bob = make_user("bob", groups=(GROUP_EDITORS,), email="bob@example.org", first_name="Bob")
    chair = make_user(
        "chair", groups=(GROUP_REVIEWERS,), email="acc@example.org", first_name="Cara"
    )
    admin = make_user("admin", groups=(GROUP_ADMINISTRATORS,), email="admin@example.org")
    return {"alice": alice, "bob": bob, "chair": chair, "admin": admin}


@pytest.fixture
def activities(people):
    """Alice's role leads 1.1 and 1.2; Bob's leads 1.3 and co-owns 1.1; 1.4 is complete."""
    lead = make_role("Head of Engagement", holders=[people["alice"]])
    other = make_role("Digital Lead", holders=[people["bob"]])
    return {
        "1.1": make_activity(
            reference="1.1",
            owners=[lead, other],
            due=datetime.date(2024, 3, 31),
            timescale_label="March 2024",
        ),
        "1.2": make_activity(reference="1.2", owners=[lead]),
        "1.3": make_activity(reference="1.3", owners=[other]),
        "1.4": _complete(make_activity(reference="1.4", owners=[lead])),
    }


def _complete(activity):
    from activities import services

    services.status_update_create(
        activity=activity,
        status=Status.COMPLETE,
        at=timezone.make_aware(datetime.datetime(2023, 12, 1, 9)),
    )
    return activity


def send(**options) -> str:
    out = StringIO()
    call_command("send_update_requests", stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


def received(inbox) -> dict[str, list[str]]:
    """{address: [subject, …]} of what arrived since the last look."""
    arrived: dict[str, list[str]] = {}
    for message in inbox.take():
        arrived.setdefault(message["To"], []).append(message["Subject"])
    return arrived


def references_in(message) -> list[str]:
    return re.findall(r"^(\d+\.\d+) We will", body_of(message), flags=re.MULTILINE)


def post_update(client, person, reference: str) -> None:
    client.force_login(person)
    response = client.post(
        f"{TEST_PLAN_URL}/activities/{reference}/updates/",
        {"kind": "status", "update-status": Status.ON_TRACK, "update-commentary": "Going well."},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    client.logout()


def set_up_cycle(client, people, at, **extra):
    at(datetime.date(2023, 12, 20))
    client.force_login(people["admin"])
    data = {**CYCLE, "chair": people["chair"].pk, "copy_late_to_chair": "on", **extra}
    response = client.post(f"{TEST_PLAN_URL}/reporting/edit/", data)
    assert response.status_code == 302, response.content.decode()
    client.logout()


def test_a_month_of_requests_reminders_and_late_notices(
    client, smtp_server, people, activities, at
):
    inbox = smtp_server
    set_up_cycle(client, people, at)
    assert default_plan().reporting_cycle.frequency == "monthly"

    # Before the first period: nothing.
    assert "Sent 0 messages" in send()
    assert received(inbox) == {}

    # 1 January: the period opens; one request each, never one per activity.
    at(datetime.date(2024, 1, 1))
    send()
    messages = inbox.take()
    assert sorted(m["To"] for m in messages) == ["alice@example.org", "bob@example.org"]
    alice_request = next(m for m in messages if m["To"] == "alice@example.org")
    bob_request = next(m for m in messages if m["To"] == "bob@example.org")
    assert alice_request["Subject"] == "Update needed by 24 January 2024: Test plan, January 2024"
    assert references_in(alice_request) == ["1.1", "1.2"]  # 1.4 is complete: not asked
    assert references_in(bob_request) == ["1.3", "1.1"]  # leads 1.3, copied on 1.1
    assert "For information, you co-own these" in body_of(bob_request)
    assert "Next milestone: March 2024 (due 31 March 2024)" in body_of(alice_request)
    assert "Status: Not started" in body_of(alice_request)

    # Running again, that day or later in the request window, sends nothing twice.
    send()
    at(datetime.date(2024, 1, 10))
    send()
    assert received(inbox) == {}

    # Alice posts 1.1 on the 10th: it leaves her reminder and Bob's copy.
    post_update(client, people["alice"], "1.1")
    at(datetime.date(2024, 1, 22))
    send()
    reminders = inbox.take()
    assert {m["To"]: references_in(m) for m in reminders} == {
        "alice@example.org": ["1.2"],
        "bob@example.org": ["1.3"],
    }
    assert all(
        m["Subject"].startswith("Reminder: your update is due by 24 January") for m in reminders
    )

    # Bob posts 1.3; on the deadline day nothing goes; in the grace day nothing goes.
    at(datetime.date(2024, 1, 23))
    send()
    post_update(client, people["bob"], "1.3")
    at(
        datetime.date(
            2024,
            1,
            24,
        ),
        hour=17,
    )
    send()
    assert received(inbox) == {}

    # 25 January: a late notice to Alice alone (1.2), and the chair's list.
    at(datetime.date(2024, 1, 25))
    send()
    late = inbox.take()
    assert {m["To"]: references_in(m) for m in late} == {
        "alice@example.org": ["1.2"],
        "acc@example.org": ["1.2"],
    }
    chair = next(m for m in late if m["To"] == "acc@example.org")
    assert chair["Subject"] == "Late updates (1): Test plan, January 2024"
    assert "Lead owner: Head of Engagement (Alice)" in body_of(chair)
    at(datetime.date(2024, 1, 31))
    send()
    assert received(inbox) == {}

    # 1 February: the next period asks everyone again for everything still open.
    at(datetime.date(2024, 2, 1))
    send()
    february = {m["To"]: references_in(m) for m in inbox.take()}
    assert february == {"alice@example.org": ["1.1", "1.2"], "bob@example.org": ["1.3", "1.1"]}

    client.force_login(people["chair"])
    page = client.get(f"{TEST_PLAN_URL}/reporting/2024-01-01/").content.decode()
    assert "Late notice to Alice" in page and "Late updates, to the chair to Cara" in page
    counts = {
        event: CycleMessage.objects.filter(event=event, state="sent").count()
        for event in CycleMessage.Event.values
    }
    assert counts == {"request": 4, "reminder": 2, "late": 1, "chair": 1}


def test_a_mailed_link_signs_in_then_opens_the_update_form(
    client, smtp_server, people, activities, at
):
    set_up_cycle(client, people, at)
    at(datetime.date(2024, 1, 1))
    send()
    message = smtp_server.to("alice@example.org")[0]
    links = re.findall(r"Post an update: (\S+)", body_of(message))
    assert len(links) == 2
    link = urlsplit(links[1])
    assert (link.scheme, link.netloc) == ("http", "testserver")

    sign_in = client.get(f"{link.path}?{link.query}")
    assert sign_in.status_code == 200
    assert "Sign in" in sign_in.content.decode()
    signed_in = client.post(
        f"{link.path}?{link.query}",
        {"username": "alice", "password": "correct horse battery"},
    )
    assert signed_in.status_code == 302
    assert signed_in["Location"] == f"{TEST_PLAN_URL}/activities/1.2/#post-update"
    page = client.get(signed_in["Location"])
    assert page.status_code == 200
    assert 'id="post-update"' in page.content.decode()

    # Signed in already, the same link goes straight to the activity.
    again = client.get(f"{link.path}?{link.query}")
    assert again["Location"] == f"{TEST_PLAN_URL}/activities/1.2/#post-update"


def test_the_html_part_carries_the_same_links(smtp_server, client, people, activities, at):
    set_up_cycle(client, people, at)
    at(datetime.date(2024, 1, 1))
    send()
    message = smtp_server.to("alice@example.org")[0]
    html = message.get_body(preferencelist=("html",)).get_content()
    plain_links = re.findall(r"Post an update: (\S+)", body_of(message))
    html_links = [
        link.replace("&amp;", "&")
        for link in re.findall(r'href="([^"]+/login/[^"]+post-update)"', html)
    ]
    assert html_links == plain_links


def test_the_signed_in_short_cut_follows_only_this_sites_addresses(client, editor):
    client.force_login(editor)
    response = client.get("/accounts/login/?next=https://evil.example.org/")
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/accounts/login/").status_code == 200  # no ?next=: the page as ever


def test_a_lead_holder_who_cannot_post_is_told_who_posts(
    client, smtp_server, people, activities, at
):
    acc = make_role("ACC Local Policing", holders=[people["chair"]])
    make_activity(reference="2.1", owners=[acc])
    set_up_cycle(client, people, at)
    at(datetime.date(2024, 1, 1))
    send()
    [to_the_acc] = smtp_server.to("acc@example.org")
    [to_alice] = smtp_server.to("alice@example.org")
    assert "not post status updates: send each update to a plan editor" in body_of(to_the_acc)
    assert "not post status updates" not in body_of(to_alice)
