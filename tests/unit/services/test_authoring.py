"""Authoring services on the seeded database: what the API tests cannot see from outside —
rows kept when a passage's text or glossary changes (so learners' words stay linked), saved
answers following their options, slugs, and bad values refused as 422s rather than crashes."""

import pytest
from sqlalchemy import select

from quizapp.attempts.models import Answer
from quizapp.attempts.services import Learner, save_answer, start_attempt
from quizapp.auth.services import create_user
from quizapp.authoring import services
from quizapp.content.models import Passage, Sentence
from quizapp.exceptions import Conflict, NotAllowed, NotFound
from quizapp.extensions import db
from quizapp.questions.services import BankRejected
from quizapp.words.services import add_word
from tests.conftest import SLUG

HINDI = "ब्लिंकन और लावरोव मिले। उन्होंने बात की।\n\nबैठक दो घंटे चली।"
ENGLISH = "Blinken and Lavrov met. They talked.\n\nThe meeting lasted two hours."
MEETING = {"lemma": {"hi": "बैठक", "roman": "baithak"}, "en": "meeting", "pos": "noun"}


@pytest.fixture
def teacher(app_ctx):
    return create_user("asha", "kite river 42", "teacher")


@pytest.fixture
def passage(teacher) -> Passage:
    return services.create_passage(teacher, {"en": "A short meeting"}, HINDI, ENGLISH).passage


def _sentence_ids(passage: Passage) -> dict[str, int]:
    return {s.key: s.id for s in db.session.scalars(select(Sentence).filter_by(passage=passage))}


def test_a_title_in_text_or_in_hindi_only_gives_a_slug(teacher):
    made = services.create_passage(teacher, "Plain title", "", ENGLISH)  # as the pages send it
    assert made.passage.slug == "plain-title" and made.passage.title_en == "Plain title"
    hindi = services.create_passage(teacher, {"hi": "छोटी बैठक"}, HINDI, "")
    assert hindi.passage.slug.startswith("chhoti") and hindi.passage.title_en == ""
    assert all(s.en == "" for s in hindi.passage.sentences)
    assert len(hindi.needs_review) == 3 and hindi.warnings


def test_a_slug_never_shadows_a_page_under_passages(teacher):
    made = services.create_passage(teacher, {"en": "Preferences"}, HINDI, ENGLISH)
    assert made.passage.slug == "preferences-2"


def test_new_passage_marks_links_that_are_not_one_to_one(teacher):
    made = services.create_passage(teacher, {"en": "T"}, "एक। दो। तीन।", "One. Two and three.")
    assert made.needs_review == ("p1s2",)
    assert [(s.key, s.hi, s.en) for s in made.passage.sentences] == [
        ("p1s1", "एक।", "One."),
        ("p1s2", "दो। तीन।", "Two and three."),
    ]


def test_changed_text_keeps_the_rows_of_kept_sentences_and_relinks_the_glossary(teacher, passage):
    passage = services.update_passage(teacher, passage.slug, {"glossary": [MEETING]})
    (entry,) = passage.glossary
    assert [s.key for s in entry.sentences] == ["p2s1"]
    learner = create_user("lena", "kite river 42", "learner")
    word, _created = add_word(learner.id, entry.id)
    before = _sentence_ids(passage)

    paragraphs = [
        [{"hi": "बैठक में ब्लिंकन और लावरोव मिले।", "en": "At the meeting, they met."}],
        [{"hi": "बैठक दो घंटे चली।", "en": "It lasted two hours."}],
    ]
    passage = services.update_passage(teacher, passage.slug, {"paragraphs": paragraphs})
    after = _sentence_ids(passage)
    assert set(after) == {"p1s1", "p2s1"}
    assert after["p1s1"] == before["p1s1"] and after["p2s1"] == before["p2s1"]
    assert [s.key for s in passage.glossary[0].sentences] == ["p1s1", "p2s1"]

    renamed = {**MEETING, "en": "meeting, session"}
    passage = services.update_passage(teacher, passage.slug, {"glossary": [renamed]})
    assert passage.glossary[0].id == entry.id and passage.glossary[0].meaning_en.endswith("session")
    db.session.refresh(word)
    assert word.entry_id == entry.id


@pytest.mark.parametrize(
    ("entry", "location"),
    [
        ({"lemma": {"hi": "बैठक", "roman": 5}, "en": "meeting"}, "glossary[0].lemma.roman"),
        ({"lemma": {"hi": "बैठक"}, "en": "  "}, "glossary[0].en"),
        ({"lemma": {"hi": " "}, "en": "meeting"}, "glossary[0].lemma.hi"),
        ({"lemma": {"hi": "बैठक"}, "forms": {"hi": "x"}, "en": "m"}, "glossary[0].forms"),
        ({"lemma": {"hi": "बैठक"}, "forms": [{"hi": ""}], "en": "m"}, "glossary[0].forms[0].hi"),
        ({"lemma": "बैठक", "en": "meeting"}, "glossary[0]"),
        ({"lemma": {"hi": "बैठक"}, "en": "m", "pos": ["noun"]}, "glossary[0].pos"),
    ],
)
def test_bad_glossary_entries_are_refused_with_their_place(teacher, passage, entry, location):
    with pytest.raises(services.InvalidSettings) as refused:
        services.update_passage(teacher, passage.slug, {"glossary": [entry]})
    assert refused.value.status == 422
    assert refused.value.details[0]["location"] == location
    db.session.rollback()
    assert db.session.get(Passage, passage.id).glossary == []


def test_a_passage_a_published_set_uses_is_not_hidden_again(teacher, passage):
    services.update_passage(teacher, passage.slug, {"status": "published"})
    question = services.create_question(
        teacher, passage.slug, {"type": "true_false", "prompt": {"en": "?"}, "answer": True}
    )
    question_set = services.create_set(teacher, {"en": "S"}, passage.slug, [question.id])
    services.update_set(teacher, question_set.id, {"status": "published"})
    with pytest.raises(Conflict):
        services.update_passage(teacher, passage.slug, {"status": "draft"})
    services.update_set(teacher, question_set.id, {"status": "draft"})
    assert services.update_passage(teacher, passage.slug, {"status": "draft"}).status == "draft"


def test_saved_answers_follow_their_options_when_a_question_is_edited(teacher):
    options = [{"en": "Lavrov", "correct": True}, {"en": "Biden"}, {"en": "Putin"}]
    question = services.create_question(
        teacher, SLUG, {"type": "mcq", "prompt": {"en": "Whom?"}, "options": options}
    )
    question_set = services.create_set(teacher, {"en": "S"}, SLUG, [question.id])
    services.update_set(teacher, question_set.id, {"status": "published"})
    learner = create_user("lena", "kite river 42", "learner")
    view, _created = start_attempt(question_set.id, Learner(user_id=learner.id), learner)
    save_answer(view.attempt.id, question.id, 2, Learner(user_id=learner.id))  # Putin

    services.update_question(teacher, question.id, {"options": options[::-1]})
    saved = db.session.scalar(select(Answer.value).filter_by(question_id=question.id))
    assert saved == 0  # Putin is first now


def test_a_question_moved_to_another_passage_says_so_at_once(teacher, passage):
    question = services.create_question(
        teacher, SLUG, {"type": "true_false", "prompt": {"en": "?"}, "answer": True}
    )
    moved = services.update_question(teacher, question.id, {"passage": passage.slug})
    assert moved.passage.slug == passage.slug


@pytest.mark.parametrize("ids", [[0], [2**31], [-1]])
def test_question_ids_out_of_range_are_not_found(teacher, ids):
    with pytest.raises(NotFound):
        services.create_set(teacher, {"en": "S"}, None, ids)


def test_a_passage_named_by_no_text_is_refused(teacher):
    with pytest.raises(services.InvalidSettings):
        services.create_question(teacher, 5, {"type": "true_false", "prompt": {"en": "?"}})


def test_a_question_id_longer_than_its_column_is_refused(teacher):
    data = {"id": "x" * 121, "type": "true_false", "prompt": {"en": "?"}, "answer": True}
    with pytest.raises(BankRejected) as refused:
        services.create_question(teacher, None, data)
    assert refused.value.details[0]["location"] == "id"


def test_learners_write_nothing(app_ctx):
    learner = create_user("lena", "kite river 42", "learner")
    with pytest.raises(NotAllowed):
        services.create_passage(learner, {"en": "T"}, HINDI, ENGLISH)
    with pytest.raises(NotAllowed):
        services.import_teacher_bank(learner, b"{}")


def test_drafts_come_from_the_passages_text(teacher, passage):
    services.update_passage(teacher, passage.slug, {"glossary": [MEETING]})
    drafts = services.propose_drafts(teacher, passage.slug)
    assert drafts == services.propose_drafts(teacher, passage.slug)  # the same seed, the same
    assert all(set(d["evidence"]) <= {"p1s1", "p1s2", "p2s1"} for d in drafts if "evidence" in d)
