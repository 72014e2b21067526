"""Rate limits kept in the database, so every app process on every machine counts together.

A limit is a number of hits per fixed window (``Limit(40, 60)``: 40 a minute) for a bucket (a
name such as ``signup:ip:203.0.113.7`` or ``signup:all``). Each hit adds one to its bucket's
row for the current window in one statement (an upsert that returns the count), so two
processes hitting at the same moment both count. Windows older than a day are deleted as hits
come in. Used for sign-ups now; joining a class by code and live-lesson answers can take it too.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from quizapp.database import UTCDateTime, driver_rows, stored_time, utcnow, write_connection
from quizapp.exceptions import DomainError
from quizapp.extensions import db

#: Windows are kept this long after they end, then deleted.
KEEP = timedelta(days=1)

_HIT = (
    "INSERT INTO rate_limit (bucket, window_start, hits) VALUES (:bucket, :window_start, 1)"
    " ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limit.hits + 1"
    " RETURNING hits"
)
_FORGET = "DELETE FROM rate_limit WHERE window_start < :before"


class RateLimit(db.Model):
    """Hits in one bucket during one window."""

    __tablename__ = "rate_limit"

    #: What is counted, and for whom: ``signup:ip:<address>``, ``signup:all``.
    bucket: Mapped[str] = mapped_column(String(200), primary_key=True)
    #: When the window began (UTC, a multiple of its length since the epoch).
    window_start: Mapped[datetime] = mapped_column(UTCDateTime, primary_key=True, index=True)
    hits: Mapped[int] = mapped_column(default=0)


@dataclass(frozen=True)
class Limit:
    """At most ``hits`` in each window of ``seconds``."""

    hits: int
    seconds: int


class Throttled(DomainError):
    """Too many of these just now; ``retry_after`` seconds until the window ends."""

    status = 429

    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        #: Whole seconds until a try is counted again (the Retry-After header).
        self.retry_after = retry_after


def _window_start(now: datetime, seconds: int) -> datetime:
    epoch = int(now.timestamp())
    return datetime.fromtimestamp(epoch - epoch % seconds, tz=now.tzinfo)


def check_and_count(limits: dict[str, Limit], message: str, now: datetime | None = None) -> None:
    """Count one hit in each bucket; raise ``Throttled`` (nothing counted) if any is full.

    All buckets are counted in one write transaction: a refused hit is rolled back, so being
    turned away does not push the wait further out.
    """
    now = now or utcnow()
    retry_after = 0
    with write_connection() as connection:
        for bucket, limit in limits.items():
            start = _window_start(now, limit.seconds)
            params = {"bucket": bucket[:200], "window_start": stored_time(connection, start)}
            [(hits,)] = driver_rows(connection, _HIT, params)
            if hits > limit.hits:
                left = int((start + timedelta(seconds=limit.seconds) - now).total_seconds()) + 1
                retry_after = max(retry_after, left)
        if retry_after:
            raise Throttled(message, retry_after)  # rolls the counts back
        driver_rows(connection, _FORGET, {"before": stored_time(connection, now - KEEP)})
