"""The gradebook: a class's learners × its assignments, and a learner's attempts for the teacher.

A cell is the learner's best score (percent of the set's points) over the attempts that count
for the assignment (``assignments.counted``: submitted, not retries, since the open date), how
many there were, and a late mark when none of them was on time. Averages are over the cells
that have a score (a learner who has not tried an assignment does not pull its column down;
the CSV and the page say so).

A teacher sees a learner's attempt only through a class: the teacher owns the class (or is an
admin), the learner is in it, and the attempt's set is assigned to it. Anything else is a 404,
whatever ids are tried.
"""

import re
import unicodedata
from dataclasses import dataclass
from statistics import fmean

from sqlalchemy import select

from quizapp.attempts.models import Attempt
from quizapp.attempts.services import AttemptView, read_attempt
from quizapp.auth.models import User
from quizapp.classrooms.assignments import (
    Counted,
    class_assignments,
    counted,
    own_class,
)
from quizapp.classrooms.models import Assignment, ClassMember, Classroom
from quizapp.classrooms.services import is_member
from quizapp.core.csv_out import to_csv
from quizapp.database import as_utc
from quizapp.exceptions import NotFound
from quizapp.extensions import db


@dataclass(frozen=True)
class Learner:
    """A row of the gradebook."""

    id: int
    name: str
    username: str


@dataclass(frozen=True)
class Column:
    """An assignment as a column of the gradebook."""

    assignment_id: int
    set_id: int
    title_hi: str
    title_en: str
    due_at: object

    @property
    def title(self) -> str:
        """The set's title: Hindi, else English."""
        return self.title_hi or self.title_en


@dataclass(frozen=True)
class Cell:
    """One learner's standing with one assignment."""

    #: Best score in percent (0..100, one decimal); None when nothing counted.
    best: float | None
    attempts: int
    late: bool


@dataclass(frozen=True)
class Gradebook:
    """A class's gradebook."""

    classroom: Classroom
    learners: list[Learner]
    columns: list[Column]
    cells: dict[tuple[int, int], Cell]
    row_averages: dict[int, float | None]
    column_averages: dict[int, float | None]

    def cell(self, learner_id: int, assignment_id: int) -> Cell:
        """The cell, empty when the learner has not tried the assignment."""
        return self.cells.get((learner_id, assignment_id), EMPTY)


EMPTY = Cell(best=None, attempts=0, late=False)


def members(class_id: int) -> list[Learner]:
    """The class's learners, by name."""
    rows = db.session.scalars(
        select(User)
        .join(ClassMember, ClassMember.user_id == User.id)
        .where(ClassMember.class_id == class_id)
    ).all()
    learners = [Learner(u.id, u.display_name or u.username, u.username) for u in rows]
    return sorted(learners, key=lambda x: (x.name.casefold(), x.username, x.id))


def _percent(fraction: float | None) -> float | None:
    return None if fraction is None else round(fraction * 100, 1)


def _average(values) -> float | None:
    values = [v for v in values if v is not None]
    return round(fmean(values), 1) if values else None


def gradebook(user, class_id: int) -> Gradebook:
    """The class's gradebook (its teacher or an admin; 404 for anyone else)."""
    classroom = own_class(user, class_id)
    learners = members(class_id)
    assignments = class_assignments(class_id)
    columns = [
        Column(
            a.id,
            a.question_set_id,
            a.question_set.title_hi,
            a.question_set.title_en,
            as_utc(a.due_at),
        )
        for a in assignments
    ]
    attempts = _attempts([x.id for x in learners], {a.question_set_id for a in assignments})
    cells: dict[tuple[int, int], Cell] = {}
    for learner in learners:
        for assignment in assignments:
            done: Counted = counted(
                assignment, attempts.get((learner.id, assignment.question_set_id), [])
            )
            if done.attempts:
                cells[(learner.id, assignment.id)] = Cell(
                    _percent(done.best), done.attempts, done.late
                )
    return Gradebook(
        classroom=classroom,
        learners=learners,
        columns=columns,
        cells=cells,
        row_averages={
            x.id: _average(cells.get((x.id, c.assignment_id), EMPTY).best for c in columns)
            for x in learners
        },
        column_averages={
            c.assignment_id: _average(
                cells.get((x.id, c.assignment_id), EMPTY).best for x in learners
            )
            for c in columns
        },
    )


def _attempts(user_ids, set_ids) -> dict[tuple[int, int], list[Attempt]]:
    if not user_ids or not set_ids:
        return {}
    rows = db.session.scalars(
        select(Attempt).where(
            Attempt.user_id.in_(user_ids),
            Attempt.question_set_id.in_(list(set_ids)),
            Attempt.state == "submitted",
        )
    ).all()
    found: dict[tuple[int, int], list[Attempt]] = {}
    for row in rows:
        found.setdefault((row.user_id, row.question_set_id), []).append(row)
    return found


# ---- CSV ---------------------------------------------------------------------------------------


def csv_header(book: Gradebook) -> list[str]:
    """The header row, in words a school office reads (English: the file goes to offices and
    spreadsheets whatever the teacher's interface language; titles stay as written)."""
    header = ["Name", "Username"]
    for column in book.columns:
        header += [
            f"{column.title} — best %",
            f"{column.title} — attempts",
            f"{column.title} — late",
        ]
    return [*header, "Average %"]


def csv_rows(book: Gradebook) -> list[list[object]]:
    """The rows under the header: one per learner, and the column averages."""
    rows: list[list[object]] = []
    for learner in book.learners:
        row: list[object] = [learner.name, learner.username]
        for column in book.columns:
            cell = book.cell(learner.id, column.assignment_id)
            if cell.attempts:
                row += [cell.best, cell.attempts, "late" if cell.late else ""]
            else:
                row += [None, 0, ""]
        rows.append([*row, book.row_averages.get(learner.id)])
    footer: list[object] = ["Average (of learners with a score)", ""]
    for column in book.columns:
        footer += [book.column_averages.get(column.assignment_id), None, None]
    rows.append([*footer, None])
    return rows


def gradebook_csv(book: Gradebook) -> bytes:
    """The gradebook as a spreadsheet file (UTF-8 with BOM, CRLF, formulas neutralised)."""
    return to_csv(csv_header(book), csv_rows(book), decimals=1)


def csv_filename(book: Gradebook) -> str:
    """``gradebook-<class name, ASCII letters and digits>.csv``."""
    ascii_name = (
        unicodedata.normalize("NFKD", book.classroom.name).encode("ascii", "ignore").decode()
    )
    slug = re.sub(r"[^A-Za-z0-9]+", "-", ascii_name).strip("-").lower()[:60]
    return f"gradebook-{slug or f'class-{book.classroom.id}'}.csv"


# ---- A learner's work, for the teacher -------------------------------------------------------


@dataclass(frozen=True)
class LearnerAttempt:
    """One of a learner's attempts at the class's assignments."""

    id: int
    assignment_id: int
    set_id: int
    title_hi: str
    title_en: str
    state: str
    submitted_at: object
    percent: float | None
    late: bool
    retry: bool


def class_learner(user, class_id: int, learner_id: int) -> tuple[Classroom, Learner]:
    """The class and one of its learners (404 for anyone not in it)."""
    classroom = own_class(user, class_id)
    learner = db.session.get(User, learner_id)
    if learner is None or not is_member(class_id, learner_id):
        raise NotFound(f"No learner with id {learner_id} in this class.")
    return classroom, Learner(
        learner.id, learner.display_name or learner.username, learner.username
    )


def learner_attempts(user, class_id: int, learner_id: int):
    """The class, the learner, and their attempts at the class's assignments, newest first."""
    classroom, learner = class_learner(user, class_id, learner_id)
    by_set = {a.question_set_id: a for a in class_assignments(class_id)}
    rows = db.session.scalars(
        select(Attempt).where(
            Attempt.user_id == learner_id, Attempt.question_set_id.in_(list(by_set) or [-1])
        )
    ).all()
    out = []
    for row in rows:
        assignment = by_set[row.question_set_id]
        due = as_utc(assignment.due_at)
        submitted = as_utc(row.submitted_at)
        out.append(
            LearnerAttempt(
                id=row.id,
                assignment_id=assignment.id,
                set_id=row.question_set_id,
                title_hi=assignment.question_set.title_hi,
                title_en=assignment.question_set.title_en,
                state=row.state,
                submitted_at=submitted,
                percent=_percent(row.score / row.max_score) if row.max_score else None,
                late=bool(due is not None and submitted is not None and submitted > due),
                retry=row.retry_of_id is not None,
            )
        )
    out.sort(key=lambda a: (a.submitted_at is None, a.submitted_at), reverse=True)
    return classroom, learner, out


def teacher_attempt(user, class_id: int, attempt_id: int) -> tuple[Classroom, Learner, AttemptView]:
    """A learner's attempt as the teacher may see it: the attempt's learner is in the class
    and its set is assigned to the class; 404 otherwise."""
    classroom = own_class(user, class_id)
    attempt = db.session.get(Attempt, attempt_id)
    if (
        attempt is None
        or attempt.user_id is None
        or not is_member(class_id, attempt.user_id)
        or db.session.scalar(
            select(Assignment.id).where(
                Assignment.class_id == class_id,
                Assignment.question_set_id == attempt.question_set_id,
            )
        )
        is None
    ):
        raise NotFound(f"No attempt with id {attempt_id} in this class.")
    _classroom, learner = class_learner(user, class_id, attempt.user_id)
    view = read_attempt(attempt_id)
    if view is None:  # removed a moment ago
        raise NotFound(f"No attempt with id {attempt_id} in this class.")
    return classroom, learner, view
