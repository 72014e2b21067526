"""The authoring API end to end: a teacher writes a passage, questions of every type and a set,
publishes them for learners, deletes and copies, imports and exports banks; and who may do
what: another teacher never finds a teacher's drafts (404 whatever id is tried), gets a 403
changing published things that are not theirs, a learner a 403, no token a 401, while the
owner and an admin can. Every response is checked against the OpenAPI document (conftest)."""

import io
import json

import pytest

from quizapp.auth.services import create_user, issue_token
from quizapp.core.interchange import FORMAT_ID, load_bank
from tests.conftest import SLUG, db_rows

API = "/api/v1"
ROLES = ("anonymous", "learner", "teacher", "owner", "admin")

#: One minimal valid question of each type, on the seeded article (specs as in
#: tests/data/interchange/bank.json).
QUESTIONS = {
    "mcq": {
        "options": [
            {"en": "Sergey Lavrov", "correct": True},
            {"en": "Joe Biden", "correct": False},
        ],
        "evidence": ["p1s1"],
    },
    "multi": {
        "options": [
            {"en": "In Iceland", "correct": True},
            {"en": "Face to face", "correct": True},
            {"en": "In Moscow", "correct": False},
        ]
    },
    "true_false": {"answer": True},
    "numeric": {"value": 2, "tolerance": 0},
    "short_answer": {"accept": {"en": ["counterpart", "equal"]}},
    "cloze": {"text": {"en": "The meeting took place in {{Reykjavik|Reykjavík}}, Iceland."}},
    "matching": {
        "pairs": [
            {"left": "मुलाकात", "right": "meeting"},
            {"left": "सहयोग", "right": "cooperation"},
        ]
    },
    "ordering": {"items": ["Biden takes office", "Blinken and Lavrov meet"]},
    "translation": {
        "source": {"hi": "अमेरिका रूस के साथ स्थिर संबंध चाहता है।"},
        "references": {"en": ["America wants a stable relationship with Russia."]},
    },
}
HINDI = "ब्लिंकन और लावरोव मिले। उन्होंने बात की।\n\nबैठक दो घंटे चली।"
ENGLISH = "Blinken and Lavrov met. They talked.\n\nThe meeting lasted two hours."
GIFT = "::tf1::The meeting was in Iceland. {T}\n\n::num1::How many ministers met? {#2}\n"


def _question(kind: str = "true_false", **fields) -> dict:
    return {"type": kind, "prompt": {"en": f"A {kind} question?"}, **QUESTIONS[kind], **fields}


@pytest.fixture
def who(app):
    """Bearer headers by role: "owner" is the teacher who writes, "teacher" another one."""
    roles = {"learner": "learner", "teacher": "teacher", "owner": "teacher", "admin": "admin"}
    headers = {"anonymous": {}}
    with app.app_context():
        for name, role in roles.items():
            token = issue_token(create_user(f"{name}-1", "kite river 42", role))
            headers[name] = {"Authorization": f"Bearer {token}"}
    return headers


def _count(db_path, table: str, where: str = "1 = 1") -> int:
    return db_rows(db_path, f"SELECT count(*) FROM {table} WHERE {where}")[0][0]  # nosec B608


def _new_passage(client, who, role="owner", title="A short meeting", hi=HINDI, en=ENGLISH):
    response = client.post(
        f"{API}/passages", json={"title": {"en": title}, "hi": hi, "en": en}, headers=who[role]
    )
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def _new_question(client, who, role="owner", passage=SLUG, **question) -> dict:
    body = {"passage": passage, **(question or _question())}
    response = client.post(f"{API}/questions", json=body, headers=who[role])
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def _new_set(client, who, question_ids, role="owner", passage=SLUG, **fields) -> dict:
    body = {"title": {"en": "My set"}, "passage": passage, "question_ids": question_ids, **fields}
    response = client.post(f"{API}/question-sets", json=body, headers=who[role])
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def _publish(client, who, set_id, role="owner"):
    return client.patch(
        f"{API}/question-sets/{set_id}", json={"status": "published"}, headers=who[role]
    )


# ---- Questions -----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(QUESTIONS))
def test_a_question_of_each_type_is_created_as_a_draft(client, who, kind):
    created = _new_question(client, who, **_question(kind, skill="literal"))
    assert created["status"] == "draft" and created["editable"]
    assert created["passage"] == SLUG and created["origin_id"] is None
    assert created["external_id"].startswith("q-")
    assert created["question"]["type"] == kind and created["question"]["skill"] == "literal"
    read = client.get(f"{API}/questions/{created['id']}", headers=who["owner"]).get_json()
    assert read["question"] == created["question"]


def test_a_question_keeps_the_id_it_is_given_once_per_teacher(client, who):
    first = _new_question(client, who, **_question(id="my-tf"))
    assert first["external_id"] == "my-tf" == first["question"]["id"]
    again = client.post(f"{API}/questions", json=_question(id="my-tf"), headers=who["owner"])
    assert again.status_code == 422
    assert again.get_json()["details"][0]["location"] == "id"
    assert _new_question(client, who, role="teacher", **_question(id="my-tf"))["id"] != first["id"]


@pytest.mark.parametrize(
    ("question", "location"),
    [
        (_question("mcq", options=[{"en": "a", "correct": False}, {"en": "b"}]), "options"),
        (_question("numeric", value="two"), "value"),
        (_question(evidence=["p9s9"]), "evidence"),
        ({**_question(), "prompt": {}}, "prompt"),
        ({**_question(), "colour": "red"}, "colour"),
    ],
)
def test_an_invalid_question_is_422_with_locations_and_stores_nothing(
    client, who, db_path, question, location
):
    before = _count(db_path, "question")
    response = client.post(
        f"{API}/questions", json={"passage": SLUG, **question}, headers=who["owner"]
    )
    assert response.status_code == 422
    body = response.get_json()
    assert body["error"] == "BankRejected" and "nothing was saved" in body["message"]
    assert any(d["location"].startswith(location) for d in body["details"]), body["details"]
    assert _count(db_path, "question") == before


def test_a_body_not_shaped_as_a_question_is_400(client, who):
    response = client.post(f"{API}/questions", json={"type": "essay"}, headers=who["owner"])
    assert response.status_code == 400
    assert {d["location"] for d in response.get_json()["details"]} == {"type", "prompt"}


def test_an_unknown_passage_is_404(client, who):
    response = client.post(
        f"{API}/questions", json={"passage": "nowhere", **_question()}, headers=who["owner"]
    )
    assert response.status_code == 404


def test_update_changes_type_checks_again_and_keeps_what_fails_unchanged(client, who):
    created = _new_question(client, who, **_question("mcq", explanation={"en": "See p1s1."}))
    url = f"{API}/questions/{created['id']}"
    changed = client.patch(
        url, json={"type": "true_false", "answer": False}, headers=who["owner"]
    ).get_json()
    assert changed["question"]["type"] == "true_false" and changed["question"]["answer"] is False
    assert "options" not in changed["question"]  # a new type keeps only the common fields
    assert changed["question"]["prompt"] == created["question"]["prompt"]
    assert changed["question"]["explanation"] == {"en": "See p1s1."}
    bad = client.patch(url, json={"evidence": ["p1s1", "p42s1"]}, headers=who["owner"])
    assert bad.status_code == 422
    assert bad.get_json()["details"][0]["message"].startswith("evidence 'p42s1'")
    wrong = client.patch(url, json={"answer": "yes"}, headers=who["owner"])
    assert wrong.status_code == 422
    assert client.get(url, headers=who["owner"]).get_json() == changed


def test_a_patch_field_set_to_null_is_removed(client, who):
    """PATCH is a JSON merge patch: null removes a field (a unit; one value → several)."""
    question = _question("numeric", value=8, unit={"en": "companies"})
    question.pop("tolerance", None)
    created = _new_question(client, who, **question)
    url = f"{API}/questions/{created['id']}"
    changed = client.patch(
        url,
        json={"unit": None, "value": None, "answers": [{"value": 8}, {"value": 9, "credit": 0.5}]},
        headers=who["owner"],
    )
    assert changed.status_code == 200, changed.get_json()
    stored = changed.get_json()["question"]
    assert "unit" not in stored and "value" not in stored
    assert [a["value"] for a in stored["answers"]] == [8, 9]


def test_moving_a_question_to_no_passage_drops_its_evidence_or_is_422(client, who):
    created = _new_question(client, who, **_question(evidence=["p1s1"]))
    url = f"{API}/questions/{created['id']}"
    assert client.patch(url, json={"passage": None}, headers=who["owner"]).status_code == 422
    moved = client.patch(url, json={"passage": None, "evidence": []}, headers=who["owner"])
    assert moved.status_code == 200 and moved.get_json()["passage"] is None


def test_delete_an_unanswered_question_deletes_it(client, who, db_path):
    created = _new_question(client, who)
    url = f"{API}/questions/{created['id']}"
    response = client.delete(url, headers=who["owner"])
    assert response.get_json() == {"id": created["id"], "outcome": "deleted"}
    assert client.get(url, headers=who["owner"]).status_code == 404
    assert _count(db_path, "question", f"id = {created['id']}") == 0


def test_delete_an_answered_question_archives_it_and_results_still_render(client, who, app):
    question = _new_question(client, who, **_question(evidence=["p1s1"]))
    question_set = _new_set(client, who, [question["id"]])
    assert _publish(client, who, question_set["id"]).status_code == 200
    started = client.post(
        f"{API}/question-sets/{question_set['id']}/attempts", headers=who["learner"]
    ).get_json()
    client.put(
        f"{API}/attempts/{started['id']}/answers/{question['id']}",
        json={"answer": True},
        headers=who["learner"],
    )
    assert (
        client.post(f"{API}/attempts/{started['id']}/submit", headers=who["learner"]).status_code
        == 200
    )

    url = f"{API}/questions/{question['id']}"
    assert client.delete(url, headers=who["owner"]).get_json()["outcome"] == "archived"
    archived = client.get(url, headers=who["owner"]).get_json()
    assert archived["status"] == "archived"
    patched = client.patch(url, json={"points": 2}, headers=who["owner"])
    assert patched.status_code == 403 and "copy it" in patched.get_json()["message"]
    assert client.get(url, headers=who["teacher"]).status_code == 404  # not published any more

    results = client.get(f"{API}/attempts/{started['id']}", headers=who["learner"]).get_json()
    (result,) = results["results"]
    assert result["question_id"] == question["id"] and result["correct"]
    assert result["evidence"] == ["p1s1"]


def test_a_question_in_a_published_set_is_not_deleted_unanswered(client, who):
    question = _new_question(client, who)
    _publish(client, who, _new_set(client, who, [question["id"]])["id"])
    response = client.delete(f"{API}/questions/{question['id']}", headers=who["owner"])
    assert response.status_code == 409


def test_deleting_takes_a_question_out_of_draft_sets(client, who):
    first, second = _new_question(client, who), _new_question(client, who)
    question_set = _new_set(client, who, [first["id"], second["id"]])
    client.delete(f"{API}/questions/{first['id']}", headers=who["owner"])
    read = client.patch(f"{API}/question-sets/{question_set['id']}", json={}, headers=who["owner"])
    assert read.get_json()["question_ids"] == [second["id"]]


def test_copy_gives_a_new_draft_that_remembers_its_origin(client, who, app):
    seeded = client.get(f"{API}/question-sets/1").get_json()["questions"][0]["id"]
    copy = client.post(f"{API}/questions/{seeded}/copy", headers=who["teacher"])
    assert copy.status_code == 201
    body = copy.get_json()
    assert body["id"] != seeded and body["origin_id"] == seeded
    assert body["status"] == "draft" and body["editable"] and body["passage"] == SLUG
    original = client.get(f"{API}/questions/{seeded}", headers=who["teacher"]).get_json()
    assert not original["editable"]
    assert {k: v for k, v in body["question"].items() if k != "id"} == {
        k: v for k, v in original["question"].items() if k != "id"
    }
    edited = client.patch(
        f"{API}/questions/{body['id']}", json={"points": 3}, headers=who["teacher"]
    )
    assert edited.status_code == 200 and edited.get_json()["question"]["points"] == 3


# ---- Question sets -------------------------------------------------------------------------


def test_a_set_is_made_reordered_and_published_for_learners(client, who, app):
    ids = [_new_question(client, who)["id"] for _ in range(3)]
    created = _new_set(client, who, ids, settings={"attempts_allowed": 2, "feedback": "immediate"})
    assert created["status"] == "draft" and created["question_ids"] == ids
    assert created["settings"]["attempts_allowed"] == 2
    assert created["settings"]["feedback"] == "immediate"
    listed = client.get(f"{API}/question-sets", headers=who["learner"]).get_json()
    assert created["id"] not in [s["id"] for s in listed["question_sets"]]
    assert (
        client.get(f"{API}/question-sets/{created['id']}", headers=who["learner"]).status_code
        == 404
    )

    url = f"{API}/question-sets/{created['id']}"
    reordered = client.patch(
        url,
        json={"question_ids": ids[::-1], "settings": {"one_per_page": True}},
        headers=who["owner"],
    ).get_json()
    assert reordered["question_ids"] == ids[::-1] and reordered["settings"]["one_per_page"]
    published = _publish(client, who, created["id"])
    assert published.status_code == 200 and published.get_json()["status"] == "published"
    for question_id in ids:
        read = client.get(f"{API}/questions/{question_id}", headers=who["owner"]).get_json()
        assert read["status"] == "published"
    listed = client.get(f"{API}/question-sets", headers=who["learner"]).get_json()
    assert created["id"] in [s["id"] for s in listed["question_sets"]]
    shown = client.get(url, headers=who["learner"]).get_json()
    assert [q["id"] for q in shown["questions"]] == ids[::-1]


@pytest.mark.parametrize(
    ("settings", "locations"),
    [
        ({"attempts_allowed": 0}, ["settings.attempts_allowed"]),
        ({"feedback": "later", "shuffle": "yes"}, ["settings.feedback", "settings.shuffle"]),
        ({"colour": "red"}, ["settings.colour"]),
        ({"time_limit_minutes": 1.5}, ["settings.time_limit_minutes"]),
    ],
)
def test_bad_settings_are_422_with_each_location(client, who, db_path, settings, locations):
    question_id = _new_question(client, who)["id"]
    before = _count(db_path, "question_set")
    body = {"title": {"en": "S"}, "question_ids": [question_id], "settings": settings}
    response = client.post(f"{API}/question-sets", json=body, headers=who["owner"])
    assert response.status_code == 422
    assert response.get_json()["error"] == "InvalidSettings"
    assert [d["location"] for d in response.get_json()["details"]] == locations
    assert _count(db_path, "question_set") == before


def test_a_set_is_not_published_empty_or_on_a_draft_passage(client, who):
    empty = _new_set(client, who, [])
    assert _publish(client, who, empty["id"]).status_code == 422
    passage = _new_passage(client, who)
    question = _new_question(client, who, passage=passage["slug"], **_question())
    on_draft = _new_set(client, who, [question["id"]], passage=passage["slug"])
    refused = _publish(client, who, on_draft["id"])
    assert refused.status_code == 422
    assert refused.get_json()["details"][0]["location"] == "passage"
    client.patch(
        f"{API}/passages/{passage['slug']}", json={"status": "published"}, headers=who["owner"]
    )
    assert _publish(client, who, on_draft["id"]).status_code == 200


def test_a_seeded_set_is_copied_to_be_changed(client, who, app):
    seeded = client.get(f"{API}/question-sets/1").get_json()
    url = f"{API}/question-sets/{seeded['id']}"
    refused = client.patch(url, json={"title": {"en": "Mine"}}, headers=who["teacher"])
    assert refused.status_code == 403 and "copy it" in refused.get_json()["message"]
    copy = client.post(f"{url}/copy", headers=who["teacher"])
    assert copy.status_code == 201
    body = copy.get_json()
    assert body["origin_id"] == seeded["id"] and body["status"] == "draft" and body["editable"]
    assert len(body["question_ids"]) == seeded["question_count"]
    assert not set(body["question_ids"]) & {q["id"] for q in seeded["questions"]}
    first = client.get(f"{API}/questions/{body['question_ids'][0]}", headers=who["teacher"])
    assert first.get_json()["origin_id"] == seeded["questions"][0]["id"]
    renamed = client.patch(
        f"{API}/question-sets/{body['id']}", json={"title": {"en": "Mine"}}, headers=who["teacher"]
    )
    assert renamed.status_code == 200 and renamed.get_json()["title"]["en"] == "Mine"


def test_a_set_takes_only_questions_its_teacher_may_see(client, who):
    hidden = _new_question(client, who, role="owner")
    response = client.post(
        f"{API}/question-sets",
        json={"title": {"en": "S"}, "question_ids": [hidden["id"]]},
        headers=who["teacher"],
    )
    assert response.status_code == 404
    duplicate = client.post(
        f"{API}/question-sets",
        json={"title": {"en": "S"}, "question_ids": [hidden["id"], hidden["id"]]},
        headers=who["owner"],
    )
    assert duplicate.status_code == 422


# ---- Passages ------------------------------------------------------------------------------


def test_a_new_passage_is_an_aligned_draft_only_its_teacher_sees(client, who):
    created = _new_passage(client, who)
    slug = created["slug"]
    assert slug == "a-short-meeting" and created["status"] == "draft"
    sentences = [s for p in created["paragraphs"] for s in p["sentences"]]
    assert [s["id"] for s in sentences] == ["p1s1", "p1s2", "p2s1"]
    assert sentences[2] | {"roman": ""} == {
        "id": "p2s1",
        "hi": "बैठक दो घंटे चली।",
        "en": "The meeting lasted two hours.",
        "roman": "",
        "needs_review": False,
    }
    assert isinstance(created["warnings"], list)
    assert {"hi", "roman", "sentences", "count"} <= set(created["glossary_suggestions"][0])

    listed = client.get(f"{API}/passages").get_json()["passages"]
    assert slug not in [p["slug"] for p in listed]
    for role in ("anonymous", "learner", "teacher"):
        assert client.get(f"{API}/passages/{slug}", headers=who[role]).status_code == 404
    assert client.get(f"/passages/{slug}").status_code == 404
    for role in ("owner", "admin"):
        read = client.get(f"{API}/passages/{slug}", headers=who[role])
        assert read.status_code == 200 and read.get_json()["status"] == "draft"
    assert _new_passage(client, who)["slug"] == "a-short-meeting-2"


def test_a_passage_is_reviewed_glossed_and_published(client, who):
    slug = _new_passage(client, who)["slug"]
    url = f"{API}/passages/{slug}"
    paragraphs = [
        [{"hi": "ब्लिंकन और लावरोव मिले।", "en": "Blinken and Lavrov met."}],
        [{"hi": "उन्होंने बात की।  बैठक दो घंटे चली।", "en": "They talked. It lasted two hours."}],
    ]
    glossary = [
        {"lemma": {"hi": "बैठक"}, "en": "meeting", "pos": "noun", "gender": "f"},
        {"lemma": {"hi": "मिलना", "roman": "milna"}, "forms": [{"hi": "मिले"}], "en": "to meet"},
    ]
    changed = client.patch(
        url,
        json={
            "title": {"hi": "छोटी बैठक", "en": "A short meeting"},
            "paragraphs": paragraphs,
            "glossary": glossary,
            "status": "published",
        },
        headers=who["owner"],
    )
    assert changed.status_code == 200, changed.get_json()
    body = changed.get_json()
    assert body["status"] == "published" and body["title"]["hi"] == "छोटी बैठक"
    assert [[s["id"] for s in p["sentences"]] for p in body["paragraphs"]] == [["p1s1"], ["p2s1"]]
    assert body["paragraphs"][1]["sentences"][0]["hi"] == "उन्होंने बात की। बैठक दो घंटे चली।"
    entries = {e["lemma"]["hi"]: e for e in body["glossary"]}
    assert entries["बैठक"]["sentences"] == ["p2s1"] and entries["बैठक"]["gender"] == "f"
    assert entries["मिलना"]["id"] == "milna" and entries["मिलना"]["sentences"] == ["p1s1"]
    assert entries["बैठक"]["lemma"]["roman"]  # romanised when left out

    assert slug in [p["slug"] for p in client.get(f"{API}/passages").get_json()["passages"]]
    assert client.get(url).get_json()["version"] == body["version"]
    assert client.get(f"/passages/{slug}").status_code == 200


def test_a_passage_keeps_the_sentences_its_questions_cite(client, who):
    slug = _new_passage(client, who)["slug"]
    _new_question(client, who, passage=slug, **_question(evidence=["p1s2"]))
    url = f"{API}/passages/{slug}"
    shorter = [[{"hi": "ब्लिंकन और लावरोव मिले।", "en": "Blinken and Lavrov met."}]]
    response = client.patch(url, json={"paragraphs": shorter}, headers=who["owner"])
    assert response.status_code == 409 and "p1s2" in response.get_json()["message"]
    kept = client.get(url, headers=who["owner"]).get_json()
    assert len(kept["paragraphs"]) == 2


def test_a_passage_a_published_set_uses_stays_published(client, who):
    slug = _new_passage(client, who)["slug"]
    url = f"{API}/passages/{slug}"
    client.patch(url, json={"status": "published"}, headers=who["owner"])
    question = _new_question(client, who, passage=slug)
    _publish(client, who, _new_set(client, who, [question["id"]], passage=slug)["id"])
    response = client.patch(url, json={"status": "draft"}, headers=who["owner"])
    assert response.status_code == 409


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"title": {"en": "T"}}, 422),  # no text
        ({"title": {"en": "   "}, "hi": HINDI}, 400),  # blank title
        ({"title": "T", "hi": HINDI}, 400),  # title is {hi?, en?}
        ({"title": {"en": "T"}, "hi": "x" * 60_001}, 400),
    ],
)
def test_a_passage_without_text_or_title_is_refused(client, who, db_path, body, status):
    before = _count(db_path, "passage")
    assert client.post(f"{API}/passages", json=body, headers=who["owner"]).status_code == status
    assert _count(db_path, "passage") == before


def test_drafts_are_valid_bank_questions_that_can_be_kept(client, who):
    response = client.post(f"{API}/passages/{SLUG}/drafts", headers=who["teacher"])
    assert response.status_code == 200
    drafts = response.get_json()["questions"]
    assert len({d["type"] for d in drafts}) >= 4
    bank = {"format": FORMAT_ID, "passage": SLUG, "questions": drafts}
    load_bank(json.dumps(bank, ensure_ascii=False).encode(), "drafts.json")  # raises if invalid
    kept = _new_question(client, who, role="teacher", passage=SLUG, **drafts[0])
    assert kept["question"]["type"] == drafts[0]["type"]
    other = client.post(f"{API}/passages/{SLUG}/drafts?seed=again", headers=who["teacher"])
    assert other.status_code == 200


# ---- Bank files ----------------------------------------------------------------------------


def _bank(*questions, passage=SLUG, title="Imported") -> dict:
    return {"format": FORMAT_ID, "passage": passage, "set": {"title": {"en": title}},
            "questions": list(questions)}  # fmt: skip


def test_a_dry_run_writes_nothing_and_a_real_import_is_the_teachers_drafts(client, who, db_path):
    bank = _bank(_question(id="b-tf"), _question("numeric", id="b-num"))
    before = (_count(db_path, "question"), _count(db_path, "question_set"))
    dry = client.post(f"{API}/banks/import?dry_run=1", json=bank, headers=who["owner"])
    assert dry.status_code == 200
    summary = dry.get_json()
    assert summary["dry_run"] and summary["created"] == ["b-tf", "b-num"]
    assert summary["set"] == {"id": None, "title": "Imported", "state": "created"}
    assert (_count(db_path, "question"), _count(db_path, "question_set")) == before

    done = client.post(f"{API}/banks/import", json=bank, headers=who["owner"]).get_json()
    assert (
        not done["dry_run"]
        and done["set"]["id"]
        and done["types"] == {"true_false": 1, "numeric": 1}
    )
    rows = db_rows(
        db_path,
        'SELECT q.status, u.username FROM question q JOIN "user" u ON u.id = q.owner_id'
        " WHERE q.external_id IN ('b-tf', 'b-num')",
    )
    assert rows == [("draft", "owner-1")] * 2
    again = client.post(f"{API}/banks/import", json=bank, headers=who["owner"]).get_json()
    assert again["unchanged"] == ["b-tf", "b-num"] and again["set"]["state"] == "unchanged"


def test_a_gift_body_and_an_uploaded_file_are_imported(client, who):
    plain = client.post(
        f"{API}/banks/import",
        data=GIFT.encode(),
        headers={**who["owner"], "Content-Type": "text/plain; charset=utf-8"},
    )
    assert plain.status_code == 200
    assert plain.get_json()["format"] == "gift" and plain.get_json()["created"] == ["tf1", "num1"]
    upload = client.post(
        f"{API}/banks/import?dry_run=true",
        data={"file": (io.BytesIO(json.dumps(_bank(_question(id="up"))).encode()), "b.json")},
        headers=who["owner"],
        content_type="multipart/form-data",
    )
    assert upload.status_code == 200 and upload.get_json()["created"] == ["up"]


@pytest.mark.parametrize(
    ("url", "body", "status"),
    [
        ("/banks/import", b"::x::No answers here {\n", 422),
        ("/banks/import?dry_run=maybe", b'{"format": "quizapp.bank.v1"}', 400),
        ("/banks/import", b"", 422),
    ],
)
def test_a_bad_bank_file_is_refused_whole(client, who, db_path, url, body, status):
    before = _count(db_path, "question")
    response = client.post(
        f"{API}{url}", data=body, headers={**who["owner"], "Content-Type": "text/plain"}
    )
    assert response.status_code == status
    if status == 422:
        assert response.get_json()["details"][0]["location"]
    assert _count(db_path, "question") == before


def test_a_bank_cannot_use_another_teachers_draft_passage(client, who, db_path):
    slug = _new_passage(client, who)["slug"]
    bank = _bank(_question(id="sneaky"), passage=slug)
    response = client.post(f"{API}/banks/import", json=bank, headers=who["teacher"])
    assert response.status_code == 422 and "Unknown passage" in response.get_json()["message"]
    assert client.post(f"{API}/banks/import", json=bank, headers=who["owner"]).status_code == 200


def test_export_is_the_teachers_own_bank(client, who):
    mine = [_new_question(client, who, **_question(id=f"mine-{n}"))["id"] for n in range(2)]
    _new_question(client, who, role="teacher", **_question(id="theirs"))
    exported = client.get(f"{API}/banks/export", headers=who["owner"]).get_json()
    assert exported["format"] == "json" and exported["filename"] == "bank.json"
    bank = load_bank(exported["content"].encode(), "bank.json").bank
    assert [q.id for q in bank.questions] == ["mine-0", "mine-1"] and bank.passage == SLUG

    gift = client.get(f"{API}/banks/export?format=gift", headers=who["owner"]).get_json()
    assert gift["filename"] == "bank.gift" and "::mine-0::" in gift["content"]
    question_set = _new_set(client, who, mine[::-1])
    one_set = client.get(f"{API}/banks/export?set_id={question_set['id']}", headers=who["owner"])
    assert [q.id for q in load_bank(one_set.get_json()["content"].encode()).bank.questions] == [
        "mine-1",
        "mine-0",
    ]
    hidden = client.get(f"{API}/banks/export?set_id={question_set['id']}", headers=who["teacher"])
    assert hidden.status_code == 404
    seeded = client.get(f"{API}/banks/export?set_id=1", headers=who["teacher"])
    assert seeded.status_code == 200
    bad = client.get(f"{API}/banks/export?format=xml", headers=who["owner"])
    assert bad.status_code == 400


# ---- Who may do what -----------------------------------------------------------------------


@pytest.fixture
def drafts(client, who):
    """The owner's drafts: a passage, a question and a set."""
    passage = _new_passage(client, who)["slug"]
    question = _new_question(client, who, passage=passage, **_question(evidence=["p1s1"]))
    question_set = _new_set(client, who, [question["id"]], passage=passage)
    return {"passage": passage, "question": question["id"], "set": question_set["id"]}


#: Each operation on the owner's drafts, and what it answers when allowed.
ON_DRAFTS = [
    ("GET", "/passages/{passage}", None, 200),
    ("POST", "/passages/{passage}/drafts", None, 200),
    ("PATCH", "/passages/{passage}", {"title": {"en": "Renamed"}}, 200),
    ("GET", "/questions/{question}", None, 200),
    ("PATCH", "/questions/{question}", {"points": 2}, 200),
    ("POST", "/questions/{question}/copy", None, 201),
    ("GET", "/question-sets/{set}", None, 200),
    ("PATCH", "/question-sets/{set}", {"title": {"en": "Renamed"}}, 200),
    ("POST", "/question-sets/{set}/copy", None, 201),
    ("GET", "/banks/export?set_id={set}", None, 200),
    ("DELETE", "/questions/{question}", None, 200),
]
#: Reading a passage or a set takes no token: without one, or a learner's, a draft is nothing.
READ_WITHOUT_TOKEN = {("GET", "/passages/{passage}"), ("GET", "/question-sets/{set}")}


def _expected(role: str, method: str, path: str, allowed: int) -> int:
    if role in ("owner", "admin"):
        return allowed
    if (method, path) in READ_WITHOUT_TOKEN or role == "teacher":
        return 404
    return {"anonymous": 401, "learner": 403}[role]


@pytest.mark.parametrize("role", ROLES)
def test_drafts_are_the_owners_and_admins_alone(client, who, drafts, role):
    answers, expected = {}, {}
    for method, path, body, allowed in ON_DRAFTS:
        url = API + path.format(**drafts)
        answers[(method, path)] = client.open(
            url, method=method, json=body, headers=who[role]
        ).status_code
        expected[(method, path)] = _expected(role, method, path, allowed)
    assert answers == expected


def test_another_teacher_finds_no_draft_whatever_id_is_tried(client, who, drafts):
    published = _new_question(client, who)
    _publish(client, who, _new_set(client, who, [published["id"]])["id"])
    seen = {}
    for question_id in range(1, drafts["question"] + 5):
        response = client.get(f"{API}/questions/{question_id}", headers=who["teacher"])
        seen[question_id] = response.status_code
        changed = client.patch(
            f"{API}/questions/{question_id}", json={"points": 5}, headers=who["teacher"]
        )
        assert changed.status_code == (403 if response.status_code == 200 else 404)
    assert seen[drafts["question"]] == 404 and seen[published["id"]] == 200
    for set_id in range(1, drafts["set"] + 5):
        response = client.patch(
            f"{API}/question-sets/{set_id}", json={"title": {"en": "x"}}, headers=who["teacher"]
        )
        read = client.get(f"{API}/question-sets/{set_id}", headers=who["teacher"]).status_code
        assert response.status_code == (403 if read == 200 else 404), set_id
    assert (
        client.get(f"{API}/question-sets/{drafts['set']}", headers=who["teacher"]).status_code
        == 404
    )


def test_published_things_of_others_are_copied_not_changed(client, who):
    question = _new_question(client, who)
    question_set = _new_set(client, who, [question["id"]])
    _publish(client, who, question_set["id"])
    q_url, s_url = f"{API}/questions/{question['id']}", f"{API}/question-sets/{question_set['id']}"
    attempts = [
        client.patch(q_url, json={"points": 2}, headers=who["teacher"]),
        client.delete(q_url, headers=who["teacher"]),
        client.patch(s_url, json={"status": "draft"}, headers=who["teacher"]),
        client.patch(f"{API}/passages/{SLUG}", json={"title": {"en": "x"}}, headers=who["teacher"]),
    ]
    assert [r.status_code for r in attempts] == [403] * 4
    assert client.get(q_url, headers=who["teacher"]).status_code == 200
    assert client.post(f"{q_url}/copy", headers=who["teacher"]).status_code == 201
    assert client.post(f"{s_url}/copy", headers=who["teacher"]).status_code == 201
    admin = client.patch(s_url, json={"status": "draft"}, headers=who["admin"])
    assert admin.status_code == 200 and admin.get_json()["status"] == "draft"
