"""Teachers' writing: their passages, questions and sets, created and changed by their owner.

Glue over the content and question features: a question is checked exactly as a bank file's
would be (``quizapp.core.interchange``: a one-question bank), a set's settings as the set
builder's form states them, and every change is the owner's (or an admin's). What others may
not see they cannot find: another teacher's drafts are a 404, whatever id is tried; the
shipped content belongs to the system, so a teacher copies it to change it (403 otherwise).

Deleting a question that someone answered archives it instead, so results stay intact; it
leaves the teacher's draft sets but stays in published ones until the teacher removes it.
"""

import json
import re
import secrets
import unicodedata
from dataclasses import dataclass
from typing import Any

from sqlalchemy import exists, func, select
from sqlalchemy.orm import selectinload

from quizapp.attempts.models import Answer
from quizapp.auth.models import HasRole
from quizapp.content.models import GlossaryEntry, Passage, Sentence
from quizapp.content.services import forget_passage_versions, get_passage
from quizapp.core import drafts as draft_rules
from quizapp.core.align import align_texts
from quizapp.core.glossary_suggest import Suggestion, suggest_entries
from quizapp.core.grading.base import N_, Message
from quizapp.core.interchange import FORMAT_ID, Bank, BankFormatError, Issue, load_bank
from quizapp.core.interchange.convert import question_to_dict
from quizapp.core.romanize import romanize
from quizapp.database import assign_changed, utcnow, write_transaction
from quizapp.exceptions import Conflict, DomainError, NotAllowed, NotFound
from quizapp.extensions import db
from quizapp.questions.models import (
    FEEDBACK_DETAILS,
    FEEDBACK_TIMINGS,
    PROMPT_LANGUAGES,
    Question,
    QuestionSet,
    QuestionSetItem,
)
from quizapp.questions.services import (
    BankRejected,
    ImportSummary,
    check_evidence,
    export_bank,
    import_bank,
    issue_dict,
    question_data,
    question_values,
    remap_option_answers,
)
from quizapp.security import MAX_ID

#: Set settings the set builder and the API take: name → (column, check of a value).
SET_SETTINGS = {
    "prompt_language": "prompt_language",
    "shuffle": "shuffle",
    "shuffle_options": "shuffle_options",
    "one_per_page": "one_per_page",
    "attempts_allowed": "attempts_allowed",
    "time_limit_minutes": "time_limit_minutes",
    "feedback": "feedback_timing",
    "feedback_detail": "feedback_detail",
}


class InvalidSettings(DomainError):
    """Settings a set cannot have; ``details`` names each field."""

    status = 422


# ---- Who may do what -----------------------------------------------------------------------


def require_teacher(user: HasRole | None) -> None:
    """Authoring is for teachers and admins (403 for anyone else)."""
    if user is None or not user.is_teacher:
        raise NotAllowed("Only teachers can write passages, questions and sets.")


def owns(user: HasRole, owner_id: int | None) -> bool:
    """The owner and admins change a thing; the system's (owner None or the system account)
    only admins."""
    return user.is_admin or (owner_id is not None and owner_id == user.id)


def _visible(user: HasRole, owner_id: int | None, status: str) -> bool:
    return status == "published" or owns(user, owner_id)


def _editable(user: HasRole, owner_id: int | None, status: str, what: str, ident) -> None:
    """Nothing for those who cannot see it (404); 403 for published things of others."""
    if not _visible(user, owner_id, status):
        raise NotFound(f"No {what} with id {ident}.")
    if not owns(user, owner_id):
        raise NotAllowed(f"This {what} is not yours; copy it to change it.")


# ---- Questions -----------------------------------------------------------------------------


def _load_question(passage_slug: str | None, data: Any):
    """One bank-JSON question checked as a bank file's would be: QuestionData, or 422."""
    if not isinstance(data, dict):
        raise BankRejected("Send the question as a JSON object.", details=[])
    bank = {"format": FORMAT_ID, "questions": [data]}
    if passage_slug is not None:
        bank["passage"] = passage_slug
    try:
        loaded = load_bank(json.dumps(bank, ensure_ascii=False).encode(), "question.json")
    except BankFormatError as error:
        raise BankRejected(
            "The question has errors; nothing was saved.",
            details=[_question_issue(i) for i in error.issues],
        ) from None
    question = loaded.bank.questions[0]
    problems = [
        {
            "location": name,
            "message": Message(N_("At most %(limit)d characters."), limit=limit),
            "severity": "error",
        }
        for name, value, limit in (("id", question.id, 120), ("name", question.name, 200))
        if value is not None and len(value) > limit
    ]
    if problems:
        raise BankRejected("The question has errors; nothing was saved.", details=problems)
    return question


def _question_issue(issue) -> dict:
    """An issue of the one-question bank, located in the question (``options[1]``, not
    ``questions[0].options[1]``)."""
    detail = issue_dict(issue)
    location = re.sub(r"^questions\[0\]\.?", "", detail["location"])
    detail["location"] = "passage" if location == "passage" else (location or "question")
    return detail


def _passage_for(user: HasRole, slug: Any) -> Passage | None:
    if slug is None:
        return None
    if not isinstance(slug, str):
        raise InvalidSettings(
            "passage must be a passage's slug, or null.",
            details=[{"location": "passage", "message": N_("Expected a slug (text) or null.")}],
        )
    passage = get_passage(slug, drafts=True)
    if passage is None or not _visible(user, passage.owner_id, passage.status):
        raise NotFound(f"No passage with slug {slug!r}.")
    return passage


def get_question(user: HasRole, question_id: int) -> Question:
    """A question its teacher may read (published ones, or their own)."""
    require_teacher(user)
    question = db.session.get(Question, question_id)
    if question is None or not _visible(user, question.owner_id, question.status):
        raise NotFound(f"No question with id {question_id}.")
    return question


def question_json(question: Question) -> dict:
    """A stored question in the bank-JSON shape the editor and the API use."""
    data = question_to_dict(question_data(question))
    data["id"] = question.external_id
    return data


def create_question(user: HasRole, passage_slug: str | None, data: Any) -> Question:
    """A new draft question of ``user``'s from a bank-JSON question (its ``id`` optional)."""
    require_teacher(user)
    with write_transaction():
        passage = _passage_for(user, passage_slug)
        question_data_ = _load_question(passage.slug if passage else None, data)
        check_evidence_of(question_data_, passage)
        external_id = question_data_.id or f"q-{secrets.token_hex(6)}"
        taken = db.session.scalar(
            select(Question.id).where(
                Question.owner_id == user.id, Question.external_id == external_id
            )
        )
        if taken is not None:
            raise BankRejected(
                f"You already have a question with id {external_id!r}.",
                details=[
                    {
                        "location": "id",
                        "message": N_("You already have a question with this id."),
                        "severity": "error",
                    }
                ],
            )
        question = Question(
            external_id=external_id,
            owner_id=user.id,
            origin_id=None,
            **question_values(question_data_, passage, "draft"),
        )
        db.session.add(question)
        db.session.flush()
    return question


def check_evidence_of(data, passage: Passage | None) -> None:
    """The question's evidence names sentences of its passage (422 otherwise)."""
    try:
        check_evidence(Bank(passage=passage.slug if passage else None, questions=(data,)), passage)
    except BankRejected as error:
        raise BankRejected(
            "The question has errors; nothing was saved.",
            details=[{**detail, "location": "evidence"} for detail in error.details],
        ) from None


def update_question(user: HasRole, question_id: int, patch: Any) -> Question:
    """Change a question of ``user``'s: ``patch`` holds bank-JSON fields to replace, as a JSON
    merge patch (RFC 7386): a field set to null is removed (a unit, a single ``value`` turned
    into several ``answers``)."""
    require_teacher(user)
    if not isinstance(patch, dict):
        raise BankRejected("Send the changes as a JSON object.", details=[])
    with write_transaction():
        question = db.session.get(Question, question_id)
        if question is None:
            raise NotFound(f"No question with id {question_id}.")
        _editable(user, question.owner_id, question.status, "question", question_id)
        if question.status == "archived":
            raise NotAllowed("This question is archived; copy it to use it again.")
        merged = question_json(question)
        passage = question.passage
        if "passage" in patch:
            passage = _passage_for(user, patch["passage"])
        merged.update({k: v for k, v in patch.items() if k not in ("passage", "id")})
        if patch.get("type", question.type) != question.type:
            # A new type keeps nothing of the old spec.
            merged = {k: v for k, v in merged.items() if k in _COMMON} | {
                k: v for k, v in patch.items() if k not in ("passage", "id")
            }
        merged = {k: v for k, v in merged.items() if v is not None}
        data = _load_question(passage.slug if passage else None, merged)
        check_evidence_of(data, passage)
        before = (question.type, question.spec)
        question.passage = passage
        if assign_changed(question, question_values(data, passage, question.status)):
            question.updated_at = utcnow()
            # Saved answers name options by index: they follow their options if these moved.
            remap_option_answers(question.id, *before, question.type, question.spec)
        db.session.flush()
    return question


_COMMON = ("id", "type", "prompt", "explanation", "evidence", "skill", "points", "name")


def _answered(question_id: int) -> bool:
    return bool(db.session.scalar(select(exists().where(Answer.question_id == question_id))))


def delete_question(user: HasRole, question_id: int) -> str:
    """Delete a question of ``user``'s, or archive it if anyone answered it: "deleted" or
    "archived". It leaves the owner's draft sets either way."""
    require_teacher(user)
    with write_transaction():
        question = db.session.get(Question, question_id)
        if question is None:
            raise NotFound(f"No question with id {question_id}.")
        _editable(user, question.owner_id, question.status, "question", question_id)
        for item in db.session.scalars(
            select(QuestionSetItem)
            .join(QuestionSet)
            .where(QuestionSetItem.question_id == question_id, QuestionSet.status == "draft")
        ):
            _remove_item(item)
        if _answered(question_id):
            question.status = "archived"
            question.updated_at = utcnow()
            outcome = "archived"
        else:
            in_published = db.session.scalar(
                select(exists().where(QuestionSetItem.question_id == question_id))
            )
            if in_published:
                raise Conflict(
                    "This question is in a published set; unpublish the set or remove it first."
                )
            db.session.delete(question)
            outcome = "deleted"
        db.session.flush()
    return outcome


def _remove_item(item: QuestionSetItem) -> None:
    question_set = item.question_set
    question_set.items.remove(item)
    db.session.flush()
    for position, rest in enumerate(question_set.items, 1):
        rest.position = position
    question_set.updated_at = utcnow()


def copy_question(user: HasRole, question_id: int) -> Question:
    """A draft copy of a question ``user`` may see: a new id, remembering its origin."""
    source = get_question(user, question_id)
    with write_transaction():
        copy = Question(
            external_id=f"q-{secrets.token_hex(6)}",
            owner_id=user.id,
            origin_id=source.id,
            **question_values(question_data(source), source.passage, "draft"),
        )
        db.session.add(copy)
        db.session.flush()
    return copy


def list_own_questions(user: HasRole, passage_id: int | None = None) -> list[Question]:
    """``user``'s questions (archived ones last), optionally on one passage."""
    require_teacher(user)
    query = select(Question).where(Question.owner_id == user.id)
    if passage_id is not None:
        query = query.where(Question.passage_id == passage_id)
    return list(db.session.scalars(query.order_by(Question.status == "archived", Question.id)))


# ---- Bank files ----------------------------------------------------------------------------


def import_teacher_bank(
    user: HasRole, data: bytes, filename: str | None = None, *, dry_run: bool = False
) -> ImportSummary:
    """A teacher's bank file (JSON or GIFT), imported whole or not at all as their drafts; its
    passage must be one they may see (another teacher's draft is as unknown as no passage)."""
    require_teacher(user)
    try:
        slug = load_bank(data, filename).bank.passage
    except BankFormatError:
        slug = None  # import_bank lists the file's errors, line by line
    if slug is not None:
        passage = get_passage(slug, drafts=True)
        if passage is not None and not _visible(user, passage.owner_id, passage.status):
            raise BankRejected(
                f"Unknown passage {slug!r}; nothing was imported.",
                details=[
                    {
                        "location": "passage",
                        "message": N_("No passage has this slug."),
                        "severity": "error",
                    }
                ],
            )
    return import_bank(data, filename, user, draft=True, dry_run=dry_run)


def export_teacher_bank(
    user: HasRole, fmt: str = "json", set_id: int | None = None
) -> tuple[str, list[Issue]]:
    """A teacher's own questions (or a set they may see) as bank JSON or GIFT text."""
    require_teacher(user)
    return export_bank(fmt, set_id, owner=user)


# ---- Question sets -------------------------------------------------------------------------


def _checked_settings(settings: Any) -> dict[str, Any]:
    """Column → value for the settings given; InvalidSettings lists every bad one."""
    if settings is None:
        return {}
    if not isinstance(settings, dict):
        raise InvalidSettings("Send the settings as a JSON object.", details=[])
    problems, values = [], {}
    for name, value in settings.items():
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # JSON's 3.0 is the integer 3
        column = SET_SETTINGS.get(name)
        message = _setting_problem(name, value)
        if column is None:
            message = Message(
                N_("Unknown setting; expected one of %(known)s."), known=", ".join(SET_SETTINGS)
            )
        if message:
            problems.append({"location": f"settings.{name}", "message": message})
        else:
            values[column] = value
    if problems:
        raise InvalidSettings(
            "The set's settings have errors; nothing was saved.", details=problems
        )
    return values


def _setting_problem(name: str, value: Any) -> str | None:
    choices = {
        "prompt_language": PROMPT_LANGUAGES,
        "feedback": FEEDBACK_TIMINGS,
        "feedback_detail": FEEDBACK_DETAILS,
    }
    if name in choices:
        if value in choices[name]:
            return None
        return Message(N_("Expected one of %(known)s."), known=", ".join(choices[name]))
    if name in ("shuffle", "shuffle_options", "one_per_page"):
        return None if isinstance(value, bool) else N_("Expected true or false.")
    if name in ("attempts_allowed", "time_limit_minutes"):
        good = value is None or (
            isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 10_000
        )
        return (
            None if good else N_("Expected a whole number from 1 to 10000, or null for no limit.")
        )
    return None


def _title(title: Any) -> dict[str, str]:
    if isinstance(title, str):
        title = {"en": title}
    if not isinstance(title, dict) or not any(
        isinstance(title.get(k), str) and title[k].strip() for k in ("hi", "en")
    ):
        raise InvalidSettings(
            "Give the set a title in Hindi, English or both.",
            details=[
                {"location": "title", "message": N_("Give a title in Hindi, English or both.")}
            ],
        )
    return {k: title[k].strip()[:300] for k in ("hi", "en") if isinstance(title.get(k), str)}


def _usable_questions(user: HasRole, question_ids: Any) -> list[Question]:
    if not isinstance(question_ids, list) or not all(
        isinstance(i, int) and not isinstance(i, bool) for i in question_ids
    ):
        raise InvalidSettings(
            "question_ids must be a list of question ids.",
            details=[
                {"location": "question_ids", "message": N_("Expected a list of question ids.")}
            ],
        )
    if any(not 1 <= i <= MAX_ID for i in question_ids):
        raise NotFound("No question with such an id.")
    if len(set(question_ids)) != len(question_ids):
        raise InvalidSettings(
            "A question appears twice in the set.",
            details=[{"location": "question_ids", "message": N_("Each question once.")}],
        )
    found = {
        q.id: q for q in db.session.scalars(select(Question).where(Question.id.in_(question_ids)))
    }
    questions = []
    for question_id in question_ids:
        question = found.get(question_id)
        if question is None or not _visible(user, question.owner_id, question.status):
            raise NotFound(f"No question with id {question_id}.")
        if question.status == "archived":
            raise InvalidSettings(
                f"Question {question_id} is archived; copy it to use it again.",
                details=[
                    {
                        "location": "question_ids",
                        "message": N_("An archived question cannot be added."),
                    }
                ],
            )
        questions.append(question)
    return questions


def create_set(
    user: HasRole,
    title: Any,
    passage_slug: str | None,
    question_ids: Any,
    settings: Any = None,
) -> QuestionSet:
    """A new draft set of ``user``'s over questions they may see, in the order given."""
    require_teacher(user)
    titles = _title(title)
    values = _checked_settings(settings)
    with write_transaction():
        passage = _passage_for(user, passage_slug)
        questions = _usable_questions(user, question_ids)
        question_set = QuestionSet(
            external_id=f"set-{secrets.token_hex(6)}",
            owner_id=user.id,
            passage=passage,
            title_hi=titles.get("hi", ""),
            title_en=titles.get("en", ""),
            status="draft",
            **values,
        )
        db.session.add(question_set)
        db.session.flush()
        _place(question_set, questions)
    return question_set


def _place(question_set: QuestionSet, questions: list[Question]) -> None:
    question_set.items.clear()
    db.session.flush()  # old positions go before new ones arrive (unique position)
    question_set.items.extend(
        QuestionSetItem(question_id=q.id, position=n) for n, q in enumerate(questions, 1)
    )
    db.session.flush()


def update_set(user: HasRole, set_id: int, patch: Any) -> QuestionSet:
    """Change a set of ``user``'s: title, passage, question_ids (their order), settings, and
    ``status`` ("published" publishes its draft questions too; "draft" hides it again)."""
    require_teacher(user)
    if not isinstance(patch, dict):
        raise InvalidSettings("Send the changes as a JSON object.", details=[])
    unknown = set(patch) - {"title", "passage", "question_ids", "settings", "status"}
    if unknown:
        raise InvalidSettings(
            "Unknown fields: " + ", ".join(sorted(unknown)) + ".",
            details=[
                {"location": name, "message": N_("Unknown field.")} for name in sorted(unknown)
            ],
        )
    with write_transaction():
        question_set = db.session.get(QuestionSet, set_id)
        if question_set is None:
            raise NotFound(f"No question set with id {set_id}.")
        _editable(user, question_set.owner_id, question_set.status, "question set", set_id)
        if "title" in patch:
            titles = _title(patch["title"])
            question_set.title_hi = titles.get("hi", "")
            question_set.title_en = titles.get("en", "")
        if "passage" in patch:
            question_set.passage = _passage_for(user, patch["passage"])
        for column, value in _checked_settings(patch.get("settings")).items():
            setattr(question_set, column, value)
        if "question_ids" in patch:
            _place(question_set, _usable_questions(user, patch["question_ids"]))
        if "status" in patch:
            _set_status(question_set, patch["status"])
        question_set.updated_at = utcnow()
        db.session.flush()
    return question_set


def _set_status(question_set: QuestionSet, status: Any) -> None:
    if status not in ("draft", "published"):
        raise InvalidSettings(
            "status must be draft or published.",
            details=[{"location": "status", "message": N_("Expected draft or published.")}],
        )
    if status == "published":
        if not question_set.items:
            raise InvalidSettings(
                "Add at least one question before publishing.",
                details=[
                    {"location": "question_ids", "message": N_("Add at least one question first.")}
                ],
            )
        passages = {question_set.passage} | {item.question.passage for item in question_set.items}
        drafts = sorted(p.slug for p in passages if p is not None and p.status != "published")
        if drafts:
            raise InvalidSettings(
                "Publish the passage first: learners could not read it.",
                details=[
                    {
                        "location": "passage",
                        "message": Message(N_("Publish passage %(slug)s first."), slug=slug),
                    }
                    for slug in drafts
                ],
            )
        for item in question_set.items:
            if item.question.status == "draft":
                item.question.status = "published"
                item.question.updated_at = utcnow()
    question_set.status = status


def copy_set(user: HasRole, set_id: int) -> QuestionSet:
    """A draft copy of a set ``user`` may see, with copies of its questions (new ids, their
    origins remembered): how a teacher edits a seeded set."""
    require_teacher(user)
    source = db.session.get(QuestionSet, set_id)
    if source is None or not _visible(user, source.owner_id, source.status):
        raise NotFound(f"No question set with id {set_id}.")
    with write_transaction():
        copies = []
        for question in source.questions:
            copy = Question(
                external_id=f"q-{secrets.token_hex(6)}",
                owner_id=user.id,
                origin_id=question.id,
                **question_values(question_data(question), question.passage, "draft"),
            )
            db.session.add(copy)
            copies.append(copy)
        db.session.flush()
        copy_set_ = QuestionSet(
            external_id=f"set-{secrets.token_hex(6)}",
            owner_id=user.id,
            origin_id=source.id,
            passage_id=source.passage_id,
            title_hi=source.title_hi,
            title_en=source.title_en,
            status="draft",
            **{column: getattr(source, column) for column in SET_SETTINGS.values()},
        )
        db.session.add(copy_set_)
        db.session.flush()
        _place(copy_set_, copies)
    return copy_set_


def list_own_sets(user: HasRole) -> list[QuestionSet]:
    """``user``'s sets, drafts and published, newest first, with their questions."""
    require_teacher(user)
    return list(
        db.session.scalars(
            select(QuestionSet)
            .where(QuestionSet.owner_id == user.id)
            .options(selectinload(QuestionSet.items))
            .order_by(QuestionSet.updated_at.desc(), QuestionSet.id.desc())
        )
    )


def set_settings(question_set: QuestionSet) -> dict[str, Any]:
    """A set's settings by their API names."""
    return {name: getattr(question_set, column) for name, column in SET_SETTINGS.items()}


# ---- Passages ------------------------------------------------------------------------------


def list_own_passages(user: HasRole) -> list[Passage]:
    """``user``'s passages, drafts and published, newest first."""
    require_teacher(user)
    return list(
        db.session.scalars(
            select(Passage)
            .where(Passage.owner_id == user.id)
            .order_by(Passage.updated_at.desc(), Passage.id.desc())
        )
    )


def get_own_passage(user: HasRole, slug: str) -> Passage:
    """A passage ``user`` may see on the authoring pages (published, or their own draft)."""
    require_teacher(user)
    return _passage_for(user, slug)


def propose_drafts(user: HasRole, slug: str, seed: str = "") -> list[dict]:
    """Questions proposed from a passage's aligned text and glossary, not stored."""
    passage = get_own_passage(user, slug)
    sentences = tuple(
        draft_rules.DraftSentence(id=s.key, paragraph=s.paragraph, hi=s.hi, en=s.en)
        for s in passage.sentences
    )
    glossary = tuple(
        draft_rules.DraftEntry(
            key=entry.key,
            lemma_hi=entry.lemma_hi,
            forms=tuple(form["hi"] for form in entry.forms),
            meaning_en=entry.meaning_en,
            sentences=tuple(s.key for s in entry.sentences),
            pos=entry.pos,
        )
        for entry in passage.glossary
    )
    return draft_rules.propose_drafts(
        draft_rules.DraftPassage(sentences=sentences, glossary=glossary), seed=seed or slug
    )


def passage_counts(user: HasRole) -> dict[int, int]:
    """Passage id → how many of ``user``'s questions are on it."""
    rows = db.session.execute(
        select(Question.passage_id, func.count(Question.id))
        .where(Question.owner_id == user.id, Question.status != "archived")
        .group_by(Question.passage_id)
    )
    return {passage_id: count for passage_id, count in rows if passage_id is not None}


def forget_cached_passages() -> None:
    """After a passage changes: workers re-read its version."""
    forget_passage_versions()


#: Slugs a passage cannot have: their URLs under /passages/ are other pages.
RESERVED_SLUGS = frozenset({"preferences", "new"})


def _slug_for(title: dict[str, str]) -> str:
    base = title.get("en") or romanize(title.get("hi", ""))
    words = re.findall(r"[a-z0-9]+", unicodedata.normalize("NFKD", base).lower())
    slug = "-".join(words)[:80].strip("-") or "passage"
    taken = set(db.session.scalars(select(Passage.slug).where(Passage.slug.like(f"{slug}%"))))
    taken |= RESERVED_SLUGS
    candidate, n = slug, 1
    while candidate in taken:
        n += 1
        candidate = f"{slug}-{n}"
    return candidate


def _text(value: Any, name: str, limit: int) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidSettings(
            f"{name} must be text.", details=[{"location": name, "message": "Expected a string."}]
        )
    if len(value) > limit:
        raise InvalidSettings(
            f"{name} is too long (at most {limit:,} characters).",
            details=[{"location": name, "message": f"at most {limit} characters"}],
        )
    return value


#: Largest pasted text, per language (a long newspaper feature is about 20,000 characters).
MAX_PASTE_CHARS = 60_000


@dataclass(frozen=True)
class PassageDraft:
    """A passage just written, with what the aligner and the glossary helper found."""

    passage: Passage
    suggestions: list[Suggestion]
    warnings: list[str]
    #: Keys of the sentences whose link is not one to one, for the teacher to check.
    needs_review: tuple[str, ...] = ()


def create_passage(user: HasRole, title: Any, hi_text: Any, en_text: Any) -> PassageDraft:
    """A draft passage of ``user``'s from pasted Hindi and English (or one of them): split by
    the shared splitter, paired paragraph by paragraph, with glossary suggestions."""
    require_teacher(user)
    titles = _title(title)
    hi = _text(hi_text, "hi", MAX_PASTE_CHARS)
    en = _text(en_text, "en", MAX_PASTE_CHARS)
    if not hi.strip() and not en.strip():
        raise InvalidSettings(
            "Paste the Hindi text, its English translation, or both.",
            details=[
                {"location": "hi", "message": "empty"},
                {"location": "en", "message": "empty"},
            ],
        )
    alignment = align_texts(hi, en)
    with write_transaction():
        passage = Passage(
            slug=_slug_for(titles),
            title_hi=titles.get("hi", ""),
            title_en=titles.get("en", ""),
            owner_id=user.id,
            status="draft",
            version=1,
        )
        db.session.add(passage)
        rows = [[(_one_line(p.hi), _one_line(p.en)) for p in row] for row in alignment.paragraphs]
        _place_sentences(passage, rows)
        db.session.flush()
    review = tuple(
        f"p{p}s{s}"
        for p, row in enumerate((row for row in alignment.paragraphs if row), 1)
        for s, pair in enumerate(row, 1)
        if pair.needs_review
    )
    passage = _reloaded(passage)
    return PassageDraft(passage, glossary_suggestions(passage), list(alignment.warnings), review)


def _place_sentences(passage: Passage, paragraphs: list[list[tuple[str, str]]]) -> None:
    """Make the passage's sentences ``paragraphs`` of (hi, en) pairs, keyed p1s1…: a key that
    stays keeps its row (and what points at it), only its text changes."""
    existing = {s.key: s for s in passage.sentences}
    wanted = []
    for p, row in enumerate((row for row in paragraphs if row), 1):
        for s, (hi, en) in enumerate(row, 1):
            key = f"p{p}s{s}"
            sentence = existing.pop(key, None)
            if sentence is None:
                sentence = Sentence(key=key, paragraph=p, position=s)
            assign_changed(sentence, {"hi": hi, "en": en, "hi_roman": romanize(hi)})
            wanted.append(sentence)
    for stale in existing.values():
        passage.sentences.remove(stale)
    db.session.flush()  # gone before new rows take their places
    kept = {id(s) for s in passage.sentences}
    passage.sentences.extend(s for s in wanted if id(s) not in kept)


def glossary_suggestions(passage: Passage) -> list[Suggestion]:
    """Content words of the passage not glossed yet, most frequent first."""
    known = {form["hi"] for entry in passage.glossary for form in entry.forms}
    return suggest_entries([(s.key, s.hi) for s in passage.sentences], known)


def update_passage(user: HasRole, slug: str, patch: Any) -> Passage:
    """Change a passage of ``user``'s: ``title``, ``paragraphs`` (lists of {hi, en} pairs, in
    order: the review table's result), ``glossary`` (entries as in the seed article's JSON) and
    ``status``. Sentences that questions cite as evidence must still exist (409 otherwise)."""
    require_teacher(user)
    if not isinstance(patch, dict):
        raise InvalidSettings("Send the changes as a JSON object.", details=[])
    unknown = set(patch) - {"title", "paragraphs", "glossary", "status"}
    if unknown:
        raise InvalidSettings(
            "Unknown fields: " + ", ".join(sorted(unknown)) + ".",
            details=[
                {"location": name, "message": N_("Unknown field.")} for name in sorted(unknown)
            ],
        )
    with write_transaction():
        passage = get_passage(slug, drafts=True)
        if passage is None:
            raise NotFound(f"No passage with slug {slug!r}.")
        _editable(user, passage.owner_id, passage.status, "passage", slug)
        if "title" in patch:
            titles = _title(patch["title"])
            passage.title_hi, passage.title_en = titles.get("hi", ""), titles.get("en", "")
        if "paragraphs" in patch:
            _place_sentences(passage, _checked_paragraphs(patch["paragraphs"]))
            db.session.flush()
            _check_cited(passage)
        if "glossary" in patch:
            _place_glossary(passage, patch["glossary"])
        elif "paragraphs" in patch:
            _relink_glossary(passage)
        if "status" in patch:
            _passage_status(passage, patch["status"])
        passage.version += 1
        passage.updated_at = utcnow()
        db.session.flush()
    forget_passage_versions()
    return _reloaded(passage)


def _reloaded(passage: Passage) -> Passage:
    """The passage as stored: its sentences and glossary read again, in their order."""
    db.session.expire(passage)
    return get_passage(passage.slug, drafts=True)


def _passage_status(passage: Passage, status: Any) -> None:
    if status not in ("draft", "published"):
        raise InvalidSettings(
            "status must be draft or published.",
            details=[{"location": "status", "message": N_("Expected draft or published.")}],
        )
    if status == "published" and not passage.sentences:
        raise InvalidSettings(
            "Add some text before publishing.",
            details=[{"location": "paragraphs", "message": "empty"}],
        )
    if status == "draft" and passage.status == "published":
        in_use = db.session.scalar(
            select(func.count(QuestionSet.id)).where(
                QuestionSet.passage_id == passage.id, QuestionSet.status == "published"
            )
        )
        if in_use:
            raise Conflict(
                f"{in_use} published question set(s) use this passage; unpublish them first."
            )
    passage.status = status


def _checked_paragraphs(paragraphs: Any) -> list[list[tuple[str, str]]]:
    problem = "Expected a list of paragraphs, each a list of {hi, en} sentence pairs."
    if not isinstance(paragraphs, list) or not paragraphs:
        raise InvalidSettings(problem, details=[{"location": "paragraphs", "message": problem}])
    rows, total = [], 0
    for p, row in enumerate(paragraphs):
        if not isinstance(row, list):
            raise InvalidSettings(
                problem, details=[{"location": f"paragraphs[{p}]", "message": problem}]
            )
        pairs = []
        for s, pair in enumerate(row):
            where = f"paragraphs[{p}][{s}]"
            if not isinstance(pair, dict):
                raise InvalidSettings(problem, details=[{"location": where, "message": problem}])
            hi = _one_line(_text(pair.get("hi"), f"{where}.hi", 5_000))
            en = _one_line(_text(pair.get("en"), f"{where}.en", 5_000))
            if hi or en:
                pairs.append((hi, en))
        total += len(pairs)
        rows.append(pairs)
    if total > MAX_SENTENCES:
        raise InvalidSettings(
            f"At most {MAX_SENTENCES:,} sentences in one passage.",
            details=[{"location": "paragraphs", "message": "too many sentences"}],
        )
    return rows


#: Most sentences and glossary entries one passage may have (the seeded article: 18 and 190).
MAX_SENTENCES = 2_000
MAX_GLOSSARY_ENTRIES = 5_000


def _one_line(text: str) -> str:
    """A sentence as stored: NFC, its whitespace runs one space."""
    return unicodedata.normalize("NFC", " ".join(text.split()))


def _check_cited(passage: Passage) -> None:
    keys = {s.key for s in passage.sentences}
    lost = [
        (question.id, key)
        for question in db.session.scalars(
            select(Question).where(Question.passage_id == passage.id)
        )
        for key in question.evidence or []
        if key not in keys
    ]
    if lost:
        raise Conflict(
            "Questions cite sentences this change removes: "
            + ", ".join(f"question {qid} ({key})" for qid, key in lost[:10])
            + ". Change their evidence first.",
        )


_ENTRY_PROBLEM = (
    "Expected a list of entries {lemma: {hi, roman?}, forms?: [{hi, roman?}], en, pos?, "
    "gender?, note?}."
)
_ENTRY_KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _place_glossary(passage: Passage, entries: Any) -> None:
    """Make the passage's glossary ``entries``: an entry whose key stays (its ``id``, or its
    romanised lemma) keeps its row, so learners' words copied from it stay linked."""
    if not isinstance(entries, list):
        raise InvalidSettings(
            _ENTRY_PROBLEM, details=[{"location": "glossary", "message": _ENTRY_PROBLEM}]
        )
    if len(entries) > MAX_GLOSSARY_ENTRIES:
        raise InvalidSettings(
            f"At most {MAX_GLOSSARY_ENTRIES:,} glossary entries in one passage.",
            details=[{"location": "glossary", "message": "too many entries"}],
        )
    existing = {entry.key: entry for entry in passage.glossary}
    seen: set[str] = set()
    wanted = []
    for n, row in enumerate(entries):
        values = _entry_values(row, f"glossary[{n}]")
        key = _entry_key(values.pop("key"), seen)
        entry = existing.pop(key, None) or GlossaryEntry(key=key)
        assign_changed(entry, values)
        wanted.append(entry)
    for stale in existing.values():
        passage.glossary.remove(stale)
    db.session.flush()
    kept = {id(e) for e in passage.glossary}
    passage.glossary.extend(e for e in wanted if id(e) not in kept)
    _relink_glossary(passage)


def _entry_values(row: Any, where: str) -> dict:
    """One glossary entry of a request as its columns (and the key it asks for), or 422."""
    if not isinstance(row, dict) or not isinstance(row.get("lemma"), dict):
        raise InvalidSettings(
            _ENTRY_PROBLEM, details=[{"location": where, "message": _ENTRY_PROBLEM}]
        )
    lemma = row["lemma"]
    hi = _word(lemma.get("hi"), f"{where}.lemma.hi")
    roman = " ".join(_text(lemma.get("roman"), f"{where}.lemma.roman", 200).split())
    meaning = row.get("en")
    if meaning is None and isinstance(row.get("meaning"), dict):  # the shape GET answers with
        meaning = row["meaning"].get("en")
    meaning = _text(meaning, f"{where}.en", 2_000).strip()
    note = row.get("note")
    if isinstance(note, dict):
        note = note.get("en")
    forms = row.get("forms") or [{"hi": hi}]
    if not isinstance(forms, list) or len(forms) > 100:
        raise InvalidSettings(
            "forms must be a list of {hi, roman?} (at most 100).",
            details=[{"location": f"{where}.forms", "message": "Expected a list of forms."}],
        )
    surface = {}
    for m, form in enumerate(forms):
        at = f"{where}.forms[{m}]"
        if not isinstance(form, dict):
            raise InvalidSettings(
                "A form is {hi, roman?}.", details=[{"location": at, "message": "Expected {hi}."}]
            )
        form_hi = _word(form.get("hi"), f"{at}.hi")
        form_roman = " ".join(_text(form.get("roman"), f"{at}.roman", 200).split())
        surface.setdefault(form_hi, form_roman or romanize(form_hi))
    if not meaning:
        raise InvalidSettings(
            "A glossary entry needs its Hindi and its meaning.",
            details=[{"location": f"{where}.en", "message": "empty meaning"}],
        )
    key = row.get("id")
    lemma_roman = (roman or romanize(hi))[:200]
    return {
        "key": key if isinstance(key, str) and _ENTRY_KEY.match(key) else lemma_roman,
        "lemma_hi": hi,
        "lemma_roman": lemma_roman,
        "forms": [{"hi": f, "roman": r} for f, r in surface.items()],
        "pos": _text(row.get("pos"), f"{where}.pos", 20).strip() or "phrase",
        "gender": row.get("gender") if row.get("gender") in ("m", "f") else "",
        "meaning_en": meaning,
        "note_en": _text(note, f"{where}.note", 2_000).strip(),
    }


def _word(value: Any, where: str) -> str:
    """A Hindi word or phrase of the glossary: text, NFC, one space between words, not empty."""
    word = _one_line(_text(value, where, 200))
    if not word:
        raise InvalidSettings(
            "A glossary entry needs its Hindi and its meaning.",
            details=[{"location": where, "message": "empty"}],
        )
    return word


def _relink_glossary(passage: Passage) -> None:
    """Each entry's sentences: those its forms occur in (after the text or the entry changed)."""
    for entry in passage.glossary:
        forms = [form["hi"] for form in entry.forms if form["hi"]]
        entry.sentences = [s for s in passage.sentences if any(f in s.hi for f in forms)]


def _entry_key(roman: str, seen: set[str]) -> str:
    base = "-".join(re.findall(r"[a-z0-9]+", roman.lower()))[:70] or "entry"
    key, n = base, 1
    while key in seen:
        n += 1
        key = f"{base}-{n}"
    seen.add(key)
    return key
