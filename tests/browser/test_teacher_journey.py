"""Issue 13's "done looks like", as one browser test per interface language: a teacher signs
in, pastes a new passage (one of the aligner's gold articles, not the seed, with two English
sentences merged so one pair is flagged), fixes the pair with one press, adds a glossary word,
publishes; keeps some of the proposed drafts; writes an mcq, a numeric and a short-answer
question by hand with evidence and tries an answer in the live preview; builds a set of drafts
and hand-written questions, reorders it, sets what learners see, previews and publishes it. A
learner in another browser takes the set and reads the feedback.

Everything through visible controls, found by role and label in the interface language (the
labels are looked up in the app's own catalogues). The teacher's clicks and key presses, and the
seconds from the first /teach/ page to the published set, are printed and written to
test-artifacts/teacher-journey-<lang>.txt; axe runs on every teacher page visited; the set
builder and the learner's results are kept as screenshots (teacher-journey-set-<lang>.png,
teacher-journey-results-<lang>.png)."""

import json
import re
import time
from pathlib import Path

import pytest
from babel.support import Translations
from playwright.sync_api import Locator, Page, expect

from quizapp.authoring.editor import TYPE_LABELS
from tests.browser.conftest import ARTIFACTS, run_axe, save_screenshot
from tests.browser.quiz_helpers import answer, right_answers, start_set, submit_from_quiz
from tests.conftest import ROOT, make_app, sign_in

GOLD = ROOT / "tests" / "data" / "align_gold" / "10-environment-tigers.json"
PASSWORD = "correct horse 1"
#: The three types written by hand (the drafts of this passage are other types).
HAND_TYPES = ("mcq", "numeric", "short_answer")


class Catalogue:
    """The interface's words in one language, as the app's catalogue has them."""

    def __init__(self, language: str):
        self.tr = Translations.load(str(ROOT / "quizapp" / "translations"), [language])

    def __call__(self, message: str, **values) -> str:
        text = self.tr.gettext(message)
        return text % values if values else text

    def n(self, singular: str, plural: str, num: int) -> str:
        return self.tr.ngettext(singular, plural, num) % {"num": num}


class Counter:
    """Counts one page's clicks, ticks, choices and Enter presses (the teacher's actions)."""

    ACTIONS = ("click", "check", "uncheck", "select_option")

    def __init__(self, monkeypatch):
        self.page: Page | None = None
        self.clicks = 0
        for name in self.ACTIONS:
            monkeypatch.setattr(Locator, name, self._counted(getattr(Locator, name)))
        monkeypatch.setattr(Locator, "press", self._counted(Locator.press, key="Enter"))

    def _counted(self, method, key=None):
        counter = self

        def wrapper(locator, *args, **kwargs):
            pressed = args[0] if args else kwargs.get("key")
            ours = counter.page is not None and locator.page == counter.page
            if ours and (key is None or pressed == key):
                counter.clicks += 1
            return method(locator, *args, **kwargs)

        return wrapper

    def go_back(self, page: Page) -> None:
        """The browser's Back button, counted as a click."""
        self.clicks += 1
        page.go_back()


def _gold_passage() -> tuple[dict, str, str]:
    """Title, Hindi text and an English translation with paragraph 2's first two sentences
    made one ("Experts have welcomed the increase, but they say …")."""
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    hindi, english = [], []
    for paragraph in gold["paragraphs"]:
        hindi.append(" ".join(s for pair in paragraph for s in pair["hi"]))
        english.append([s for pair in paragraph for s in pair["en"]])
    first, second, *rest = english[1]
    english[1] = [f"{first.rstrip('.')}, {second[0].lower()}{second[1:]}", *rest]
    return gold["title"], "\n\n".join(hindi), "\n\n".join(" ".join(p) for p in english)


def _no_axe_violations(page, visited: list[tuple[str, float]]):
    """axe on the page; the page and the seconds axe took (not the teacher's) kept."""
    before = time.monotonic()
    violations = run_axe(page)
    visited.append((page.url, time.monotonic() - before))
    assert violations == [], page.url + json.dumps(violations, ensure_ascii=False, indent=1)


def _submit(page, control) -> None:
    with page.expect_navigation():
        control.click()


def _cookie(db_path, user) -> str:
    client = make_app(db_path).test_client()
    sign_in(client, user)
    client.get("/")
    return client.get_cookie("session").value


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_the_teacher_journey(lang, live_server, context_factory, db_path, make_user, monkeypatch):
    t, base = Catalogue(lang), live_server
    counter = Counter(monkeypatch)
    visited: list[tuple[str, float]] = []
    title, hindi_text, english_text = _gold_passage()
    make_user("guru", role="teacher", password=PASSWORD)

    # 0. Sign in with the form, then choose the interface language in the header.
    page = context_factory().new_page()
    page.goto(base + "/login")
    page.get_by_label("Username").fill("guru")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_label("Password", exact=True).press("Enter")
    if lang != "en":
        switch = page.get_by_role("navigation", name="Interface language")
        _submit(page, switch.get_by_role("link"))
    expect(page.locator("html")).to_have_attribute("lang", lang)

    # 1. Teach → New passage: paste, pair.
    counter.page = page
    started = time.monotonic()
    _submit(page, page.get_by_role("navigation").get_by_role("link", name=t("Teach"), exact=True))
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Teach"))
    _no_axe_violations(page, visited)
    _submit(page, page.get_by_role("link", name=t("New passage"), exact=True))
    _no_axe_violations(page, visited)
    page.get_by_label(t("Title in Hindi")).fill(title["hi"])
    page.get_by_label(t("Title in English")).fill(title["en"])
    page.get_by_label(t("Hindi text")).fill(hindi_text)
    page.get_by_label(t("English translation")).fill(english_text)
    _submit(page, page.get_by_role("button", name=t("Split and pair the sentences"), exact=True))

    # 2. Review: one flagged pair, split with one press; a glossary word; publish.
    expect(page.get_by_role("heading", level=1)).to_contain_text(title["hi"])
    review_url = page.url
    slug = review_url.rsplit("/", 1)[1]
    expect(page.locator(".teach-flagged__count")).to_have_text(
        t.n(
            "%(num)d pair is not one to one: please check it.",
            "%(num)d pairs are not one to one: please check them.",
            1,
        )
    )
    flagged = page.locator("tr.teach-pair--flagged")
    expect(flagged).to_have_count(1)
    expect(flagged).to_contain_text(t("Check: %(hi)d Hindi, %(en)d English", hi=2, en=1))
    _no_axe_violations(page, visited)
    _submit(page, flagged.get_by_role("button", name=t("Split"), exact=True))
    expect(page.locator(".teach-ok")).to_have_text(t("Every pair is one to one."))
    expect(page.get_by_role("row").filter(has_text="विशेषज्ञों ने")).to_contain_text(
        "Experts have welcomed the increase,"
    )
    expect(page.get_by_role("row").filter(has_text="लेकिन उनका कहना")).to_contain_text(
        "but they say shrinking forests"
    )
    suggestions = page.get_by_role("table", name=t("Suggested words"))
    word = suggestions.get_by_role("row").filter(has_text="बाघों").first
    expect(word).to_be_visible()
    hindi = word.locator("[lang=hi]").first.inner_text()
    word.get_by_role("checkbox").check()
    word.get_by_label(t("Meaning of %(word)s", word=hindi)).fill("tigers")
    _submit(page, page.get_by_role("button", name=t("Add the ticked words"), exact=True))
    expect(page.locator(".teach-notices")).to_contain_text(
        t.n("%(num)d word added to the glossary.", "%(num)d words added to the glossary.", 1)
    )
    _no_axe_violations(page, visited)
    _submit(page, page.get_by_role("button", name=t("Publish"), exact=True))
    expect(page.locator(".teach-notices")).to_contain_text(
        t("Published: learners can read it now.")
    )

    # 3. Drafts: from the Teach page's list, the passage's questions, then its drafts.
    _submit(page, page.get_by_role("link", name=t("Teach"), exact=True).first)
    _submit(page, page.get_by_role("link", name=t("Question bank"), exact=True))
    page.get_by_label(t("Passage"), exact=True).select_option(slug)
    _submit(page, page.get_by_role("button", name=t("Show"), exact=True))
    _no_axe_violations(page, visited)
    _submit(page, page.get_by_role("link", name=t("Drafts from this passage"), exact=True))
    _no_axe_violations(page, visited)
    drafts = page.locator(".editor-draft")
    proposed = drafts.count()
    assert proposed >= 4, f"only {proposed} drafts proposed"
    types = [d.locator(".chip").first.inner_text() for d in drafts.all()]
    type_names = {t(TYPE_LABELS[n]) for n in HAND_TYPES}
    assert not type_names & set(types), types
    dropped = [1, proposed - 1]
    for n in dropped:
        drafts.nth(n).get_by_role("checkbox", name=t("Keep draft %(num)d", num=n + 1)).uncheck()
    _submit(page, page.get_by_role("button", name=t("Create selected"), exact=True))
    kept = proposed - len(dropped)
    expect(page.locator(".teach-notices")).to_contain_text(
        t.n(
            "%(num)d question was created as a draft.",
            "%(num)d questions were created as drafts.",
            kept,
        )
    )
    _no_axe_violations(page, visited)
    questions_url = page.url

    # 4. Three questions by hand, each citing its sentence; the number tried in the preview.
    def new_question(type_label: str, prompt_hi: str, prompt_en: str, evidence: str):
        _submit(page, page.get_by_role("link", name=t("New question"), exact=True))
        expect(page.get_by_label(t("Passage"), exact=True)).to_have_value(slug)
        _no_axe_violations(page, visited)  # the type chooser
        page.get_by_role("radio", name=re.compile("^" + re.escape(type_label))).check()
        _submit(page, page.get_by_role("button", name=t("Write the question"), exact=True))
        _no_axe_violations(page, visited)
        # .last: in Hindi the whole form ("The question") and the prompt ("Question") are
        # both named "प्रश्न"; the prompt's group is the inner one
        prompt = page.get_by_role("group", name=t("Question"), exact=True).last
        prompt.get_by_label(t("Hindi"), exact=True).fill(prompt_hi)
        prompt.get_by_label(t("English"), exact=True).fill(prompt_en)
        page.get_by_role("group", name=t("Evidence")).get_by_role(
            "checkbox", name=re.compile(re.escape(evidence))
        ).check()

    def save() -> None:
        _submit(page, page.get_by_role("button", name=t("Save"), exact=True))
        expect(page.locator(".teach-notice--ok")).to_have_text(t("Saved."))
        expect(
            page.get_by_role("group", name=t("Evidence")).get_by_role("checkbox", checked=True)
        ).to_have_count(1)

    new_question(
        t(TYPE_LABELS["mcq"]),
        "कौन-सा राज्य दूसरे स्थान पर है?",
        "Which state comes second?",
        "Madhya Pradesh tops the list",
    )
    for n, (hi, en) in enumerate(
        [("उत्तराखंड", "Uttarakhand"), ("कर्नाटक", "Karnataka"), ("केरल", "Kerala")], start=1
    ):
        option = page.get_by_role("group", name=t("Option %(num)d", num=n), exact=True)
        # .first: the row's text; the option's own feedback (Hindi, English) waits behind More
        option.get_by_label(t("Hindi"), exact=True).first.fill(hi)
        option.get_by_label(t("English"), exact=True).first.fill(en)
        if en == "Karnataka":
            option.get_by_label(t("Correct"), exact=True).check()
    save()

    _submit(page, page.get_by_role("link", name=t("My questions")))
    new_question(
        t(TYPE_LABELS["numeric"]),
        "मध्य प्रदेश में कितने बाघ हैं?",
        "How many tigers does Madhya Pradesh have?",
        "Madhya Pradesh tops the list",
    )
    page.get_by_role("group", name=t("Number %(num)d", num=1)).get_by_label(
        t("Number"), exact=True
    ).fill("785")
    save()
    preview = page.get_by_role("region", name=t("Try an answer"))
    box = preview.get_by_role("textbox")
    box.fill("758")
    box.press("Enter")  # checks the answer; the question is not saved again
    result = preview.locator("#preview-result")
    expect(result.locator(".verdict")).to_have_text(t("Incorrect"))
    box.fill("७८५")  # Devanagari digits count
    preview.get_by_role("button", name=t("Check this answer"), exact=True).click()
    expect(result.locator(".verdict")).to_have_text(t("Correct"))
    expect(result).to_contain_text(t("Score: %(percent)s%%", percent="100"))
    assert "/preview" not in page.url
    _no_axe_violations(page, visited)

    _submit(page, page.get_by_role("link", name=t("My questions")))
    new_question(
        t(TYPE_LABELS["short_answer"]),
        "सबसे अधिक बाघ किस राज्य में हैं?",
        "Which state has the most tigers?",
        "Madhya Pradesh tops the list",
    )
    page.get_by_role("group", name=t("Accepted answers in English")).get_by_label(
        t("Answer %(num)d", num=1)
    ).fill("Madhya Pradesh")
    page.get_by_role("group", name=t("Accepted answers in Hindi")).get_by_label(
        t("Answer %(num)d", num=1)
    ).fill("मध्य प्रदेश")
    save()

    # 5. The set: two drafts and the three hand-written questions; the number first; answers
    # shown after submitting; saved, previewed, published.
    _submit(page, page.get_by_role("link", name=t("My questions")))
    assert page.url == questions_url
    _submit(page, page.get_by_role("link", name=t("New question set"), exact=True))
    titles = page.get_by_role("group", name=t("Title"), exact=True)
    titles.get_by_label(t("Hindi"), exact=True).fill("बाघों की गिनती")
    titles.get_by_label(t("English"), exact=True).fill("The tiger count")
    picker = page.get_by_role("region", name=t("Add questions"))
    picker.get_by_label(t("Passage"), exact=True).select_option(slug)
    _submit(page, picker.get_by_role("button", name=t("Filter"), exact=True))
    candidates = picker.get_by_role("listitem")
    expect(candidates).to_have_count(kept + len(HAND_TYPES))
    chosen_prompts = [
        "Which state comes second?",
        "How many tigers does Madhya Pradesh have?",
        "Which state has the most tigers?",
    ]
    hand_prompts = {  # the builder shows the prompt in the interface language
        "Which state comes second?": "कौन-सा राज्य दूसरे स्थान पर है?",
        "How many tigers does Madhya Pradesh have?": "मध्य प्रदेश में कितने बाघ हैं?",
        "Which state has the most tigers?": "सबसे अधिक बाघ किस राज्य में हैं?",
    }
    for prompt in chosen_prompts:
        shown = hand_prompts[prompt] if lang == "hi" else prompt
        picker.get_by_role("checkbox", name=shown).check()
    unticked = [box for box in picker.get_by_role("checkbox").all() if not box.is_checked()]
    for box in unticked[:2]:
        box.check()
    _submit(page, picker.get_by_role("button", name=t("Add the ticked questions"), exact=True))
    chosen = page.get_by_role("region", name=t("Questions in this set")).get_by_role("listitem")
    expect(chosen).to_have_count(5)
    order_before = chosen.all_inner_texts()
    _submit(page, page.get_by_role("button", name=t("Move question %(num)d up", num=2), exact=True))
    order_after = chosen.all_inner_texts()
    assert order_after == [order_before[1], order_before[0], *order_before[2:]]
    page.get_by_label(t("The score and the correct answers"), exact=True).check()
    expect(page.locator(".editor-unsaved")).to_be_visible()
    _no_axe_violations(page, visited)
    _submit(page, page.get_by_role("button", name=t("Save"), exact=True))
    expect(page.locator(".teach-notice--ok")).to_contain_text(t("Saved as a draft."))
    expect(page.get_by_label(t("The score and the correct answers"), exact=True)).to_be_checked()
    set_id = int(re.search(r"/teach/sets/(\d+)$", page.url).group(1))
    save_screenshot(page, f"teacher-journey-set-{lang}")
    _submit(page, page.get_by_role("link", name=t("Preview as a learner"), exact=True))
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "बाघों की गिनती" if lang == "hi" else "The tiger count"
    )
    counter.go_back(page)
    _submit(page, page.get_by_role("button", name=t("Save and publish"), exact=True))
    expect(page.locator(".teach-notice--ok")).to_contain_text(
        t("Published: learners can take this set now.")
    )
    seconds = time.monotonic() - started
    clicks = counter.clicks
    counter.page = None
    _no_axe_violations(page, visited)

    axe_seconds = sum(took for _url, took in visited[:-1])
    summary = f"journey[{lang}]: {clicks} clicks, {seconds:.1f} s"
    print(summary)
    ARTIFACTS.mkdir(exist_ok=True)
    Path(ARTIFACTS / f"teacher-journey-{lang}.txt").write_text(
        f"{summary}\n"
        "Clicks: clicks, ticks, choices in a list and Enter presses (and one Back), from the"
        " first /teach/ page to the published set; typing not counted.\n"
        f"Seconds: wall clock over the same span, a machine typing; {axe_seconds:.1f} s of it"
        f" were this test's axe checks of {len(visited) - 1} teacher pages"
        f" ({seconds - axe_seconds:.1f} s without them).\n",
        encoding="utf-8",
    )

    # 6. A learner opens the set in another browser, answers, submits and reads the feedback.
    learner_context = context_factory()
    cookie = _cookie(db_path, make_user("lena"))
    learner_context.add_cookies([{"name": "session", "value": cookie, "url": base}])
    learner = learner_context.new_page()
    learner.goto(f"{base}/language/{lang}?next=/")
    attempt = start_set(learner, base, set_id)
    answers = right_answers(db_path, attempt)
    assert len(answers) == 5
    by_type = {qtype: qid for qid, qtype, _value in answers}
    for qid, qtype, value in answers:
        if qtype == "numeric":
            value = 780  # wrong: the results say so and give the answer
        section = learner.locator(f"#q-{qid}")
        section.scroll_into_view_if_needed()
        answer(learner, qid, qtype, value)
        expect(learner.locator(f"#q-{qid} .q__status")).to_have_class(
            re.compile("q__status--saved")
        )
    submit_from_quiz(learner)
    expect(learner.locator(".score-card__points")).to_be_visible()
    numeric = learner.locator(f"#r-{by_type['numeric']}")
    expect(numeric.locator(".result__answer--key")).to_contain_text("785")
    expect(learner.locator(f"#r-{by_type['mcq']} .result__feedback")).to_be_visible()
    save_screenshot(learner, f"teacher-journey-results-{lang}")
