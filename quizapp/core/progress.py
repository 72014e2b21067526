"""A learner's progress, computed from their finished attempts: pure values in, pure values out.

Nothing here reads the database or the clock: the caller passes the attempts, the sets that
exist, the days of other activity (word reviews) and "now", so tests run on a fixed clock.

Definitions (the page and ``GET /api/v1/me/progress`` show exactly these numbers):

- **Percent** of an attempt: its score over its max score. *Retries* ("try the missed ones
  again", only the missed questions) are left out of the score history and of mastery — their
  percent is not comparable with a whole set's — but their answers count for skills, their time
  for time spent and their day for the streak.
- **Skill breakdown**: for each of the five skills, the questions met in finished attempts and
  the points earned over the points possible (an unanswered question scores 0, as in the
  attempt's own score). Every skill is present, with ``percent`` None when none was met.
- **Mastery of a set**: the best percent among the learner's last ``RECENT_ATTEMPTS`` whole
  attempts at it (recent, so an old lucky run does not count for ever). Levels:
  *not started* (no whole attempt), *learning* (below ``GOOD_AT``), *good* (from ``GOOD_AT``),
  *mastered* (from ``MASTERED_AT``).
- **Mastery of a passage**: the mean of its sets' mastery percents, a set not started counting
  0 — a passage is mastered when its quizzes are, not when one of them is. *Not started* while
  none of its sets is.
- **Streak**: days with a finished attempt or other activity, in the caller's time zone. The
  current streak is the run of consecutive active days ending today, or yesterday when today
  has nothing yet (the day is not over); the longest is the longest run ever.
- **Time spent**: each attempt's start-to-finish time, capped at the set's time limit or at
  ``DEFAULT_CAP_MINUTES`` without one, so a tab left open overnight counts an hour, not twelve.
- **Practise next**: the weakest skill among those with at least ``MIN_SKILL_QUESTIONS``
  questions met (ties: in SKILLS order), and up to ``MAX_SUGGESTIONS`` available sets
  with the most questions of that skill, sets not yet mastered first. Before any skill has
  enough questions, the suggestions are sets to get started with, those not started first.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo

from quizapp.core.grading.registry import SKILLS as SKILL_LABELS

#: The skills a question can train, in the order the page lists them.
SKILLS = tuple(SKILL_LABELS)
#: Mastery levels, lowest first.
LEVELS = ("not_started", "learning", "good", "mastered")

GOOD_AT = 60.0
MASTERED_AT = 85.0
#: How many of the latest whole attempts at a set count for its mastery.
RECENT_ATTEMPTS = 3
#: Questions of a skill needed before it can be called the weakest.
MIN_SKILL_QUESTIONS = 5
MAX_SUGGESTIONS = 3
#: Longest an attempt at a set without a time limit counts for time spent.
DEFAULT_CAP_MINUTES = 60
#: The window of "active days in the last N days" and of the day strip.
RECENT_DAYS = 30
#: The window of "time spent in the last N days".
WEEK_DAYS = 7
#: How many whole attempts the recent average (and the one before it) spans.
AVERAGE_OF = 5


# ---- Input -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SetInfo:
    """A question set as progress needs it: titles, passage, limit, questions per skill."""

    set_id: int
    title_hi: str = ""
    title_en: str = ""
    passage_slug: str | None = None
    passage_title_hi: str = ""
    passage_title_en: str = ""
    time_limit_minutes: int | None = None
    question_count: int = 0
    #: (skill, number of questions) pairs; questions without a skill are not counted.
    skill_counts: tuple[tuple[str, int], ...] = ()
    #: Whether the learner can take it now (published, has questions); only these are
    #: suggested and count towards a passage's mastery.
    available: bool = True

    def count(self, skill: str) -> int:
        """Questions of ``skill`` in the set."""
        return sum(n for s, n in self.skill_counts if s == skill)


@dataclass(frozen=True)
class QuestionOutcome:
    """One question of a finished attempt: its skill, score 0..1 (0 if unanswered), points."""

    skill: str | None
    score: float
    points: float = 1.0


@dataclass(frozen=True)
class FinishedAttempt:
    """One finished (submitted or expired) attempt of the learner."""

    attempt_id: int
    set_id: int
    started_at: datetime
    finished_at: datetime
    score: float
    max_score: float
    #: A retry of the missed questions of an earlier attempt.
    is_retry: bool = False
    outcomes: tuple[QuestionOutcome, ...] = ()

    @property
    def percent(self) -> float | None:
        """Score over max score, 0..100; None for an attempt worth nothing."""
        if self.max_score <= 0:
            return None
        return max(0.0, min(100.0, 100.0 * self.score / self.max_score))


# ---- Output ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryPoint:
    """A whole attempt on the score-history chart."""

    attempt_id: int
    set: SetInfo
    finished_at: datetime
    day: date
    percent: float


@dataclass(frozen=True)
class SkillStat:
    """How one skill is going."""

    skill: str
    questions: int
    earned: float
    possible: float
    #: Earned over possible, 0..100; None when no question of the skill was met.
    percent: float | None
    level: str


@dataclass(frozen=True)
class SetMastery:
    """How well the learner knows one set."""

    set: SetInfo
    attempts: int
    #: Best percent of the last RECENT_ATTEMPTS whole attempts; None when not started.
    percent: float | None
    level: str
    last_percent: float | None
    last_finished_at: datetime | None


@dataclass(frozen=True)
class PassageMastery:
    """How well the learner knows one passage's quizzes (slug None: sets without a passage)."""

    slug: str | None
    title_hi: str
    title_en: str
    percent: float
    level: str
    sets: tuple[SetMastery, ...]


@dataclass(frozen=True)
class DayActivity:
    """One day of the recent-days strip."""

    day: date
    active: bool


@dataclass(frozen=True)
class Streak:
    """Consecutive active days."""

    current: int
    longest: int
    active_today: bool
    active_recent: int
    #: The last RECENT_DAYS days, oldest first, today last.
    days: tuple[DayActivity, ...]


@dataclass(frozen=True)
class TimeSpent:
    """Time in quizzes, each attempt capped (see the module docstring)."""

    total_minutes: float
    recent_minutes: float
    attempts: int


@dataclass(frozen=True)
class Suggestion:
    """A set to practise next."""

    set: SetInfo
    #: Questions of the suggested skill in the set (all its questions when getting started).
    questions: int
    mastery: SetMastery


@dataclass(frozen=True)
class PractiseNext:
    """What to do next: ``reason`` is "weakest_skill" (``skill`` set) or "get_started"."""

    reason: str
    skill: str | None
    skill_percent: float | None
    sets: tuple[Suggestion, ...]
    #: Skills some available set trains that the learner has not met yet.
    untried: tuple[str, ...]


@dataclass(frozen=True)
class Progress:
    """Everything the progress page and API show."""

    today: date
    quizzes_finished: int
    retries_finished: int
    questions_answered: int
    #: Mean percent of the latest AVERAGE_OF whole attempts, and of the AVERAGE_OF before them.
    recent_average: float | None
    previous_average: float | None
    history: tuple[HistoryPoint, ...]
    skills: tuple[SkillStat, ...]
    mastery: tuple[PassageMastery, ...]
    streak: Streak
    time: TimeSpent
    practise_next: PractiseNext

    @property
    def is_empty(self) -> bool:
        """True for a learner who has not finished anything yet."""
        return self.quizzes_finished == 0 and self.retries_finished == 0


# ---- Computing -------------------------------------------------------------------------------


def mastery_level(percent: float | None) -> str:
    """The level for a mastery percent: not_started, learning, good or mastered."""
    if percent is None:
        return "not_started"
    if percent >= MASTERED_AT:
        return "mastered"
    if percent >= GOOD_AT:
        return "good"
    return "learning"


def local_day(moment: datetime, zone: tzinfo = UTC) -> date:
    """The calendar day of ``moment`` in ``zone`` (a naive moment is taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(zone).date()


def compute_progress(
    attempts: Iterable[FinishedAttempt],
    sets: Iterable[SetInfo],
    now: datetime,
    *,
    activity_days: Iterable[date] = (),
    zone: tzinfo = UTC,
) -> Progress:
    """The learner's progress from their finished attempts, as of ``now`` in time zone ``zone``.

    ``sets`` are the sets the learner can see (and any others their attempts are at);
    ``activity_days`` are days of other activity, such as word reviews, for the streak.
    """
    catalogue = {s.set_id: s for s in sets}
    ordered = sorted(attempts, key=lambda a: (a.finished_at, a.attempt_id))
    for attempt in ordered:
        catalogue.setdefault(attempt.set_id, SetInfo(set_id=attempt.set_id, available=False))
    today = local_day(now, zone)
    whole = [a for a in ordered if not a.is_retry and a.percent is not None]
    history = tuple(
        HistoryPoint(
            attempt_id=a.attempt_id,
            set=catalogue[a.set_id],
            finished_at=a.finished_at,
            day=local_day(a.finished_at, zone),
            percent=a.percent,
        )
        for a in whole
    )
    percents = [a.percent for a in whole]
    skills = skill_breakdown(ordered)
    set_mastery = {s.set_id: _set_mastery(s, whole) for s in catalogue.values()}
    days = {local_day(a.finished_at, zone) for a in ordered} | set(activity_days)
    return Progress(
        today=today,
        quizzes_finished=sum(1 for a in ordered if not a.is_retry),
        retries_finished=sum(1 for a in ordered if a.is_retry),
        questions_answered=sum(len(a.outcomes) for a in ordered),
        recent_average=_mean(percents[-AVERAGE_OF:]),
        previous_average=_mean(percents[-2 * AVERAGE_OF : -AVERAGE_OF]),
        history=history,
        skills=skills,
        mastery=passage_mastery(catalogue.values(), set_mastery),
        streak=streak(days, today),
        time=time_spent(ordered, catalogue, today, zone),
        practise_next=practise_next(skills, catalogue.values(), set_mastery),
    )


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def skill_breakdown(attempts: Iterable[FinishedAttempt]) -> tuple[SkillStat, ...]:
    """Per skill (all five, in SKILLS order): questions met, points earned and possible."""
    questions = dict.fromkeys(SKILLS, 0)
    earned = dict.fromkeys(SKILLS, 0.0)
    possible = dict.fromkeys(SKILLS, 0.0)
    for attempt in attempts:
        for outcome in attempt.outcomes:
            if outcome.skill not in questions or outcome.points <= 0:
                continue
            score = max(0.0, min(1.0, outcome.score))
            questions[outcome.skill] += 1
            earned[outcome.skill] += score * outcome.points
            possible[outcome.skill] += outcome.points
    stats = []
    for skill in SKILLS:
        percent = 100.0 * earned[skill] / possible[skill] if possible[skill] else None
        stats.append(
            SkillStat(
                skill=skill,
                questions=questions[skill],
                earned=earned[skill],
                possible=possible[skill],
                percent=percent,
                level=mastery_level(percent),
            )
        )
    return tuple(stats)


def _set_mastery(info: SetInfo, whole: Sequence[FinishedAttempt]) -> SetMastery:
    mine = [a for a in whole if a.set_id == info.set_id]  # oldest first
    recent = [a.percent for a in mine[-RECENT_ATTEMPTS:]]
    percent = max(recent) if recent else None
    return SetMastery(
        set=info,
        attempts=len(mine),
        percent=percent,
        level=mastery_level(percent),
        last_percent=mine[-1].percent if mine else None,
        last_finished_at=mine[-1].finished_at if mine else None,
    )


def passage_mastery(
    sets: Iterable[SetInfo], set_mastery: dict[int, SetMastery]
) -> tuple[PassageMastery, ...]:
    """Per passage, in the order its first set comes: the mean of its sets' mastery.

    A set counts when it is available or the learner has taken it; a passage with none such is
    left out. Sets without a passage form one group with slug None, listed last.
    """
    groups: dict[str | None, list[SetMastery]] = {}
    for info in sets:
        mastery = set_mastery[info.set_id]
        if info.available or mastery.attempts:
            groups.setdefault(info.passage_slug, []).append(mastery)
    out = []
    for slug in sorted(groups, key=lambda s: s is None):
        members = tuple(groups[slug])
        started = [m.percent for m in members if m.percent is not None]
        percent = sum(started) / len(members)
        first = members[0].set
        out.append(
            PassageMastery(
                slug=slug,
                title_hi=first.passage_title_hi,
                title_en=first.passage_title_en,
                percent=percent,
                level=mastery_level(percent) if started else "not_started",
                sets=members,
            )
        )
    return tuple(out)


def streak(days: Iterable[date], today: date) -> Streak:
    """Current and longest runs of consecutive active days, and the recent-days strip.

    Days after ``today`` (a skewed clock) are ignored.
    """
    active = {d for d in days if d <= today}
    yesterday = today - timedelta(days=1)
    end = today if today in active else yesterday if yesterday in active else None
    current = 0
    while end is not None and end - timedelta(days=current) in active:
        current += 1
    longest = run = 0
    previous = None
    for day in sorted(active):
        run = run + 1 if previous is not None and day - previous == timedelta(days=1) else 1
        longest = max(longest, run)
        previous = day
    window = [today - timedelta(days=n) for n in range(RECENT_DAYS - 1, -1, -1)]
    return Streak(
        current=current,
        longest=longest,
        active_today=today in active,
        active_recent=sum(1 for d in window if d in active),
        days=tuple(DayActivity(day=d, active=d in active) for d in window),
    )


def attempt_minutes(attempt: FinishedAttempt, info: SetInfo | None) -> float:
    """Minutes an attempt counts for: start to finish, 0 at least, capped (module docstring)."""
    limit = info.time_limit_minutes if info is not None else None
    cap = limit if limit and limit > 0 else DEFAULT_CAP_MINUTES
    minutes = (attempt.finished_at - attempt.started_at).total_seconds() / 60
    return max(0.0, min(float(cap), minutes))


def time_spent(
    attempts: Iterable[FinishedAttempt],
    catalogue: dict[int, SetInfo],
    today: date,
    zone: tzinfo = UTC,
) -> TimeSpent:
    """Total capped minutes in quizzes, and those finished in the last WEEK_DAYS days."""
    since = today - timedelta(days=WEEK_DAYS - 1)
    total = recent = 0.0
    count = 0
    for attempt in attempts:
        minutes = attempt_minutes(attempt, catalogue.get(attempt.set_id))
        total += minutes
        count += 1
        if since <= local_day(attempt.finished_at, zone) <= today:
            recent += minutes
    return TimeSpent(total_minutes=total, recent_minutes=recent, attempts=count)


def practise_next(
    skills: Sequence[SkillStat], sets: Iterable[SetInfo], set_mastery: dict[int, SetMastery]
) -> PractiseNext:
    """The weakest skill with enough questions and the sets that train it most (docstring)."""
    available = [s for s in sets if s.available]
    trained = {skill for s in available for skill, n in s.skill_counts if n > 0}
    untried = tuple(st.skill for st in skills if st.questions == 0 and st.skill in trained)
    candidates = [
        st
        for st in skills
        if st.questions >= MIN_SKILL_QUESTIONS and st.percent is not None and st.skill in trained
    ]
    weakest = min(candidates, key=lambda st: (st.percent, SKILLS.index(st.skill)), default=None)
    # Mastered all it has tried, with skills still untried: new sets teach more than a
    # mastered one again.
    if weakest is not None and not (weakest.percent >= MASTERED_AT and untried):
        ranked = sorted(
            (s for s in available if s.count(weakest.skill) > 0),
            key=lambda s: (
                set_mastery[s.set_id].level == "mastered",
                -s.count(weakest.skill),
                s.set_id,
            ),
        )
        suggestions = tuple(
            Suggestion(set=s, questions=s.count(weakest.skill), mastery=set_mastery[s.set_id])
            for s in ranked[:MAX_SUGGESTIONS]
        )
        return PractiseNext(
            reason="weakest_skill",
            skill=weakest.skill,
            skill_percent=weakest.percent,
            sets=suggestions,
            untried=untried,
        )
    # Getting started: sets not started first, then the least mastered.
    ranked = sorted(available, key=lambda s: (LEVELS.index(set_mastery[s.set_id].level), s.set_id))
    suggestions = tuple(
        Suggestion(set=s, questions=s.question_count, mastery=set_mastery[s.set_id])
        for s in ranked[:MAX_SUGGESTIONS]
    )
    return PractiseNext(
        reason="get_started", skill=None, skill_percent=None, sets=suggestions, untried=untried
    )
