"""GOV.UK Frontend works under the strict Content-Security-Policy: no violation on any page, for
each kind of user and the admin, and the components' JavaScript runs."""

import pytest

from tests.browser.helpers import sign_in
from tests.factories import TEST_PLAN_URL

PAGES = {
    "casey": [
        "/",
        TEST_PLAN_URL + "/",
        TEST_PLAN_URL + "/activities/",
        TEST_PLAN_URL + "/activities/2.1/",
        TEST_PLAN_URL + "/activities/2.1/edit/",
        "/my/",
    ],
    "alex": [TEST_PLAN_URL + "/activities/overdue/"],
    "ada": ["/import/", "/admin/", "/admin/activities/activity/", "/admin/auth/user/"],
}


def watch_violations(page) -> list[str]:
    """Collect CSP violations (the console reports each 'Refused to …' a policy blocked)."""
    seen: list[str] = []
    page.on(
        "console",
        lambda message: (
            seen.append(message.text)
            if "Content Security Policy" in message.text or "Refused to" in message.text
            else None
        ),
    )
    return seen


@pytest.mark.parametrize("username", sorted(PAGES))
def test_no_page_breaks_the_content_security_policy(page, plan, username):
    violations = watch_violations(page)
    sign_in(page, username)
    for path in PAGES[username]:
        response = page.goto(path)
        assert "default-src 'self'" in response.headers["content-security-policy"], path
        page.wait_for_load_state("networkidle")
    assert violations == []


def test_govuk_frontend_javascript_runs_under_the_policy(page, plan):
    violations = watch_violations(page)
    page.goto("/accounts/login/")
    page.wait_for_load_state("networkidle")

    classes = page.evaluate("document.body.className")
    assert "govuk-frontend-supported" in classes
    # initAll() ran: the error summary component (after a wrong password) takes focus.
    page.get_by_label("Username").fill("nobody")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.activeElement.closest('.govuk-error-summary') !== null")
    assert violations == []
