"""The reader as a learner uses it: the four views, remembered choices, romanisation, large
text, revealing one sentence's translation, and the page without JavaScript."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE
from tests.browser.reader_helpers import (
    READER,
    SENTENCE_IDS,
    choose_mode,
    choose_mode_and_wait_saved,
    has_class,
    mode_label,
    open_reader,
    wait_for_script,
)


def _boxes(page: Page, key: str):
    hi = page.locator(f"#{key} p.hi")
    en = page.locator(f"#{key} p.en")
    hi.scroll_into_view_if_needed()
    return hi.bounding_box(), en.bounding_box()


def assert_side_by_side(page: Page, stacked: bool) -> None:
    """Both languages visible for every sentence; English right of Hindi, or below on a phone."""
    for key in SENTENCE_IDS:
        hi = page.locator(f"#{key} p.hi")
        en = page.locator(f"#{key} p.en")
        assert hi.is_visible(), f"{key}: Hindi hidden in side-by-side"
        assert en.is_visible(), f"{key}: English hidden in side-by-side"
        expect(page.locator(f"#{key} summary")).to_have_count(2)
        assert not page.locator(f"#{key} summary").first.is_visible(), f"{key}: summary shown"
        hi_box, en_box = _boxes(page, key)
        if stacked:
            assert en_box["y"] >= hi_box["y"] + hi_box["height"] - 1, (key, hi_box, en_box)
            assert abs(en_box["x"] - hi_box["x"]) < 2, (key, hi_box, en_box)
        else:
            assert en_box["x"] >= hi_box["x"] + hi_box["width"], (key, hi_box, en_box)
            assert abs(en_box["y"] - hi_box["y"]) < 12, f"{key}: columns not side by side"
            # The two columns share the width fairly: neither is squeezed.
            assert en_box["width"] > 300 and hi_box["width"] > 300, (key, hi_box, en_box)


def assert_interlinear(page: Page) -> None:
    for key in SENTENCE_IDS:
        assert page.locator(f"#{key} p.hi").is_visible(), key
        assert page.locator(f"#{key} p.en").is_visible(), key
        hi_box, en_box = _boxes(page, key)
        assert en_box["y"] >= hi_box["y"] + hi_box["height"] - 1, (key, hi_box, en_box)
        assert en_box["x"] < hi_box["x"] + hi_box["width"] / 2, f"{key}: English not under Hindi"


def assert_hindi_only(page: Page) -> None:
    for key in SENTENCE_IDS:
        assert page.locator(f"#{key} p.hi").is_visible(), key
        assert not page.locator(f"#{key} p.en").is_visible(), f"{key}: English shown"
        reveal = page.locator(f"#{key} .sent__en > summary")
        assert reveal.is_visible(), f"{key}: no 'Show translation'"
        expect(reveal).to_have_text("Show translation", use_inner_text=True)
        assert not page.locator(f"#{key} .sent__hi > summary").is_visible(), key


def assert_english_only(page: Page) -> None:
    for key in SENTENCE_IDS:
        assert not page.locator(f"#{key} p.hi").is_visible(), f"{key}: Hindi shown"
        assert page.locator(f"#{key} p.en").is_visible(), key
        reveal = page.locator(f"#{key} .sent__hi > summary")
        assert reveal.is_visible(), f"{key}: no 'Show Hindi'"
        expect(reveal).to_have_text("Show Hindi", use_inner_text=True)
        assert not page.locator(f"#{key} .sent__en > summary").is_visible(), key


CHECKS = {
    "side": lambda page: assert_side_by_side(page, stacked=False),
    "interlinear": assert_interlinear,
    "hi": assert_hindi_only,
    "en": assert_english_only,
}


@pytest.mark.parametrize("mode", ["side", "interlinear", "hi", "en"])
def test_toolbar_switches_view_mode(live_server, page, mode):
    """Clicking a view in the toolbar shows the right language(s) for all 18 sentences."""
    open_reader(page, live_server)
    wait_for_script(page)
    # Start from a different view, so the click really changes something.
    choose_mode(page, "en" if mode != "en" else "side")
    choose_mode(page, mode)
    expect(page.locator(f"input[name=mode][value={mode}]")).to_be_checked()
    CHECKS[mode](page)
    # With the script the choice applies at once: the Apply button is not needed.
    expect(page.locator(".toolbar__apply")).to_be_hidden()


def test_side_by_side_on_a_phone_stacks_english_under_hindi(live_server, context_factory):
    page = context_factory(viewport=PHONE, has_touch=True, is_mobile=True).new_page()
    open_reader(page, live_server)
    wait_for_script(page)
    expect(page.locator("#reader")).to_have_class(has_class("mode-side"))
    assert_side_by_side(page, stacked=True)
    # Nothing wider than the phone: no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_chosen_mode_is_remembered_by_the_server(live_server, context_factory):
    context = context_factory()
    page = context.new_page()
    open_reader(page, live_server)
    wait_for_script(page)
    choose_mode_and_wait_saved(page, "interlinear")

    response = page.reload()
    assert 'class="reader mode-interlinear' in response.text(), "server did not render the mode"
    expect(page.locator("#reader")).to_have_class(has_class("mode-interlinear"))
    expect(page.locator("input[name=mode][value=interlinear]")).to_be_checked()
    assert_interlinear(page)

    # A fresh tab of the same browser: no form state to restore, only the cookie.
    other = context.new_page()
    response = other.goto(live_server + READER)
    assert 'class="reader mode-interlinear' in response.text()
    expect(other.locator("#reader")).to_have_class(has_class("mode-interlinear"))
    expect(other.locator("input[name=mode][value=interlinear]")).to_be_checked()

    choose_mode_and_wait_saved(other, "hi")
    third = context.new_page()
    open_reader(third, live_server)
    expect(third.locator("#reader")).to_have_class(has_class("mode-hi"))
    expect(third.locator("input[name=mode][value=hi]")).to_be_checked()
    assert_hindi_only(third)


def test_reader_works_without_javascript(live_server, context_factory):
    page = context_factory(java_script_enabled=False).new_page()
    open_reader(page, live_server)
    expect(page.locator("html")).not_to_have_class(has_class("js"))

    # Default view: side by side, everything readable.
    expect(page.locator("#reader")).to_have_class(has_class("mode-side"))
    assert_side_by_side(page, stacked=False)

    # Choosing a view is a plain form: pick it, then Apply.
    apply = page.locator(".toolbar__apply")
    expect(apply).to_be_visible()
    mode_label(page, "hi").click()
    expect(page.locator("input[name=mode][value=hi]")).to_be_checked()
    apply.click()
    expect(page).to_have_url(re.compile(r"[?&]mode=hi(&|$)"))
    expect(page.locator("#reader")).to_have_class(has_class("mode-hi"))
    assert_hindi_only(page)
    # Revealing a translation is native <details>: works without the script too.
    page.locator("#p1s2 .sent__en > summary").click()
    expect(page.locator("#p1s2 p.en")).to_be_visible()
    expect(page.locator("#p1s1 p.en")).to_be_hidden()

    # Romanisation through the form as well.
    page.locator("label.switch:has(input[name=roman])").click()
    apply.click()
    expect(page.locator("#reader")).to_have_class(has_class("roman-on"))
    expect(page.locator("#p1s1 p.rom")).to_be_visible()
    expect(page.locator("#reader")).to_have_class(has_class("mode-hi"))

    # The choice is remembered without the script as well (cookie set by the form's request).
    page.goto(live_server + READER)
    expect(page.locator("#reader")).to_have_class(has_class("mode-hi"))

    # Glossary list is there, and a word jumps to its entry.
    glossary = page.locator("#glossary")
    expect(glossary).to_be_visible()
    expect(page.locator("#glossary li.gentry").first).to_be_visible()
    word = page.locator("#p1s1 a.gw").nth(1)
    href = word.get_attribute("href")
    assert href.startswith("#g-")
    word.click()
    expect(page).to_have_url(re.compile(re.escape(href) + "$"))
    entry = page.locator(f"li.gentry{href}")
    expect(entry).to_be_in_viewport()
    # ...and the entry links back to the sentence.
    entry.locator("a[href='#p1s1']").click()
    expect(page).to_have_url(re.compile("#p1s1$"))
    expect(page.locator("#p1s1")).to_be_in_viewport()


def test_romanisation_toggle(live_server, page):
    open_reader(page, live_server)
    wait_for_script(page)
    rom = page.locator("#p1s1 p.rom")
    expect(rom).to_be_hidden()
    switch = page.locator("label.switch:has(input[type=checkbox][name=roman])")
    switch.click()
    expect(page.locator("#reader")).to_have_class(has_class("roman-on"))
    expect(rom).to_be_visible()
    expect(rom).to_contain_text("videsh mantri")
    text = rom.inner_text()
    assert text.isascii(), text
    for key in SENTENCE_IDS:
        assert page.locator(f"#{key} p.rom").is_visible(), key
        assert page.locator(f"#{key} p.rom").inner_text().strip(), key
    # Romanisation sits under its Hindi line.
    hi_box = page.locator("#p1s1 p.hi").bounding_box()
    rom_box = rom.bounding_box()
    assert rom_box["y"] >= hi_box["y"] + hi_box["height"] - 1
    switch.click()
    expect(rom).to_be_hidden()
    expect(page.locator("#reader")).not_to_have_class(has_class("roman-on"))


def test_large_text_toggle(live_server, page):
    open_reader(page, live_server)
    wait_for_script(page)
    hi = page.locator("#p1s1 p.hi")
    en = page.locator("#p1s1 p.en")

    def size(locator):
        return float(locator.evaluate("el => parseFloat(getComputedStyle(el).fontSize)"))

    normal_hi, normal_en = size(hi), size(en)
    page.locator("label.switch:has(input[type=checkbox][name=size])").click()
    expect(page.locator("#reader")).to_have_class(has_class("size-large"))
    assert size(hi) > normal_hi * 1.3, (normal_hi, size(hi))
    assert size(en) > normal_en * 1.2, (normal_en, size(en))
    page.locator("label.switch:has(input[type=checkbox][name=size])").click()
    expect(page.locator("#reader")).not_to_have_class(has_class("size-large"))
    assert size(hi) == normal_hi


def test_reveal_one_sentence_translation_in_hindi_mode(live_server, page):
    open_reader(page, live_server)
    wait_for_script(page)
    choose_mode(page, "hi")
    target = page.locator("#p2s2")
    reveal = target.locator(".sent__en > summary")
    expect(target.locator("p.en")).to_be_hidden()

    reveal.click()
    expect(target.locator("p.en")).to_be_visible()
    expect(reveal).to_have_text("Hide translation", use_inner_text=True)
    # Only that sentence: all the others stay Hindi-only.
    for key in SENTENCE_IDS:
        if key != "p2s2":
            assert not page.locator(f"#{key} p.en").is_visible(), f"{key} revealed too"

    reveal.click()
    expect(target.locator("p.en")).to_be_hidden()
    expect(reveal).to_have_text("Show translation", use_inner_text=True)

    # Keyboard: the summary is focusable and Enter toggles it.
    other = page.locator("#p3s1 .sent__en > summary")
    other.focus()
    expect(other).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#p3s1 p.en")).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("#p3s1 p.en")).to_be_hidden()

    # Changing the view again resets the reveals.
    reveal.click()
    expect(target.locator("p.en")).to_be_visible()
    choose_mode(page, "interlinear")
    assert_interlinear(page)


def test_reveal_hindi_in_english_mode(live_server, page):
    open_reader(page, live_server)
    wait_for_script(page)
    choose_mode(page, "en")
    reveal = page.locator("#p4s3 .sent__hi > summary")
    reveal.click()
    expect(page.locator("#p4s3 p.hi")).to_be_visible()
    expect(page.locator("#p4s2 p.hi")).to_be_hidden()
    # Revealed Hindi sits under the English it belongs to.
    en_box = page.locator("#p4s3 p.en").bounding_box()
    hi_box = page.locator("#p4s3 p.hi").bounding_box()
    assert hi_box["y"] >= en_box["y"] + en_box["height"] - 1
