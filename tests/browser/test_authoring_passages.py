"""A teacher writes a passage in Chromium: pastes the seed article's Hindi and an English
translation in which two sentences were merged into one, sees that pair flagged, splits it with
one key press, adds a glossary word and publishes. Everything by keyboard; axe finds nothing on
any teacher page, in either interface language. Screenshots of the review page in both
languages land in test-artifacts/ (teach-review-en.png, teach-review-hi.png)."""

import json
from collections import defaultdict

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import run_axe, save_screenshot
from tests.conftest import PACKAGED_ARTICLE, PACKAGED_HINDI, make_app, sign_in


@pytest.fixture
def teacher_cookie(db_path, make_user):
    """A teacher's session cookie for this test's database."""
    user = make_user("guru", role="teacher")
    client = make_app(db_path).test_client()
    sign_in(client, user)
    client.get("/")
    return client.get_cookie("session").value


def _english_with_a_merged_sentence() -> str:
    """The article's translation, paragraph by paragraph, with its first two sentences made
    one ("…despite their differences, and it was the top diplomats' first…")."""
    translation = json.loads(PACKAGED_ARTICLE.read_text(encoding="utf-8"))["translation"]
    paragraphs = defaultdict(list)
    for key, text in translation.items():  # p1s1, p1s2, p2s1 …
        paragraphs[int(key[1:].split("s")[0])].append(text)
    first, second, *rest = paragraphs[1]
    paragraphs[1] = [f"{first.rstrip('.')}, and {second[0].lower()}{second[1:]}", *rest]
    return "\n\n".join(" ".join(sentences) for _, sentences in sorted(paragraphs.items()))


def _no_axe_violations(page):
    violations = run_axe(page)
    assert violations == [], json.dumps(violations, ensure_ascii=False, indent=1)


def _press(page, locator):
    """Reach a control from the keyboard and press it (and wait for the page it opens)."""
    locator.focus()
    expect(locator).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_a_teacher_pastes_fixes_glosses_and_publishes(live_server, context_factory, teacher_cookie):
    context = context_factory()
    context.add_cookies([{"name": "session", "value": teacher_cookie, "url": live_server}])
    page = context.new_page()

    page.goto(live_server + "/")
    _press(page, page.get_by_role("link", name="Teach"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Teach")
    _no_axe_violations(page)

    _press(page, page.get_by_role("link", name="New passage"))
    _no_axe_violations(page)
    page.get_by_label("Title in Hindi").fill("रिक्जेविक में मुलाकात")
    page.get_by_label("Title in English").fill("Meeting in Reykjavik")
    page.get_by_label("Hindi text").fill(PACKAGED_HINDI.read_text(encoding="utf-8"))
    page.get_by_label("English translation").fill(_english_with_a_merged_sentence())
    _press(page, page.get_by_role("button", name="Split and pair the sentences"))

    # The review table: the merged sentence's pair is flagged, in words.
    expect(page).to_have_url(f"{live_server}/teach/passages/meeting-in-reykjavik")
    expect(page.locator(".teach-flagged__count")).to_have_text(
        "1 pair is not one to one: please check it."
    )
    flagged = page.locator("#row-0")
    expect(flagged).to_contain_text("Check: 2 Hindi, 1 English")
    _no_axe_violations(page)
    save_screenshot(page, "teach-review-en", full_page=False)
    page.goto(f"{live_server}/language/hi?next=/teach/passages/meeting-in-reykjavik")
    expect(page.locator("html")).to_have_attribute("lang", "hi")
    _no_axe_violations(page)
    save_screenshot(page, "teach-review-hi", full_page=False)
    page.goto(f"{live_server}/language/en?next=/teach/passages/meeting-in-reykjavik")

    # One key press splits the pair at the translator's ", and".
    _press(page, page.locator("#row-0").get_by_role("button", name="Split"))
    expect(page.locator(".teach-ok")).to_have_text("Every pair is one to one.")
    expect(page.locator("#row-0 .teach-pair__en")).to_have_text(
        "United States Secretary of State Antony Blinken met his Russian counterpart Sergei "
        "Lavrov on Wednesday and discussed avenues for cooperation between their countries "
        "despite their differences,"
    )
    expect(page.locator("#row-1 .teach-pair__en")).to_contain_text("and it was the top")

    # A glossary word from the suggestions: tick it, write its meaning, add it.
    word = page.locator(".teach-suggest tbody tr").first
    hindi = word.locator(".teach-suggest__word [lang=hi]").inner_text()
    word.get_by_role("checkbox").focus()
    page.keyboard.press("Space")
    word.get_by_label(f"Meaning of {hindi}").fill("a word of the article")
    _press(page, page.get_by_role("button", name="Add the ticked words"))
    expect(page.locator(".teach-notices")).to_contain_text("1 word added to the glossary.")
    expect(page.locator(".teach-glossary")).to_contain_text(hindi)
    _no_axe_violations(page)

    # Publish, and read it as learners do.
    _press(page, page.get_by_role("button", name="Publish"))
    expect(page.locator(".teach-notices")).to_contain_text("Published: learners can read it now.")
    _press(page, page.get_by_role("link", name="Read it as learners see it"))
    expect(page).to_have_url(f"{live_server}/passages/meeting-in-reykjavik")
    expect(page.locator(".reader__title-hi")).to_have_text("रिक्जेविक में मुलाकात")


@pytest.mark.parametrize("language", ["en", "hi"])
def test_the_other_teacher_pages_have_no_axe_violations(
    live_server, context_factory, teacher_cookie, language
):
    context = context_factory()
    context.add_cookies([{"name": "session", "value": teacher_cookie, "url": live_server}])
    page = context.new_page()
    page.goto(f"{live_server}/language/{language}?next=/teach/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    for path in ("/teach/", "/teach/import", "/teach/passages/new", "/teach/?q=zzz"):
        page.goto(live_server + path)
        _no_axe_violations(page)
    # A bad file: the errors with their lines.
    page.goto(live_server + "/teach/import")
    page.locator("#file").set_input_files(
        {"name": "bad.gift", "mimeType": "text/plain", "buffer": "::q:: टूटा {=a ~b\n".encode()}
    )
    page.locator("form.teach-form button[type=submit]").click()
    expect(page.locator(".teach-issue").first).to_contain_text("line")
    _no_axe_violations(page)
