"""No giveaways in multiple choice: two learners open the same seeded set in Chromium and see
an mcq's options in different orders (each attempt shuffles its own), both pick the right
option by its text, and both score it right on the results page.

The right option is read from the seed file (``quizapp/questions/seed/vocabulary.json``), never
from the page.
"""

import json
import re
from pathlib import Path

from playwright.sync_api import expect

from quizapp.questions import seed as seed_package
from tests.browser.quiz_helpers import (
    VOCABULARY,
    expect_saved,
    set_id_of,
    start_set,
    submit_from_quiz,
)

SEED = Path(seed_package.__file__).parent / "vocabulary.json"
#: Fresh learners to try before two orders differ (each new one differs from the first with
#: probability 23/24 for four options); the bound keeps a broken shuffle from looping on.
MAX_LEARNERS = 5


def _seeded_mcq() -> tuple[str, str]:
    """(English prompt, English text of the right option) of the set's first mcq whose
    options all have English text."""
    for question in json.loads(SEED.read_text(encoding="utf-8"))["questions"]:
        options = question.get("options", [])
        if question["type"] == "mcq" and all(option.get("en") for option in options):
            right = next(option["en"] for option in options if option.get("correct"))
            return question["prompt"]["en"], right
    raise AssertionError("the seeded vocabulary set has no mcq with English options")


def _shown_texts(section) -> list[str]:
    return [text.strip() for text in section.locator("label.choice .t-en").all_inner_texts()]


def test_two_learners_see_their_own_order_and_both_score_the_right_option(
    live_server, context_factory, db_path
):
    prompt, right = _seeded_mcq()
    set_id = set_id_of(db_path, VOCABULARY)
    learners = []  # (page, the mcq's section, its options' texts in page order)
    for _n in range(MAX_LEARNERS):
        page = context_factory().new_page()  # a guest browser of its own
        start_set(page, live_server, set_id)
        section = page.locator('section.q[data-type="mcq"]').filter(has_text=prompt)
        expect(section).to_have_count(1)
        texts = _shown_texts(section)
        assert right in texts and (not learners or sorted(texts) == sorted(learners[0][2]))
        learners.append((page, section, texts))
        if texts != learners[0][2]:
            break
    first, second = learners[0], learners[-1]
    assert first[2] != second[2], f"{len(learners)} learners all saw {first[2]}"

    # Each picks the right option by its text, wherever their page shows it.
    values = []
    for page, section, _texts in (first, second):
        choice = section.locator("label.choice").filter(has_text=right)
        expect(choice).to_have_count(1)
        choice.click()
        values.append(choice.locator("input").get_attribute("value"))
        expect_saved(page, section.get_attribute("data-qid"))
    # Both answers name the option by its canonical index, wherever the page showed it.
    assert values[0] == values[1]

    for page, section, _texts in (first, second):
        qid = section.get_attribute("data-qid")
        submit_from_quiz(page)
        result = page.locator(f"#r-{qid}")
        expect(result).to_have_class(re.compile(r"\bresult--right\b"))
        expect(result.locator(".result__answer--given")).to_contain_text(right)
