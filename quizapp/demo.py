"""Demo data for the progress page: a learner with six weeks of realistic finished quizzes.
Used only by ``flask --app quizapp seed-demo`` (quizapp/cli.py); no page or API imports it.

Every attempt goes through the real services — start, autosave each answer (graded as it is
saved), submit, "try the missed ones again" — so results pages and progress numbers are exactly
what a real learner's would be. Only the timestamps are moved back afterwards, to spread the
work over the six weeks before now. The learner improves over time, finds inference hardest,
skips some days, once leaves a quiz open for hours, and is on a streak up to today.
"""

import random
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import delete, select

from quizapp.attempts.models import Attempt
from quizapp.attempts.services import (
    Learner,
    attempt_submitted,
    retry_missed,
    save_answer,
    start_attempt,
    submit_attempt,
)
from quizapp.auth.models import User
from quizapp.auth.services import create_user, hash_password, username_key
from quizapp.core.grading import get_type
from quizapp.core.presentation import shown_order
from quizapp.database import utcnow, write_transaction
from quizapp.exceptions import Conflict, DomainError
from quizapp.extensions import db
from quizapp.progress.services import learner_progress, set_catalogue
from quizapp.questions.models import QuestionSet
from quizapp.words.models import Word
from quizapp.words.services import DemoWords, seed_demo_words

#: The seeded sets in the order a learner would meet them; other published sets come after.
PREFERRED = (
    "blinken-vocabulary",
    "blinken-understanding",
    "blinken-main-ideas",
    "blinken-translation",
)
#: (days before today, index into the sets above): 30 quizzes on 27 of the last 42 days, with
#: gaps, a longest run of 6 days and a current one of 5 ending today.
PLAN = (
    (41, 0), (40, 0), (40, 1), (38, 1), (37, 0), (35, 2), (33, 1), (32, 0), (31, 3),
    (28, 2), (27, 1), (24, 3), (23, 0), (22, 2), (21, 1), (20, 3), (19, 0),
    (17, 1), (15, 2), (14, 3), (13, 1), (10, 0), (9, 2), (9, 3),
    (4, 1), (3, 3), (2, 2), (1, 0), (1, 1), (0, 2),
)  # fmt: skip
#: Days (before today) on which the learner retries the missed questions of that day's quiz.
RETRY_DAYS = (27, 13)
#: The day a quiz is left open in a tab for hours before being submitted.
ABANDONED_DAY = 22
#: Chance of a right answer per skill: (six weeks ago, today). Inference stays the weak spot.
ABILITY = {
    "vocabulary": (0.50, 0.92),
    "literal": (0.45, 0.85),
    "main_idea": (0.40, 0.75),
    "inference": (0.22, 0.50),
    "translation": (0.15, 0.62),
}
SPAN_DAYS = 41


@dataclass
class DemoSummary:
    """What seed-demo made, for the command to print."""

    username: str
    password: str
    user_id: int
    replaced: bool
    quizzes: int = 0
    retries: int = 0
    first_day: object = None
    sets: list[str] = field(default_factory=list)
    headline: list[str] = field(default_factory=list)
    words: DemoWords | None = None

    def lines(self) -> list[str]:
        """The report, one line each."""
        verb = "Replaced the attempts of" if self.replaced else "Created"
        return [
            f"{verb} demo learner {self.username!r} (id {self.user_id}), password: {self.password}",
            f"{self.quizzes} finished quizzes and {self.retries} retries of missed questions "
            f"since {self.first_day}, over the sets: {', '.join(self.sets)}.",
            *self.headline,
            *(
                [
                    f"My words: {self.words.added} words added with {self.words.reviews} "
                    f"reviews; {self.words.due} cards due now."
                ]
                if self.words
                else []
            ),
            "Sign in as this learner and open /progress to see them.",
        ]


def seed_demo(
    username: str = "demo",
    password: str | None = None,
    *,
    replace: bool = False,
    now: datetime | None = None,
    seed: int = 12,
) -> DemoSummary:
    """Make (or with ``replace``, remake) a demo learner with six weeks of finished quizzes."""
    sets = _demo_sets()
    password = password or secrets.token_urlsafe(9)
    user, replaced = _demo_user(username, password, replace)
    now = now or utcnow()
    # Not a finding (B311): made-up demo history, not a secret.
    rng = random.Random(seed)  # nosec B311
    summary = DemoSummary(
        username=user.username,
        password=password,
        user_id=user.id,
        replaced=replaced,
        sets=[s.title_en or s.title_hi for s in sets],
    )
    learner = Learner(user_id=user.id)
    today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    previous_end: dict[int, datetime] = {}
    # My words gets a designed review history below (seed_demo_words) rather than words
    # stamped "now" by each submit; the quizzes are scanned on the first visit to My words.
    with attempt_submitted.muted():
        _take_quizzes(sets, learner, rng, today, now, previous_end, summary)
    summary.first_day = (today - timedelta(days=max(d for d, _ in PLAN))).date()
    summary.words = seed_demo_words(user.id, now)
    summary.headline = _headline(learner_progress(user.id, now))
    return summary


def _take_quizzes(sets, learner, rng, today, now, previous_end, summary) -> None:
    """Every quiz of ``PLAN``, on its day, with the retries of ``RETRY_DAYS``."""
    for days_ago, index in PLAN:
        info = sets[index % len(sets)]
        day = today - timedelta(days=days_ago)
        start = previous_end.get(days_ago, day + timedelta(hours=11, minutes=rng.randint(0, 240)))
        skill_at = 1 - days_ago / SPAN_DAYS
        attempt, _created = start_attempt(info.set_id, learner)
        end = _take(
            attempt, learner, rng, skill_at, start, now, abandoned=days_ago == ABANDONED_DAY
        )
        summary.quizzes += 1
        previous_end[days_ago] = end + timedelta(minutes=rng.randint(3, 12))
        if days_ago in RETRY_DAYS:
            retry = retry_missed(attempt.id, learner)
            end = _take(retry, learner, rng, skill_at + 0.15, previous_end[days_ago], now)
            previous_end[days_ago] = end + timedelta(minutes=rng.randint(3, 12))
            summary.retries += 1


def _headline(progress) -> list[str]:
    """The progress page's main numbers for the demo learner, in words."""
    skills = ", ".join(
        f"{s.skill} {s.percent:.0f}%" for s in progress.skills if s.percent is not None
    )
    return [
        f"Streak: {progress.streak.current} days (longest {progress.streak.longest}); "
        f"active on {progress.streak.active_recent} of the last 30 days.",
        f"Average of the last 5 quizzes: {progress.recent_average or 0:.0f}% "
        f"(the 5 before: {progress.previous_average or 0:.0f}%); "
        f"time spent: {progress.time.total_minutes:.0f} minutes.",
        f"Skills: {skills}; practise next: {progress.practise_next.skill or 'any set'}.",
    ]


def _demo_sets():
    """The published sets with questions, the seeded ones first in learning order."""
    available = [s for s in set_catalogue(set()) if s.available]
    if not available:
        raise DomainError("No published question sets: run `flask --app quizapp init-db` first.")
    order = {
        set_id: PREFERRED.index(external)
        for set_id, external in db.session.execute(
            select(QuestionSet.id, QuestionSet.external_id).where(
                QuestionSet.external_id.in_(PREFERRED)
            )
        )
    }
    return sorted(available, key=lambda s: (order.get(s.set_id, len(PREFERRED)), s.set_id))


def _demo_user(username: str, password: str, replace: bool) -> tuple[User, bool]:
    """The learner to fill: a new account, or the existing one emptied (attempts and words)
    when ``replace``."""
    existing = db.session.scalar(select(User).where(User.username_key == username_key(username)))
    if existing is None:
        return create_user(username, password, "learner"), False
    if not replace:
        raise Conflict(
            f"The user {existing.username!r} already exists; "
            "use --replace to delete its attempts and make new demo ones."
        )
    if existing.role != "learner":
        raise Conflict(f"{existing.username!r} is a {existing.role}, not a learner: not touched.")
    with write_transaction():
        db.session.execute(delete(Attempt).where(Attempt.user_id == existing.id))
        db.session.execute(delete(Word).where(Word.user_id == existing.id))  # cards, reviews too
        user = db.session.get(User, existing.id)
        user.password_hash = hash_password(password)
    return user, True


def _take(attempt, learner, rng, skill_at, start, now, abandoned=False) -> datetime:
    """Answer an attempt like a learner at ``skill_at`` (0..1 through the six weeks) would,
    submit it, and move its times to begin at ``start``; returns when it finished."""
    form = rng.uniform(-0.08, 0.08)  # a good or a bad day
    moment = start
    saved = {}
    for question in attempt.questions:
        low, high = ABILITY.get(question.skill, (0.5, 0.8))
        chance = max(0.05, min(0.98, low + (high - low) * min(1.0, skill_at) + form))
        moment += timedelta(
            seconds=rng.uniform(30, 75) * (1.6 if question.type == "translation" else 1)
        )
        value = _answer(question, attempt.attempt.seed, rng, chance)
        if value is None:
            continue  # left blank
        save_answer(attempt.id, question.id, value, learner)
        saved[question.id] = moment
    if abandoned:
        moment += timedelta(hours=3)  # left open in a tab, submitted in the evening
    end = moment + timedelta(seconds=rng.uniform(20, 60))
    if end > now - timedelta(minutes=2):
        shift = end - (now - timedelta(minutes=2))
        start, end = start - shift, end - shift
        saved = {qid: at - shift for qid, at in saved.items()}
    submit_attempt(attempt.id, learner)
    with write_transaction():
        row = db.session.get(Attempt, attempt.id)
        row.started_at, row.submitted_at = start, end
        for answer in row.answers:
            answer.saved_at = saved.get(answer.question_id, start)
    return end


def _answer(question, seed: str, rng: random.Random, chance: float):
    """An answer in the shown order: right with probability ``chance``, else wrong or partly
    right, or now and then None (left blank)."""
    qtype = get_type(question.type)
    roll = rng.random()
    if roll < chance:
        canonical = qtype.correct_answer(question.spec)
    elif roll > 0.97:
        return None
    else:
        canonical = _WRONG[question.type](
            question.spec, qtype.correct_answer(question.spec), rng, chance
        )
        if qtype.grade(question.spec, canonical).error is not None:
            return None  # no wrong answer of the right shape (e.g. every option is correct)
    order = shown_order(qtype, question.spec, f"{seed}:{question.id}")
    if order is None or not isinstance(canonical, list):
        return canonical
    position = {index: shown for shown, index in enumerate(order)}
    return [position.get(i, i) for i in canonical]


def _wrong_choice(spec, key, rng, _chance):
    return rng.choice([i for i in range(len(spec["options"])) if i != key])


def _wrong_multi(spec, key, rng, _chance):
    wrong = [i for i in range(len(spec["options"])) if i not in key]
    picks = rng.sample(key, max(1, len(key) - 1)) if len(key) > 1 else []
    if wrong and (not picks or rng.random() < 0.5):
        picks.append(rng.choice(wrong))
    return sorted(picks)


def _wrong_cloze(spec, key, rng, chance):
    # Some blanks right, the others with a typical learner's guess.
    return [k if rng.random() < chance else "पता नहीं" for k in key] if len(key) > 1 else ["?"]


def _swap_two(_spec, key, rng, _chance):
    out = list(key)
    i = rng.randrange(len(out) - 1)
    out[i], out[i + 1] = out[i + 1], out[i]
    return out


def _partial_translation(_spec, key, rng, chance):
    words = key.split()
    keep = max(1, round(len(words) * (0.2 + 0.5 * chance * rng.uniform(0.6, 1.1))))
    return " ".join(words[:keep])


#: A wrong (or partly right) canonical answer per question type, from its key.
_WRONG = {
    "mcq": _wrong_choice,
    "multi": _wrong_multi,
    "true_false": lambda _spec, key, _rng, _chance: not key,
    "numeric": lambda _spec, key, rng, _chance: key * 2 + rng.randint(3, 9),
    "short_answer": lambda _spec, _key, _rng, _chance: "पता नहीं",
    "cloze": _wrong_cloze,
    "matching": _swap_two,
    "ordering": _swap_two,
    "translation": _partial_translation,
}
