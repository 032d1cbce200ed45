"""The reporting pages: who may see and set a cycle, what the form refuses, the history kept, and
the email choices page."""

import datetime

import pytest

from activities.models import MailPreference, ReportingCycle, ReportingCycleChange
from tests.factories import TEST_PLAN_URL, default_plan, make_activity, make_role

pytestmark = pytest.mark.django_db
EDIT = f"{TEST_PLAN_URL}/reporting/edit/"
VALID = {
    "frequency": "monthly",
    "starts_on": "2024-01-01",
    "deadline_working_days": "5",
    "reminder_working_days": "2",
    "grace_working_days": "1",
}


@pytest.fixture
def cycle(db):
    return ReportingCycle.objects.create(plan=default_plan(), starts_on=datetime.date(2024, 1, 1))


@pytest.mark.parametrize(
    ("persona", "overview", "period", "edit"),
    [
        ("editor", 200, 200, 403),
        ("reviewer", 200, 200, 403),
        ("administrator", 200, 200, 200),
        ("outsider", 403, 403, 403),
    ],
)
def test_who_may_see_and_set_a_cycle(
    client, request, cycle, fixed_today, persona, overview, period, edit
):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(f"{TEST_PLAN_URL}/reporting/").status_code == overview
    assert client.get(f"{TEST_PLAN_URL}/reporting/2024-01-01/").status_code == period
    assert client.get(EDIT).status_code == edit
    response = client.post(EDIT, {**VALID, "paused": "on"})
    assert response.status_code == (302 if edit == 200 else edit)
    assert ReportingCycle.objects.get().paused is (edit == 200)


def test_signed_out_people_are_sent_to_sign_in(client, cycle):
    for path in (f"{TEST_PLAN_URL}/reporting/", EDIT, "/accounts/email/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_an_administrator_sets_a_cycle_and_the_change_is_recorded(
    client, administrator, fixed_today
):
    default_plan()
    client.force_login(administrator)
    form = client.get(EDIT).content.decode()
    assert "Set up the reporting cycle" in form and 'value="2024-01-15"' in form
    response = client.post(EDIT, VALID, follow=True)
    assert "Reporting cycle saved." in response.content.decode()
    assert "Monthly, from 1 January 2024" in response.content.decode()
    client.post(EDIT, {**VALID, "frequency": "quarterly"})
    changes = list(ReportingCycleChange.objects.order_by("created_at", "id"))
    assert [c.author for c in changes] == [administrator, administrator]
    assert changes[1].changes == {"frequency": {"old": "monthly", "new": "quarterly"}}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"grace_working_days": "6"}, "The grace period must end by the period’s last working day"),
        ({"deadline_working_days": "14"}, "at most 15 working days before the period ends"),
        ({"frequency": "weekly"}, "Select a valid choice"),
        ({"starts_on": "soon"}, "Enter a valid date"),
        ({"copy_late_to_chair": "on"}, "Choose the chair who should get the list of late updates"),
    ],
)
def test_the_form_refuses_a_cycle_that_cannot_work(
    client, administrator, fixed_today, change, message
):
    default_plan()
    client.force_login(administrator)
    response = client.post(EDIT, {**VALID, **change})
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page and "There is a problem" in page
    assert not ReportingCycle.objects.exists()


def test_a_period_address_must_name_a_period_that_has_begun(client, editor, cycle, fixed_today):
    client.force_login(editor)
    for address in ("2024-01-02", "2023-12-01", "2024-02-01", "not-a-date"):
        assert client.get(f"{TEST_PLAN_URL}/reporting/{address}/").status_code == 404, address


def test_the_period_page_names_a_role_nobody_holds(client, editor, cycle, fixed_today):
    make_activity(owners=[make_role("Head of Nobody")])
    client.force_login(editor)
    page = client.get(f"{TEST_PLAN_URL}/reporting/2024-01-01/").content.decode()
    assert "Head of Nobody (1)" in page and "Nobody holds this role" in page


def test_a_plan_without_a_cycle_offers_an_administrator_to_set_one(client, administrator, editor):
    default_plan()
    client.force_login(editor)
    page = client.get(f"{TEST_PLAN_URL}/reporting/").content.decode()
    assert "no reporting cycle" in page and "Set up a reporting cycle" not in page
    client.force_login(administrator)
    assert "Set up a reporting cycle" in client.get(f"{TEST_PLAN_URL}/reporting/").content.decode()


def test_people_choose_their_mail_and_lead_holders_are_told_requests_still_come(client, editor):
    client.force_login(editor)
    page = client.get("/accounts/email/").content.decode()
    assert "always receive update requests" not in page
    response = client.post(
        "/accounts/email/", {"requests": "on", "late_notices": "on"}, follow=True
    )
    assert "Your email choices are saved." in response.content.decode()
    choice = MailPreference.objects.get(user=editor)
    assert (choice.requests, choice.reminders, choice.late_notices) == (True, False, True)

    make_activity(owners=[make_role("Head of Engagement", holders=[editor])])
    page = client.get("/accounts/email/").content.decode()
    assert "You hold a lead owner role (Head of Engagement)" in page
    assert "always receive update requests" in page
