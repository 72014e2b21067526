"""Word glosses: the popover with a word's meaning and romanisation, by mouse, touch and
keyboard, on desktop and on a phone."""

from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE
from tests.browser.reader_helpers import open_reader, wait_for_script


def entry_for(page: Page, word):
    """The glossary entry a word links to, and its English meaning as the list shows it."""
    key = word.get_attribute("href")
    entry = page.locator(f"#glossary li.gentry{key}")
    return entry, entry.locator("span[lang=en]").inner_text().strip()


def assert_popover_for(page: Page, word) -> None:
    popover = page.locator("#gloss-popover")
    expect(popover).to_be_visible()
    expect(popover).to_have_attribute("role", "tooltip")
    _entry, meaning = entry_for(page, word)
    expect(popover.locator(".gloss-popover__hi")).to_have_text(word.inner_text().strip())
    expect(popover.locator(".gloss-popover__rom")).to_have_text(word.get_attribute("data-r"))
    expect(popover.locator(".gloss-popover__en")).to_have_text(meaning)


def test_hover_shows_gloss_and_leaving_hides_it(live_server, page):
    open_reader(page, live_server)
    wait_for_script(page)
    popover = page.locator("#gloss-popover")
    expect(popover).to_be_hidden()

    word = page.locator('#p1s1 a.gw[href="#g-videsh-mantri"]')
    word.hover()
    assert_popover_for(page, word)
    expect(popover.locator(".gloss-popover__rom")).to_have_text("videsh mantri")
    expect(popover).to_contain_text("विदेश मंत्री")
    # Placed next to the word, not somewhere else on the page.
    word_box, pop_box = word.bounding_box(), popover.bounding_box()
    assert (
        abs(pop_box["y"] - (word_box["y"] + word_box["height"])) < 40
        or abs(pop_box["y"] + pop_box["height"] - word_box["y"]) < 40
    ), (word_box, pop_box)

    # Another word: the popover follows.
    other = page.locator('#p1s1 a.gw[href="#g-samkaksh"]')
    other.hover()
    assert_popover_for(page, other)
    expect(popover.locator(".gloss-popover__rom")).to_have_text("samkaksh")

    # Move away: it goes.
    page.mouse.move(5, 5)
    expect(popover).to_be_hidden()
    expect(other).not_to_have_attribute("aria-describedby", "gloss-popover")


def test_tap_on_phone_shows_gloss_in_place(live_server, context_factory):
    page = context_factory(viewport=PHONE, has_touch=True, is_mobile=True).new_page()
    open_reader(page, live_server)
    wait_for_script(page)
    url = page.url
    popover = page.locator("#gloss-popover")

    word = page.locator('#p1s1 a.gw[href="#g-samkaksh"]')
    word.tap()
    assert_popover_for(page, word)
    assert page.url == url, "tapping a word jumped to the glossary"
    expect(word).to_be_in_viewport()
    assert_inside_viewport(page, popover)

    # Tapping another word swaps the gloss; tapping plain text closes it.
    other = page.locator('#p1s2 a.gw[href^="#g-"]').first
    other.tap()
    assert_popover_for(page, other)
    assert page.url == url
    page.locator("#p1s2 p.en").tap()
    expect(popover).to_be_hidden()
    assert page.url == url


def assert_inside_viewport(page: Page, locator) -> None:
    box = locator.bounding_box()
    width = page.viewport_size["width"]
    height = page.viewport_size["height"]
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, (box, width)
    assert box["y"] >= 0 and box["y"] + box["height"] <= height, (box, height)


def test_popover_stays_on_screen_on_a_phone(live_server, context_factory):
    """Words at the left and right edges of a line: the popover is clamped into the screen."""
    page = context_factory(viewport=PHONE, has_touch=True, is_mobile=True).new_page()
    open_reader(page, live_server)
    wait_for_script(page)
    popover = page.locator("#gloss-popover")
    boxes = page.locator("#para-1 a.gw, #para-2 a.gw").evaluate_all(
        "els => els.map((e, i) => { const r = e.getBoundingClientRect();"
        " return {i, left: r.left, right: r.right}; })"
    )
    words = page.locator("#para-1 a.gw, #para-2 a.gw")
    leftmost = min(boxes, key=lambda b: b["left"])["i"]
    rightmost = max(boxes, key=lambda b: b["right"])["i"]
    for index in (leftmost, rightmost):
        word = words.nth(index)
        word.tap()
        assert_popover_for(page, word)
        assert_inside_viewport(page, popover)
        page.locator("h1").tap()
        expect(popover).to_be_hidden()

    # A word near the bottom of the screen: the popover opens above it rather than off-screen.
    word = page.locator("#p5s4 a.gw").last
    word.scroll_into_view_if_needed()
    page.evaluate(
        "el => window.scrollBy(0, el.getBoundingClientRect().bottom - innerHeight + 10)",
        word.element_handle(),
    )
    word.tap()
    assert_popover_for(page, word)
    assert_inside_viewport(page, popover)


def test_keyboard_focus_shows_gloss_and_escape_closes_it(live_server, page):
    open_reader(page, live_server)
    wait_for_script(page)
    popover = page.locator("#gloss-popover")
    first_word = page.locator("#reader a.gw").first

    # Tab from the top of the page to the first word (through the header and the toolbar).
    for _ in range(25):
        page.keyboard.press("Tab")
        if first_word.evaluate("el => el === document.activeElement"):
            break
    expect(first_word).to_be_focused()
    assert_popover_for(page, first_word)
    expect(first_word).to_have_attribute("aria-describedby", "gloss-popover")

    # Tab on to the next word: the popover follows focus.
    page.keyboard.press("Tab")
    second = page.locator("#reader a.gw").nth(1)
    expect(second).to_be_focused()
    assert_popover_for(page, second)
    expect(second).to_have_attribute("aria-describedby", "gloss-popover")
    expect(first_word).not_to_have_attribute("aria-describedby", "gloss-popover")

    page.keyboard.press("Escape")
    expect(popover).to_be_hidden()
    expect(second).to_be_focused()
    expect(second).not_to_have_attribute("aria-describedby", "gloss-popover")

    # Focus from script (e.g. a screen reader moving focus) works as well.
    word = page.locator('#p2s1 a.gw[href^="#g-"]').first
    word.focus()
    assert_popover_for(page, word)
    page.keyboard.press("Escape")
    expect(popover).to_be_hidden()
    expect(word).to_be_focused()

    # Enter on a focused word shows its gloss in place instead of leaving for the glossary.
    url = page.url
    page.keyboard.press("Enter")
    assert_popover_for(page, word)
    assert page.url == url
