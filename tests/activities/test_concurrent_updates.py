"""Racing status updates, for real: threads with their own database connections, and concurrent
requests to a live server, on whichever database the suite runs on (SQLite or PostgreSQL).

Two rules must hold however the writers interleave: the activity's copies (current_status,
last_update_at) equal its newest status update, and a milestone is completed once, the other
updates being refused whole with a message saying who completed it.
"""

import datetime
import random
import sqlite3
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter

import pytest

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client
from django.test.testcases import LiveServerThread, _StaticFilesHandler
from django.utils import timezone

from activities import services
from activities.models import Activity, ActivityChange, Milestone, Status, StatusUpdate
from activities.timescales import MilestoneSpec
from tests.factories import GROUP_EDITORS, make_activity, make_user

RACERS = 20
START = timezone.make_aware(datetime.datetime(2024, 3, 1, 9, 0))
MARCH_2024 = MilestoneSpec("March 2024", datetime.date(2024, 3, 31))

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def shared_database(transactional_db, tmp_path):
    """A database every thread's own connection reaches, as a deployed site's workers do.

    PostgreSQL's test database already is one. SQLite's is in memory, where connections share one
    cache with table locks instead of the file's single writer: the test copies it to a file
    (with the site's own options, WAL and IMMEDIATE transactions) and points the settings there.
    """
    if connection.vendor != "sqlite":
        yield
        return
    settings_dict = connection.settings_dict
    in_memory = settings_dict["NAME"]
    keeper = sqlite3.connect(in_memory, uri=True)  # the in-memory database lives while connected
    on_disk = sqlite3.connect(tmp_path / "races.sqlite3")
    keeper.backup(on_disk)
    on_disk.close()
    BaseDatabaseWrapper.close(connection)  # Django's SQLite close() ignores in-memory databases
    settings_dict["NAME"] = str(tmp_path / "races.sqlite3")
    try:
        yield
    finally:
        connection.close()
        settings_dict["NAME"] = in_memory
        connection.ensure_connection()
        keeper.close()


def race(action, count: int = RACERS) -> list:
    """Run action(index) in `count` threads released together; each result or exception."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(index: int) -> None:
        try:
            barrier.wait()
            results[index] = action(index)
        except Exception as error:  # noqa: BLE001 - the test inspects what each racer met
            results[index] = error
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def assert_copies_equal_newest_status_update(activity: Activity) -> None:
    activity.refresh_from_db()
    newest = (
        StatusUpdate.objects.filter(activity=activity, kind=StatusUpdate.Kind.STATUS)
        .order_by("-created_at", "-id")
        .first()
    )
    assert (activity.current_status, activity.last_update_at) == (newest.status, newest.created_at)


STATUSES = [Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK, Status.COMPLETE]


@pytest.mark.parametrize("seed", [11, 21, 31])
def test_racing_status_updates_leave_the_copies_equal_to_the_newest(shared_database, seed):
    activity = make_activity()
    # Times in shuffled order: the update that commits last is seldom the newest.
    offsets = random.Random(seed).sample(range(RACERS), RACERS)

    def post(index: int):
        return services.status_update_create(
            activity=Activity.objects.get(pk=activity.pk),
            status=STATUSES[index % len(STATUSES)],
            commentary=f"Update {index}",
            at=START + datetime.timedelta(minutes=offsets[index]),
        )

    results = race(post)

    assert [type(result) for result in results] == [StatusUpdate] * RACERS
    assert_copies_equal_newest_status_update(activity)


def test_racing_updates_with_review_comments_keep_the_copies_on_status_updates(shared_database):
    activity = make_activity()
    offsets = random.Random(12).sample(range(RACERS), RACERS)

    def post(index: int):
        review = index % 2 == 1
        return services.status_update_create(
            activity=Activity.objects.get(pk=activity.pk),
            kind=StatusUpdate.Kind.REVIEW if review else StatusUpdate.Kind.STATUS,
            status=STATUSES[index % len(STATUSES)],
            commentary=f"Comment {index}",
            at=START + datetime.timedelta(minutes=offsets[index]),
        )

    results = race(post)

    assert [type(result) for result in results] == [StatusUpdate] * RACERS
    assert_copies_equal_newest_status_update(activity)


def test_racing_updates_complete_a_milestone_once_and_refuse_the_rest_whole(shared_database):
    editors = [
        make_user(f"racer{index}", first_name="Racer", last_name=str(index))
        for index in range(RACERS)
    ]
    activity = make_activity(milestones=[MARCH_2024])
    version = activity.version

    def post(index: int):
        fresh = Activity.objects.get(pk=activity.pk)
        return services.status_update_create(
            activity=fresh,
            status=Status.ON_TRACK,
            milestone=fresh.milestones.get(),  # open when read: every racer saw it so
            author=editors[index],
        )

    results = race(post)

    posted = [result for result in results if isinstance(result, StatusUpdate)]
    refused = [result for result in results if isinstance(result, ValidationError)]
    assert (len(posted), len(refused)) == (1, RACERS - 1), Counter(map(type, results))
    winner = posted[0].author.get_full_name()
    for error in refused:
        assert f"was already completed by {winner}" in error.message_dict["milestone"][0]
    assert StatusUpdate.objects.filter(activity=activity).count() == 1  # the rest wrote nothing
    assert ActivityChange.objects.filter(activity=activity, action="updated").count() == 1
    activity.refresh_from_db()
    assert activity.version == version + 1
    milestone = Milestone.objects.get(activity=activity)
    assert milestone.completed
    assert list(milestone.completing_updates.all()) == posted


@pytest.fixture
def site(shared_database):
    """The site served by a live server whose request threads each open their own connection
    (pytest-django's live_server shares the test's one connection when SQLite is in memory)."""
    server = LiveServerThread("localhost", _StaticFilesHandler, connections_override={}, port=0)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    if server.error:
        raise server.error
    yield f"http://localhost:{server.port}"
    server.terminate()


CSRF_SECRET = "k" * 32  # any secret: sent as the cookie and as the form's token, as a browser does


def signed_in_poster(site: str, user, activity: Activity):
    """A function posting the status update form as `user` over HTTP: (status code, page)."""
    client = Client()
    client.force_login(user)
    cookie = f"sessionid={client.cookies['sessionid'].value}; csrftoken={CSRF_SECRET}"
    url = f"{site}{activity.get_absolute_url()}updates/"

    def post(data: dict) -> tuple[int, str]:
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": CSRF_SECRET, **data}).encode()
        request = urllib.request.Request(url, data=body, headers={"Cookie": cookie})
        opener = urllib.request.build_opener(NoRedirects)
        try:
            with opener.open(request, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:  # 302 (not followed), 4xx, 5xx
            return error.code, error.read().decode()

    return post


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_concurrent_requests_complete_a_milestone_once_and_tell_the_others(site):
    editors = [
        make_user(f"web{index}", groups=(GROUP_EDITORS,), first_name="Web", last_name=str(index))
        for index in range(RACERS)
    ]
    activity = make_activity(milestones=[MARCH_2024])
    milestone = activity.milestones.get()
    posters = [signed_in_poster(site, editor, activity) for editor in editors]
    form = {"kind": "status", "update-status": "on_track", "update-milestone": str(milestone.pk)}

    results = race(lambda index: posters[index](form))

    codes = Counter(code for code, _ in results)
    assert codes == {302: 1, 200: RACERS - 1}, codes
    for code, page in results:
        if code == 200:
            assert "was already completed by Web" in page
            assert "govuk-error-summary" in page
    assert StatusUpdate.objects.filter(activity=activity).count() == 1
    assert_copies_equal_newest_status_update(activity)
    activity.refresh_from_db()
    assert activity.version == 2
