"""Rate limits in the database (quizapp/throttle.py): counted across buckets in one
transaction, refused hits not counted, and fresh each window."""

from datetime import UTC, datetime, timedelta

import pytest

from quizapp.throttle import Limit, Throttled, check_and_count

NOW = datetime(2026, 12, 2, 9, 30, 15, tzinfo=UTC)


def test_hits_up_to_the_limit_pass_and_the_next_waits_for_the_window(app_ctx):
    limits = {"test:a": Limit(3, 60)}
    for _ in range(3):
        check_and_count(limits, "busy", now=NOW)
    with pytest.raises(Throttled) as refused:
        check_and_count(limits, "busy", now=NOW)
    assert refused.value.status == 429 and str(refused.value) == "busy"
    assert refused.value.retry_after == 46  # the minute began at 9:30:00
    check_and_count(limits, "busy", now=NOW + timedelta(seconds=45))  # the next window


def test_a_refused_hit_counts_in_no_bucket(app_ctx):
    small, large = {"test:small": Limit(1, 60)}, {"test:large": Limit(2, 60)}
    check_and_count(small, "busy", now=NOW)
    for _ in range(3):
        with pytest.raises(Throttled):
            check_and_count(small | large, "busy", now=NOW)
    check_and_count(large, "busy", now=NOW)  # the three refused ones left it at zero
    check_and_count(large, "busy", now=NOW)
    with pytest.raises(Throttled):
        check_and_count(large, "busy", now=NOW)


def test_buckets_are_apart(app_ctx):
    check_and_count({"test:x": Limit(1, 60)}, "busy", now=NOW)
    check_and_count({"test:y": Limit(1, 60)}, "busy", now=NOW)
    with pytest.raises(Throttled):
        check_and_count({"test:x": Limit(1, 60)}, "busy", now=NOW)
