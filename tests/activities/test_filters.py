"""The activities list's filters: each alone, combined, bad input, and state kept in links."""

import datetime
import html
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django_filters import CharFilter

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from activities import services
from activities.dashboard import list_url
from activities.filters import ActivityFilter
from activities.models import Activity, Status
from tests.factories import TEST_PLAN, TEST_PLAN_URL, make_activity, make_role, make_theme

LIST_URL = reverse("activities:list", args=[TEST_PLAN])


def listed(response) -> list[str]:
    assert response.status_code == 200
    return sorted(row.record.reference for row in response.context["table"].paginated_rows)


def hrefs(response, pattern: str) -> list[dict]:
    """Query parameters of every link on the page whose href matches pattern."""
    found = re.findall(r'href="([^"]*)"', response.content.decode())
    return [
        parse_qs(urlsplit(html.unescape(href)).query)
        for href in found
        if re.search(pattern, html.unescape(href))
    ]


def post(activity, status, at=None, commentary="Reason"):
    services.status_update_create(activity=activity, status=status, commentary=commentary, at=at)


@pytest.fixture
def signed_in(client, reviewer, test_plan):
    client.force_login(reviewer)
    return client


@pytest.mark.django_db
def test_theme_filter_keeps_only_that_theme(signed_in):
    policing, comms = make_theme("Policing"), make_theme("Communications")
    make_activity(reference="1.1", theme=policing)
    make_activity(reference="2.1", theme=comms)
    assert listed(signed_in.get(LIST_URL, {"theme": policing.pk})) == ["1.1"]


@pytest.mark.django_db
def test_owner_filter_includes_activities_where_the_role_is_not_lead(signed_in):
    acc, head = make_role("ACC Local Policing"), make_role("Head of Comms")
    make_activity(reference="1.1", owners=[acc])
    make_activity(reference="1.2", owners=[head, acc])
    make_activity(reference="1.3", owners=[head])
    assert listed(signed_in.get(LIST_URL, {"owner": acc.pk})) == ["1.1", "1.2"]


@pytest.mark.django_db
def test_status_filter_accepts_one_or_several_statuses(signed_in):
    at_risk, off_track = make_activity(reference="1.1"), make_activity(reference="1.2")
    make_activity(reference="1.3")
    post(at_risk, Status.AT_RISK)
    post(off_track, Status.OFF_TRACK)
    assert listed(signed_in.get(LIST_URL, {"status": "at_risk"})) == ["1.1"]
    both = signed_in.get(f"{LIST_URL}?status=at_risk&status=off_track")
    assert listed(both) == ["1.1", "1.2"]


@pytest.mark.django_db
def test_due_after_and_due_before_bound_next_due(signed_in):
    make_activity(reference="1.1", due=datetime.date(2024, 3, 31))
    make_activity(reference="1.2", due=datetime.date(2024, 6, 30))
    make_activity(reference="1.3", due=datetime.date(2024, 9, 30))
    make_activity(reference="1.4", ongoing=True)
    assert listed(signed_in.get(LIST_URL, {"due_after": "30/06/2024"})) == ["1.2", "1.3"]
    assert listed(signed_in.get(LIST_URL, {"due_before": "2024-06-30"})) == ["1.1", "1.2"]
    between = {"due_after": "1/4/2024", "due_before": "1/9/2024"}
    assert listed(signed_in.get(LIST_URL, between)) == ["1.2"]


@pytest.mark.django_db
def test_overdue_only_excludes_future_and_closed_work(signed_in, fixed_today):
    make_activity(reference="1.1", due=datetime.date(2023, 12, 31))
    make_activity(reference="1.2", due=datetime.date(2024, 2, 28))
    post(make_activity(reference="1.3", due=datetime.date(2023, 12, 31)), Status.COMPLETE)
    post(make_activity(reference="1.4", due=datetime.date(2023, 12, 31)), Status.WITHDRAWN)
    make_activity(reference="1.5", ongoing=True)
    assert listed(signed_in.get(LIST_URL, {"overdue": "1"})) == ["1.1"]


@pytest.mark.django_db
def test_stale_only_keeps_open_activities_without_a_recent_update(signed_in, fixed_today):
    long_ago = timezone.make_aware(datetime.datetime(2023, 11, 1, 9, 0))
    recently = timezone.make_aware(datetime.datetime(2024, 1, 10, 9, 0))
    post(make_activity(reference="1.1"), Status.ON_TRACK, at=long_ago)
    post(make_activity(reference="1.2"), Status.ON_TRACK, at=recently)
    post(make_activity(reference="1.3"), Status.COMPLETE, at=long_ago)
    assert listed(signed_in.get(LIST_URL, {"stale": "1"})) == ["1.1"]


@pytest.mark.django_db
def test_search_matches_text_reference_and_owner_title(signed_in):
    make_activity(reference="1.1", text="We will run neighbourhood surgeries.")
    make_activity(reference="1.2", owners=[make_role("Neighbourhood Inspector")])
    make_activity(reference="3.7", text="We will publish minutes.")
    assert listed(signed_in.get(LIST_URL, {"q": "neighbourhood"})) == ["1.1", "1.2"]
    assert listed(signed_in.get(LIST_URL, {"q": "3.7"})) == ["3.7"]


@pytest.mark.django_db
def test_filters_combine(signed_in, fixed_today):
    policing, comms = make_theme("Policing"), make_theme("Communications")
    late = datetime.date(2023, 12, 31)
    make_activity(reference="1.1", theme=policing, text="We will hold surgeries.", due=late)
    make_activity(reference="1.2", theme=policing, text="We will hold surgeries.")
    make_activity(reference="1.3", theme=policing, text="We will publish data.", due=late)
    make_activity(reference="2.1", theme=comms, text="We will hold surgeries.", due=late)
    query = {"theme": policing.pk, "overdue": "1", "q": "surgeries"}
    assert listed(signed_in.get(LIST_URL, query)) == ["1.1"]


@pytest.mark.django_db
def test_unchecked_boxes_and_empty_fields_filter_nothing(signed_in):
    make_activity(reference="1.1")
    make_activity(reference="1.2")
    query = {"q": "", "theme": "", "owner": "", "due_after": "", "due_before": ""}
    assert listed(signed_in.get(LIST_URL, query)) == ["1.1", "1.2"]


@pytest.mark.django_db
def test_bad_date_shows_a_govuk_error_and_no_rows(signed_in):
    make_activity(reference="1.1")
    response = signed_in.get(LIST_URL, {"due_after": "31/02/2024"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "Due from must be a real date" in page
    assert 'href="#id_due_after"' in page
    assert "govuk-input--error" in page
    assert "<title>Error: Activities" in page
    assert listed(response) == []


@pytest.mark.django_db
def test_due_range_the_wrong_way_round_is_an_error(signed_in):
    response = signed_in.get(LIST_URL, {"due_after": "1/6/2024", "due_before": "1/1/2024"})
    assert "must be the same as or after" in response.content.decode()
    assert 'href="#id_due_before"' in response.content.decode()


@pytest.mark.django_db
def test_unknown_theme_is_an_error_not_a_crash(signed_in):
    response = signed_in.get(LIST_URL, {"theme": "99999"})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()


@pytest.mark.django_db
def test_form_shows_the_filters_applied(signed_in):
    theme = make_theme("Policing")
    response = signed_in.get(LIST_URL, {"theme": theme.pk, "overdue": "1", "q": "surg"})
    page = response.content.decode()
    assert f'<option value="{theme.pk}" selected>Policing</option>' in page
    assert re.search(r'<input type="checkbox" name="overdue" value="1"[^>]* checked', page)
    assert '<input type="text" name="q" value="surg"' in page


@pytest.mark.django_db
def test_pagination_links_keep_the_filters(signed_in):
    theme = make_theme("Policing")
    for number in range(30):
        make_activity(reference=f"1.{number + 1}", theme=theme)
    response = signed_in.get(LIST_URL, {"theme": theme.pk, "sort": "-next_due"})
    page_links = hrefs(response, r"page=2")
    assert page_links
    for query in page_links:
        assert query["theme"] == [str(theme.pk)]
        assert query["sort"] == ["-next_due"]


@pytest.mark.django_db
def test_export_and_sort_links_keep_the_filters_and_drop_the_page(signed_in):
    theme = make_theme("Policing")
    for number in range(30):
        make_activity(reference=f"1.{number + 1}", theme=theme)
    response = signed_in.get(LIST_URL, {"theme": theme.pk, "page": "2"})
    exports = hrefs(response, r"_export=")
    assert sorted(q["_export"][0] for q in exports) == ["csv", "xlsx"]
    sorts = hrefs(response, r"sort=")
    assert sorts
    for query in exports + sorts:
        assert query["theme"] == [str(theme.pk)]
        assert "page" not in query


class FilterWithPriority(ActivityFilter):
    priority = CharFilter(method="filter_search", label="Priority", help_text="High, medium or low")


@pytest.mark.django_db
def test_a_filter_added_to_the_filterset_shows_in_the_panel_without_template_changes(rf, test_plan):
    request = rf.get(LIST_URL, {"priority": "high"})
    form = FilterWithPriority(request.GET, queryset=Activity.objects.all()).form
    panel = render_to_string(
        "activities/includes/activity_filters.html",
        {"form": form, "request": request, "plan": test_plan},
    )
    assert '<label class="govuk-label govuk-label--s" for="id_priority">Priority</label>' in panel
    assert '<div id="id_priority_helptext" class="govuk-hint">High, medium or low</div>' in panel
    assert re.search(r'<input type="text" name="priority" value="high" class="govuk-input"', panel)


@pytest.mark.django_db
def test_every_filter_of_the_filterset_is_in_the_panel(signed_in):
    page = signed_in.get(LIST_URL).content.decode()
    for name in ActivityFilter.base_filters:
        assert f'name="{name}"' in page, name


@pytest.mark.django_db
def test_filter_hints_sit_where_govuk_puts_them(signed_in, settings):
    settings.PLAN_STALE_DAYS = 45
    page = signed_in.get(LIST_URL).content.decode()
    assert re.search(
        r'for="id_stale">Stale only</label>\s*'
        r'<div id="id_stale_helptext" class="govuk-hint govuk-checkboxes__hint">'
        r"No status update for 45 days</div>",
        page,
    )
    assert re.search(
        r'<input type="checkbox" name="stale"[^>]* aria-describedby="id_stale_helptext"', page
    )
    assert re.search(r'name="due_after"[^>]* class="govuk-input govuk-input--width-10"', page)


QUERY_STRING_TAGS = re.compile(r"{%\s*(query_with|querystring_replace|url_replace)\b")


def test_templates_build_query_strings_only_with_djangos_querystring_tag(settings):
    templates = Path(settings.BASE_DIR, "templates")
    others = [
        f"{path.relative_to(templates)}: {match.group(1)}"
        for path in templates.rglob("*.html")
        for match in QUERY_STRING_TAGS.finditer(path.read_text())
    ]
    assert others == []


def test_dashboard_links_to_the_list_with_the_same_query_strings_as_the_templates(test_plan):
    url = list_url(test_plan, theme=3, status=["at_risk", "off_track"], overdue=1)
    assert url == TEST_PLAN_URL + "/activities/?theme=3&status=at_risk&status=off_track&overdue=1"
    assert list_url(test_plan) == TEST_PLAN_URL + "/activities/"
