"""The score-history chart's geometry: axes that end today, markers where their scores are,
one shape per set, and the running-average line."""

import re
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise

import pytest

from quizapp.core.progress import HistoryPoint, SetInfo
from quizapp.progress.charts import (
    MAX_TICKS,
    MIN_SPAN_DAYS,
    TREND_OF,
    marker_path,
    running_averages,
    score_history_chart,
)

TODAY = date(2025, 3, 14)
SETS = [SetInfo(set_id=n, title_en=f"Set {n}") for n in range(1, 7)]


def point(days_ago: float, percent: float, set_index: int = 0, attempt_id: int = 1):
    moment = datetime(2025, 3, 14, 12, tzinfo=UTC) - timedelta(days=days_ago)
    return HistoryPoint(
        attempt_id=attempt_id,
        set=SETS[set_index],
        finished_at=moment,
        day=moment.date(),
        percent=percent,
    )


def test_an_empty_history_has_axes_and_nothing_else():
    chart = score_history_chart([], TODAY)
    assert chart.markers == () and chart.trend == "" and chart.series == ()
    assert chart.latest is None
    assert chart.first_day == TODAY - timedelta(days=MIN_SPAN_DAYS - 1)
    assert chart.x_ticks[-1].value == TODAY
    assert [t.value for t in chart.y_ticks] == [0, 25, 50, 75, 100]


def test_markers_sit_at_their_time_and_score():
    chart = score_history_chart([point(10, 0), point(5, 50), point(0, 100)], TODAY)
    xs = [m.x for m in chart.markers]
    assert xs == sorted(xs) and chart.left <= xs[0] and xs[-1] <= chart.right
    ys = [m.y for m in chart.markers]
    assert ys[0] == pytest.approx(chart.bottom)
    assert ys[1] == pytest.approx((chart.top + chart.bottom) / 2)
    assert ys[2] == pytest.approx(chart.top)
    assert chart.latest.point.percent == 100
    y_for = {t.value: t.position for t in chart.y_ticks}
    assert y_for[0] == pytest.approx(chart.bottom) and y_for[100] == pytest.approx(chart.top)


@pytest.mark.parametrize(
    ("days", "max_ticks", "step"),
    [(14, MAX_TICKS, 2), (42, MAX_TICKS, 7), (60, MAX_TICKS, 14), (42, 4, 14), (5, MAX_TICKS, 2)],
)
def test_time_axis_ticks_end_today_at_a_readable_step(days, max_ticks, step):
    chart = score_history_chart([point(days - 1, 50)], TODAY, max_ticks=max_ticks)
    ticks = [t.value for t in chart.x_ticks]
    assert ticks[-1] == TODAY
    assert len(ticks) <= max_ticks + 1
    if len(ticks) > 1:
        assert {(b - a).days for a, b in pairwise(ticks)} == {step}
    # The label at the right edge is anchored at its end, so it is not cut off.
    assert chart.x_ticks[-1].anchor == "end" and chart.x_ticks[-1].label_x <= chart.width


def test_one_series_per_set_with_its_own_shape():
    points = [point(9 - n, 40 + 5 * n, set_index=n % 5, attempt_id=n) for n in range(10)]
    chart = score_history_chart(points, TODAY)
    assert [s.set.set_id for s in chart.series] == [1, 2, 3, 4, 5]
    shapes = [s.shape for s in chart.series]
    assert len(set(shapes[:4])) == 4  # the first four sets are told apart by shape alone
    assert len({(s.shape, s.colour) for s in chart.series}) == 5
    assert all(m.series.set.set_id == m.point.set.set_id for m in chart.markers)


def test_trend_line_is_the_running_average():
    percents = [20, 40, 60, 80, 100, 100, 100]
    points = [point(7 - n, p, attempt_id=n) for n, p in enumerate(percents)]
    assert running_averages(points) == pytest.approx([20, 30, 40, 50, 60, 76, 88])
    chart = score_history_chart(points, TODAY)
    assert chart.trend.startswith("M") and chart.trend.count("L") == len(points) - 1
    assert [m.average for m in chart.markers][-1] == pytest.approx(sum(percents[-TREND_OF:]) / 5)
    assert score_history_chart(points[:3], TODAY).trend.count("L") == 2
    assert score_history_chart(points[:2], TODAY).trend == ""  # too few for a trend


@pytest.mark.parametrize("shape", ["circle", "square", "diamond", "triangle", "unknown"])
def test_marker_paths_are_closed_and_centred(shape):
    path = marker_path(shape, 100, 50)
    assert path.startswith("M") and path.endswith("Z")
    start_x, start_y = (float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", path)[:2])
    assert 90 <= start_x <= 110 and 40 <= start_y <= 60
