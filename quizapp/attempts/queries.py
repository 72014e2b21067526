"""Every statement on attempts and answers, by name, returning plain records.

The services (``quizapp.attempts.services``) read as the rules of taking a quiz; the SQL they
run lives here. These are the requests a whole class sends at once (start, autosave, submit,
results), so the statements go through ``database.driver_rows``: straight to the ``sqlite3``
driver on SQLite (3 Python calls a statement instead of SQLAlchemy's 170), through SQLAlchemy
elsewhere. Every function takes the connection whose transaction it runs in: a read on the
request's session connection, a write inside ``database.write_connection()``; ``page_stamp``
alone reads on a connection of its own (``database.read_one``).

Values come back as plain values: JSON parsed, datetimes as aware UTC.
"""

import json
from datetime import datetime
from typing import NamedTuple

from quizapp.database import (
    as_utc,
    driver_rows,
    json_value,
    read_one,
    row_lock,
    stored_time,
)

#: ("user", id) or ("guest", key): which column owns a learner's rows (``Learner.key()``).
OwnerKey = tuple[str, int | str | None]


class SetInfo(NamedTuple):
    """What taking a set needs of it: the rules for opening an attempt, and what its pages
    show (read without loading the set)."""

    id: int
    title_hi: str
    title_en: str
    passage_id: int | None
    prompt_language: str
    feedback_timing: str
    shuffle: bool
    attempts_allowed: int | None
    time_limit_minutes: int | None
    status: str
    owner_id: int
    #: mcq/multi options in the attempt's own order (else as written), the page the quiz
    #: starts on (one question or all), and how much of the key the results show.
    shuffle_options: bool
    one_per_page: bool
    feedback_detail: str
    #: The version of the set's passage: cached renderings of its text key on it.
    passage_version: int | None

    @classmethod
    def of(cls, columns) -> "SetInfo":
        """From the driver's values (booleans are integers on SQLite)."""
        row = cls(*columns)
        return row._replace(
            shuffle=bool(row.shuffle),
            shuffle_options=bool(row.shuffle_options),
            one_per_page=bool(row.one_per_page),
        )


_PASSAGE_VERSION = "(SELECT version FROM passage WHERE passage.id = {table}.passage_id)"
_SET_COLUMNS = (
    ", ".join(SetInfo._fields[:-1]) + ", " + _PASSAGE_VERSION.format(table="question_set")
)


class AttemptRow(NamedTuple):
    """Every column of an attempt."""

    id: int
    question_set_id: int
    user_id: int | None
    guest_key: str | None
    state: str
    question_ids: list[int]
    seed: str
    retry_of_id: int | None
    started_at: datetime
    deadline_at: datetime | None
    submitted_at: datetime | None
    finished_by: str
    score: float | None
    max_score: float | None

    @classmethod
    def of(cls, columns) -> "AttemptRow":
        """From the driver's values (JSON as text and times as text on SQLite)."""
        row = cls(*columns)
        return row._replace(
            question_ids=json_value(row.question_ids),
            started_at=as_utc(row.started_at),
            deadline_at=as_utc(row.deadline_at),
            submitted_at=as_utc(row.submitted_at),
        )


class SavedAnswer(NamedTuple):
    """One saved answer, graded when it was saved."""

    question_id: int
    value: object
    saved_at: datetime
    score: float | None
    result: dict | None


class SaveTarget(NamedTuple):
    """What an autosave checks before writing: the attempt's owner and state, the question."""

    user_id: int | None
    guest_key: str | None
    state: str
    deadline_at: datetime | None
    question_ids: list[int]
    seed: str
    question_id: int | None
    type: str | None
    spec: dict | None
    #: The set's feedback timing ("immediate" lets a learner check an answer).
    feedback_timing: str = ""
    #: The answer saved for the question so far (saved_at None: none yet) and its grading.
    value: object = None
    saved_at: datetime | None = None
    result: dict | None = None

    @property
    def checked(self) -> bool:
        """Whether the learner checked this answer (then it is locked)."""
        return bool(self.result and self.result.get("checked"))


class Stamp(NamedTuple):
    """All a finished attempt's results depend on, and its owner."""

    user_id: int | None
    guest_key: str | None
    state: str
    submitted_at: datetime | None
    feedback_timing: str
    #: When a question of the attempt's set last changed (results show their text).
    questions_changed_at: datetime | None
    #: The set (an "after_due" set's results depend on the learner's due date for it).
    question_set_id: int = 0
    #: When a teacher last changed the score of one of its answers (results show it).
    overridden_at: datetime | None = None


_ATTEMPT_COLUMNS = ", ".join(AttemptRow._fields)
_OWNER = {"user": "user_id = :owner", "guest": "guest_key = :owner"}


# ---- Sets --------------------------------------------------------------------------------------

# Not a finding (B608): column names from code; values bound.
_SET_INFO = f"SELECT {_SET_COLUMNS} FROM question_set WHERE id = :set_id"  # nosec B608


def set_info(connection, set_id: int) -> SetInfo | None:
    """The set's rules and titles."""
    rows = driver_rows(connection, _SET_INFO, {"set_id": set_id})
    return SetInfo.of(rows[0]) if rows else None


_SET_QUESTION_IDS = (
    "SELECT question_id FROM question_set_item WHERE set_id = :set_id ORDER BY position"
)


def set_question_ids(connection, set_id: int) -> list[int]:
    """The set's question ids in set order."""
    return [qid for (qid,) in driver_rows(connection, _SET_QUESTION_IDS, {"set_id": set_id})]


# ---- Attempts ----------------------------------------------------------------------------------

_OPEN_ATTEMPT = {
    # Not a finding (B608): columns and owner clause from code.
    kind: f"SELECT {_ATTEMPT_COLUMNS} FROM attempt"  # nosec B608
    f" WHERE question_set_id = :set_id AND state = 'in_progress' AND {owner}"
    for kind, owner in _OWNER.items()
}


def open_attempt(connection, set_id: int, owner: OwnerKey) -> AttemptRow | None:
    """The owner's in-progress attempt at the set (the database allows one)."""
    kind, key = owner
    rows = driver_rows(connection, _OPEN_ATTEMPT[kind], {"set_id": set_id, "owner": key})
    return AttemptRow.of(rows[0]) if rows else None


_ATTEMPTS_USED = {
    # Not a finding (B608): owner clause from code; values bound.
    kind: f"SELECT count(*) FROM attempt WHERE question_set_id = :set_id AND {owner}"  # nosec B608
    for kind, owner in _OWNER.items()
}


def attempts_used(connection, set_id: int, owner: OwnerKey) -> int:
    """How many attempts the owner has made at a set, retries of missed questions included (a
    retry is another try at the same questions)."""
    kind, key = owner
    [(used,)] = driver_rows(connection, _ATTEMPTS_USED[kind], {"set_id": set_id, "owner": key})
    return used


_INSERT_ATTEMPT = (
    "INSERT INTO attempt (question_set_id, user_id, guest_key, state, question_ids, seed,"
    " retry_of_id, started_at, deadline_at, submitted_at, finished_by, score, max_score)"
    " VALUES (:question_set_id, :user_id, :guest_key, :state, :question_ids, :seed,"
    " :retry_of_id, :started_at, :deadline_at, :submitted_at, :finished_by, :score, :max_score)"
    " RETURNING id"
)


def insert_attempt(connection, values: dict) -> int:
    """Insert an attempt from every column but ``id``; its new id."""
    params = {
        **values,
        "question_ids": json.dumps(values["question_ids"]),
        "started_at": stored_time(connection, values["started_at"]),
        "deadline_at": values["deadline_at"] and stored_time(connection, values["deadline_at"]),
    }
    return driver_rows(connection, _INSERT_ATTEMPT, params)[0][0]


_ATTEMPT_AND_SET = (
    f"{', '.join('a.' + name for name in AttemptRow._fields)},"
    f" {', '.join('s.' + name for name in SetInfo._fields[:-1])},"
    f" {_PASSAGE_VERSION.format(table='s')}"
)
_ONE_ATTEMPT = (
    " FROM attempt a JOIN question_set s ON s.id = a.question_set_id WHERE a.id = :attempt_id"
)
_ATTEMPT_WITH_SET = f"SELECT {_ATTEMPT_AND_SET}{_ONE_ATTEMPT}"


def attempt_with_set(connection, attempt_id: int) -> tuple[AttemptRow, SetInfo] | None:
    """The attempt and what its pages show of its set, in one statement."""
    rows = driver_rows(connection, _ATTEMPT_WITH_SET, {"attempt_id": attempt_id})
    if not rows:
        return None
    size = len(AttemptRow._fields)
    return AttemptRow.of(rows[0][:size]), SetInfo.of(rows[0][size:])


#: When any question of the attempt's set last changed.
_QUESTIONS_CHANGED = (
    "(SELECT max(q.updated_at) FROM question q JOIN question_set_item i"
    " ON i.question_id = q.id WHERE i.set_id = s.id)"
)
#: When a question of the attempt itself last changed (its ids are a JSON list: read apart per
#: database). Not the set's: a question taken out of the set would take the newest time away.
_ATTEMPT_QUESTIONS_CHANGED = {
    "sqlite": "(SELECT max(q.updated_at) FROM json_each(a.question_ids) j"
    " JOIN question q ON q.id = j.value)",
    "postgresql": "(SELECT max(q.updated_at) FROM json_array_elements_text(a.question_ids) j(id)"
    " JOIN question q ON q.id = j.id::bigint)",
}
#: Whether an answer was checked (immediate feedback): a mark in its grading's JSON, read apart
#: per database. A check changes neither the answer nor its save time, so the stamp counts them.
_IS_CHECKED = {
    "sqlite": "json_extract(result, '$.checked') IS NOT NULL",
    "postgresql": "(result->>'checked') IS NOT NULL",
}
_PAGE_STAMP = {
    # Not a finding (B608): columns from code; values bound.
    dialect: f"SELECT {_ATTEMPT_AND_SET}, {changed},"  # nosec B608
    " (SELECT count(*) FROM answer WHERE attempt_id = a.id),"
    " (SELECT max(saved_at) FROM answer WHERE attempt_id = a.id),"
    f" (SELECT count(*) FROM answer WHERE attempt_id = a.id AND {_IS_CHECKED[dialect]})"
    f"{_ONE_ATTEMPT}"
    for dialect, changed in _ATTEMPT_QUESTIONS_CHANGED.items()
}


class PageStamp(NamedTuple):
    """An attempt, its set, and the versions of what its quiz page shows: when its questions
    last changed, and how many answers are saved and when the latest was."""

    attempt: AttemptRow
    question_set: SetInfo
    questions_changed_at: datetime | None
    answer_count: int
    last_saved_at: datetime | None
    #: How many of its answers were checked (immediate feedback): each check shows a verdict.
    checked_count: int = 0


def page_stamp(attempt_id: int) -> PageStamp | None:
    """``attempt_with_set`` and the versions its quiz page is cached by, in one statement read
    outside the request's transaction (``database.read_one``): a reload of an unchanged page
    then opens none."""
    row = read_one(_PAGE_STAMP, {"attempt_id": attempt_id})
    if row is None:
        return None
    size, info_size = len(AttemptRow._fields), len(SetInfo._fields)
    changed, count, saved, checked = row[size + info_size :]
    return PageStamp(
        AttemptRow.of(row[:size]),
        SetInfo.of(row[size : size + info_size]),
        as_utc(changed),
        count,
        as_utc(saved),
        checked,
    )


#: When a teacher last overrode one of the attempt's scores (classrooms' regrading).
_OVERRIDDEN = "(SELECT max(n.overridden_at) FROM answer n WHERE n.attempt_id = a.id)"
_STAMP = (
    "SELECT a.user_id, a.guest_key, a.state, a.submitted_at, s.feedback_timing,"
    f" {_QUESTIONS_CHANGED}, a.question_set_id, {_OVERRIDDEN}{_ONE_ATTEMPT}"
)


def stamp(connection, attempt_id: int) -> Stamp | None:
    """Owner, state, submission time and feedback setting of an attempt."""
    rows = driver_rows(connection, _STAMP, {"attempt_id": attempt_id})
    if not rows:
        return None
    user_id, guest_key, state, submitted_at, timing, changed, set_id, overridden = rows[0]
    return Stamp(
        user_id,
        guest_key,
        state,
        as_utc(submitted_at),
        timing,
        as_utc(changed),
        set_id,
        as_utc(overridden),
    )


_LOCK_OPEN = "SELECT id FROM attempt WHERE id = :attempt_id AND state = 'in_progress'"


def lock_open_attempt(connection, attempt_id: int) -> bool:
    """Whether the attempt is still in progress. On PostgreSQL its row stays locked until the
    transaction ends, so saves and other finishes of it wait (SQLite's write lock does that)."""
    sql = _LOCK_OPEN + row_lock(connection, "FOR UPDATE")
    return bool(driver_rows(connection, sql, {"attempt_id": attempt_id}))


# Only an attempt still in progress is closed: a submit racing the time-out scores once.
_CLOSE_ATTEMPT = (
    "UPDATE attempt SET state = 'submitted', finished_by = :finished_by,"
    " submitted_at = :submitted_at, score = :score, max_score = :max_score"
    " WHERE id = :attempt_id AND state = 'in_progress' RETURNING id"
)


def close_attempt(
    connection, attempt_id: int, finished_by: str, now: datetime, score: float, max_score: float
) -> bool:
    """Mark the attempt submitted with its score, if it is still in progress; whether it was."""
    closed = driver_rows(
        connection,
        _CLOSE_ATTEMPT,
        {
            "attempt_id": attempt_id,
            "finished_by": finished_by,
            "submitted_at": stored_time(connection, now),
            "score": score,
            "max_score": max_score,
        },
    )
    return bool(closed)


_DUE_ATTEMPTS = (
    "SELECT id FROM attempt WHERE state = 'in_progress' AND deadline_at IS NOT NULL"
    " AND deadline_at < :cutoff ORDER BY id"
)


def due_attempt_ids(connection, cutoff: datetime) -> list[int]:
    """Attempts in progress whose deadline was before ``cutoff``."""
    rows = driver_rows(connection, _DUE_ATTEMPTS, {"cutoff": stored_time(connection, cutoff)})
    return [attempt_id for (attempt_id,) in rows]


# Not a finding (B608): column names from code; values bound.
_GUEST_ATTEMPTS = f"SELECT {_ATTEMPT_COLUMNS} FROM attempt WHERE guest_key = :guest_key"  # nosec B608


def guest_attempts(connection, guest_key: str) -> list[AttemptRow]:
    """Every attempt a guest's browser made."""
    rows = driver_rows(connection, _GUEST_ATTEMPTS, {"guest_key": guest_key})
    return [AttemptRow.of(row) for row in rows]


_MOVE_GUEST_ATTEMPTS = (
    "UPDATE attempt SET user_id = :user_id, guest_key = NULL WHERE guest_key = :guest_key"
)


def move_guest_attempts(connection, guest_key: str, user_id: int) -> None:
    """Give a guest's attempts to an account."""
    driver_rows(connection, _MOVE_GUEST_ATTEMPTS, {"guest_key": guest_key, "user_id": user_id})


# ---- Answers -----------------------------------------------------------------------------------

_ANSWERS = (
    "SELECT question_id, value, saved_at, score, result FROM answer WHERE attempt_id = :attempt_id"
)


def answers(connection, attempt_id: int) -> dict[int, SavedAnswer]:
    """Question id → the answer saved for it."""
    rows = driver_rows(connection, _ANSWERS, {"attempt_id": attempt_id})
    return {
        question_id: SavedAnswer(
            question_id, json_value(value), as_utc(saved_at), score, json_value(result)
        )
        for question_id, value, saved_at, score, result in rows
    }


_SAVE_TARGET = (
    "SELECT a.user_id, a.guest_key, a.state, a.deadline_at, a.question_ids, a.seed,"
    " q.id, q.type, q.spec, s.feedback_timing, n.value, n.saved_at, n.result"
    " FROM attempt a JOIN question_set s ON s.id = a.question_set_id"
    " LEFT JOIN question q ON q.id = :question_id"
    " LEFT JOIN answer n ON n.attempt_id = a.id AND n.question_id = :question_id"
    " WHERE a.id = :attempt_id"
)


def save_target(connection, attempt_id: int, question_id: int) -> SaveTarget | None:
    """The attempt an autosave writes to and the question it answers (None if no attempt)."""
    # Locked on PostgreSQL (FOR UPDATE, not SHARE: two expired saves each upgrading a shared
    # lock would deadlock), so a submit waits for a save that already saw the attempt open.
    rows = driver_rows(
        connection,
        _SAVE_TARGET + row_lock(connection, "FOR UPDATE OF a"),
        {"attempt_id": attempt_id, "question_id": question_id},
    )
    if not rows:
        return None
    row = rows[0]
    return SaveTarget(
        *row[:3],
        as_utc(row[3]),
        json_value(row[4]),
        *row[5:8],
        json_value(row[8]),
        row[9],
        json_value(row[10]),
        as_utc(row[11]),
        json_value(row[12]),
    )


_UPSERT_ANSWER = (
    "INSERT INTO answer (attempt_id, question_id, value, saved_at, score, result)"
    " VALUES (:attempt_id, :question_id, :value, :saved_at, :score, :result)"
    " ON CONFLICT (attempt_id, question_id)"
    " DO UPDATE SET value = excluded.value, saved_at = excluded.saved_at,"
    " score = excluded.score, result = excluded.result"
)


def upsert_answer(
    connection,
    attempt_id: int,
    question_id: int,
    value_json: str,
    now: datetime,
    score: float | None,
    result: dict | None,
) -> None:
    """Store the latest answer to a question with its grading (one row per question)."""
    driver_rows(
        connection,
        _UPSERT_ANSWER,
        {
            "attempt_id": attempt_id,
            "question_id": question_id,
            "value": value_json,
            "saved_at": stored_time(connection, now),
            "score": score,
            "result": None if result is None else json.dumps(result, ensure_ascii=False),
        },
    )


_STORE_GRADING = (
    "UPDATE answer SET score = :score, result = :result"
    " WHERE attempt_id = :attempt_id AND question_id = :question_id"
)


def store_grading(
    connection, attempt_id: int, question_id: int, score: float, result: dict
) -> None:
    """Replace a saved answer's grading (its question changed since it was saved)."""
    driver_rows(
        connection,
        _STORE_GRADING,
        {
            "attempt_id": attempt_id,
            "question_id": question_id,
            "score": score,
            "result": json.dumps(result, ensure_ascii=False),
        },
    )


# ---- Lists for the set cards (home page, reader, set page) ------------------------------------

_SET_CARD_ROWS = (
    "SELECT s.id, s.title_hi, s.title_en, s.passage_id, s.status, s.owner_id,"
    " s.attempts_allowed, s.feedback_timing, count(i.question_id), {skills}"
    " FROM question_set s JOIN question_set_item i ON i.set_id = s.id"
    " JOIN question q ON q.id = i.question_id"
    " {where} GROUP BY s.id, s.title_hi, s.title_en, s.passage_id, s.status, s.owner_id,"
    " s.attempts_allowed, s.feedback_timing ORDER BY s.id"
)


class SetCardRow(NamedTuple):
    """A set with questions, as its card shows it."""

    id: int
    title_hi: str
    title_en: str
    passage_id: int | None
    status: str
    owner_id: int
    attempts_allowed: int | None
    feedback_timing: str
    question_count: int
    skills: tuple[str, ...]


def set_card_rows(connection, passage_id: int | None = None) -> list[SetCardRow]:
    """Every set that has questions (of one passage, if given), with its size and skills."""
    # Distinct skills joined into one text: the aggregate is spelt differently per database.
    skills = (
        "group_concat(DISTINCT q.skill)"
        if connection.dialect.name == "sqlite"
        else "string_agg(DISTINCT q.skill, ',')"
    )
    where = "" if passage_id is None else "WHERE s.passage_id = :passage_id"
    sql = _SET_CARD_ROWS.format(skills=skills, where=where)
    rows = driver_rows(connection, sql, {} if passage_id is None else {"passage_id": passage_id})
    return [
        SetCardRow(*row[:9], tuple(sorted(row[9].split(","))) if row[9] else ()) for row in rows
    ]


_STANDING = {
    # Not a finding (B608): owner clause from code; values bound.
    kind: "SELECT question_set_id,"  # nosec B608
    " max(CASE WHEN state = 'submitted' AND retry_of_id IS NULL AND max_score > 0"
    " THEN score / max_score END),"
    " max(CASE WHEN state = 'in_progress' AND (deadline_at IS NULL OR deadline_at > :cutoff)"
    " THEN id END)"
    f" FROM attempt WHERE {owner} GROUP BY question_set_id"
    for kind, owner in _OWNER.items()
}


class Standing(NamedTuple):
    """Where an owner stands at one set."""

    #: Best whole-attempt score (first attempts, not retries) as a fraction 0..1.
    best: float | None
    #: The attempt in progress whose deadline is after the cutoff (at most one: a unique index).
    open_attempt_id: int | None


def standings(connection, owner: OwnerKey, cutoff: datetime) -> dict[int, Standing]:
    """Set id → the owner's best score and attempt in progress there, in one statement (the
    home page and the reader ask on every view)."""
    kind, key = owner
    params = {"owner": key, "cutoff": stored_time(connection, cutoff)}
    return {
        set_id: Standing(best, open_id)
        for set_id, best, open_id in driver_rows(connection, _STANDING[kind], params)
    }


_FINISHED_ATTEMPTS = {
    # Not a finding (B608): columns and owner clause from code.
    kind: f"SELECT {_ATTEMPT_COLUMNS} FROM attempt"  # nosec B608
    f" WHERE {owner} AND question_set_id = :set_id AND state = 'submitted'"
    " ORDER BY submitted_at DESC, id DESC LIMIT :limit"
    for kind, owner in _OWNER.items()
}


def finished_attempts(connection, set_id: int, owner: OwnerKey, limit: int) -> list[AttemptRow]:
    """The owner's finished attempts at a set, newest first."""
    kind, key = owner
    params = {"owner": key, "set_id": set_id, "limit": limit}
    return [AttemptRow.of(row) for row in driver_rows(connection, _FINISHED_ATTEMPTS[kind], params)]


# ---- Due dates ("after the due date" feedback) ---------------------------------------------------

# The classroom feature's tables, read here without importing it (it sits above attempts).
_LATEST_DUE = (
    "SELECT max(a.due_at) FROM assignment a"
    " JOIN class_member m ON m.class_id = a.class_id"
    " WHERE m.user_id = :user_id AND a.question_set_id = :set_id AND a.due_at IS NOT NULL"
)


def latest_due(connection, user_id: int, set_id: int) -> datetime | None:
    """The latest due date of the set among the learner's classes that assigned it (None:
    no class of theirs gave it a due date)."""
    rows = driver_rows(connection, _LATEST_DUE, {"user_id": user_id, "set_id": set_id})
    return as_utc(rows[0][0]) if rows else None


def due_passed(connection, user_id: int, set_id: int, now: datetime) -> bool:
    """Whether the latest due date of the set among the learner's classes has passed."""
    due = latest_due(connection, user_id, set_id)
    return due is not None and now > due
