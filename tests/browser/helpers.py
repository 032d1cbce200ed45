"""What every browser test does: sign in through the real form, run axe, save screenshots."""

import re
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

PASSWORD = "correct horse battery"  # tests.factories.make_user's password
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artefacts" / "screenshots"
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "mobile": {"width": 375, "height": 800}}
NARROWEST = 320

_axe = Axe()


def sign_in(page: Page, username: str) -> None:
    """Sign in with the real login form and wait for the page it lands on."""
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def assert_accessible(page: Page) -> None:
    """axe-core finds no violations on the page as it is now."""
    results = _axe.run(page)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def save_screenshots(page: Page, name: str) -> None:
    """Full-page screenshots at desktop and mobile width: artefacts/screenshots/<name>-<width>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    original = page.viewport_size
    for label, size in WIDTHS.items():
        page.set_viewport_size(size)
        page.screenshot(path=SCREENSHOTS / f"{name}-{label}.png", full_page=True)
    page.set_viewport_size(original)


# The innermost elements that push the page past the viewport's right edge (ignoring content
# that scrolls inside its own box), so a failure says what to fix.
_TOO_WIDE = """width => {
  const sticksOut = e => e.getBoundingClientRect().right > width + 0.5;
  const clipped = e => {
    // An absolutely placed element (say, visually hidden text) escapes an unpositioned scroll box.
    if (getComputedStyle(e).position === "absolute") return false;
    for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== "visible" && !sticksOut(a)) return true;
    }
    return false;
  };
  const culprits = [...document.querySelectorAll("body *")].filter(e => sticksOut(e) && !clipped(e));
  return culprits
    .filter(e => !culprits.some(c => c !== e && e.contains(c)))
    .slice(0, 5)
    .map(e => `${e.tagName.toLowerCase()}.${[...e.classList].join(".")} "${e.textContent.trim().slice(0, 40)}"`);
}"""


def assert_no_horizontal_scroll(page: Page, width: int = NARROWEST) -> None:
    """At `width` CSS pixels nothing pushes the page sideways (WCAG 1.4.10 reflow)."""
    original = page.viewport_size
    page.set_viewport_size({"width": width, "height": 800})
    try:
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, (
            f"{page.url} is {scroll_width}px wide at {width}px; too wide: "
            f"{page.evaluate(_TOO_WIDE, width)}"
        )
    finally:
        page.set_viewport_size(original)


def check_page(page: Page, name: str, *, reflow: bool = False) -> None:
    """axe plus screenshots (and, for main pages, the 320 px reflow check) for the current page."""
    assert_accessible(page)
    save_screenshots(page, name)
    if reflow:
        assert_no_horizontal_scroll(page)
