"""Signing out: from the navigation, and for someone whose account has no group yet."""

import re

from playwright.sync_api import expect

from tests.browser.helpers import sign_in


def test_sign_out_button_signs_out_and_pages_then_ask_to_sign_in(page, plan):
    sign_in(page, "casey")
    page.get_by_role("button", name="Sign out").click()
    # LOGOUT_REDIRECT_URL sends people back to the sign-in page.
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Plan Tracker")
    page.goto("/my/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/my/"))


def test_signed_in_person_in_no_group_can_sign_out_from_the_403_page(page, plan):
    sign_in(page, "olly")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "You do not have permission to do that"
    )
    expect(page.get_by_role("button", name="Sign out")).to_be_visible(timeout=1000)
