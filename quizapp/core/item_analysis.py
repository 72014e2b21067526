"""Item analysis of a question set: Moodle's quiz statistics, figure for figure, and more.

Teachers who know Moodle's statistics report (mod/quiz/report/statistics, computed by
``question/classes/statistics/questions/calculator.php`` and
``mod/quiz/report/statistics/classes/calculator.php``) get the same numbers here, from the
same formulas, checked against Moodle's own fixture (``tests/data/moodle_stats``: 25
attempts × 7 items, every figure to 1e-6). Pure: plain values in, frozen dataclasses out.

Input
    ``attempts``: one mapping per attempt, question id -> :class:`Response` (or a plain
    ``(mark, max_mark)`` pair). Moodle lets a teacher choose first, last, best or all
    attempts; the caller does that choosing and passes the ones to count. A question absent
    from an attempt was not in it: its statistics count the attempts that had it (its ``n``),
    as Moodle does for randomly drawn questions. An unanswered question of a finished attempt
    should be passed with mark 0. ``items`` (optional) gives the order, the max marks, the
    random guess scores and the options of the questions; without it the questions are taken
    in order of first appearance with the largest max mark seen, and only they are totalled.

Item figures (``ItemStats``), Moodle's scales: *facility* = mean mark / max mark (0..1);
*sd* = SD of the mark (n - 1 denominator) / max mark (0..1); *random guess score* as given
(0..1); *intended weight* = 100 × max mark / sum of the max marks; *effective weight* =
100 × √cov(mark, total) / Σ √cov(markᵢ, total) over the items whose covariance is not
negative, None for an item whose covariance is negative (Moodle's "negative covariance");
*discrimination index* = 100 × Pearson correlation of the mark with the rest of the test
(total minus this mark); *discriminative efficiency* = 100 × cov(mark, rest) / covmax, where
covmax pairs the sorted marks with the sorted rests, the largest covariance those values
allow. The intermediate figures Moodle stores (mark variance, rest variance, covariance,
covmax, covariance with the total) are there too, in marks.

Set figures (``SetStats``), in marks: number of attempts, mean, median, SD (n - 1), skewness
and kurtosis (Moodle's k-statistics: k₃ / k₂^1.5 and k₄ / k₂²), Cronbach's alpha as Moodle's
*coefficient of internal consistency* CIC = 100 · p/(p-1) · (1 - Σ var(markᵢ) / k₂) with p
items, *error ratio* ER = 100 · √(1 - CIC/100) and *standard error* = ER · SD / 100. Moodle's
guards are kept: SD needs 2 attempts, skewness and CIC 3, kurtosis 4, CIC 2 items.

Where Moodle would divide by zero, or take the square root of a negative number, the figure
is None, never NaN or infinity: one attempt, everybody scoring the same (SD 0, and then no
discrimination index, efficiency, skewness or CIC), an empty list. Variances of values that
are all equal are exactly 0, not rounding noise, so such noise never becomes an index.

Beyond Moodle
    * Per option of a choice question (``ItemInfo.option_count``): how many chose it, and how
      many of the top and of the bottom 27% of attempts by total (Kelley's groups; the group
      size is 27% of the attempts, rounded; at a tie on the boundary the earlier attempt in
      the input ranks higher, so pass attempts in a stable order).
    * Flags in plain language (:class:`Flag`): a stable ``code``, English text marked with
      ``N_`` for the web layer to translate, the figure, the threshold and the n behind it.
    * The most common wrong typed answers of each question, grouped by a comparison key
      (:func:`quizapp.core.text.answer_key` by default, so हिन्दी and हिंदी are one answer).

Thresholds of the flags, and where Moodle says so
    ========================  ============================================================
    facility ≤ 5%             docs "Quiz report statistics": "5 or less: extremely difficult
                              or something wrong with the question"
    facility ≥ 95%            same table: "95 - 100: extremely easy"
    SD < 1/3 of the maximum   same page: "not generally satisfactory" (not raised with an
                              extreme facility, which already implies it)
    random guess > 40%        same page: "values above 40% are unsatisfactory"
    discrimination < 0        negative: the question works against the test
    discrimination < 30       qbank_statistics helper, NEED_FOR_REVISION_LOWER_THRESHOLD:
                              "very likely" needs checking
    discrimination < 50       NEED_FOR_REVISION_UPPER_THRESHOLD: "likely" needs checking
    efficiency < 15           statistics_table::is_dubious_question (highlighted row)
    covariance with total < 0 calculator.php ``negcovar``: no effective weight
    CIC < 64 / < 75           docs: "below 64% the test as a whole is unsatisfactory",
                              "anything above 75% is satisfactory"
    ========================  ============================================================

Speed: 40 attempts × 30 items take about 4 ms here (a few passes over the marks; the test
allows 1 s).
"""

import math
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from quizapp.core.grading.base import N_
from quizapp.core.text import answer_key

__all__ = [
    "CIC_LOW",
    "CIC_SATISFACTORY",
    "DISCRIMINATION_FAIR",
    "DISCRIMINATION_WEAK",
    "EFFICIENCY_LOW",
    "FACILITY_VERY_HIGH",
    "FACILITY_VERY_LOW",
    "GROUP_FRACTION",
    "RANDOM_GUESS_HIGH",
    "SD_LOW",
    "AnswerGroup",
    "Flag",
    "ItemAnalysis",
    "ItemInfo",
    "ItemStats",
    "OptionStats",
    "Response",
    "SetStats",
    "analyse_items",
    "choice_guess_score",
    "group_answers",
]

QuestionId = Hashable

#: Facility (0..1) at or below which a question is flagged as far too hard or mis-keyed.
FACILITY_VERY_LOW = 0.05
#: Facility (0..1) at or above which a question is flagged as extremely easy.
FACILITY_VERY_HIGH = 0.95
#: SD of the fraction below which a question spreads learners too little.
SD_LOW = 1 / 3
#: Random guess score (0..1) above which guessing pays too well.
RANDOM_GUESS_HIGH = 0.40
#: Discrimination index (percent) below which a question very likely needs checking.
DISCRIMINATION_WEAK = 30.0
#: Discrimination index (percent) below which a question likely needs checking.
DISCRIMINATION_FAIR = 50.0
#: Discriminative efficiency (percent) below which Moodle highlights a question as dubious.
EFFICIENCY_LOW = 15.0
#: CIC (percent) below which the set as a whole is unsatisfactory.
CIC_LOW = 64.0
#: CIC (percent) from which the set is satisfactory.
CIC_SATISFACTORY = 75.0
#: Share of the attempts in each of the top and bottom groups.
GROUP_FRACTION = 0.27

_FLAG_TEXT = {
    "facility_very_low": N_(
        "Almost nobody got this question right: it may be far too hard, or its key may be wrong."
    ),
    "facility_very_high": N_(
        "Almost everybody got this question right: it tells learners apart little."
    ),
    "sd_low": N_("Marks on this question hardly vary, so it cannot tell learners apart well."),
    "random_guess_high": N_("A learner guessing at random would score well on this question."),
    "discrimination_negative": N_(
        "Learners who did worse on the rest of the set did better on this question: check its "
        "key and wording."
    ),
    "discrimination_weak": N_(
        "This question barely separates stronger from weaker learners: it very likely needs "
        "checking."
    ),
    "discrimination_fair": N_(
        "This question separates stronger from weaker learners only moderately: it may need "
        "checking."
    ),
    "efficiency_low": N_(
        "This question discriminates far less than its marks would allow: Moodle marks it as "
        "dubious."
    ),
    "negative_covariance": N_(
        "Marks on this question go against the total, so its effective weight cannot be computed."
    ),
    "distractor_draws_top": N_(
        "This wrong option drew more learners from the top group than from the bottom group: "
        "it may be arguably right, or the question misleading."
    ),
    "distractor_unused": N_("Nobody chose this wrong option: it distracts nobody."),
    "cic_low": N_(
        "The questions of this set do not measure one thing consistently: as a whole the set "
        "is unsatisfactory."
    ),
    "cic_fair": N_("The consistency of this set is below what is considered satisfactory."),
}

_FLAG_LEVEL = {
    "facility_very_low": "warning",
    "facility_very_high": "notice",
    "sd_low": "notice",
    "random_guess_high": "notice",
    "discrimination_negative": "warning",
    "discrimination_weak": "warning",
    "discrimination_fair": "notice",
    "efficiency_low": "warning",
    "negative_covariance": "notice",
    "distractor_draws_top": "warning",
    "distractor_unused": "notice",
    "cic_low": "warning",
    "cic_fair": "notice",
}


@dataclass(frozen=True)
class Response:
    """One attempt's graded answer to one question.

    ``chosen``: the option indices the learner chose (canonical order, as in the spec), for
    choice questions; ``typed``: the text typed, for typed-answer questions.
    """

    mark: float
    max_mark: float
    chosen: tuple[int, ...] = ()
    typed: str | None = None


@dataclass(frozen=True)
class ItemInfo:
    """What the analysis needs of a question beyond its marks.

    ``random_guess_score`` (0..1) is the caller's, as core knows no question types (see
    :func:`choice_guess_score`); ``option_count`` > 0 asks for option counts, and
    ``correct_options`` tells the keys from the distractors.
    """

    question_id: QuestionId
    max_mark: float
    random_guess_score: float | None = None
    option_count: int = 0
    correct_options: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Flag:
    """A plain-language warning about a figure; ``message`` is English marked with ``N_``.

    ``level`` is ``"warning"`` (likely a fault) or ``"notice"`` (worth a look); ``value`` is
    the figure that raised it (on its own scale), ``threshold`` the limit it crossed and
    ``n`` the number of attempts behind the figure.
    """

    code: str
    level: str
    message: str
    value: float | None
    threshold: float | None
    n: int


@dataclass(frozen=True)
class AnswerGroup:
    """Typed answers that share a comparison key: the most frequent spelling and the count."""

    text: str
    count: int


@dataclass(frozen=True)
class OptionStats:
    """How often one option was chosen, overall (of the item's ``n``) and in the groups."""

    index: int
    correct: bool
    count: int
    top: int
    bottom: int
    flags: tuple[Flag, ...] = ()


@dataclass(frozen=True)
class ItemStats:
    """Moodle's statistics of one question, with the extras; None where not computable.

    ``n``: attempts that had the question; ``n_top``/``n_bottom``: how many of the top and
    bottom groups did. Facility, sd and random guess score are fractions (0..1); weights,
    discrimination index and efficiency are percents; the variances and covariances are in
    marks, as Moodle stores them.
    """

    question_id: QuestionId
    n: int
    max_mark: float
    mean_mark: float | None
    facility: float | None
    sd: float | None
    random_guess_score: float | None
    intended_weight: float | None
    effective_weight: float | None
    discrimination_index: float | None
    discriminative_efficiency: float | None
    negative_covariance: bool
    mark_variance: float | None
    other_mark_variance: float | None
    covariance: float | None
    covariance_max: float | None
    covariance_with_total: float | None
    n_top: int
    n_bottom: int
    options: tuple[OptionStats, ...]
    wrong_answers: tuple[AnswerGroup, ...]
    flags: tuple[Flag, ...]


@dataclass(frozen=True)
class SetStats:
    """Moodle's statistics of the attempt totals, in marks (CIC and error ratio: percents)."""

    n: int
    item_count: int
    max_total: float
    mean: float | None
    median: float | None
    sd: float | None
    skewness: float | None
    kurtosis: float | None
    cic: float | None
    error_ratio: float | None
    standard_error: float | None
    flags: tuple[Flag, ...]


@dataclass(frozen=True)
class ItemAnalysis:
    """The whole analysis: the set, its questions in order, and the size of the groups."""

    set: SetStats
    items: tuple[ItemStats, ...]
    group_size: int


def choice_guess_score(credits: Sequence[float]) -> float | None:
    """Random guess score of a one-answer choice question: the mean credit of its options,
    as Moodle's multichoice computes it (1/k with one right option of k); None without any."""
    if not credits:
        return None
    return math.fsum(credits) / len(credits)


def group_answers(
    texts: Iterable[str], key: Callable[[str], str] = answer_key
) -> tuple[AnswerGroup, ...]:
    """Groups typed answers by ``key``, most frequent first (ties: first seen first); each
    group shows its most frequent spelling. Blank answers (empty key) are left out."""
    groups: dict[str, dict[str, int]] = {}
    for text in texts:
        group_key = key(text)
        if not group_key:
            continue
        spellings = groups.setdefault(group_key, {})
        spelling = text.strip()
        spellings[spelling] = spellings.get(spelling, 0) + 1
    result = []
    for spellings in groups.values():
        # max() keeps the first of equal counts, and dicts keep insertion order.
        representative = max(spellings, key=spellings.__getitem__)
        result.append(AnswerGroup(representative, sum(spellings.values())))
    result.sort(key=lambda group: -group.count)  # stable: ties stay in first-seen order
    return tuple(result)


def _flag(code: str, value: float | None, threshold: float | None, n: int) -> Flag:
    return Flag(code, _FLAG_LEVEL[code], _FLAG_TEXT[code], value, threshold, n)


def _as_response(value: Response | tuple[float, float]) -> Response:
    if isinstance(value, Response):
        return value
    mark, max_mark = value
    return Response(float(mark), float(max_mark))


def _mean(values: Sequence[float]) -> float:
    return math.fsum(values) / len(values)


def _sum_of_products(
    xs: Sequence[float], x_mean: float, ys: Sequence[float], y_mean: float
) -> float:
    return math.fsum((x - x_mean) * (y - y_mean) for x, y in zip(xs, ys, strict=True))


def _is_constant(values: Sequence[float]) -> bool:
    return min(values) == max(values)


def _median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def _derive_items(attempts: Sequence[Mapping[QuestionId, Response]]) -> list[ItemInfo]:
    max_marks: dict[QuestionId, float] = {}
    for attempt in attempts:
        for question_id, response in attempt.items():
            max_marks[question_id] = max(
                max_marks.get(question_id, response.max_mark), response.max_mark
            )
    return [ItemInfo(question_id, max_mark) for question_id, max_mark in max_marks.items()]


@dataclass(frozen=True)
class _Moments:
    """Second moments of one item over the attempts that had it (s > 1), in marks."""

    mark_variance: float
    other_variance: float
    covariance: float
    covariance_max: float
    covariance_with_total: float


def _moments(marks: list[float], others: list[float], totals: list[float]) -> _Moments:
    s = len(marks)
    mark_mean, other_mean, total_mean = _mean(marks), _mean(others), _mean(totals)
    marks_constant, others_constant = _is_constant(marks), _is_constant(others)
    mark_variance = 0.0 if marks_constant else _sum_of_products(marks, mark_mean, marks, mark_mean)
    other_variance = (
        0.0 if others_constant else _sum_of_products(others, other_mean, others, other_mean)
    )
    if marks_constant or others_constant:
        covariance = covariance_max = 0.0
    else:
        covariance = _sum_of_products(marks, mark_mean, others, other_mean)
        covariance_max = _sum_of_products(sorted(marks), mark_mean, sorted(others), other_mean)
    if marks_constant or _is_constant(totals):
        covariance_with_total = 0.0
    else:
        covariance_with_total = _sum_of_products(marks, mark_mean, totals, total_mean)
    return _Moments(
        mark_variance / (s - 1),
        other_variance / (s - 1),
        covariance / (s - 1),
        covariance_max / (s - 1),
        covariance_with_total / (s - 1),
    )


def _item_flags(
    facility: float | None,
    sd: float | None,
    guess: float | None,
    discrimination: float | None,
    efficiency: float | None,
    negative_covariance: bool,
    n: int,
) -> tuple[Flag, ...]:
    flags = []
    if facility is not None and facility <= FACILITY_VERY_LOW + 1e-12:
        flags.append(_flag("facility_very_low", facility, FACILITY_VERY_LOW, n))
    elif facility is not None and facility >= FACILITY_VERY_HIGH - 1e-12:
        flags.append(_flag("facility_very_high", facility, FACILITY_VERY_HIGH, n))
    elif sd is not None and sd < SD_LOW:
        flags.append(_flag("sd_low", sd, SD_LOW, n))
    if guess is not None and guess > RANDOM_GUESS_HIGH:
        flags.append(_flag("random_guess_high", guess, RANDOM_GUESS_HIGH, n))
    if discrimination is not None:
        if discrimination < 0:
            flags.append(_flag("discrimination_negative", discrimination, 0.0, n))
        elif discrimination < DISCRIMINATION_WEAK:
            flags.append(_flag("discrimination_weak", discrimination, DISCRIMINATION_WEAK, n))
        elif discrimination < DISCRIMINATION_FAIR:
            flags.append(_flag("discrimination_fair", discrimination, DISCRIMINATION_FAIR, n))
    if efficiency is not None and efficiency < EFFICIENCY_LOW:
        flags.append(_flag("efficiency_low", efficiency, EFFICIENCY_LOW, n))
    if negative_covariance:
        flags.append(_flag("negative_covariance", None, 0.0, n))
    return tuple(flags)


def _options(
    info: ItemInfo,
    rows: list[tuple[int, Response]],
    top: set[int],
    bottom: set[int],
) -> tuple[OptionStats, ...]:
    count = [0] * info.option_count
    top_count = [0] * info.option_count
    bottom_count = [0] * info.option_count
    for attempt_index, response in rows:
        for option in set(response.chosen):
            if 0 <= option < info.option_count:
                count[option] += 1
                top_count[option] += attempt_index in top
                bottom_count[option] += attempt_index in bottom
    options = []
    for index in range(info.option_count):
        correct = index in info.correct_options
        flags = []
        if not correct and top_count[index] > bottom_count[index]:
            difference = float(top_count[index] - bottom_count[index])
            flags.append(_flag("distractor_draws_top", difference, 0.0, len(rows)))
        if not correct and rows and count[index] == 0:
            flags.append(_flag("distractor_unused", 0.0, 0.0, len(rows)))
        options.append(
            OptionStats(
                index, correct, count[index], top_count[index], bottom_count[index], tuple(flags)
            )
        )
    return tuple(options)


def _set_stats(
    totals: list[float], item_count: int, max_total: float, sum_of_mark_variance: float
) -> SetStats:
    n = len(totals)
    if n == 0:
        return SetStats(
            0, item_count, max_total, None, None, None, None, None, None, None, None, ()
        )
    mean = _mean(totals)
    median = _median(totals)
    sd = skewness = kurtosis = cic = error_ratio = standard_error = None
    if n > 1:
        constant = _is_constant(totals)
        power2 = 0.0 if constant else math.fsum((t - mean) ** 2 for t in totals)
        sd = math.sqrt(power2 / (n - 1))
        if n > 2 and not constant:
            m2 = power2 / n
            m3 = math.fsum((t - mean) ** 3 for t in totals) / n
            m4 = math.fsum((t - mean) ** 4 for t in totals) / n
            k2 = n * m2 / (n - 1)
            k3 = n * n * m3 / ((n - 1) * (n - 2))
            skewness = k3 / k2**1.5
            if n > 3:
                k4 = n * n * ((n + 1) * m4 - 3 * (n - 1) * m2 * m2) / ((n - 1) * (n - 2) * (n - 3))
                kurtosis = k4 / (k2 * k2)
            if item_count > 1:
                cic = (100 * item_count / (item_count - 1)) * (1 - sum_of_mark_variance / k2)
                if cic <= 100:
                    error_ratio = 100 * math.sqrt(1 - cic / 100)
                    standard_error = error_ratio * sd / 100
    flags = ()
    if cic is not None and cic < CIC_LOW:
        flags = (_flag("cic_low", cic, CIC_LOW, n),)
    elif cic is not None and cic < CIC_SATISFACTORY:
        flags = (_flag("cic_fair", cic, CIC_SATISFACTORY, n),)
    return SetStats(
        n,
        item_count,
        max_total,
        mean,
        median,
        sd,
        skewness,
        kurtosis,
        cic,
        error_ratio,
        standard_error,
        flags,
    )


def analyse_items(
    attempts: Sequence[Mapping[QuestionId, Response | tuple[float, float]]],
    items: Sequence[ItemInfo] | None = None,
    *,
    key: Callable[[str], str] = answer_key,
) -> ItemAnalysis:
    """Moodle's quiz and question statistics of these attempts, with option counts, flags
    and grouped wrong answers; ``key`` groups typed answers (see the module docstring)."""
    normalised = [
        {question_id: _as_response(value) for question_id, value in attempt.items()}
        for attempt in attempts
    ]
    infos = list(items) if items is not None else _derive_items(normalised)
    known = {info.question_id for info in infos}
    totals = [
        math.fsum(response.mark for qid, response in attempt.items() if qid in known)
        for attempt in normalised
    ]
    n = len(normalised)
    group_size = math.floor(GROUP_FRACTION * n + 0.5)
    ranking = sorted(range(n), key=lambda index: (-totals[index], index))
    top = set(ranking[:group_size])
    bottom = set(ranking[n - group_size :]) if group_size else set()
    max_total = math.fsum(info.max_mark for info in infos)

    partial = []
    for info in infos:
        rows = [
            (index, attempt[info.question_id])
            for index, attempt in enumerate(normalised)
            if info.question_id in attempt
        ]
        moments = None
        if len(rows) > 1:
            marks = [response.mark for _, response in rows]
            row_totals = [totals[index] for index, _ in rows]
            others = [total - mark for total, mark in zip(row_totals, marks, strict=True)]
            moments = _moments(marks, others, row_totals)
        partial.append((info, rows, moments))

    sum_of_roots = math.fsum(
        math.sqrt(moments.covariance_with_total)
        for _, _, moments in partial
        if moments is not None and moments.covariance_with_total >= 0
    )
    sum_of_mark_variance = math.fsum(
        moments.mark_variance for _, _, moments in partial if moments is not None
    )

    item_stats = []
    for info, rows, moments in partial:
        s = len(rows)
        mean_mark = _mean([response.mark for _, response in rows]) if rows else None
        facility = mean_mark / info.max_mark if mean_mark is not None and info.max_mark else None
        sd = discrimination = efficiency = effective_weight = None
        negative_covariance = False
        if moments is not None:
            if info.max_mark:
                sd = math.sqrt(moments.mark_variance) / info.max_mark
            product = moments.mark_variance * moments.other_variance
            if product > 0:
                discrimination = 100 * moments.covariance / math.sqrt(product)
            if moments.covariance_max:
                efficiency = 100 * moments.covariance / moments.covariance_max
            negative_covariance = moments.covariance_with_total < 0
            if sum_of_roots and not negative_covariance:
                effective_weight = 100 * math.sqrt(moments.covariance_with_total) / sum_of_roots
        wrong = [
            response.typed
            for _, response in rows
            if response.typed is not None and response.mark < response.max_mark
        ]
        item_stats.append(
            ItemStats(
                question_id=info.question_id,
                n=s,
                max_mark=info.max_mark,
                mean_mark=mean_mark,
                facility=facility,
                sd=sd,
                random_guess_score=info.random_guess_score,
                intended_weight=100 * info.max_mark / max_total if max_total else None,
                effective_weight=effective_weight,
                discrimination_index=discrimination,
                discriminative_efficiency=efficiency,
                negative_covariance=negative_covariance,
                mark_variance=moments.mark_variance if moments else None,
                other_mark_variance=moments.other_variance if moments else None,
                covariance=moments.covariance if moments else None,
                covariance_max=moments.covariance_max if moments else None,
                covariance_with_total=moments.covariance_with_total if moments else None,
                n_top=sum(1 for index, _ in rows if index in top),
                n_bottom=sum(1 for index, _ in rows if index in bottom),
                options=_options(info, rows, top, bottom),
                wrong_answers=group_answers(wrong, key),
                flags=_item_flags(
                    facility,
                    sd,
                    info.random_guess_score,
                    discrimination,
                    efficiency,
                    negative_covariance,
                    s,
                ),
            )
        )
    return ItemAnalysis(
        set=_set_stats(totals, len(infos), max_total, sum_of_mark_variance),
        items=tuple(item_stats),
        group_size=group_size,
    )
