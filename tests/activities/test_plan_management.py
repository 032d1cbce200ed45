"""Administrators create, rename, re-date, close and reopen plans; every change is in the plan's
history (who, when, old → new); a stale change is refused, by the service and by real racing threads."""

import datetime

import pytest

from django.core.exceptions import ValidationError
from django.urls import reverse

from activities import services
from activities.models import Plan, PlanChange
from activities.plans import can_manage_plan
from tests.activities.test_concurrent_updates import race, shared_database  # noqa: F401
from tests.factories import make_activity, make_plan, make_theme

pytestmark = pytest.mark.django_db


def settings_url(plan) -> str:
    return reverse("activities:plan-settings", kwargs={"plan": plan.short_name})


def settings_data(plan, **changes) -> dict:
    data = {
        "title": plan.title,
        "short_name": plan.short_name,
        "organisation": plan.organisation,
        "starts_on": plan.starts_on.isoformat() if plan.starts_on else "",
        "ends_on": plan.ends_on.isoformat() if plan.ends_on else "",
        "version": plan.version,
    }
    return data | changes


def fields_of(plan, **changes) -> services.PlanFields:
    values = {
        "title": plan.title,
        "short_name": plan.short_name,
        "organisation": plan.organisation,
        "starts_on": plan.starts_on,
        "ends_on": plan.ends_on,
    }
    return services.PlanFields(**(values | changes))


def test_administrator_creates_a_plan_and_its_history_says_who_created_it(client, administrator):
    client.force_login(administrator)
    response = client.post(
        reverse("activities:plan-create"),
        {
            "title": "Equality, diversity and inclusion plan",
            "short_name": "",
            "organisation": "People directorate",
            "starts_on": "2024-04-01",
            "ends_on": "2027-03-31",
        },
    )
    plan = Plan.objects.get(title="Equality, diversity and inclusion plan")
    assert response.status_code == 302
    assert response.url == settings_url(plan)
    assert plan.short_name == "equality-diversity-and-inclusion-plan"
    assert plan.period == "2024 – 2027"
    created = plan.changes.get()
    assert created.action == PlanChange.Action.CREATED
    assert created.author == administrator
    assert created.changes["title"] == {"old": None, "new": plan.title}
    page = client.get(settings_url(plan)).content.decode()
    assert "Plan created" in page and "Ada Admin" in page


def test_create_page_names_a_taken_title_and_creates_nothing(client, administrator):
    make_plan("Digital strategy")
    client.force_login(administrator)
    response = client.post(
        reverse("activities:plan-create"), {"title": "digital strategy", "short_name": ""}
    )
    assert response.status_code == 200
    assert "There is a plan titled “digital strategy” already" in response.content.decode()
    assert Plan.objects.count() == 1


def test_new_is_never_a_short_name_because_it_is_the_create_page(administrator):
    plan = services.plan_create(title="New", author=administrator)
    assert plan.short_name == "new-2"
    with pytest.raises(ValidationError) as refused:
        services.plan_create(title="Another", short_name="new")
    assert "names a page, not a plan" in str(refused.value)


def test_end_before_start_is_refused_on_the_page(client, administrator):
    client.force_login(administrator)
    response = client.post(
        reverse("activities:plan-create"),
        {"title": "Backwards", "starts_on": "2025-01-01", "ends_on": "2024-01-01"},
    )
    assert "The end date must be on or after the start date." in response.content.decode()
    assert not Plan.objects.filter(title="Backwards").exists()


def test_renaming_and_re_dating_record_old_and_new_values(client, administrator):
    plan = make_plan("Engagement plan", starts_on=datetime.date(2022, 4, 1))
    client.force_login(administrator)
    response = client.post(
        settings_url(plan),
        settings_data(plan, title="Engagement plan 2022 – 2024", ends_on="2024-03-31"),
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.title, plan.ends_on, plan.version) == (
        "Engagement plan 2022 – 2024",
        datetime.date(2024, 3, 31),
        2,
    )
    change = plan.changes.filter(action=PlanChange.Action.UPDATED).get()
    assert change.author == administrator
    assert change.changes == {
        "title": {"old": "Engagement plan", "new": "Engagement plan 2022 – 2024"},
        "ends_on": {"old": None, "new": "2024-03-31"},
    }
    page = client.get(settings_url(plan)).content.decode()
    assert "Plan changed" in page and "31 March 2024" in page


def test_saving_unchanged_settings_records_nothing(client, administrator):
    plan = make_plan()
    client.force_login(administrator)
    client.post(settings_url(plan), settings_data(plan))
    assert plan.changes.count() == 1  # created only
    assert Plan.objects.get().version == 1


def test_short_name_changes_while_the_plan_is_empty_and_is_fixed_once_it_has_activities(
    administrator,
):
    plan = make_plan(short_name="draft-name")
    services.plan_update(
        plan=plan, fields=fields_of(plan, short_name="better-name"), expected_version=1
    )
    assert Plan.objects.get().short_name == "better-name"
    make_activity(theme=make_theme(plan=plan))
    with pytest.raises(ValidationError) as refused:
        services.plan_update(
            plan=plan, fields=fields_of(plan, short_name="another-name"), expected_version=2
        )
    assert services.plans.SHORT_NAME_FIXED in refused.value.message_dict["short_name"]
    assert Plan.objects.get().short_name == "better-name"


def test_settings_page_shows_a_fixed_short_name_disabled_and_ignores_a_posted_one(
    client, administrator
):
    plan = make_plan(short_name="fixed-name")
    make_activity(theme=make_theme(plan=plan))
    client.force_login(administrator)
    page = client.get(settings_url(plan)).content.decode()
    assert "cannot change once the plan has activities" in page
    client.post(settings_url(plan), settings_data(plan, short_name="sneaky", title="Renamed"))
    plan.refresh_from_db()
    assert (plan.short_name, plan.title) == ("fixed-name", "Renamed")


def test_close_and_reopen_are_recorded_and_a_closed_plan_stays_readable(client, administrator):
    plan = make_plan()
    client.force_login(administrator)
    client.post(reverse("activities:plan-close", args=[plan.short_name]), {"version": 1})
    plan.refresh_from_db()
    assert plan.is_closed
    assert client.get(plan.get_absolute_url()).status_code == 200
    assert plan not in Plan.objects.current()
    client.post(reverse("activities:plan-reopen", args=[plan.short_name]), {"version": 2})
    plan.refresh_from_db()
    assert plan.state == Plan.State.ACTIVE
    actions = list(plan.changes.order_by("created_at", "id").values_list("action", "author"))
    assert actions == [
        ("created", None),
        ("closed", administrator.pk),
        ("reopened", administrator.pk),
    ]


def test_closing_a_closed_plan_is_refused_in_words(administrator):
    plan = make_plan(state=Plan.State.CLOSED)
    with pytest.raises(ValidationError, match="closed already"):
        services.plan_close(plan=plan, expected_version=1, author=administrator)


def test_stale_rename_is_refused_with_what_changed_and_nothing_written(administrator):
    plan = make_plan("First title")
    services.plan_update(
        plan=plan, fields=fields_of(plan, title="Second title"), expected_version=1
    )
    stale = Plan.objects.get()
    with pytest.raises(services.PlanChangedError) as refused:
        services.plan_update(
            plan=stale, fields=fields_of(stale, title="Third title"), expected_version=1
        )
    assert refused.value.current_version == 2
    assert [c.changes["title"] for c in refused.value.changes] == [
        {"old": "First title", "new": "Second title"}
    ]
    assert Plan.objects.get().title == "Second title"


def test_settings_page_refuses_a_stale_save_keeps_the_input_and_lists_the_change(
    client, administrator
):
    plan = make_plan("Original title")
    opened = settings_data(plan)
    services.plan_update(plan=plan, fields=fields_of(plan, title="Their title"), expected_version=1)
    client.force_login(administrator)
    response = client.post(settings_url(plan), opened | {"title": "My title"})
    page = response.content.decode()
    assert response.status_code == 200
    assert services.PlanChangedError.message in page
    assert "Their title" in page and 'value="My title"' in page
    assert Plan.objects.get().title == "Their title"
    client.post(settings_url(plan), opened | {"title": "My title", "version": 2})
    assert Plan.objects.get().title == "My title"  # saving again saves over theirs


def test_a_stale_close_is_refused_on_the_page(client, administrator):
    plan = make_plan("Old title")
    services.plan_update(plan=plan, fields=fields_of(plan, title="New title"), expected_version=1)
    client.force_login(administrator)
    response = client.post(reverse("activities:plan-close", args=[plan.short_name]), {"version": 1})
    assert services.PlanChangedError.message in response.content.decode()
    assert Plan.objects.get().state == Plan.State.ACTIVE


@pytest.mark.django_db(transaction=True)
def test_two_administrators_renaming_at_once_one_wins_the_other_is_refused(shared_database):  # noqa: F811
    plan = make_plan("Racing plan")
    results = race(
        lambda index: services.plan_update(
            plan=Plan.objects.get(pk=plan.pk),
            fields=fields_of(plan, title=f"Renamed by {index}"),
            expected_version=1,
        ),
        count=8,
    )
    refused = [r for r in results if isinstance(r, services.PlanChangedError)]
    saved = [r for r in results if isinstance(r, PlanChange)]
    assert len(saved) == 1 and len(refused) == 7, results
    stored = Plan.objects.get()
    assert stored.version == 2
    assert stored.title == saved[0].changes["title"]["new"]
    assert stored.changes.filter(action=PlanChange.Action.UPDATED).count() == 1


@pytest.mark.parametrize("persona", ["editor", "reviewer", "outsider"])
def test_only_administrators_reach_plan_management(client, request, persona):
    plan = make_plan()
    user = request.getfixturevalue(persona)
    client.force_login(user)
    name = plan.short_name
    for url in (
        reverse("activities:plan-create"),
        settings_url(plan),
        reverse("activities:plan-successor", args=[name]),
    ):
        assert client.get(url).status_code == 403, url
    for url in (
        reverse("activities:plan-create"),
        settings_url(plan),
        reverse("activities:plan-close", args=[name]),
        reverse("activities:plan-reopen", args=[name]),
        reverse("activities:plan-successor", args=[name]),
    ):
        assert client.post(url, {"title": "Hijacked", "version": 1}).status_code == 403, url
    assert Plan.objects.get().title == plan.title
    assert PlanChange.objects.count() == 1
    assert not can_manage_plan(user, plan)


def test_signed_out_visitors_are_sent_to_sign_in(client):
    plan = make_plan()
    response = client.get(settings_url(plan))
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={settings_url(plan)}"


def test_settings_page_queries_do_not_grow_with_history(
    client, administrator, django_assert_max_num_queries
):
    plan = make_plan()
    client.force_login(administrator)

    def rename(times: int) -> None:
        for _ in range(times):
            stored = Plan.objects.get(pk=plan.pk)
            services.plan_update(
                plan=stored,
                fields=fields_of(stored, title=f"{stored.title}+"),
                expected_version=stored.version,
                author=administrator,
            )

    rename(2)
    with django_assert_max_num_queries(12):
        assert client.get(settings_url(plan)).status_code == 200
    rename(20)
    with django_assert_max_num_queries(12):
        assert client.get(settings_url(plan)).status_code == 200


# The admin: the same services, the same history, the same refusal


def admin_plan_data(plan, **changes) -> dict:
    data = {
        "title": plan.title,
        "short_name": plan.short_name,
        "organisation": plan.organisation,
        "starts_on": plan.starts_on.isoformat() if plan.starts_on else "",
        "ends_on": plan.ends_on.isoformat() if plan.ends_on else "",
        "expected_version": plan.version,
    }
    return data | changes


def test_admin_creates_and_renames_through_the_services(client, administrator):
    client.force_login(administrator)
    response = client.post(
        reverse("admin:activities_plan_add"),
        {"title": "Police and Crime Plan delivery", "short_name": "", "organisation": ""},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    plan = Plan.objects.get()
    assert plan.short_name == "police-and-crime-plan-delivery"
    url = reverse("admin:activities_plan_change", args=[plan.pk])
    client.post(url, admin_plan_data(plan, title="Police and Crime Plan 2025"))
    plan.refresh_from_db()
    assert plan.title == "Police and Crime Plan 2025"
    history = list(plan.changes.order_by("created_at", "id").values_list("action", "author"))
    assert history == [("created", administrator.pk), ("updated", administrator.pk)]
    assert "Plan changed" in client.get(url).content.decode()


def test_admin_refuses_a_stale_save_in_the_same_words_and_lists_the_change(client, administrator):
    plan = make_plan("Admin original")
    opened = admin_plan_data(plan)
    services.plan_update(
        plan=plan, fields=fields_of(plan, title="Changed elsewhere"), expected_version=1
    )
    client.force_login(administrator)
    url = reverse("admin:activities_plan_change", args=[plan.pk])
    response = client.post(url, opened | {"title": "Admin's title"})
    page = response.content.decode()
    assert response.status_code == 200
    assert services.PlanChangedError.message in page
    assert "Changed elsewhere" in page
    assert Plan.objects.get().title == "Changed elsewhere"


def test_admin_close_action_records_who_closed_and_plans_cannot_be_deleted(client, administrator):
    plan = make_plan()
    client.force_login(administrator)
    client.post(
        reverse("admin:activities_plan_changelist"),
        {"action": "close_plans", "_selected_action": [plan.pk]},
    )
    plan.refresh_from_db()
    assert plan.is_closed
    assert plan.changes.filter(action="closed", author=administrator).exists()
    delete = reverse("admin:activities_plan_delete", args=[plan.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert Plan.objects.filter(pk=plan.pk).exists()


def test_dashboard_and_portfolio_link_administrators_to_plan_management(
    client, administrator, editor
):
    plan = make_plan()
    client.force_login(administrator)
    assert f'href="{settings_url(plan)}"' in client.get(plan.get_absolute_url()).content.decode()
    portfolio = client.get(reverse("activities:portfolio")).content.decode()
    assert f'href="{reverse("activities:plan-create")}"' in portfolio
    client.force_login(editor)
    assert (
        f'href="{settings_url(plan)}"' not in client.get(plan.get_absolute_url()).content.decode()
    )
    portfolio = client.get(reverse("activities:portfolio")).content.decode()
    assert reverse("activities:plan-create") not in portfolio
