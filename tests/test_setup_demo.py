"""`manage.py setup_demo`: the published plan into an empty database, three working demo accounts, re-runnable."""

import io

import pytest

from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.urls import reverse

from activities.demo import DEMO_ACCOUNTS
from activities.models import Activity, ActivityChange, ImportRun, Theme
from owners.models import OwnerRole
from tests.factories import make_activity

pytestmark = pytest.mark.django_db

ACCOUNTS = {account.username: account for account in DEMO_ACCOUNTS}


def setup_demo(*arguments) -> str:
    out = io.StringIO()
    call_command("setup_demo", *arguments, stdout=out)
    return out.getvalue()


def test_empty_database_gets_the_published_plan(settings):
    settings.DEBUG = True

    output = setup_demo()

    run = ImportRun.objects.get()
    assert Theme.objects.exists() and OwnerRole.objects.exists()
    assert Activity.objects.count() == run.counts["created"] > 0
    assert f"loaded the published plan ({Activity.objects.count()} activities)" in output
    assert not Activity.objects.filter(activity_owners__isnull=True).exists()


def test_demo_accounts_sign_in_with_the_printed_passwords_and_have_their_roles(client, settings):
    settings.DEBUG = True

    output = setup_demo()

    assert "DEMO ONLY" in output
    for account in DEMO_ACCOUNTS:
        assert f"{account.username}  " in output and account.password in output
        assert client.login(username=account.username, password=account.password)
    comms, acc, admin = (User.objects.get(username=name) for name in ("comms", "acc", "admin"))
    assert [g.name for g in comms.groups.all()] == ["Plan editors"]
    assert [r.title for r in comms.owner_roles.all()] == [
        "Corporate Information and Engagement Manager"
    ]
    assert [g.name for g in acc.groups.all()] == ["Reviewers"]
    assert [r.title for r in acc.owner_roles.all()] == ["ACC Local Policing"]
    assert [g.name for g in admin.groups.all()] == ["Plan administrators"]
    assert (comms.is_staff, acc.is_staff, admin.is_staff, admin.is_superuser) == (
        False,
        False,
        True,
        False,
    )


def test_demo_administrator_can_open_the_admin(client, settings):
    settings.DEBUG = True
    setup_demo()
    client.login(username="admin", password=ACCOUNTS["admin"].password)

    assert client.get(reverse("admin:activities_activity_changelist")).status_code == 200


def test_second_run_changes_nothing_but_confirms_the_accounts(settings):
    settings.DEBUG = True
    setup_demo()
    before = (
        Activity.objects.count(),
        ActivityChange.objects.count(),
        ImportRun.objects.count(),
        list(User.objects.order_by("username").values_list("username", "password")),
    )

    output = setup_demo()

    after = (
        Activity.objects.count(),
        ActivityChange.objects.count(),
        ImportRun.objects.count(),
        list(User.objects.order_by("username").values_list("username", "password")),
    )
    assert after == before
    assert "plan already loaded" in output
    assert "demo accounts: 3 confirmed." in output


def test_changed_demo_password_and_lost_access_are_restored(client, settings):
    settings.DEBUG = True
    setup_demo()
    comms = User.objects.get(username="comms")
    comms.set_password("something else entirely")
    comms.save()
    comms.owner_roles.clear()

    output = setup_demo()

    assert "1 reset, 2 confirmed" in output
    assert client.login(username="comms", password=ACCOUNTS["comms"].password)
    assert comms.owner_roles.filter(title="Corporate Information and Engagement Manager").exists()


def test_existing_plan_is_left_alone(settings):
    settings.DEBUG = True
    make_activity(reference="1.1", owners=[OwnerRole.objects.create(title="ACC Local Policing")])
    OwnerRole.objects.create(title="Corporate Information and Engagement Manager")

    setup_demo()

    assert list(Activity.objects.values_list("reference", flat=True)) == ["1.1"]
    assert not ImportRun.objects.exists()
    assert User.objects.filter(username__in=ACCOUNTS).count() == 3


def test_refuses_when_debug_is_off_and_writes_nothing(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG is off"):
        setup_demo()

    assert not Activity.objects.exists()
    assert not User.objects.exists()


def test_force_runs_even_when_debug_is_off(settings):
    settings.DEBUG = False

    setup_demo("--force")

    assert Activity.objects.exists()
    assert User.objects.filter(username__in=ACCOUNTS).count() == 3


def test_dry_run_writes_nothing(settings):
    settings.DEBUG = True

    output = setup_demo("--dry-run")

    assert "would load the published plan" in output
    assert not Activity.objects.exists()
    assert not User.objects.exists()
