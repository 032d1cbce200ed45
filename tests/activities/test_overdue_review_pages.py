"""The overdue review's pages sort only the owner roles a page overlaps: read page by page, they
must give every (role, activity) entry once, in the order of the whole review, across role boundaries."""

import datetime

import pytest

from activities import overdue
from activities.overdue import OverdueReview
from tests.factories import all_plans, make_activity, make_role, make_theme

TODAY = datetime.date(2024, 1, 15)


def entries_of(groups) -> list[tuple[str, str]]:
    return [
        (group.role.title, entry.activity.reference) for group in groups for entry in group.entries
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("per_page", [1, 3, 4, 7, 50])
def test_pages_together_are_the_whole_review_in_order(monkeypatch, per_page):
    monkeypatch.setattr(overdue, "PER_PAGE", per_page)
    theme = make_theme()
    apple, banana, cherry = make_role("apple"), make_role("Banana"), make_role("cherry")
    owners = [[apple], [banana], [apple, banana], [cherry], [banana, cherry], [apple], [banana]]
    for number, roles in enumerate(owners):
        make_activity(theme=theme, owners=roles, due=TODAY - datetime.timedelta(days=3 + number))
    make_activity(theme=theme, owners=[apple], due=TODAY + datetime.timedelta(days=3))  # not late
    review = OverdueReview(plans=all_plans(), today=TODAY)

    page = review.page(1)
    read = entries_of(page.object_list)
    while page.has_next():
        page = review.page(page.next_page_number())
        assert len(page.object_list) >= 1
        read += entries_of(page.object_list)

    assert len(read) == 9
    assert read == entries_of(review.groups)
