"""Screenshots for people to look at (test-artifacts/*.png): the reader in every view on a
desktop and a phone, the home page in both languages, and a gloss popover on a phone. Each
also checks that the page is laid out sanely: nothing wider than the screen, fonts loaded."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, save_screenshot
from tests.browser.reader_helpers import MODES, choose_mode, open_reader, wait_for_script

DEVICES = {
    "desktop": {"viewport": DESKTOP},
    "phone": {"viewport": PHONE, "has_touch": True, "is_mobile": True},
}


def settle(page) -> None:
    """Fonts in and no sideways scrolling before a picture is taken."""
    assert page.evaluate("document.fonts.ready.then(() => document.fonts.status)") == "loaded"
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "page wider than screen"


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_screenshots_reader_in_every_view(live_server, context_factory, device):
    page = context_factory(**DEVICES[device]).new_page()
    open_reader(page, live_server)
    wait_for_script(page)
    for mode in MODES:
        choose_mode(page, mode)
        settle(page)
        page.evaluate("window.scrollTo(0, 0)")
        save_screenshot(page, f"reader-{mode}-{device}")
    # Projector set-up: interlinear, romanisation and large text, first screen only.
    choose_mode(page, "interlinear")
    page.locator("label.switch:has(input[name=roman])").click()
    page.locator("label.switch:has(input[name=size])").click()
    expect(page.locator("#p1s1 p.rom")).to_be_visible()
    settle(page)
    save_screenshot(page, f"reader-interlinear-roman-large-{device}", full_page=False)


@pytest.mark.parametrize("language", ["en", "hi"])
def test_screenshots_home(live_server, context_factory, language):
    for device in ("desktop", "phone"):
        page = context_factory(**DEVICES[device]).new_page()
        page.goto(f"{live_server}/language/{language}?next=/")
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page.locator(".passage-card").first).to_be_visible()
        settle(page)
        save_screenshot(page, f"home-{language}-{device}")


def test_screenshot_gloss_popover_on_phone(live_server, context_factory):
    page = context_factory(**DEVICES["phone"]).new_page()
    open_reader(page, live_server)
    wait_for_script(page)
    word = page.locator('#p1s1 a.gw[href="#g-samkaksh"]')
    word.tap()
    expect(page.locator("#gloss-popover")).to_be_visible()
    settle(page)
    save_screenshot(page, "popover-phone", full_page=False)
    # Hindi interface, a word with a note.
    page.goto(f"{live_server}/language/hi?next=/passages/blinken-lavrov-reykjavik")
    wait_for_script(page)
    word = page.locator('a.gw[href="#g-aadhaarit"]').first
    word.tap()
    expect(page.locator("#gloss-popover .gloss-popover__note")).to_be_visible()
    settle(page)
    save_screenshot(page, "popover-phone-hi", full_page=False)
