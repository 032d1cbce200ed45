"""Signing out: from the navigation, and for someone whose account has no group yet."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import sign_in


def test_sign_out_button_signs_out_and_pages_then_ask_to_sign_in(page, plan):
    sign_in(page, "casey")
    page.get_by_role("button", name="Sign out").click()
    # LOGOUT_REDIRECT_URL sends people back to the sign-in page.
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Plan Tracker")
    page.goto("/my/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/my/"))


@pytest.mark.xfail(
    strict=True,
    reason="templates/includes/nav.html shows Sign out only inside `{% if plan_nav %}`, and a "
    "signed-in user in no group has no plan_nav, so the 403 page they land on cannot sign out",
)
def test_signed_in_person_in_no_group_can_sign_out_from_the_403_page(page, plan):
    sign_in(page, "olly")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "You do not have permission to do that"
    )
    expect(page.get_by_role("button", name="Sign out")).to_be_visible(timeout=1000)
