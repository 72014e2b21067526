"""Shared knowledge about the reader page for the browser tests (selectors, sentence ids)."""

import re

from playwright.sync_api import Page, expect

SLUG = "blinken-lavrov-reykjavik"
READER = f"/passages/{SLUG}"
SENTENCE_IDS = [
    "p1s1",
    "p1s2",
    "p2s1",
    "p2s2",
    "p2s3",
    "p2s4",
    "p3s1",
    "p3s2",
    "p3s3",
    "p3s4",
    "p4s1",
    "p4s2",
    "p4s3",
    "p4s4",
    "p5s1",
    "p5s2",
    "p5s3",
    "p5s4",
]
MODES = ("side", "interlinear", "hi", "en")


def open_reader(page: Page, base: str, query: str = "") -> Page:
    """Load the reader and wait until its script has run (or the page settled without JS)."""
    page.goto(base + READER + query)
    expect(page.locator("#reader")).to_be_visible()
    return page


def wait_for_script(page: Page) -> None:
    """reader.js marks <html> with the "js" class as its first step."""
    expect(page.locator("html")).to_have_class("js")


def mode_label(page: Page, mode: str):
    """The visible toolbar segment that selects ``mode`` (the radio itself is visually hidden)."""
    return page.locator(f"form.toolbar label.seg:has(input[name=mode][value={mode}])")


def choose_mode(page: Page, mode: str) -> None:
    """Click the toolbar segment for ``mode`` and wait until the reader shows it."""
    mode_label(page, mode).click()
    expect(page.locator("#reader")).to_have_class(has_class(f"mode-{mode}"))


def choose_mode_and_wait_saved(page: Page, mode: str) -> None:
    """Choose a mode and wait for the script's request that remembers it (sets the cookie)."""
    with page.expect_response(lambda r: "/passages/preferences" in r.url) as saved:
        mode_label(page, mode).click()
    assert saved.value.status == 204, saved.value.status
    expect(page.locator("#reader")).to_have_class(has_class(f"mode-{mode}"))


def has_class(name: str) -> re.Pattern:
    """A pattern for ``to_have_class`` that matches one class among several."""
    return re.compile(rf"(^|\s){re.escape(name)}(\s|$)")
