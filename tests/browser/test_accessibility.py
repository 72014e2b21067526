"""axe-core finds no violations: home and reader, both interface languages, every reader view,
romanisation and large text on, with a gloss popover open, and without the reader's script."""

import json

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import run_axe
from tests.browser.reader_helpers import (
    MODES,
    READER,
    choose_mode,
    has_class,
    open_reader,
    wait_for_script,
)


def use_language(page, base: str, code: str) -> None:
    page.goto(f"{base}/language/{code}?next=/")
    expect(page.locator("html")).to_have_attribute("lang", code)


def report(violations) -> str:
    return json.dumps(violations, ensure_ascii=False, indent=1)


@pytest.mark.parametrize("language", ["en", "hi"])
def test_home_has_no_axe_violations(live_server, page, language):
    use_language(page, live_server, language)
    expect(page.locator(".passage-card").first).to_be_visible()
    violations = run_axe(page)
    assert violations == [], report(violations)


@pytest.mark.parametrize("language", ["en", "hi"])
def test_reader_has_no_axe_violations_in_any_state(live_server, page, language):
    use_language(page, live_server, language)
    open_reader(page, live_server)
    wait_for_script(page)
    found = {}
    for mode in MODES:
        choose_mode(page, mode)
        violations = run_axe(page)
        if violations:
            found[mode] = violations
    # Romanisation and large text on, in the busiest view.
    choose_mode(page, "interlinear")
    page.locator("label.switch:has(input[name=roman])").click()
    page.locator("label.switch:has(input[name=size])").click()
    expect(page.locator("#reader")).to_have_class(has_class("size-large"))
    violations = run_axe(page)
    if violations:
        found["interlinear+roman+large"] = violations
    # A gloss popover open (a tooltip described-by its word).
    choose_mode(page, "side")
    word = page.locator("#p1s1 a.gw").nth(2)
    word.click()
    expect(page.locator("#gloss-popover")).to_be_visible()
    expect(word).to_have_attribute("aria-describedby", "gloss-popover")
    violations = run_axe(page)
    expect(page.locator("#gloss-popover")).to_be_visible()
    if violations:
        found["popover"] = violations
    assert found == {}, report(found)


def test_reader_without_javascript_has_no_axe_violations(live_server, context_factory):
    # axe is itself a script, so rather than turning JavaScript off, block the reader's script:
    # axe then sees the page as it is without it (Apply button, translations as <details>).
    context = context_factory()
    context.route("**/static/js/reader.js", lambda route: route.abort())
    page = context.new_page()
    page.goto(live_server + READER + "?mode=hi")
    expect(page.locator(".toolbar__apply")).to_be_visible()
    violations = run_axe(page)
    assert violations == [], report(violations)
