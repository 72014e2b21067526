"""The question bank end to end: seeded sets, CLI import/export, API views, previews."""

import json
import re
import sqlite3
from pathlib import Path

import pytest

from quizapp.auth.services import create_user, issue_token
from quizapp.extensions import db
from quizapp.questions.models import SKILLS, Question, QuestionSet
from tests.conftest import ROOT
from tests.conftest import run_flask as _flask

MOODLE_GIFT = ROOT / "tests" / "data" / "gift" / "moodle-examples.gift"  # see SOURCES.md there
TYPES = (
    "mcq",
    "multi",
    "true_false",
    "numeric",
    "short_answer",
    "cloze",
    "matching",
    "ordering",
    "translation",
)

HINDI_GIFT = """\
// A small Hindi bank, the way a teacher might write it.
$CATEGORY: हिंदी/शब्दावली

::samkaksh::'समकक्ष' का अर्थ क्या है? {=counterpart ~enemy ~secretary}

::pratibandh::प्रतिबंध का अंग्रेज़ी अर्थ लिखिए। {=sanction =sanctions =restriction}

::aath::कितनी रूसी कंपनियों पर प्रतिबंध लगे? {#8}

::sach::बैठक आइसलैंड में हुई। {T}
"""


def _count(db_path: Path, table: str) -> int:
    with sqlite3.connect(db_path) as connection:
        return connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


# ---- The seeded bank --------------------------------------------------------------------------


def test_seeded_bank_covers_every_type_and_skill(app_ctx):
    questions = db.session.query(Question).all()
    assert len(questions) >= 45
    assert {q.type for q in questions} == set(TYPES)
    assert {q.skill for q in questions} == set(SKILLS)
    for question in questions:
        assert question.prompt_hi and question.prompt_en, question.external_id
        assert question.explanation_hi and question.explanation_en, question.external_id
        assert question.evidence and all(re.fullmatch(r"p\ds\d", e) for e in question.evidence)
        assert question.status == "published" and question.owner.username == "system"
    sets = db.session.query(QuestionSet).all()
    assert len(sets) >= 3
    assert all(s.title_hi and s.title_en and s.items for s in sets)


def test_seeded_questions_accept_their_own_answers(app_ctx):
    from quizapp.core.grading import get_type

    for question in db.session.query(Question):
        qtype = get_type(question.type)
        result = qtype.grade(question.spec, qtype.correct_answer(question.spec))
        assert result.score == 1 and result.correct, question.external_id


# ---- CLI ----------------------------------------------------------------------------------------


def test_import_gift_then_reimport_updates_nothing(db_path, tmp_path):
    bank = tmp_path / "hindi.gift"
    bank.write_text(HINDI_GIFT, encoding="utf-8")
    before = _count(db_path, "question")
    first = _flask("import-bank", str(bank), db_path=db_path)
    assert first.returncode == 0, first.stderr
    assert "4 questions were created" in first.stdout
    assert _count(db_path, "question") == before + 4
    again = _flask("import-bank", str(bank), db_path=db_path)
    assert "0 questions were created, 0 updated, 4 unchanged" in again.stdout
    assert _count(db_path, "question") == before + 4


def test_dry_run_writes_nothing(db_path, tmp_path):
    bank = tmp_path / "hindi.gift"
    bank.write_text(HINDI_GIFT, encoding="utf-8")
    before = _count(db_path, "question")
    result = _flask("import-bank", "--dry-run", str(bank), db_path=db_path)
    assert result.returncode == 0, result.stderr
    assert "4 questions would be created" in result.stdout
    assert _count(db_path, "question") == before


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (HINDI_GIFT + "\n::bad::टूटा प्रश्न {=a ~b\n", "line"),
        ('{"format": "quizapp.bank.v1", "questions": [', "line 1"),
        (
            '{"format": "quizapp.bank.v1", "questions": [{"type": "mcq", "prompt": {"en": "x"}, '
            '"options": [{"en": "a", "correct": true}]}]}',
            "questions[0]",
        ),
        ('{"format": "nope", "questions": []}', "format"),
    ],
)
def test_bad_file_is_rejected_whole_with_locations(db_path, tmp_path, content, expected):
    bank = tmp_path / "bad.txt"
    bank.write_text(content, encoding="utf-8")
    before = _count(db_path, "question")
    result = _flask("import-bank", str(bank), db_path=db_path)
    assert result.returncode != 0
    assert "nothing was imported" in result.stderr and expected in result.stderr
    assert _count(db_path, "question") == before


def test_invalid_utf8_and_huge_files_are_rejected(db_path, tmp_path):
    binary = tmp_path / "bad.gift"
    binary.write_bytes(b"::q::\xff\xfe broken {T}\n")
    result = _flask("import-bank", str(binary), db_path=db_path)
    assert result.returncode != 0 and "UTF-8" in result.stderr
    huge = tmp_path / "huge.json"
    huge.write_bytes(b'{"format": "quizapp.bank.v1", "questions": [' + b" " * 20_000_000 + b"]}")
    result = _flask("import-bank", str(huge), db_path=db_path)
    assert result.returncode != 0 and "MB" in result.stderr


def test_moodle_examples_import_with_a_summary(db_path):
    result = _flask("import-bank", str(MOODLE_GIFT), db_path=db_path)
    assert result.returncode == 0, result.stderr
    assert "34 questions were created, 0 updated, 0 unchanged" in result.stdout
    assert (
        "By type: 6 cloze, 3 matching, 11 mcq, 2 multi, 8 numeric, 8 short_answer, 5 true_false."
    ) in result.stdout
    assert "not kept" not in result.stdout  # weights, credits and answer feedback all are
    assert 'Warning, line 123: The title "Jesus\' hometown" is also used' in result.stdout
    assert "repeats an earlier question of this file" in result.stdout


def test_draft_import(db_path, tmp_path):
    bank = tmp_path / "hindi.gift"
    bank.write_text(HINDI_GIFT, encoding="utf-8")
    assert _flask("import-bank", "--draft", str(bank), db_path=db_path).returncode == 0
    with sqlite3.connect(db_path) as connection:
        statuses = connection.execute(
            "SELECT DISTINCT status FROM question WHERE external_id='samkaksh'"
        ).fetchall()
    assert statuses == [("draft",)]


def test_export_then_import_gives_the_same_bank(db_path, tmp_path):
    exported = _flask("export-bank", "--set", "1", db_path=db_path)
    assert exported.returncode == 0, exported.stderr
    data = json.loads(exported.stdout)
    assert data["format"] == "quizapp.bank.v1" and data["questions"]
    fresh = tmp_path / "fresh.sqlite3"
    assert _flask("init-db", db_path=fresh).returncode == 0
    path = tmp_path / "bank.json"
    path.write_text(exported.stdout, encoding="utf-8")
    reimport = _flask("import-bank", str(path), db_path=fresh)
    assert "0 questions were created" in reimport.stdout  # same ids, same owner: unchanged
    again = _flask("export-bank", "--set", "1", db_path=fresh)
    assert json.loads(again.stdout) == data


def test_export_gift_to_a_file(db_path, tmp_path):
    out = tmp_path / "bank.gift"
    result = _flask("export-bank", "--format", "gift", "--output", str(out), db_path=db_path)
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert "::" in text and "{" in text


def test_create_user_command(db_path):
    result = _flask(
        "create-user",
        "--role",
        "teacher",
        "--username",
        "guru",
        "--password",
        "long enough",
        db_path=db_path,
    )
    assert result.returncode == 0 and "Created teacher 'guru'" in result.stdout
    again = _flask(
        "create-user",
        "--role",
        "teacher",
        "--username",
        "GURU",
        "--password",
        "long enough",
        db_path=db_path,
    )
    assert again.returncode != 0 and "taken" in again.stderr


# ---- API ----------------------------------------------------------------------------------------


def _token(app, role: str, username: str) -> dict:
    with app.app_context():
        user = create_user(username, "kite river 42", role)
        return {"Authorization": f"Bearer {issue_token(user)}"}


def test_question_sets_api(client):
    sets = client.get("/api/v1/question-sets").get_json()["question_sets"]
    assert len(sets) >= 3
    first = sets[0]
    assert first["passage"] == "blinken-lavrov-reykjavik" and first["question_count"] > 0
    detail = client.get(f"/api/v1/question-sets/{first['id']}").get_json()
    assert len(detail["questions"]) == first["question_count"]
    assert all(q["prompt"]["hi"] and q["prompt"]["en"] for q in detail["questions"])


FORBIDDEN_KEYS = {
    "correct",
    "accept",
    "answer",
    "value",
    "tolerance",
    "references",
    "weight",
    "feedback",
    "explanation",
    "evidence",
    "near_miss_credit",
}


def _keys(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def _secret_strings(question: Question) -> list[str]:
    """Answer-key strings that must never be shown before submission."""
    spec = question.spec
    secrets = []
    for lang_answers in spec.get("accept", {}).values():
        secrets += lang_answers
    for refs in spec.get("references", {}).values():
        secrets += refs
    for blank in re.findall(r"\{\{(.*?)\}\}", json.dumps(spec.get("text", {}), ensure_ascii=False)):
        secrets += blank.split("|")
    return [s for s in secrets if len(s) >= 4]


def test_no_answer_key_reaches_a_learner(client, app):
    with app.app_context():
        questions = {q.id: q for q in db.session.query(Question)}
        for question in questions.values():
            db.session.expunge(question)
    for summary in client.get("/api/v1/question-sets").get_json()["question_sets"]:
        detail = client.get(f"/api/v1/question-sets/{summary['id']}").get_json()
        shown_keys = _keys(detail["questions"])
        assert not (shown_keys & FORBIDDEN_KEYS), shown_keys & FORBIDDEN_KEYS
        for shown in detail["questions"]:
            public = {k: v for k, v in shown.items() if k != "prompt"}
            text = json.dumps(public, ensure_ascii=False)
            for secret in _secret_strings(questions[shown["id"]]):
                assert secret not in text, (shown["id"], secret)
            question = questions[shown["id"]]
            if question.type == "ordering":
                assert shown["items"] != question.spec["items"], "ordering shown in answer order"
            if question.type == "matching":
                rights = [p["right"] for p in question.spec["pairs"]]
                assert shown["right"] != rights, "matching rights shown in answer order"


def test_preview_for_teachers_only(client, app):
    teacher = _token(app, "teacher", "teacher1")
    learner = _token(app, "learner", "learner1")
    with app.app_context():
        question = db.session.query(Question).filter_by(type="numeric").first()
        qid, value = question.id, question.spec["value"]
    url = f"/api/v1/questions/{qid}/preview"
    right = client.post(url, json={"answer": value}, headers=teacher)
    assert right.status_code == 200 and right.get_json()["score"] == 1
    wrong = client.post(url, json={"answer": "not a number"}, headers=teacher).get_json()
    assert wrong["score"] == 0 and wrong["error"]["en"]
    assert client.post(url, json={"answer": value}, headers=learner).status_code == 403
    assert client.post(url, json={"answer": value}).status_code == 401
    assert client.post(url, json=[1], headers=teacher).status_code == 400
    assert client.post(url, json={}, headers=teacher).status_code == 400
    assert (
        client.post(
            "/api/v1/questions/999999/preview", json={"answer": 1}, headers=teacher
        ).status_code
        == 404
    )


def test_drafts_are_hidden_from_others(client, app, tmp_path):
    owner = _token(app, "teacher", "owner1")
    with app.app_context():
        question_set = db.session.query(QuestionSet).first()
        question_set.status = "draft"
        set_id = question_set.id
        db.session.commit()
    assert client.get(f"/api/v1/question-sets/{set_id}").status_code == 404
    assert client.get(f"/api/v1/question-sets/{set_id}", headers=owner).status_code == 404
    ids = [s["id"] for s in client.get("/api/v1/question-sets").get_json()["question_sets"]]
    assert set_id not in ids
