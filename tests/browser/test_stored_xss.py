"""Stored XSS, viewed in Chromium (issue 11): script tags, event handlers, ``javascript:``
links, Jinja syntax, bidi and zero-width characters, wrapped in Devanagari, put through every
text field a teacher or learner can fill today — a bank's prompts, options, accepted answers
and explanations; typed answers; token names; a username at sign-up — and every page that
shows them. A dialog listener catches any script that runs; nothing may run, no element may
carry an event handler or a ``javascript:`` link, and template syntax shows as typed.
New fields (authoring, classroom) join the lists below as they land."""

import json
import re

import pytest

from quizapp.attempts.services import read_attempt
from quizapp.questions.services import import_bank
from tests.browser.quiz_helpers import wait_for_quiz
from tests.conftest import SLUG, make_app

PAYLOADS = [
    '<script>alert("s1")</script>',
    '"><img src=x onerror=alert("s2")>',
    "'><svg onload=alert('s3')>",
    'javascript:alert("s4")',
    "<a href=\"javascript:alert('s5')\">क्लिक</a>",
    "{{ 7*7 }} {% if 1 %}jinja{% endif %}",
    '\u202e<b onmouseover=alert("s6")>उलटा</b>',
    'zero\u200bwidth<iframe src="javascript:alert(7)"></iframe>',
]
PROBE = " ".join(f"भारत {p} रूस" for p in PAYLOADS)
#: Every payload in a set title, within the 300 characters a title may have.
TITLE_PROBE = " ".join(PAYLOADS)
HANDLERS = "[onerror], [onload], [onmouseover], [onclick], iframe, script:not([src])"


def _bank() -> bytes:
    questions = [
        {
            "id": "xss-mcq",
            "type": "mcq",
            "prompt": {"hi": PROBE, "en": PROBE},
            "explanation": {"hi": PROBE, "en": PROBE},
            "options": [{"en": p, "hi": p, "correct": n == 0} for n, p in enumerate(PAYLOADS)],
            "evidence": ["p1s1"],
        },
        {
            "id": "xss-short",
            "type": "short_answer",
            "prompt": {"en": PROBE},
            "explanation": {"en": PROBE},
            "accept": {"en": [PAYLOADS[1]], "hi": [PAYLOADS[6]]},
            "evidence": ["p1s1"],
        },
    ]
    bank = {
        "format": "quizapp.bank.v1",
        "passage": SLUG,
        "set": {"id": "xss-probe", "title": {"en": TITLE_PROBE, "hi": TITLE_PROBE}},
        "questions": questions,
    }
    return json.dumps(bank, ensure_ascii=False).encode()


@pytest.fixture
def probe_set(db_path) -> int:
    app = make_app(db_path)
    with app.app_context():
        summary = import_bank(_bank(), "xss.json")
        set_id = summary.set_id
    return set_id


def _looks_safe(page, dialogs) -> None:
    page.wait_for_timeout(150)  # handlers that fire on load have fired by now
    assert dialogs == [], dialogs
    assert page.locator(HANDLERS).count() == 0
    assert page.locator('[href^="javascript:" i], [src^="javascript:" i]').count() == 0
    assert "49" not in page.inner_text("body").replace("2049", "")


@pytest.mark.slow
def test_nothing_typed_or_imported_ever_runs(page, live_server, probe_set, db_path):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    # The set as learners see it listed, its page, and the quiz.
    for path in ("/", f"/sets/{probe_set}", f"/passages/{SLUG}"):
        page.goto(live_server + path)
        _looks_safe(page, dialogs)
    page.goto(f"{live_server}/sets/{probe_set}")
    page.locator("form.start-form button").click()
    page.wait_for_url(re.compile(r"/attempts/\d+$"))
    wait_for_quiz(page)
    _looks_safe(page, dialogs)
    assert "{{ 7*7 }}" in page.inner_text("body")
    attempt = int(re.search(r"/attempts/(\d+)", page.url).group(1))
    app = make_app(db_path)
    with app.app_context():
        short = next(q.id for q in read_attempt(attempt).questions if q.type == "short_answer")
    box = page.locator(f'#q-{short} input[type="text"], #q-{short} textarea').first
    box.fill(PROBE)
    box.press("Tab")
    page.wait_for_timeout(600)  # autosave
    page.reload()
    wait_for_quiz(page)
    _looks_safe(page, dialogs)
    assert box.input_value() == PROBE  # saved, and given back as it was typed
    page.locator("#review-link").click()
    page.wait_for_url(re.compile(r"/submit$"))
    _looks_safe(page, dialogs)  # the review page shows every answer
    page.locator(".submit-page form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/results$"))
    _looks_safe(page, dialogs)
    assert "{{ 7*7 }}" in page.inner_text("body")


@pytest.mark.slow
def test_account_fields_never_run(page, live_server, db_path):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{live_server}/signup")
    page.fill("#username", PAYLOADS[1])  # refused, and shown back in the form
    page.fill("#password", "kite river 42")
    page.fill("#confirm", "kite river 42")
    page.locator("form button[type=submit], form input[type=submit]").first.click()
    page.wait_for_load_state()
    _looks_safe(page, dialogs)
    page.fill("#username", "xss-probe")
    page.fill("#password", "kite river 42")  # password fields come back empty
    page.fill("#confirm", "kite river 42")
    page.locator("form button[type=submit], form input[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/account$"))
    page.fill("#token-name", PAYLOADS[2][:80])
    page.locator("#tokens form button[type=submit], #tokens form input[type=submit]").first.click()
    page.wait_for_load_state()
    _looks_safe(page, dialogs)
    page.goto(f"{live_server}/account")
    _looks_safe(page, dialogs)
    assert PAYLOADS[2] in page.inner_text("#tokens")  # stored, and shown as text
