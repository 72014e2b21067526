"""A teacher writes questions by hand in Chromium — one mcq, one short answer, one matching —
tries answers in the editor and reads what the grader says, builds a set of them and
publishes it; a learner (another browser) takes the set and reads the feedback. axe finds
nothing on the editor or the set builder; screenshots of the editor in both interface
languages land in test-artifacts/ (editor-mcq-en.png, editor-mcq-hi.png, set-builder-en.png).
"""

import json
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import run_axe, save_screenshot
from tests.browser.quiz_helpers import answer, right_answers, start_set
from tests.conftest import SLUG, make_app, sign_in

#: A word only these questions' prompts hold, to find them in the set builder.
MARK = "(hand-written)"


def _cookie(db_path, user) -> str:
    client = make_app(db_path).test_client()
    sign_in(client, user)
    client.get("/")
    return client.get_cookie("session").value


@pytest.fixture
def teacher(live_server, context_factory, db_path, make_user):
    context = context_factory()
    cookie = _cookie(db_path, make_user("guru", role="teacher"))
    context.add_cookies([{"name": "session", "value": cookie, "url": live_server}])
    return context.new_page()


def _screenshot(page, name: str) -> None:
    page.evaluate("window.scrollTo(0, 0)")  # the sticky Save bar where it belongs
    save_screenshot(page, name)


def _no_axe_violations(page):
    violations = run_axe(page)
    assert violations == [], json.dumps(violations, ensure_ascii=False, indent=1)


def _save(page) -> int:
    with page.expect_navigation():
        page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".teach-notice--ok")).to_have_text("Saved.")
    return int(re.search(r"/teach/questions/(\d+)$", page.url).group(1))


def _check(page):
    """Press "Check this answer": editor.js brings back only the box (no page load)."""
    url = page.url
    page.get_by_role("button", name="Check this answer").click()
    expect(page.locator("#preview-result .verdict")).to_be_visible()
    assert page.url == url


def _write_mcq(page, base):
    page.goto(f"{base}/teach/questions/new?passage={SLUG}&type=mcq")
    page.fill("#prompt-hi", "ब्लिंकन और लावरोव कहाँ मिले?")
    page.fill("#prompt-en", f"Where did Blinken and Lavrov meet? {MARK}")
    for row, (hi, en) in enumerate(
        [("मास्को", "Moscow"), ("रिक्जेविक", "Reykjavik"), ("ओस्लो", "Oslo")]
    ):
        page.fill(f"#options-{row}-hi", hi)
        page.fill(f"#options-{row}-en", en)
    page.locator("#options-1 input[name=correct_option]").check()
    page.locator("#options-2 summary").click()
    page.fill("#options-2-feedback-en", "Oslo is in Norway; read the first sentence again.")
    page.fill("#explanation-en", "The first sentence says they met in Reykjavik.")
    page.locator("label.editor-sentence").first.click()  # evidence: the first sentence
    page.select_option("#skill", "literal")
    return _save(page)


def test_teacher_writes_tries_builds_and_publishes_and_a_learner_takes_it(
    live_server, teacher, context_factory, db_path, make_user
):
    page, base = teacher, live_server

    # 1. A multiple-choice question, tried with a wrong and a right answer.
    mcq = _write_mcq(page, base)
    expect(page.locator("label.editor-sentence input").first).to_be_checked()
    page.locator("#preview label.choice", has_text="Oslo").click()
    _check(page)
    result = page.locator("#preview-result")
    expect(result.locator(".verdict")).to_have_text("Incorrect")
    expect(result).to_contain_text("Not correct.")
    expect(result).to_contain_text("सही नहीं है।")
    expect(result).to_contain_text("Oslo is in Norway")
    page.locator("#preview label.choice", has_text="Reykjavik").click()
    _check(page)
    expect(result.locator(".verdict")).to_have_text("Correct")
    expect(result).to_contain_text("Score: 100%")
    expect(result).to_contain_text("सही उत्तर!")
    _no_axe_violations(page)
    _screenshot(page, "editor-mcq-en")
    page.goto(f"{base}/language/hi?next=/teach/questions/{mcq}")
    expect(page.locator("html")).to_have_attribute("lang", "hi")
    _no_axe_violations(page)
    _screenshot(page, "editor-mcq-hi")
    page.goto(f"{base}/language/en?next=/teach/questions/new")

    # 2. A short answer, chosen on the type page; natural phrasing is accepted.
    page.locator("#passage").select_option(SLUG)
    page.locator("label.editor-type-card", has_text="Short answer").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Write the question").click()
    page.fill("#prompt-en", f"In which city did they meet? {MARK}")
    page.fill("#accept-en-0-text", "Reykjavik")
    page.fill("#accept-hi-0-text", "रिक्जेविक")
    page.fill("#near_miss_credit", "0.5")
    short = _save(page)
    page.fill("#a-preview", "in Reykjavik")
    _check(page)
    expect(page.locator("#preview-result .verdict")).to_have_text("Correct")
    page.fill("#a-preview", "Reykjavk")
    page.keyboard.press("Enter")  # checks the answer, does not save the question
    expect(page.locator("#preview-result")).to_contain_text("Almost — check the spelling.")
    expect(page.locator("#preview-result")).to_contain_text("Score: 50%")

    # 3. Matching: three pairs; an error first (a pair without its right side), then fixed.
    page.goto(f"{base}/teach/questions/new?passage={SLUG}&type=matching")
    page.fill("#prompt-en", f"Match each word with its meaning. {MARK}")
    for row, (left, right) in enumerate(
        [("प्रतिबंध", "sanction"), ("निष्कासन", "expulsion"), ("राजनयिक", "")]
    ):
        page.fill(f"#pairs-{row}-left-hi", left)
        page.fill(f"#pairs-{row}-right-en", right)
    with page.expect_navigation():
        page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("#editor-errors")).to_contain_text("The question has errors")
    expect(page.locator("#pairs-2-right-error, #pairs-2-error").first).to_be_visible()
    _no_axe_violations(page)
    page.fill("#pairs-2-right-en", "diplomat")
    matching = _save(page)
    picks = page.locator("#preview select[name=pick]")
    expect(picks).to_have_count(3)
    for n, meaning in enumerate(["sanction", "expulsion", "diplomat"]):
        picks.nth(n).select_option(label=meaning)
    _check(page)
    expect(page.locator("#preview-result .verdict")).to_have_text("Correct")

    # 4. The set: find the three, add them, move the matching one first, settings, publish.
    page.goto(f"{base}/teach/sets/new?passage={SLUG}")
    page.fill("#title_en", "Where they met")
    page.fill("#title_hi", "मुलाकात")
    page.fill("#f_text", MARK)
    with page.expect_navigation():
        page.get_by_role("button", name="Filter").click()
    candidates = page.locator(".editor-candidate")
    expect(candidates).to_have_count(3)
    for box in page.locator(".editor-candidate input[name=add]").all():
        box.check()
    with page.expect_navigation():
        page.get_by_role("button", name="Add the ticked questions").click()
    chosen = page.locator(".editor-chosen input[name=question_ids]")
    expect(chosen).to_have_count(3)
    with page.expect_navigation():
        page.get_by_role("button", name="Move question 3 up").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Move question 2 up").click()
    ids = [int(v) for v in chosen.evaluate_all("els => els.map(e => e.value)")]
    assert ids == [matching, mcq, short]
    page.get_by_label("One question per page").check()
    page.get_by_label("The score and the correct answers", exact=True).check()
    expect(page.locator(".editor-unsaved")).to_be_visible()
    _no_axe_violations(page)
    _screenshot(page, "set-builder-en")
    with page.expect_navigation():
        page.get_by_role("button", name="Save and publish").click()
    expect(page.locator(".teach-notice--ok")).to_contain_text("Published")
    set_id = int(re.search(r"/teach/sets/(\d+)$", page.url).group(1))
    _no_axe_violations(page)

    # 5. A learner takes it in another browser and reads the feedback.
    context = context_factory()
    cookie = _cookie(db_path, make_user("lena"))
    context.add_cookies([{"name": "session", "value": cookie, "url": base}])
    learner = context.new_page()
    attempt = start_set(learner, base, set_id)
    expect(learner.locator("#quiz")).to_have_class(re.compile(r"\bis-one\b"))  # one per page
    answers = right_answers(db_path, attempt)
    assert [qid for qid, _type, _value in answers] == [matching, mcq, short]
    for qid, qtype, value in answers:
        if qtype == "short_answer":
            value = "Reykjavk"  # a near miss: half the credit, and it says why
        learner.locator(f'.qnav__link[href="#q-{qid}"]').click()
        answer(learner, qid, qtype, value)
        expect(learner.locator(f"#q-{qid} .q__status")).to_have_text("Saved")
    learner.get_by_role("link", name="Review and submit").click()
    with learner.expect_navigation():
        learner.locator("form[action$='/submit'] button[type=submit]").click()
    expect(learner.locator(".score-card__points")).to_contain_text("2.5 of 3 points")
    short_result = learner.locator(f"#r-{short}")
    expect(short_result.locator(".result__feedback")).to_have_text("Almost — check the spelling.")
    expect(short_result.locator(".result__answer--key")).to_contain_text("रिक्जेविक")
    expect(learner.locator(f"#r-{mcq} .result__feedback")).to_have_text("Correct!")
    expect(learner.locator(".result__explanation")).to_have_count(0)  # answers, not explanations


@pytest.mark.parametrize("language", ["en", "hi"])
def test_the_other_editor_pages_have_no_axe_violations(live_server, teacher, language):
    page, base = teacher, live_server
    page.goto(f"{base}/language/{language}?next=/teach/questions/new")
    expect(page.locator("html")).to_have_attribute("lang", language)
    _no_axe_violations(page)  # the type chooser
    mcq = _write_mcq(page, base) if language == "en" else None
    for path in [
        f"/teach/questions?passage={SLUG}",
        f"/teach/passages/{SLUG}/drafts",
        f"/teach/questions/new?passage={SLUG}&type=cloze",
        f"/teach/questions/new?passage={SLUG}&type=short_answer",
        f"/teach/questions/new?passage={SLUG}&type=numeric",
        f"/teach/questions/new?passage={SLUG}&type=true_false",
        f"/teach/questions/new?passage={SLUG}&type=ordering",
        f"/teach/questions/new?passage={SLUG}&type=translation",
        *([f"/teach/questions/{mcq}/delete"] if mcq else []),
    ]:
        page.goto(base + path)
        _no_axe_violations(page)
    # A question with problems: the validators' words, inline and in the interface language.
    page.goto(f"{base}/teach/questions/new?passage={SLUG}&type=mcq")
    page.fill("#prompt-en", "Where did they meet?")
    page.fill("#options-0-en", "Reykjavik")
    page.fill("#options-1-en", "Reykjavik")
    save = {"en": "Save", "hi": "सहेजें"}[language]
    with page.expect_navigation():
        page.get_by_role("button", name=save, exact=True).click()
    words = {
        "en": ("Mark exactly one option correct; none is.", "Same text as options[0]."),
        "hi": ("ठीक एक विकल्प को सही चिह्नित करें; अभी कोई सही नहीं है।", "options[0] जैसा ही टेक्स्ट।"),
    }[language]
    expect(page.locator("#editor-errors")).to_contain_text(words[0])
    expect(page.locator("#options-1-error")).to_have_text(words[1])
    expect(page.locator("#options-error")).to_contain_text(words[0])
    _no_axe_violations(page)
    _screenshot(page, f"editor-errors-{language}")
