"""The pagination bar shows the first, last and neighbouring pages, however long the list."""

import re

import pytest

from tests.factories import TEST_PLAN_URL, make_activity

pytestmark = pytest.mark.django_db


def page_links(html: str) -> list[str]:
    bar = html[html.index('class="govuk-pagination"') :]
    bar = bar[: bar.index("</nav>")]
    return [
        "…" if "ellipses" in item else re.search(r">(\d+)</a>", item).group(1)
        for item in re.findall(r'<li class="govuk-pagination__item[^"]*">.*?</li>', bar, re.S)
    ]


@pytest.mark.parametrize(
    ("page", "shown"),
    [
        (1, ["1", "2", "…", "12"]),
        (6, ["1", "…", "5", "6", "7", "…", "12"]),
        (12, ["1", "…", "11", "12"]),
    ],
)
def test_a_long_list_shows_first_last_and_neighbouring_pages(client, editor, page, shown):
    for number in range(12 * 5):
        make_activity(reference=f"P.{number}")
    client.force_login(editor)
    response = client.get(f"{TEST_PLAN_URL}/activities/?per_page=5&page={page}")
    assert response.status_code == 200
    html = response.content.decode()
    assert page_links(html) == shown
    assert f'aria-label="Page {page}" aria-current="page"' in html
