"""Question banks: importing (load → validate → apply in one transaction), exporting, listing."""

import hashlib
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from datetime import datetime
from importlib import resources

from sqlalchemy import select, update
from sqlalchemy.orm import selectinload

from quizapp.auth.models import User
from quizapp.auth.services import system_user
from quizapp.content.models import Passage, Sentence
from quizapp.core.grading import get_type, grade
from quizapp.core.interchange import (
    Bank,
    BankFormatError,
    Issue,
    QuestionData,
    SetData,
    load_bank,
    render_gift,
    render_json,
)
from quizapp.core.presentation import present, seed_for
from quizapp.database import assign_changed, driver_rows, utcnow, write_transaction
from quizapp.exceptions import DomainError, NotAllowed, NotFound
from quizapp.extensions import db
from quizapp.questions.models import Question, QuestionSet, QuestionSetItem

SET_SETTING_COLUMNS = {
    "prompt_language": "prompt_language",
    "shuffle": "shuffle",
    "attempts_allowed": "attempts_allowed",
    "time_limit_minutes": "time_limit_minutes",
    "feedback": "feedback_timing",
}


class BankRejected(DomainError):
    """A bank file with errors: nothing was imported. ``details`` lists each error."""

    status = 422


@dataclass
class ImportSummary:
    """What an import created, updated, left alone and skipped."""

    format: str
    dry_run: bool
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    set_id: int | None = None
    set_title: str = ""
    set_state: str = ""  # "created", "updated", "unchanged" or "" when the file has no set
    #: How many questions of each type the file holds (after skipping unsupported ones).
    types: dict[str, int] = field(default_factory=dict)
    #: Saved answers re-pointed because their question's options moved (remap_option_answers).
    answers_remapped: int = 0

    def lines(self) -> list[str]:
        """A human summary, one line per fact, for the CLI."""
        verb = "would be" if self.dry_run else "were"
        out = [
            f"Format: {self.format}.",
            f"{len(self.created)} questions {verb} created, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged.",
        ]
        if self.types:
            out.append(
                "By type: " + ", ".join(f"{n} {t}" for t, n in sorted(self.types.items())) + "."
            )
        if self.set_state:
            out.append(
                f"Question set {self.set_title!r}: {self.set_state}"
                + (f" (id {self.set_id})." if self.set_id else ".")
            )
        if self.answers_remapped:
            out.append(
                f"{self.answers_remapped} saved answers {verb} re-pointed to their options' "
                "new places."
            )
        out += [f"Warning, {w.location}: {w.message}" for w in self.warnings]
        return out


SEED_PACKAGE = "quizapp.questions.seed"


def seed_question_banks() -> list[ImportSummary]:
    """Import the shipped banks (one file per question set) as the system account; rerunnable."""
    folder = resources.files(SEED_PACKAGE)
    banks = sorted((p for p in folder.iterdir() if p.name.endswith(".json")), key=lambda p: p.name)
    return [import_bank(bank.read_bytes(), bank.name) for bank in banks]


class _DryRun(Exception):
    """Raised inside the import transaction to roll a dry run back."""


def import_bank(
    data: bytes,
    filename: str | None = None,
    owner: User | None = None,
    *,
    draft: bool = False,
    dry_run: bool = False,
) -> ImportSummary:
    """Import a JSON or GIFT bank whole or not at all; ``owner`` None means the system account."""
    try:
        loaded = load_bank(data, filename)
    except BankFormatError as error:
        raise BankRejected(
            f"The file has {len(error.issues)} error(s); nothing was imported.",
            details=[issue_dict(i) for i in error.issues],
        ) from None
    summary = ImportSummary(
        format=loaded.format,
        dry_run=dry_run,
        warnings=list(loaded.warnings),
        types=dict(Counter(q.type for q in loaded.bank.questions)),
    )
    try:
        with write_transaction():
            _apply_bank(loaded.bank, owner, draft, summary)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return summary


def issue_dict(issue: Issue) -> dict:
    """An issue as the API's and the pages' error details show it."""
    return {"location": issue.location, "message": issue.message, "severity": issue.severity}


def _apply_bank(bank: Bank, owner: User | None, draft: bool, summary: ImportSummary) -> None:
    owner = owner or system_user()
    passage = _passage_for(bank)
    check_evidence(bank, passage)
    status = "draft" if draft else "published"
    questions = [_upsert_question(q, owner, passage, status, summary) for q in bank.questions]
    if bank.set is not None:
        _upsert_set(bank.set, questions, owner, passage, status, summary)


def _passage_for(bank: Bank) -> Passage | None:
    if bank.passage is None:
        return None
    passage = db.session.scalar(select(Passage).where(Passage.slug == bank.passage))
    if passage is None:
        raise BankRejected(
            f"Unknown passage {bank.passage!r}; nothing was imported.",
            details=[
                {"location": "passage", "message": "no passage with this slug", "severity": "error"}
            ],
        )
    return passage


def check_evidence(bank: Bank, passage: Passage | None) -> None:
    """Evidence must name sentences of the bank's passage (BankRejected otherwise)."""
    cited = [q for q in bank.questions if q.evidence]
    if not cited:
        return
    if passage is None:
        known: set[str] = set()
    else:
        known = set(
            db.session.scalars(select(Sentence.key).where(Sentence.passage_id == passage.id))
        )
    problems = [
        {
            "location": q.source,
            "message": f"evidence {key!r} is not a sentence of "
            f"{bank.passage or 'any passage (no passage given)'}",
            "severity": "error",
        }
        for q in cited
        for key in q.evidence
        if key not in known
    ]
    if problems:
        raise BankRejected(
            f"The file has {len(problems)} error(s); nothing was imported.", details=problems
        )


def question_external_id(data: QuestionData) -> str:
    """The file's id, or a stable one derived from the content so re-imports don't duplicate."""
    if data.id:
        return data.id
    content = json.dumps([data.type, data.prompt, data.spec], sort_keys=True, ensure_ascii=False)
    return "auto-" + hashlib.sha256(content.encode()).hexdigest()[:16]


def question_values(data: QuestionData, passage: Passage | None, status: str) -> dict:
    """A bank question as the columns of its row (owner and external id apart)."""
    return {
        "passage_id": passage.id if passage else None,
        "type": data.type,
        "prompt_hi": data.prompt.get("hi", ""),
        "prompt_en": data.prompt.get("en", ""),
        "spec": data.spec,
        "explanation_hi": data.explanation.get("hi", ""),
        "explanation_en": data.explanation.get("en", ""),
        "evidence": list(data.evidence),
        "skill": data.skill,
        "points": float(data.points),
        "name": data.name or "",
        "status": status,
    }


def _upsert_question(data, owner, passage, status, summary) -> Question:
    external_id = question_external_id(data)
    if external_id in summary.created + summary.updated + summary.unchanged:
        summary.warnings.append(
            Issue(
                location=data.source,
                message="repeats an earlier question of this file word for word; imported once",
                severity="warning",
            )
        )
        return db.session.scalar(
            select(Question).where(
                Question.owner_id == owner.id, Question.external_id == external_id
            )
        )
    question = db.session.scalar(
        select(Question).where(Question.owner_id == owner.id, Question.external_id == external_id)
    )
    values = question_values(data, passage, status)
    if question is None:
        question = Question(external_id=external_id, owner_id=owner.id, **values)
        db.session.add(question)
        summary.created.append(external_id)
    else:
        before = (question.type, question.spec)
        if assign_changed(question, values):
            question.updated_at = utcnow()
            summary.updated.append(external_id)
            summary.answers_remapped += remap_option_answers(
                question.id, *before, question.type, question.spec
            )
        else:
            summary.unchanged.append(external_id)
    db.session.flush()
    return question


#: Types whose answers name options by their index in the spec's ``options`` list.
OPTION_ANSWER_TYPES = ("mcq", "multi")


def _option_text(option: dict, lang: str) -> str:
    text = option.get(lang) if isinstance(option, dict) else None
    return " ".join(text.split()) if isinstance(text, str) else ""


def _is_correct(option: dict) -> bool:
    return isinstance(option, dict) and option.get("correct") is True


def option_moves(old_options: list[dict], new_options: list[dict]) -> dict[int, int]:
    """Old option index → new index, for every old option that is still there.

    An option is found again, in this order of preference:

    1. by its text: the new option with the same text in every language (hi and en);
    2. by its text in one language, when exactly one new option not yet matched has the same
       hi (then en) text — a typo fixed in the other language while the list was reordered;
    3. by position, only if no text matched: old option ``i`` is new option ``i`` when that
       one too matched no old option by text and is as right or wrong as it was (an option
       reworded where it stood; a rewritten question whose key moved to another place is not
       mistaken for one, so an answer never turns from the key into a distractor).

    An old option none of these finds was removed; it has no entry. Whitespace runs count as
    one space; nothing else is normalised (a seed file is NFC already).
    """
    moves: dict[int, int] = {}
    taken: set[int] = set()

    def texts(option: dict) -> tuple[str, str]:
        return (_option_text(option, "hi"), _option_text(option, "en"))

    by_texts: dict[tuple[str, str], int] = {}
    for j, option in enumerate(new_options):
        by_texts.setdefault(texts(option), j)
    for i, option in enumerate(old_options):
        j = by_texts.get(texts(option))
        if j is not None and j not in taken:
            moves[i] = j
            taken.add(j)
    for lang in ("hi", "en"):
        for i, option in enumerate(old_options):
            text = _option_text(option, lang)
            if i in moves or not text:
                continue
            same = [
                j
                for j, new in enumerate(new_options)
                if j not in taken and _option_text(new, lang) == text
            ]
            if len(same) == 1:
                moves[i] = same[0]
                taken.add(same[0])
    for i in range(min(len(old_options), len(new_options))):
        same_verdict = _is_correct(old_options[i]) == _is_correct(new_options[i])
        if i not in moves and i not in taken and same_verdict:
            moves[i] = i
            taken.add(i)
    return moves


def _moved_answer(value, moves: dict[int, int], size: int):
    """A saved mcq or multi answer with its indices moved; removed options drop out. Anything
    that was not an index of the ``size`` old options is left as it was."""

    def old_index(v) -> bool:
        return isinstance(v, int) and not isinstance(v, bool) and 0 <= v < size

    if old_index(value):
        return moves.get(value)  # None: the chosen option is gone, the answer is cleared
    if isinstance(value, list):
        return [moves[v] if old_index(v) else v for v in value if not old_index(v) or v in moves]
    return value


def remap_option_answers(
    question_id: int, old_type: str, old_spec: dict, new_type: str, new_spec: dict
) -> int:
    """Keep saved answers naming the same options when a re-import moves an mcq or multi
    question's options; how many answers changed.

    Answers store canonical option indices, so without this a reordered bank would make old
    answers point at other options. The options are matched as ``option_moves`` says; an
    answer naming a removed option is cleared (mcq) or loses that index (multi). Nothing is
    re-graded: a submitted answer keeps its score and result (which hold no indices) — a score
    is a record of what was graded, and re-seeding must not rewrite gradebooks; an answer in
    an attempt still open is graded again at submission anyway, since the question's
    ``updated_at`` is newer than the answer. Runs in the import's transaction (flushes only).

    The answer table belongs to ``attempts``, a layer above this one, which may not be
    imported here (tests/unit/test_layers.py): it is reached through the shared metadata, and
    without it (no attempts feature loaded) there is nothing to remap.
    """
    if old_type not in OPTION_ANSWER_TYPES or new_type != old_type:
        return 0
    old_options = old_spec.get("options") if isinstance(old_spec, dict) else None
    new_options = new_spec.get("options") if isinstance(new_spec, dict) else None
    if not isinstance(old_options, list) or not isinstance(new_options, list):
        return 0
    moves = option_moves(old_options, new_options)
    if moves == {i: i for i in range(len(old_options))}:
        return 0
    answers = db.metadata.tables.get("answer")
    if answers is None:
        return 0
    changed = 0
    rows = db.session.execute(
        select(answers.c.attempt_id, answers.c.value).where(answers.c.question_id == question_id)
    ).all()
    for attempt_id, value in rows:
        moved = _moved_answer(value, moves, len(old_options))
        if moved != value:
            db.session.execute(
                update(answers)
                .where(answers.c.attempt_id == attempt_id, answers.c.question_id == question_id)
                .values(value=moved)
            )
            changed += 1
    return changed


def _set_external_id(data: SetData) -> str:
    if data.id:
        return data.id
    title = data.title.get("en") or data.title.get("hi") or ""
    return "set-" + hashlib.sha256(title.encode()).hexdigest()[:16]


def _upsert_set(data: SetData, questions, owner, passage, status, summary) -> None:
    external_id = _set_external_id(data)
    question_set = db.session.scalar(
        select(QuestionSet).where(
            QuestionSet.owner_id == owner.id, QuestionSet.external_id == external_id
        )
    )
    values = {
        "passage_id": passage.id if passage else None,
        "title_hi": data.title.get("hi", ""),
        "title_en": data.title.get("en", ""),
        "status": status,
    }
    for key, column in SET_SETTING_COLUMNS.items():
        if key in data.settings:
            values[column] = data.settings[key]
    created = question_set is None
    if created:
        question_set = QuestionSet(external_id=external_id, owner_id=owner.id, **values)
        db.session.add(question_set)
        changed = True
    else:
        changed = assign_changed(question_set, values)
    wanted = [q.id for q in questions]
    if [item.question_id for item in question_set.items] != wanted:
        question_set.items.clear()
        db.session.flush()  # old positions go before new ones arrive (unique position)
        question_set.items.extend(
            QuestionSetItem(question_id=qid, position=n) for n, qid in enumerate(wanted, 1)
        )
        changed = True
    if changed and not created:
        question_set.updated_at = utcnow()
    db.session.flush()
    summary.set_id = question_set.id
    summary.set_title = question_set.title_en or question_set.title_hi
    summary.set_state = "created" if created else ("updated" if changed else "unchanged")


# ---- Export ------------------------------------------------------------------------------------


def export_bank(
    fmt: str = "json", set_id: int | None = None, owner: User | None = None
) -> tuple[str, list[Issue]]:
    """The bank as JSON or GIFT text: one set with its questions in order, or every question.

    With ``owner`` (a teacher exporting): only a set they may see, and without a set only their
    own questions, archived ones apart. Without (the CLI): any set, every question.
    """
    if set_id is not None:
        question_set = db.session.get(QuestionSet, set_id)
        if question_set is None or (owner is not None and not can_see_set(owner, question_set)):
            raise NotFound(f"No question set with id {set_id}.")
        questions = question_set.questions
        set_data = SetData(
            id=question_set.external_id,
            title={
                k: v for k, v in (("hi", question_set.title_hi), ("en", question_set.title_en)) if v
            },
            settings={
                key: getattr(question_set, column) for key, column in SET_SETTING_COLUMNS.items()
            },
        )
        passage = question_set.passage
    else:
        query = select(Question).order_by(Question.id)
        if owner is not None:
            query = query.where(Question.owner_id == owner.id, Question.status != "archived")
        questions = list(db.session.scalars(query))
        set_data = None
        passages = {q.passage_id for q in questions}
        passage = questions[0].passage if len(passages) == 1 and questions else None
    bank = Bank(
        passage=passage.slug if passage else None,
        set=set_data,
        questions=tuple(question_data(q) for q in questions),
    )
    if fmt == "gift":
        return render_gift(bank)
    if fmt == "json":
        return render_json(bank), []
    raise DomainError(f"Unknown export format {fmt!r}; use json or gift.")


def question_data(question: Question) -> QuestionData:
    """A stored question as a bank question (for export, copies and the editor)."""
    return QuestionData(
        id=question.external_id,
        type=question.type,
        prompt={k: v for k, v in (("hi", question.prompt_hi), ("en", question.prompt_en)) if v},
        explanation={
            k: v for k, v in (("hi", question.explanation_hi), ("en", question.explanation_en)) if v
        },
        evidence=tuple(question.evidence or ()),
        skill=question.skill,
        points=question.points,
        spec=dict(question.spec),
        source=f"question {question.id}",
        name=question.name or None,
    )


# ---- Reading sets and previewing -------------------------------------------------------------


def can_see_set(user: User | None, question_set: QuestionSet) -> bool:
    """Published sets are for everyone; drafts for their owner and admins."""
    if question_set.status == "published":
        return True
    return user is not None and (user.is_admin or user.id == question_set.owner_id)


def list_question_sets(user: User | None) -> list[QuestionSet]:
    """The sets ``user`` may see, with their questions loaded, in a stable order."""
    query = (
        select(QuestionSet)
        .options(
            selectinload(QuestionSet.items).selectinload(QuestionSetItem.question),
            selectinload(QuestionSet.passage),
        )
        .order_by(QuestionSet.id)
    )
    return [s for s in db.session.scalars(query) if can_see_set(user, s)]


def get_question_set(set_id: int, user: User | None) -> QuestionSet:
    """One set ``user`` may see, or NotFound (drafts of others look like nothing)."""
    question_set = db.session.get(QuestionSet, set_id)
    if question_set is None or not can_see_set(user, question_set):
        raise NotFound(f"No question set with id {set_id}.")
    return question_set


@dataclass(frozen=True)
class QuestionView:
    """A question's columns as taking and grading it reads them.

    A plain value rather than an ORM object, so a worker can keep it between requests: the
    questions of a set a class is taking are read once, not once per start, page and submit.
    Read-only by contract: nobody changes ``spec`` or ``evidence`` in place.
    """

    id: int
    passage_id: int | None
    type: str
    prompt_hi: str
    prompt_en: str
    spec: dict
    explanation_hi: str
    explanation_en: str
    evidence: list[str]
    skill: str | None
    points: float
    updated_at: datetime


_VIEW_COLUMNS = [getattr(Question, f.name) for f in fields(QuestionView)]
#: (database URL, question id) → (stamp, view); the stamp is ``updated_at`` as the database
#: returns it, compared without parsing: this check runs on every start, page and submit.
_views: dict[tuple[str, int], tuple[object, QuestionView]] = {}
_VIEWS_LIMIT = 20_000


def question_views(question_ids: Iterable[int], connection=None) -> dict[int, QuestionView]:
    """Question id → its view, for those of ``question_ids`` that exist.

    One narrow query checks every question's ``updated_at``; only new or changed questions are
    read in full. ``connection``: the transaction to read in (default: the session's).
    """
    ids = set(question_ids)
    if not ids:
        return {}
    connection = connection if connection is not None else db.session.connection()
    database = str(connection.engine.url)
    params = {f"q{n}": question_id for n, question_id in enumerate(ids)}
    placeholders = ", ".join(f":{name}" for name in params)
    # Not a finding (B608): placeholders only; ids bound.
    sql = f"SELECT id, updated_at FROM question WHERE id IN ({placeholders})"  # nosec B608
    stamps = dict(driver_rows(connection, sql, params))
    found, stale = {}, []
    for question_id, stamp in stamps.items():
        cached = _views.get((database, question_id))
        if cached is not None and cached[0] == stamp:
            found[question_id] = cached[1]
        else:
            stale.append(question_id)
    if stale:
        if len(_views) > _VIEWS_LIMIT:
            _views.clear()
        for row in connection.execute(select(*_VIEW_COLUMNS).where(Question.id.in_(stale))):
            view = QuestionView(**row._mapping)
            found[view.id] = view
            _views[(database, view.id)] = (stamps[view.id], view)
    return found


def learner_view(question: Question, secret: str) -> dict:
    """A question as a learner sees it before submitting: never the key, lists that would
    reveal it shuffled with a seed only the server knows."""
    shown, _order = present(
        get_type(question.type), question.spec, seed_for(secret, "question", question.id)
    )
    return shown


def preview_answer(question_id: int, user: User, answer) -> dict:
    """Grade ``answer`` for a teacher trying their question; no attempt is recorded."""
    if not user.is_teacher:
        raise NotAllowed("Only teachers can preview questions.")
    question = db.session.get(Question, question_id)
    if question is None or (
        question.status == "draft" and not user.is_admin and question.owner_id != user.id
    ):
        raise NotFound(f"No question with id {question_id}.")
    return grade(question.type, question.spec, answer)
