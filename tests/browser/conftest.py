"""Browser-test harness: system Chromium, the live server, the groups, a small plan and its people.

Every test in this folder that uses a browser (pytest-playwright's page/context/new_context/browser)
is marked `browser` and runs against pytest-django's live_server in a transactional database.
"""

import datetime
import os
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.browser.chromium import chromium_path, missing_chromium_outcome, running_in_ci

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from a thread
# with a running loop unless told that is fine (it is: the loop only waits on the browser).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

BROWSER_TESTS = Path(__file__).parent
DESKTOP = {"width": 1280, "height": 900}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if BROWSER_TESTS in Path(item.path).parents and "browser" in item.fixturenames:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.django_db(transaction=True))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launch the system Chromium; skip (locally) or fail (CI=true) when it is missing."""
    path = chromium_path()
    outcome = missing_chromium_outcome(path, ci=running_in_ci())
    if outcome is not None:
        action, reason = outcome
        (pytest.fail if action == "fail" else pytest.skip)(reason)
    return {**browser_type_launch_args, "executable_path": path}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args, live_server):
    return {
        **browser_context_args,
        "base_url": live_server.url,
        "viewport": DESKTOP,
        "locale": "en-GB",  # as the force's staff see it: dates in date inputs are dd/mm/yyyy
        "timezone_id": "Europe/London",
    }


@pytest.fixture
def plan_groups(transactional_db):
    """Re-create the three groups (every browser test builds its data on `plan`, which needs them).

    live_server needs a transactional database, and a transactional test ends by FLUSHING every
    table, so the groups made by the data migration activities/0002_groups.py are gone after the
    first test. activities.groups.ensure_groups (which the data migration itself calls) rebuilds
    them, re-creating permissions first. We do not use serialized_rollback: it restores rows by primary
    key, which collides on PostgreSQL with the content types that another test's flush re-created.
    """
    from activities.groups import ensure_groups

    ensure_groups()


# The plan as published: reference, theme, owner roles (lead first), milestones, text.
PLAN_ACTIVITIES = [
    ("1.1", "neighbourhoods", ["inspector"], [("October 2023", (2023, 10, 31))],
     "We will hold a beat meeting in every ward each quarter."),
    ("1.2", "neighbourhoods", ["inspector", "head_of_comms"], [("June 2024", (2024, 6, 30))],
     "We will publish ward priorities on the force website."),
    ("1.3", "neighbourhoods", ["inspector"], [("August 2023", (2023, 8, 31))],
     "We will pilot a mobile police station in rural areas."),
    ("2.1", "comms", ["head_of_comms"],
     [("Autumn 2023", (2023, 11, 30)), ("March 2024", (2024, 3, 31))],
     "We will launch a monthly community newsletter."),
    ("2.2", "comms", ["head_of_comms"], [("April 2024", (2024, 4, 30))],
     "We will run a survey of public confidence in every district."),
    ("2.3", "comms", ["head_of_comms"], [("December 2023", (2023, 12, 31))],
     "We will answer social media enquiries within one working day."),
    ("2.4", "comms", ["head_of_comms"], [],
     "We will share good news stories from every neighbourhood team."),
    ("3.1", "young", ["youth"], [("September 2023", (2023, 9, 30))],
     "We will visit every secondary school at least once a term."),
    ("3.2", "young", ["youth", "inspector"], [("September 2024", (2024, 9, 30))],
     "We will set up a youth independent advisory group."),
]  # fmt: skip
# Status history, oldest first: reference, status, commentary, date (all posted by Casey).
PLAN_UPDATES = [
    ("2.4", "complete", "Now part of business as usual.", (2023, 6, 1)),
    ("1.3", "withdrawn", "Funding withdrawn by the PCC.", (2023, 7, 10)),
    ("1.1", "on_track", "Meetings booked in nine of twelve wards.", (2023, 9, 1)),
    ("2.1", "on_track", "Designer appointed.", (2023, 10, 2)),
    ("2.3", "on_track", "", (2023, 11, 20)),
    ("3.1", "off_track", "Schools liaison post vacant since August.", (2023, 12, 1)),
    ("1.2", "on_track", "Draft priorities with ward panels.", (2023, 12, 4)),
    ("2.1", "at_risk", "Print budget not yet confirmed.", (2023, 12, 11)),
    ("2.2", "at_risk", "Survey supplier contract delayed.", (2024, 1, 8)),
]
PLAN_ADDED = datetime.datetime(2023, 4, 3, 9, 0, tzinfo=datetime.UTC)  # tracker set up


@pytest.fixture
def plan(plan_groups, fixed_today):
    """A small, realistic plan on 15 January 2024 and the people who work on it.

    Overdue (open, an incomplete milestone before today): 1.1, 2.1, 2.3, 3.1. Not overdue: 1.2,
    2.2, 3.2 (due later), 1.3 (withdrawn), 2.4 (complete). Casey (comms manager) holds the Head of
    Corporate Communications role, which owns 1.2 and 2.1–2.4; 2.1 and 2.2 are at risk.
    People: casey (editor), alex (ACC, reviewer), ada (administrator), erin (second editor),
    olly (signed in, in no group).
    """
    from activities import clock, services
    from activities.timescales import MilestoneSpec
    from tests import factories as f

    casey = f.make_user("casey", groups=(f.GROUP_EDITORS,), first_name="Casey", last_name="Comms")
    people = SimpleNamespace(
        comms_manager=casey,
        acc=f.make_user("alex", groups=(f.GROUP_REVIEWERS,), first_name="Alex", last_name="Carter"),
        administrator=f.make_user(
            "ada", groups=(f.GROUP_ADMINISTRATORS,), first_name="Ada", last_name="Admin"
        ),
        second_editor=f.make_user(
            "erin", groups=(f.GROUP_EDITORS,), first_name="Erin", last_name="Editor"
        ),
        outsider=f.make_user("olly", first_name="Olly", last_name="Outsider"),
    )
    themes = {
        "neighbourhoods": f.make_theme("Neighbourhood policing and local engagement", position=1),
        "comms": f.make_theme("Communications and digital engagement", position=2),
        "young": f.make_theme("Children and young people", position=3),
    }
    roles = SimpleNamespace(
        head_of_comms=f.make_role("Head of Corporate Communications", holders=[casey]),
        inspector=f.make_role("Neighbourhood Policing Inspector"),
        youth=f.make_role("Youth Engagement Officer"),
    )
    activities = {}
    # History reads in time order: the activities were added before any update was posted.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(clock, "now", lambda: PLAN_ADDED)
        for reference, theme, owners, milestones, text in PLAN_ACTIVITIES:
            activities[reference] = f.make_activity(
                reference=reference,
                theme=themes[theme],
                owners=[getattr(roles, name) for name in owners],
                text=text,
                timescale_label=" and ".join(label for label, _ in milestones) or "Ongoing",
                milestones=[MilestoneSpec(label, datetime.date(*due)) for label, due in milestones],
                ongoing=not milestones,
            )
    for reference, status, commentary, day in PLAN_UPDATES:
        services.status_update_create(
            activity=activities[reference],
            status=status,
            commentary=commentary,
            author=casey,
            at=datetime.datetime(*day, 10, 0, tzinfo=datetime.UTC),
        )
    for item in activities.values():
        item.refresh_from_db()
    return SimpleNamespace(
        people=people, activities=activities, roles=roles, overdue=["1.1", "2.1", "2.3", "3.1"]
    )
