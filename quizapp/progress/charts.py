"""Geometry of the progress page's score-history chart, drawn by the template as inline SVG.

Plain values in, plain values out (no Flask), so the page needs no JavaScript and no charting
library. The chart shows one marker per whole attempt — a shape and colour per question set,
so it does not rely on colour alone — and a line for the running average of the last
``TREND_OF`` attempts, the "am I getting better" picture. The template adds the words.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from quizapp.core.progress import HistoryPoint, SetInfo

#: Attempts averaged by the trend line, and how many it takes before the line is drawn.
TREND_OF = 5
TREND_FROM = 3
#: The time axis spans at least this many days, so a first week does not look like a cliff.
MIN_SPAN_DAYS = 14
#: Tick steps to choose from (days), and the most ticks the axis shows.
TICK_STEPS = (1, 2, 7, 14, 28, 56, 91, 182, 364)
MAX_TICKS = 7
SHAPES = ("circle", "square", "diamond", "triangle")
#: Series colours, each at least 3:1 against white (non-text contrast); see progress.css.
COLOURS = 6


@dataclass(frozen=True)
class Tick:
    """An axis tick: where it is and what it says (a date on x, a percent on y)."""

    position: float
    value: date | int
    #: The label's text-anchor and x: at the right edge, "end" at the edge, so it shows whole.
    anchor: str = "middle"
    label_x: float = 0.0


@dataclass(frozen=True)
class Series:
    """One question set's markers: its legend entry."""

    index: int
    set: SetInfo
    shape: str
    colour: int
    #: The legend's marker, drawn in a 16×16 box.
    legend_path: str


@dataclass(frozen=True)
class Marker:
    """One attempt on the chart."""

    x: float
    y: float
    path: str
    series: Series
    point: HistoryPoint
    #: The running average up to and including this attempt.
    average: float


@dataclass(frozen=True)
class LineChart:
    """Everything the template draws; sizes in SVG user units (the viewBox)."""

    width: int
    height: int
    left: float
    top: float
    right: float
    bottom: float
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    markers: tuple[Marker, ...]
    series: tuple[Series, ...]
    #: SVG path data of the running average ("" with fewer than two attempts).
    trend: str
    first_day: date
    last_day: date

    @property
    def latest(self) -> Marker | None:
        """The most recent attempt's marker."""
        return self.markers[-1] if self.markers else None


def marker_path(shape: str, x: float, y: float, size: float = 6.0) -> str:
    """SVG path data for a marker of ``shape`` centred on (x, y), about ``2 * size`` across."""
    s = size
    if shape == "square":
        s *= 0.85
        return f"M{x - s:.1f} {y - s:.1f}h{2 * s:.1f}v{2 * s:.1f}h{-2 * s:.1f}Z"
    if shape == "diamond":
        s *= 1.15
        return f"M{x:.1f} {y - s:.1f}L{x + s:.1f} {y:.1f}L{x:.1f} {y + s:.1f}L{x - s:.1f} {y:.1f}Z"
    if shape == "triangle":
        s *= 1.1
        return f"M{x:.1f} {y - s:.1f}L{x + s:.1f} {y + 0.8 * s:.1f}L{x - s:.1f} {y + 0.8 * s:.1f}Z"
    # A circle as two arcs, so every marker is one <path>.
    arc = f"a{s:.1f} {s:.1f} 0 1 0"
    return f"M{x - s:.1f} {y:.1f}{arc} {2 * s:.1f} 0{arc} {-2 * s:.1f} 0Z"


def running_averages(points: Sequence[HistoryPoint], size: int = TREND_OF) -> list[float]:
    """For each point, the mean percent of it and up to ``size - 1`` points before it."""
    out = []
    for n in range(len(points)):
        window = points[max(0, n - size + 1) : n + 1]
        out.append(sum(p.percent for p in window) / len(window))
    return out


def score_history_chart(
    points: Sequence[HistoryPoint],
    today: date,
    zone: tzinfo = UTC,
    width: int = 720,
    height: int = 300,
    max_ticks: int = MAX_TICKS,
) -> LineChart:
    """The chart of ``points`` (oldest first) on a time axis ending with ``today``."""
    # The right margin holds the latest score's label.
    left, right, top, bottom = 48.0, width - 44.0, 14.0, height - 34.0
    first_day = min([p.day for p in points] + [today - timedelta(days=MIN_SPAN_DAYS - 1)])
    last_day = max([today] + [p.day for p in points])
    start = datetime.combine(first_day, time(), tzinfo=zone)
    span = ((last_day - first_day).days + 1) * 86400.0

    def x_at(moment: datetime) -> float:
        seconds = (moment.astimezone(zone) - start).total_seconds()
        return left + (right - left) * max(0.0, min(1.0, seconds / span))

    def y_at(percent: float) -> float:
        return bottom - (bottom - top) * max(0.0, min(100.0, percent)) / 100.0

    series: dict[int, Series] = {}
    for point in sorted(points, key=lambda p: p.set.set_id):
        if point.set.set_id not in series:
            index = len(series)
            shape = SHAPES[index % len(SHAPES)]
            series[point.set.set_id] = Series(
                index=index,
                set=point.set,
                shape=shape,
                colour=index % COLOURS,
                legend_path=marker_path(shape, 8, 8, 5.5),
            )
    averages = running_averages(points)
    markers = []
    for point, average in zip(points, averages, strict=True):
        x, y = x_at(point.finished_at), y_at(point.percent)
        kind = series[point.set.set_id]
        markers.append(
            Marker(
                x=x,
                y=y,
                path=marker_path(kind.shape, x, y),
                series=kind,
                point=point,
                average=average,
            )
        )
    trend = ""
    if len(markers) >= TREND_FROM:
        trend = "M" + "L".join(f"{m.x:.1f} {y_at(m.average):.1f}" for m in markers)
    days = (last_day - first_day).days + 1
    step = next((s for s in TICK_STEPS if days / s <= max_ticks), TICK_STEPS[-1])
    x_ticks = []
    day = last_day
    while day >= first_day:
        noon = datetime.combine(day, time(12), tzinfo=zone)
        position = x_at(noon)
        at_edge = position > right - 24
        x_ticks.append(
            Tick(
                position=position,
                value=day,
                anchor="end" if at_edge else "middle",
                label_x=width - 2.0 if at_edge else position,
            )
        )
        day -= timedelta(days=step)
    return LineChart(
        width=width,
        height=height,
        left=left,
        top=top,
        right=right,
        bottom=bottom,
        x_ticks=tuple(reversed(x_ticks)),
        y_ticks=tuple(
            Tick(position=y_at(v), value=v, anchor="end", label_x=left - 8)
            for v in (0, 25, 50, 75, 100)
        ),
        markers=tuple(markers),
        series=tuple(sorted(series.values(), key=lambda s: s.index)),
        trend=trend,
        first_day=first_day,
        last_day=last_day,
    )
