"""The home page and switching the interface between English and Hindi."""

import re

from playwright.sync_api import expect

from tests.browser.reader_helpers import READER, mode_label, open_reader, wait_for_script


def test_home_lists_the_article_and_opens_the_reader(live_server, page):
    page.goto(live_server + "/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    card = page.locator(".passage-card").first
    expect(card).to_be_visible()
    expect(card.locator(".passage-card__meta")).to_contain_text("18 sentences")
    card.locator("a.passage-card__link").click()
    expect(page).to_have_url(re.compile(re.escape(READER) + "$"))
    expect(page.locator("#p1s1 p.hi")).to_be_visible()


def test_interface_language_switch_on_the_reader(live_server, page):
    open_reader(page, live_server)
    wait_for_script(page)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(mode_label(page, "side")).to_have_text("Side by side")

    page.locator("nav.language-switch a[hreflang=hi]").click()
    expect(page).to_have_url(re.compile(re.escape(READER) + "$"))
    expect(page.locator("html")).to_have_attribute("lang", "hi")
    expect(mode_label(page, "side")).to_have_text("साथ-साथ")
    expect(mode_label(page, "interlinear")).to_have_text("पंक्ति के नीचे पंक्ति")
    expect(page.locator("#glossary-title")).not_to_have_text("Glossary")
    # The article itself is unchanged; only the interface is in Hindi.
    expect(page.locator("#p1s1 p.en")).to_contain_text("Blinken")
    # The current language is shown as such, the other one is the link.
    expect(page.locator("nav.language-switch [aria-current=true]")).to_have_text("हिंदी")
    expect(page.locator("nav.language-switch a[hreflang=en]")).to_be_visible()

    page.reload()
    expect(page.locator("html")).to_have_attribute("lang", "hi")
    expect(mode_label(page, "side")).to_have_text("साथ-साथ")
    # Other pages follow the remembered choice too.
    page.goto(live_server + "/")
    expect(page.locator("html")).to_have_attribute("lang", "hi")

    page.goto(live_server + READER)
    # The reader still works in the Hindi interface: reveal in Hindi-only mode.
    mode_label(page, "hi").click()
    reveal = page.locator("#p1s1 .sent__en > summary")
    expect(reveal).to_have_text("अनुवाद दिखाएँ", use_inner_text=True)

    page.locator("nav.language-switch a[hreflang=en]").click()
    expect(page).to_have_url(re.compile(re.escape(READER) + "$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(mode_label(page, "side")).to_have_text("Side by side")
    expect(page.locator("#reader")).to_have_class(re.compile(r"\bmode-hi\b"))
    page.reload()
    expect(page.locator("html")).to_have_attribute("lang", "en")
