"""The overdue review: grouped by owner role, days overdue from the missed milestone, filters, export."""

import csv
import datetime
import io

import openpyxl
import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from activities import services
from activities.models import Status
from activities.overdue import EXPORT_HEADERS, OverdueReview
from activities.timescales import MilestoneSpec
from tests.factories import TEST_PLAN, all_plans, make_activity, make_role, make_theme

OVERDUE_URL = reverse("activities:overdue", args=[TEST_PLAN])
LATE = datetime.date(2023, 12, 31)
# session, user, permissions (2), theme and role choices, then: page - activity count, role counts,
# one page of entries, their missed milestones; export - activities, owners, milestones; the plan;
# the header's plan switcher (the page only).
QUERY_BUDGET = 12


def grouped(review: OverdueReview) -> dict[str, list[str]]:
    return {
        group.role.title: [entry.activity.reference for entry in group.entries]
        for group in review.groups
    }


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"))))


@pytest.mark.django_db
def test_activity_with_two_owners_appears_under_both(fixed_today):
    acc, head = make_role("ACC Local Policing"), make_role("Head of Comms")
    make_activity(reference="1.1", owners=[head, acc], due=LATE)
    make_activity(reference="1.2", owners=[head], due=LATE)
    review = OverdueReview(plans=all_plans(), today=fixed_today)
    assert grouped(review) == {"ACC Local Policing": ["1.1"], "Head of Comms": ["1.1", "1.2"]}
    assert review.activity_count == 2


@pytest.mark.django_db
def test_days_overdue_count_from_the_earliest_incomplete_past_due_milestone(fixed_today):
    make_activity(
        milestones=[
            MilestoneSpec("October 2023", datetime.date(2023, 10, 31), completed=True),
            MilestoneSpec("November 2023", datetime.date(2023, 11, 30)),
            MilestoneSpec("December 2023", datetime.date(2023, 12, 31)),
            MilestoneSpec("March 2024", datetime.date(2024, 3, 31)),
        ]
    )
    (entry,) = OverdueReview(plans=all_plans(), today=fixed_today).groups[0].entries
    assert entry.missed_label == "November 2023"
    assert entry.missed_due == datetime.date(2023, 11, 30)
    assert entry.days_overdue == 46  # 15 January 2024 − 30 November 2023


@pytest.mark.django_db
def test_complete_withdrawn_ongoing_and_not_yet_due_are_excluded(fixed_today):
    make_activity(reference="1.1", due=LATE)
    for reference, status in [("1.2", Status.COMPLETE), ("1.3", Status.WITHDRAWN)]:
        activity = make_activity(reference=reference, due=LATE)
        services.status_update_create(activity=activity, status=status, commentary="Closed")
    make_activity(reference="1.4", ongoing=True)
    make_activity(reference="1.5", due=datetime.date(2024, 1, 15))  # due today: not yet late
    make_activity(reference="1.6")  # no milestones at all
    review = OverdueReview(plans=all_plans(), today=fixed_today)
    assert [e.activity.reference for g in review.groups for e in g.entries] == ["1.1"]


@pytest.mark.django_db
def test_groups_by_role_title_and_longest_overdue_first(fixed_today):
    zed, alpha = make_role("Zed role"), make_role("alpha role")
    make_activity(reference="1.1", owners=[zed], due=datetime.date(2024, 1, 1))
    make_activity(reference="1.2", owners=[zed, alpha], due=datetime.date(2023, 6, 30))
    review = OverdueReview(plans=all_plans(), today=fixed_today)
    assert [group.role.title for group in review.groups] == ["alpha role", "Zed role"]
    assert grouped(review)["Zed role"] == ["1.2", "1.1"]


@pytest.mark.django_db
def test_theme_and_owner_filters(fixed_today):
    policing, comms = make_theme("Policing"), make_theme("Communications")
    acc, head = make_role("ACC Local Policing"), make_role("Head of Comms")
    make_activity(reference="1.1", theme=policing, owners=[head, acc], due=LATE)
    make_activity(reference="2.1", theme=comms, owners=[acc], due=LATE)
    assert grouped(OverdueReview(plans=all_plans(), today=fixed_today, theme=comms)) == {
        "ACC Local Policing": ["2.1"]
    }
    # Filtering by a role shows only that role's group, even for a shared activity.
    assert grouped(OverdueReview(plans=all_plans(), today=fixed_today, role=head)) == {
        "Head of Comms": ["1.1"]
    }


@pytest.mark.django_db
def test_page_shows_date_group_days_milestone_status_and_commentary_age(
    client, reviewer, fixed_today
):
    three_days_ago = timezone.make_aware(datetime.datetime(2024, 1, 12, 10))
    activity = make_activity(
        reference="1.4",
        text="We will hold surgeries.",
        owners=[make_role("ACC Local Policing")],
        due=LATE,
        timescale_label="December 2023",
    )
    services.status_update_create(
        activity=activity,
        status=Status.OFF_TRACK,
        commentary="Venue fell through",
        at=three_days_ago,
    )
    make_activity(reference="1.5", owners=[make_role("Head of Comms")], due=LATE)
    client.force_login(reviewer)
    page = client.get(OVERDUE_URL).content.decode()
    assert "Overdue activities at 15 January 2024" in page
    assert '<h2 class="govuk-heading-l" id="role-' in page
    assert f'href="{activity.get_absolute_url()}">1.4</a>' in page
    assert ">15</td>" in page  # days overdue
    assert "December 2023" in page and "due 31 Dec 2023" in page
    assert '<strong class="govuk-tag govuk-tag--red">Off track</strong>' in page
    assert "Venue fell through" in page and "3 days ago" in page
    assert "No commentary yet" in page
    assert "2 overdue activities across 2 owner roles" in page


@pytest.mark.django_db
def test_page_filters_by_theme_and_owner_role(client, reviewer, fixed_today):
    acc, head = make_role("ACC Local Policing"), make_role("Head of Comms")
    make_activity(reference="1.1", owners=[head, acc], due=LATE)
    client.force_login(reviewer)
    response = client.get(OVERDUE_URL, {"owner": head.pk})
    assert grouped(response.context["review"]) == {"Head of Comms": ["1.1"]}
    unknown = client.get(OVERDUE_URL, {"theme": "99999"})
    assert unknown.status_code == 200
    assert "govuk-error-summary" in unknown.content.decode()


@pytest.mark.django_db
def test_print_button_is_a_progressive_enhancement(client, editor, fixed_today, test_plan):
    client.force_login(editor)
    page = client.get(OVERDUE_URL).content.decode()
    assert 'data-module="plan-print-button" hidden>Print this page</button>' in page
    assert "js/print-button.js" in page
    assert "_export=" not in page  # editors may not export


@pytest.mark.django_db
def test_csv_export_has_one_row_per_role_and_activity(client, reviewer, fixed_today):
    acc, head = make_role("ACC Local Policing"), make_role("Head of Comms")
    activity = make_activity(reference="1.1", owners=[head, acc], due=LATE, text="=1+1")
    services.status_update_create(activity=activity, status=Status.AT_RISK, commentary="@SUM(1)")
    make_activity(reference="1.2", owners=[head], due=datetime.date(2024, 3, 31))
    client.force_login(reviewer)
    rows = csv_rows(client.get(OVERDUE_URL, {"_export": "csv"}))
    assert rows[0] == EXPORT_HEADERS
    assert [(row[0], row[1]) for row in rows[1:]] == [
        ("ACC Local Policing", "1.1"),
        ("Head of Comms", "1.1"),
    ]
    assert rows[1][3] == "'=1+1"
    assert rows[1][4] == "15"
    assert rows[1][8] == "'@SUM(1)"


@pytest.mark.django_db
def test_xlsx_export_follows_filters_and_holds_no_formulas(client, administrator, fixed_today):
    acc, head = make_role("ACC Local Policing"), make_role("Head of Comms")
    activity = make_activity(reference="1.1", owners=[head, acc], due=LATE, text="=1+1")
    services.status_update_create(activity=activity, status=Status.AT_RISK, commentary="@SUM(1)")
    client.force_login(administrator)
    response = client.get(OVERDUE_URL, {"owner": acc.pk, "_export": "xlsx"})
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="test-plan-overdue-review-2024-01-15.xlsx"'
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 2
    assert sheet["A2"].value == "ACC Local Policing"
    assert (sheet["D2"].value, sheet["D2"].data_type) == ("'=1+1", "s")
    assert (sheet["I2"].value, sheet["I2"].data_type) == ("'@SUM(1)", "s")


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["editor", "outsider"])
def test_export_needs_the_export_permission(client, persona, request, test_plan):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(OVERDUE_URL, {"_export": "csv"}).status_code == 403


@pytest.mark.django_db
def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(OVERDUE_URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def build_overdue(count: int, shared_role, today: datetime.date):
    for number in range(count):
        activity = make_activity(
            owners=[shared_role, make_role()],
            milestones=[
                MilestoneSpec("Earlier", today - datetime.timedelta(days=40 + number)),
                MilestoneSpec("Later", today - datetime.timedelta(days=5)),
            ],
        )
        services.status_update_create(activity=activity, status=Status.AT_RISK, commentary="Why")


@pytest.mark.django_db
@pytest.mark.parametrize("query", [{}, {"_export": "xlsx"}])
def test_queries_do_not_grow_with_activities_or_roles(
    client, reviewer, fixed_today, django_assert_max_num_queries, query
):
    shared_role = make_role("ACC Local Policing")
    build_overdue(10, shared_role, fixed_today)
    client.force_login(reviewer)
    with CaptureQueriesContext(connection) as small:
        assert client.get(OVERDUE_URL, query).status_code == 200
    build_overdue(190, shared_role, fixed_today)
    with django_assert_max_num_queries(QUERY_BUDGET), CaptureQueriesContext(connection) as large:
        response = client.get(OVERDUE_URL, query)
    assert response.status_code == 200
    assert len(small) == len(large)
    if not query:
        assert response.context["review"].activity_count == 200


@pytest.mark.django_db
def test_page_shows_one_page_of_entries_and_links_to_the_next(client, reviewer, fixed_today):
    from activities.overdue import PER_PAGE

    shared_role = make_role("ACC Local Policing")
    build_overdue(PER_PAGE // 2 + 1, shared_role, fixed_today)  # two entries per activity
    client.force_login(reviewer)
    first = client.get(OVERDUE_URL)
    second = client.get(OVERDUE_URL, {"page": 2})
    on_first = sum(len(group.entries) for group in first.context["overdue_page"].object_list)
    on_second = sum(len(group.entries) for group in second.context["overdue_page"].object_list)
    assert (on_first, on_second) == (PER_PAGE, 2)
    assert first.context["review"].activity_count == PER_PAGE // 2 + 1
    assert 'rel="next"' in first.content.decode()


def page_entries(review: OverdueReview) -> list[tuple[str, str]]:
    groups = review.page(1).object_list
    return [
        (group.role.title, entry.activity.reference) for group in groups for entry in group.entries
    ]


@pytest.mark.django_db
def test_export_and_page_list_entries_in_the_same_order(client, reviewer, fixed_today):
    # "ß" is where Python's casefold ("ss") and SQL's LOWER ("ß") disagree: one order, not two.
    sharp, plain, other = make_role("Straße team"), make_role("Strasse unit"), make_role("ACC")
    make_activity(reference="1.1", owners=[sharp, other], due=datetime.date(2024, 1, 10))
    make_activity(reference="1.2", owners=[plain, sharp], due=datetime.date(2023, 9, 30))
    make_activity(reference="1.3", owners=[plain], due=datetime.date(2024, 1, 10))
    review = OverdueReview(plans=all_plans(), today=fixed_today)
    exported = [(row[0], row[1]) for row in review.export_rows()]

    assert exported == page_entries(review)
    client.force_login(reviewer)
    rows = csv_rows(client.get(OVERDUE_URL, {"_export": "csv"}))
    assert [(row[0], row[1]) for row in rows[1:]] == exported
    assert exported[0] == ("ACC", "1.1")
    assert [entry for entry in exported if entry[0] == "Strasse unit"] == [
        ("Strasse unit", "1.2"),  # 107 days overdue before 5
        ("Strasse unit", "1.3"),
    ]


@pytest.mark.django_db
def test_theme_and_role_filters_give_the_same_entries_on_the_page_and_in_the_export(fixed_today):
    policing, comms = make_theme("Policing"), make_theme("Communications")
    acc, head = make_role("ACC Local Policing"), make_role("Head of Comms")
    make_activity(reference="1.1", theme=policing, owners=[head, acc], due=LATE)
    make_activity(reference="1.2", theme=policing, owners=[acc], due=LATE)
    make_activity(reference="2.1", theme=comms, owners=[acc, head], due=LATE)
    review = OverdueReview(plans=all_plans(), today=fixed_today, theme=policing, role=head)

    assert page_entries(review) == [(row[0], row[1]) for row in review.export_rows()]
    assert page_entries(review) == [("Head of Comms", "1.1")]
    assert review.activity_count == 1
