"""Classes and their learners: made by a teacher, joined by code or link, filled from a roster.

Who may do what: a class is its teacher's (and admins'); anyone else asking for it by id gets a
404, whatever id is tried, so another teacher cannot even tell it exists. Learners join with
the class's code; teachers and admins cannot join as learners (their work is not a learner's).

Guessing codes. A code is one of 19**6 (core.join_code); the only way to try one is through
``class_for_code`` / ``join_class``, and every try that names a code is counted in the
database (quizapp.throttle) per account and per address, before the code is looked up: past
``JOIN_LIMITS`` a try is refused (429) even with the right code, until the window ends. The
per-account limit is what stops a guesser (20 an hour: with 1,000 open classes, even odds of
hitting one take about 70 days of non-stop guessing); the per-address one is a generous second
line, since a whole school shares one address. Text that cannot be a code at all (a vowel, a
0) reveals nothing and is not counted.

Rosters are load → validate → apply (core.roster): ``preview_roster`` says what a file would do
and writes nothing; ``import_roster`` reads the file again and applies it in one transaction,
or not at all. Learners are matched by username, so the same file twice changes nothing. New
accounts get generated passwords, hashed (Argon2id, auth.services) before the write; the plain
passwords exist only in the returned ``RosterResult``, for the login slips page to show once.

Membership helpers for the other classroom features (assignments, gradebook, live lessons):
``is_member``, ``classes_of_learner``, ``learner_ids``, ``teacher_can_see_learner``.
"""

import zoneinfo
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Literal

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from quizapp.auth.models import HasRole, User
from quizapp.auth.services import clean_username, hash_password, is_valid_username, username_key
from quizapp.classrooms.models import DEFAULT_TIME_ZONE, ClassMember, Classroom
from quizapp.core.join_code import new_join_code, normalize_join_code
from quizapp.core.roster import RosterProblem, generate_password, parse_roster
from quizapp.database import utcnow, write_transaction
from quizapp.exceptions import Conflict, DomainError, NotAllowed, NotFound
from quizapp.extensions import db
from quizapp.throttle import Limit, check_and_count

MAX_NAME = 120
#: Join tries that name a code (right or wrong), per account and per address, per hour.
JOIN_LIMIT_PER_ACCOUNT = Limit(20, 3600)
JOIN_LIMIT_PER_ADDRESS = Limit(300, 3600)
#: New codes tried when one clashes with an existing class (19**6 codes: one try, nearly always).
_CODE_TRIES = 20


class InvalidClass(DomainError):
    """A class name or time zone the class cannot have."""

    status = 422


class RosterRejected(DomainError):
    """A roster file with errors: nothing is written; ``problems`` has each with its line."""

    status = 422

    def __init__(self, problems: tuple[RosterProblem, ...]):
        super().__init__(
            "The roster has errors; nothing was imported.",
            details=[{"line": p.line, "code": p.code, "message": p.message} for p in problems],
        )
        self.problems = problems


# ---- Who may do what -----------------------------------------------------------------------


def require_teacher(user: HasRole | None) -> None:
    """Classes are made and run by teachers and admins (403 for anyone else)."""
    if user is None or not user.is_teacher:
        raise NotAllowed("Only teachers can make and run classes.")


def _owns(user: HasRole, classroom: Classroom) -> bool:
    return user.is_admin or classroom.teacher_id == user.id


@cache
def time_zones() -> tuple[str, ...]:
    """The IANA time zones a class may be in, sorted (tzdata's list)."""
    return tuple(sorted(zoneinfo.available_timezones()))


def _checked_name(name) -> str:
    if not isinstance(name, str) or not name.strip():
        raise InvalidClass("A class needs a name.")
    name = " ".join(name.split())
    if len(name) > MAX_NAME:
        raise InvalidClass(f"A class name has at most {MAX_NAME} characters.")
    return name


def _checked_zone(time_zone) -> str:
    if time_zone is None or time_zone == "":
        return DEFAULT_TIME_ZONE
    if not isinstance(time_zone, str) or time_zone not in time_zones():
        raise InvalidClass(f"Unknown time zone {str(time_zone)[:64]!r}; use an IANA name.")
    return time_zone


# ---- A teacher's classes -------------------------------------------------------------------


@dataclass(frozen=True)
class ClassSummary:
    """A class as a list shows it."""

    classroom: Classroom
    learners: int


def create_class(user: HasRole, name, time_zone=None) -> Classroom:
    """A new class of ``user``'s with a fresh join code (a clash with another class: new code)."""
    require_teacher(user)
    name, time_zone = _checked_name(name), _checked_zone(time_zone)
    for _ in range(_CODE_TRIES):
        code = new_join_code()
        try:
            with write_transaction():
                taken = db.session.scalar(select(Classroom.id).where(Classroom.join_code == code))
                if taken is not None:
                    continue
                classroom = Classroom(
                    teacher_id=user.id, name=name, join_code=code, time_zone=time_zone
                )
                db.session.add(classroom)
        except IntegrityError:  # the same code made at the same moment elsewhere
            continue
        return classroom
    raise Conflict("No free join code was found; try again.")


def list_classes(user: HasRole, archived: bool = False) -> list[ClassSummary]:
    """``user``'s own classes, newest first, with how many learners each has; archived ones
    only when ``archived``."""
    require_teacher(user)
    counts = (
        select(ClassMember.class_id, func.count().label("n"))
        .group_by(ClassMember.class_id)
        .subquery()
    )
    archive = Classroom.archived_at.is_not(None) if archived else Classroom.archived_at.is_(None)
    rows = db.session.execute(
        select(Classroom, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.class_id == Classroom.id)
        .where(Classroom.teacher_id == user.id, archive)
        .order_by(Classroom.created_at.desc(), Classroom.id.desc())
    ).all()
    return [ClassSummary(classroom, count) for classroom, count in rows]


def get_class(user: HasRole | None, class_id: int) -> Classroom:
    """A class its owner (or an admin) asks for; 404 for anyone else, whatever the id."""
    if user is None or not user.is_teacher:
        raise NotFound(f"No class with id {class_id}.")
    classroom = db.session.get(Classroom, class_id)
    if classroom is None or not _owns(user, classroom):
        raise NotFound(f"No class with id {class_id}.")
    return classroom


def update_class(user: HasRole, class_id: int, name=None, time_zone=None) -> Classroom:
    """Rename a class or change its time zone (None: unchanged)."""
    require_teacher(user)
    name = None if name is None else _checked_name(name)
    time_zone = None if time_zone is None else _checked_zone(time_zone)
    with write_transaction():
        classroom = get_class(user, class_id)
        if name is not None:
            classroom.name = name
        if time_zone is not None:
            classroom.time_zone = time_zone
    return classroom


def set_archived(user: HasRole, class_id: int, archived: bool) -> Classroom:
    """Archive a class (it takes no joins and leaves the main list) or bring it back."""
    require_teacher(user)
    with write_transaction():
        classroom = get_class(user, class_id)
        if archived and classroom.archived_at is None:
            classroom.archived_at = utcnow()
        elif not archived:
            classroom.archived_at = None
    return classroom


@dataclass(frozen=True)
class Member:
    """A learner of a class, as the class page lists them."""

    user_id: int
    username: str
    display_name: str
    joined_at: datetime

    @property
    def name(self) -> str:
        """The roster's name, else the username."""
        return self.display_name or self.username


def list_members(user: HasRole, class_id: int) -> list[Member]:
    """The learners of a class (its owner or an admin), by name."""
    get_class(user, class_id)
    rows = db.session.execute(
        select(User.id, User.username, User.display_name, ClassMember.joined_at)
        .join(ClassMember, ClassMember.user_id == User.id)
        .where(ClassMember.class_id == class_id)
    ).all()
    members = [Member(*row) for row in rows]
    return sorted(members, key=lambda m: (m.name.casefold(), m.user_id))


def remove_learner(user: HasRole, class_id: int, learner_id: int) -> None:
    """Take a learner out of a class (their account and work stay); 404 if not in it."""
    require_teacher(user)
    with write_transaction():
        get_class(user, class_id)
        removed = db.session.execute(
            delete(ClassMember).where(
                ClassMember.class_id == class_id, ClassMember.user_id == learner_id
            )
        ).rowcount
        if not removed:
            raise NotFound(f"No learner with id {learner_id} in this class.")


# ---- Joining -------------------------------------------------------------------------------


def join_limits(user_id: int | None, address: str) -> dict[str, Limit]:
    """The buckets a join try counts in: the account's (if signed in) and the address's."""
    limits = {f"join:ip:{address}": JOIN_LIMIT_PER_ADDRESS}
    if user_id is not None:
        limits[f"join:user:{user_id}"] = JOIN_LIMIT_PER_ACCOUNT
    return limits


def class_for_code(user_id: int | None, text: str, address: str = "") -> Classroom:
    """The open class a typed code names, counted against the throttle; 404 if none."""
    code = normalize_join_code(text or "")
    if code is None:
        raise NotFound("That is not a class code. A code has six letters, like BCD-FGH.")
    check_and_count(
        join_limits(user_id, address),
        "Too many class codes were tried just now. Wait a while, then try again.",
    )
    classroom = db.session.scalar(select(Classroom).where(Classroom.join_code == code))
    if classroom is None:
        raise NotFound("No class has that code. Check it with your teacher.")
    return classroom


def join_class(user: HasRole, text: str, address: str = "") -> tuple[Classroom, bool]:
    """Join the class a code names: (the class, True if joined now; False if already in it)."""
    if user.is_teacher:
        raise NotAllowed("Teachers and admins cannot join a class as learners.")
    classroom = class_for_code(user.id, text, address)
    if classroom.archived_at is not None:
        raise Conflict("This class is archived and takes no new learners.")
    try:
        with write_transaction():
            if is_member(classroom.id, user.id):
                return classroom, False
            db.session.add(ClassMember(class_id=classroom.id, user_id=user.id))
    except IntegrityError:  # the same learner joining twice at the same moment
        return classroom, False
    return classroom, True


# ---- Membership, for the other classroom features ------------------------------------------


def is_member(class_id: int, user_id: int) -> bool:
    """Whether the user is a learner of the class."""
    found = db.session.scalar(
        select(ClassMember.user_id).where(
            ClassMember.class_id == class_id, ClassMember.user_id == user_id
        )
    )
    return found is not None


def classes_of_learner(user_id: int, include_archived: bool = False) -> list[Classroom]:
    """The classes a learner is in (archived ones only when asked), by name."""
    query = (
        select(Classroom)
        .join(ClassMember, ClassMember.class_id == Classroom.id)
        .where(ClassMember.user_id == user_id)
        .order_by(Classroom.name, Classroom.id)
    )
    if not include_archived:
        query = query.where(Classroom.archived_at.is_(None))
    return list(db.session.scalars(query))


def learner_ids(class_id: int) -> list[int]:
    """The user ids of a class's learners."""
    query = select(ClassMember.user_id).where(ClassMember.class_id == class_id)
    return sorted(db.session.scalars(query))


def teacher_can_see_learner(teacher: HasRole, learner_id: int) -> bool:
    """True for admins, and for a teacher with the learner in one of their classes."""
    if teacher.is_admin:
        return True
    if not teacher.is_teacher:
        return False
    found = db.session.scalar(
        select(ClassMember.user_id)
        .join(Classroom, Classroom.id == ClassMember.class_id)
        .where(Classroom.teacher_id == teacher.id, ClassMember.user_id == learner_id)
        .limit(1)
    )
    return found is not None


# ---- Roster import -------------------------------------------------------------------------

RosterState = Literal["new", "member"]


@dataclass(frozen=True)
class RosterLine:
    """A learner of the file and what importing does for them: a new account, or nothing (in
    the class already). An existing account outside the class is refused: a roster must not
    let a teacher put someone else's learner in their class and see their work; that learner
    joins with the code."""

    line: int
    name: str
    username: str
    state: RosterState
    username_generated: bool
    user_id: int | None = None


@dataclass(frozen=True)
class RosterPlan:
    """What a roster file does to a class."""

    lines: tuple[RosterLine, ...]
    warnings: tuple[RosterProblem, ...]

    def count(self, state: RosterState) -> int:
        """How many lines are in ``state``."""
        return sum(1 for line in self.lines if line.state == state)


@dataclass(frozen=True)
class LoginSlip:
    """What a new learner needs to sign in; the password is shown once and never stored."""

    name: str
    username: str
    password: str


@dataclass(frozen=True)
class RosterResult:
    """What an import did; ``slips`` for the new accounts."""

    plan: RosterPlan
    slips: tuple[LoginSlip, ...]


def _plan(classroom: Classroom, data: bytes) -> RosterPlan:
    members = set(learner_ids(classroom.id))

    def account(username: str):
        key = username_key(clean_username(username))
        return db.session.execute(
            select(User.id, User.role).where(User.username_key == key)
        ).first()

    def taken(username: str) -> bool:
        found = account(username)
        return found is not None and found.id not in members

    roster = parse_roster(data, taken)
    if not roster.ok:
        raise RosterRejected(roster.errors)
    problems: list[RosterProblem] = []
    lines: list[RosterLine] = []
    seen: set[str] = set()
    for row in roster.rows:
        username = clean_username(row.username)
        key = username_key(username)
        if not is_valid_username(username) or key in seen:
            message = f"The username “{row.username}” cannot be used (or is twice in the file)."
            problems.append(RosterProblem(row.line, "bad_username", message, row.username))
            continue
        seen.add(key)
        found = account(username)
        if found is None:
            state, user_id = "new", None
        elif found.role != "learner":
            message = f"The username “{username}” belongs to a teacher's account."
            problems.append(RosterProblem(row.line, "not_a_learner", message, username))
            continue
        elif found.id not in members:
            message = (
                f"The username “{username}” belongs to an account outside this class: leave it "
                "out and give that learner the join code."
            )
            problems.append(RosterProblem(row.line, "not_in_class", message, username))
            continue
        else:
            state, user_id = "member", found.id
        lines.append(
            RosterLine(row.line, row.name, username, state, row.username_generated, user_id)
        )
    if problems:
        raise RosterRejected(tuple(problems))
    return RosterPlan(tuple(lines), roster.warnings)


def preview_roster(user: HasRole, class_id: int, data: bytes) -> RosterPlan:
    """What importing the file would do (nothing written); ``RosterRejected`` if it has errors."""
    require_teacher(user)
    return _plan(get_class(user, class_id), data)


def import_roster(user: HasRole, class_id: int, data: bytes) -> RosterResult:
    """Apply a roster in one transaction: new learner accounts with generated passwords, and
    every learner of the file in the class. The same file again changes nothing."""
    require_teacher(user)
    classroom = get_class(user, class_id)
    plan = _plan(classroom, data)
    new = [line for line in plan.lines if line.state == "new"]
    passwords = {line.username: generate_password(line.username) for line in new}
    hashes = {name: hash_password(password) for name, password in passwords.items()}  # slow
    try:
        with write_transaction():
            if db.session.get(Classroom, class_id) is None:
                raise NotFound(f"No class with id {class_id}.")
            for line in new:
                account = User(
                    username=line.username,
                    username_key=username_key(line.username),
                    password_hash=hashes[line.username],
                    role="learner",
                    display_name=line.name[:120],
                )
                db.session.add(account)
                db.session.flush()
                db.session.add(ClassMember(class_id=class_id, user_id=account.id))
    except IntegrityError:
        raise Conflict(
            "Someone took one of these usernames just now; nothing was imported. Upload the "
            "file again."
        ) from None
    slips = tuple(LoginSlip(line.name, line.username, passwords[line.username]) for line in new)
    return RosterResult(plan, slips)
