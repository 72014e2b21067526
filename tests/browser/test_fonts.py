"""Devanagari is drawn with the self-hosted Noto Sans Devanagari (not boxes, not whatever the
machine happens to have): classroom PCs often have no Devanagari font at all."""

from playwright.sync_api import expect

from tests.browser.reader_helpers import open_reader

# Characters of a node's text outside the web font's unicode-range (spaces, Latin punctuation):
# the system font may draw those, nothing else.
OUTSIDE_RANGE = """el => el.textContent
    .replace(/[\\u0900-\\u097F\\u1CD0-\\u1CF9\\u200C\\u200D\\uA8E0-\\uA8FF]/g, "").length"""


def platform_fonts(cdp, root_id: int, selector: str) -> list[dict]:
    node = cdp.send("DOM.querySelector", {"nodeId": root_id, "selector": selector})
    assert node["nodeId"], f"{selector} not found"
    return cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]


def test_devanagari_uses_the_self_hosted_web_font(live_server, page):
    open_reader(page, live_server)
    assert page.evaluate("document.fonts.ready.then(() => document.fonts.status)") == "loaded"
    assert page.evaluate("""document.fonts.check('16px "Quizapp Devanagari"')""")
    # With a Devanagari sample: true only once the face covering it has actually loaded.
    assert page.evaluate("""document.fonts.check('16px "Quizapp Devanagari"', "हिन्दी")""")
    faces = page.evaluate(
        "[...document.fonts].filter(f => f.family.includes('Quizapp Devanagari'))"
        ".map(f => [f.weight, f.status])"
    )
    assert ["400", "loaded"] in faces, faces

    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    for selector in ["#p1s1 p.hi", "#p3s2 p.hi", "#glossary li.gentry b[lang=hi]"]:
        fonts = platform_fonts(cdp, root, selector)
        web = [f for f in fonts if f["isCustomFont"]]
        system = [f for f in fonts if not f["isCustomFont"]]
        assert web, f"{selector}: no web font used: {fonts}"
        assert all("Noto Sans Devanagari" in f["familyName"] for f in web), fonts
        assert not [f for f in system if "Devanagari" in f["familyName"]], (
            f"{selector}: Devanagari drawn with a system font: {fonts}"
        )
        allowed = page.locator(selector).first.evaluate(OUTSIDE_RANGE)
        drawn_by_system = sum(f["glyphCount"] for f in system)
        assert drawn_by_system <= allowed, (selector, fonts, allowed)
        assert sum(f["glyphCount"] for f in web) > 0

    # Bold Devanagari (the title) uses the self-hosted semibold face, not a synthesised one.
    fonts = platform_fonts(cdp, root, ".reader__title-hi")
    assert any(f["isCustomFont"] and "Noto Sans Devanagari" in f["familyName"] for f in fonts), (
        fonts
    )
    assert not [f for f in fonts if not f["isCustomFont"] and "Devanagari" in f["familyName"]]


def test_preloaded_font_file_is_served_as_woff2(live_server, page):
    open_reader(page, live_server)
    href = page.locator("link[rel=preload][as=font]").get_attribute("href")
    response = page.request.get(live_server + href)
    assert response.ok
    assert response.headers["content-type"] in ("font/woff2", "application/font-woff2")
    assert len(response.body()) > 20_000
    expect(page.locator("link[rel=preload][as=font]")).to_have_attribute("crossorigin", "")
