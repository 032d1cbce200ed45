"""The portfolio ("/"): every plan in use with its progress, overdue and due-soon counts."""

import datetime

import pytest

from django.urls import reverse

from activities import services
from activities.models import Activity, Plan, Status
from activities.portfolio import Portfolio, plans_in_use
from tests.factories import make_activity, make_plan, make_theme

PORTFOLIO_URL = reverse("activities:portfolio")
# session, user, permissions (2), the plans, status counts, overdue counts, due-soon counts, and
# the header's plan switcher
QUERY_BUDGET = 9

pytestmark = pytest.mark.django_db


def plan_with(title: str, **fields) -> tuple[Plan, object]:
    plan = make_plan(title, **fields)
    return plan, make_theme(plan=plan)


def summary_of(portfolio: Portfolio, plan: Plan):
    return next(summary for summary in portfolio.summaries if summary.plan == plan)


def test_counts_are_per_plan_by_the_one_overdue_and_due_soon_rules(reviewer, fixed_today):
    equality, equality_theme = plan_with("Equality plan")
    digital, digital_theme = plan_with("Digital strategy")
    late = fixed_today - datetime.timedelta(days=5)
    soon = fixed_today + datetime.timedelta(days=30)
    make_activity(theme=equality_theme, due=late)
    make_activity(theme=equality_theme, due=late)
    make_activity(theme=equality_theme, due=soon)
    done = make_activity(theme=equality_theme, due=late)
    services.status_update_create(activity=done, status=Status.COMPLETE)
    make_activity(theme=digital_theme, due=soon)
    portfolio = Portfolio(user=reviewer, today=fixed_today)
    for plan in (equality, digital):
        activities = Activity.objects.in_plans(plan)
        end = fixed_today + datetime.timedelta(days=90)
        summary = summary_of(portfolio, plan)
        assert summary.overdue == activities.overdue(fixed_today).count()
        assert summary.due_soon == activities.open().due_between(fixed_today, end).count()
        assert summary.progress.total == activities.count()
    assert (summary_of(portfolio, equality).overdue, summary_of(portfolio, digital).due_soon) == (
        2,
        1,
    )
    assert summary_of(portfolio, equality).progress.complete == 1


def test_each_count_links_to_the_plan_list_showing_those_activities(client, reviewer, fixed_today):
    plan, theme = plan_with("Equality plan", short_name="equality")
    make_activity(theme=theme, due=fixed_today - datetime.timedelta(days=1))
    make_activity(theme=theme, due=fixed_today + datetime.timedelta(days=10))
    client.force_login(reviewer)
    summary = summary_of(Portfolio(user=reviewer, today=fixed_today), plan)
    assert summary.overdue_url.startswith("/plans/equality/activities/?")
    for url, count in ((summary.overdue_url, 1), (summary.due_soon_url, 1)):
        listed = client.get(url)
        assert listed.context["table"].paginator.count == count
    page = client.get(PORTFOLIO_URL).content.decode()
    assert summary.overdue_url.replace("&", "&amp;") in page
    assert summary.due_soon_url.replace("&", "&amp;") in page


def test_page_shows_each_plan_in_use_with_a_progress_bar_linking_into_it(client, reviewer):
    plan, theme = plan_with("Equality plan", short_name="equality")
    make_activity(theme=theme)
    client.force_login(reviewer)
    page = client.get(PORTFOLIO_URL).content.decode()
    assert '<a class="govuk-link" href="/plans/equality/">Equality plan</a>' in page
    assert 'class="plan-bar"' in page
    assert "0 of 1 complete" in page


def test_drafts_are_shown_to_administrators_only(client, reviewer, administrator):
    make_plan("Being set up", state=Plan.State.DRAFT)
    make_plan("In use")
    assert [p.title for p in plans_in_use(reviewer)] == ["In use"]
    assert sorted(p.title for p in plans_in_use(administrator)) == ["Being set up", "In use"]
    client.force_login(reviewer)
    assert "Being set up" not in client.get(PORTFOLIO_URL).content.decode()
    client.force_login(administrator)
    page = client.get(PORTFOLIO_URL).content.decode()
    assert "Being set up" in page
    assert ">Draft</strong>" in page


def test_closed_plans_are_listed_apart_collapsed_not_counted_in_totals(
    client, reviewer, fixed_today
):
    old, old_theme = plan_with("Engagement 2020", state=Plan.State.CLOSED)
    make_activity(theme=old_theme, due=fixed_today - datetime.timedelta(days=3))
    current, theme = plan_with("Engagement 2024")
    make_activity(theme=theme)
    portfolio = Portfolio(user=reviewer, today=fixed_today)
    assert [s.plan for s in portfolio.in_use] == [current]
    assert [s.plan for s in portfolio.closed] == [old]
    assert portfolio.totals["overdue"] == 0
    assert portfolio.totals["activities"] == 1
    client.force_login(reviewer)
    page = client.get(PORTFOLIO_URL).content.decode()
    closed_part = page[page.index('<details class="govuk-details plan-portfolio-closed">') :]
    assert "Closed plans (1)" in closed_part
    assert "Engagement 2020" in closed_part
    assert "<details" in page and " open" not in closed_part.split(">")[0]


def test_no_plans_says_so(client, reviewer):
    client.force_login(reviewer)
    assert "There are no plans in use yet." in client.get(PORTFOLIO_URL).content.decode()


def test_outsider_is_refused(client, outsider):
    client.force_login(outsider)
    assert client.get(PORTFOLIO_URL).status_code == 403


def build_portfolio(plans: int, activities_each: int, today: datetime.date) -> None:
    for _ in range(plans):
        plan = make_plan()
        theme = make_theme(plan=plan)
        for number in range(activities_each):
            due = today + datetime.timedelta(days=number * 20 - 40)
            make_activity(theme=theme, due=due)


def test_queries_do_not_grow_with_plans_or_activities(
    client, reviewer, fixed_today, django_assert_max_num_queries
):
    build_portfolio(2, 2, fixed_today)
    client.force_login(reviewer)
    with django_assert_max_num_queries(QUERY_BUDGET) as small:
        assert client.get(PORTFOLIO_URL).status_code == 200
    build_portfolio(8, 6, fixed_today)
    with django_assert_max_num_queries(QUERY_BUDGET) as large:
        response = client.get(PORTFOLIO_URL)
    assert response.content.decode().count('class="plan-bar"') == 10
    assert len(small.captured_queries) == len(large.captured_queries)
