"""Compressed text responses: flask-compress on the fly, and a cache of finished pages.

Over a school's Wi-Fi the bytes matter more than the server's CPU, so HTML, CSS, JS, JSON and
SVG go out in brotli or gzip. One function, `choose_encoding`, reads the client's
Accept-Encoding (werkzeug's parser: `q=0` refuses a coding, `*` stands for the others,
`identity` wins only when it is preferred outright) and decides for both paths:

- Pages that depend only on a few inputs (the reader, passage JSON, finished attempts) are
  rendered once per worker by `PageCache`, compressed once per coding when first asked for,
  and served from memory by `page_response`, with an ETag so a reload can be a 304.
- Everything else is compressed per request by flask-compress. Its own chooser sends gzip to
  `gzip;q=0` (1.25, like the substring test this module used to have), so it only ever gets a
  response the chooser has already approved, with the approved coding as its one algorithm:
  it can compress with that coding or leave the body alone, never pick a refused one.

Measured on the seeded article (2 cores, 2026-12): brotli 5 beats gzip 6 on the fly in bytes and
CPU alike (quiz page, 68 KB: 9.5 KB in 0.57 ms against 10.8 KB in 0.82 ms). For a cached page
brotli 10 costs 37 ms once and saves a fifth against gzip 9 (reader, 144 KB: 15.7 KB against
19.5 KB in 2.3 ms); brotli 11 would save 0.4 KB more for 122 ms. Browsers offer br over HTTPS
only, so a laptop serving plain HTTP on a classroom network sends gzip.
"""

import gzip
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import brotli
from flask import Flask, Response, current_app, request
from flask_compress import Compress
from werkzeug.datastructures import Accept

from quizapp.fragments import LRUCache

#: What is worth compressing: HTML, CSS, JS, JSON and SVG, and the plain-text downloads
#: (CSV, TSV) the earlier "text/*" rule covered. Fonts are compressed already (woff2).
MIMETYPES = (
    "text/html",
    "text/css",
    "text/javascript",
    "application/javascript",
    "application/json",
    "image/svg+xml",
    "text/plain",
    "text/csv",
    "text/tab-separated-values",
)
#: Codings offered, best first (ties in the client's preferences go to the first).
CODINGS = ("br", "gzip")
#: Smaller bodies go out as they are: they fit one packet either way.
MIN_SIZE = 1024

DEFAULTS = {
    "COMPRESS_REGISTER": False,  # init_app registers its own hook around flask-compress
    "COMPRESS_MIMETYPES": list(MIMETYPES),
    "COMPRESS_ALGORITHM": list(CODINGS),
    "COMPRESS_MIN_SIZE": MIN_SIZE,
    # Pages compressed on the fly (the quiz page, the home page, JSON) are one per request, so
    # the fastest levels: for an 82 KB quiz page brotli 1 takes 0.11 ms (13.6 KB) where
    # brotli 4 took 0.44 ms (11.2 KB) and gzip 1 0.31 ms (16.1 KB) where gzip 6 took 1.06 ms
    # (12.3 KB). A request's CPU decides a class's throughput; 2 KB more is under a
    # millisecond on school Wi-Fi. Cached pages, compressed once, keep brotli 10 / gzip 9.
    "COMPRESS_LEVEL": 1,  # gzip
    "COMPRESS_BR_LEVEL": 1,
    "COMPRESS_STREAMS": False,  # streamed bodies (files) are left alone
}


def choose_encoding(accepted: Accept, offered: Sequence[str] = CODINGS) -> str | None:
    """The content coding to send for the client's Accept-Encoding, or None for the body as is.

    The offered coding of highest quality above 0 wins, ties going to the earlier one;
    ``identity`` wins only with a strictly higher quality. With nothing acceptable (e.g.
    ``identity;q=0`` alone) the body goes out as it is rather than as a 406.
    """
    best, best_quality = None, 0.0
    for coding in offered:
        quality = accepted.quality(coding)  # explicit entries before "*" (werkzeug sorts so)
        if quality > best_quality:
            best, best_quality = coding, quality
    if best is not None and accepted.quality("identity") > best_quality:
        return None
    return best


def compress(data: bytes, coding: str, level: int) -> bytes:
    """``data`` in ``coding`` ("br" or "gzip") at ``level``; gzip without a timestamp."""
    if coding == "br":
        return brotli.compress(data, quality=level)
    if coding == "gzip":
        return gzip.compress(data, compresslevel=level, mtime=0)
    raise ValueError(f"unknown content coding {coding!r}")


@dataclass(frozen=True)
class CachedPage:
    """A rendered page, its validator, and its compressed bodies as they are asked for."""

    body: bytes
    etag: str
    mimetype: str
    #: Level per coding, e.g. {"br": 10, "gzip": 9}.
    levels: dict[str, int]
    _encoded: dict[str, bytes] = field(default_factory=dict, compare=False, repr=False)

    def encoded(self, coding: str) -> bytes:
        """The body in ``coding``, compressed the first time: many pages are only ever served
        plain, or in one coding. Two threads may both compress it once; both get equal bytes."""
        data = self._encoded.get(coding)
        if data is None:
            data = self._encoded[coding] = compress(self.body, coding, self.levels[coding])
        return data

    def etag_for(self, coding: str | None) -> str:
        """A strong ETag per representation, as flask-compress marks them: ``etag:gzip``."""
        return self.etag if coding is None else f"{self.etag}:{coding}"


class PageCache:
    """A bounded per-process LRU of rendered pages, safe to share between a worker's threads."""

    def __init__(self, size: int = 128, compresslevel: int = 9, brotli_quality: int | None = None):
        self.size = size
        #: gzip 9 and brotli 10 for pages rendered once and served many times; where a page is
        #: often served only once or twice (finished attempts), a lower gzip level, and then
        #: brotli 5 unless told: it costs about what gzip 4 does and is smaller than gzip 9.
        self.levels = {
            "gzip": compresslevel,
            "br": brotli_quality or (10 if compresslevel >= 9 else 5),
        }
        self._pages = LRUCache(size)

    def get(self, key: tuple, render: Callable[[], str], mimetype: str = "text/html") -> CachedPage:
        """The cached page for ``key``, rendering it with ``render()`` on a miss."""
        return self._pages.get(key, lambda: self._page(render().encode("utf-8"), mimetype))

    def _page(self, body: bytes, mimetype: str) -> CachedPage:
        return CachedPage(
            body=body,
            etag=hashlib.blake2b(body, digest_size=12).hexdigest(),
            mimetype=mimetype,
            levels=self.levels,
        )

    def clear(self) -> None:
        """Forget every page (tests use this)."""
        self._pages.clear()


def page_response(page: CachedPage, personal: bool = False) -> Response:
    """Serve a cached page: 304 when the browser has it, compressed when it can take that.

    A ``personal`` page (one visitor's quiz, scores or results) is never stored by the browser
    or a proxy (``no-store``: shared school PCs); any other is kept and revalidated.
    """
    offered = [c for c in current_app.config["COMPRESS_ALGORITHM"] if c in page.levels]
    coding = choose_encoding(request.accept_encodings, offered)
    if len(page.body) < current_app.config["COMPRESS_MIN_SIZE"]:
        coding = None
    # Any representation's validator will do: they all stand for this version of the page.
    held = request.if_none_match
    if any(held.contains_weak(page.etag_for(c)) for c in (None, *page.levels)):
        response = Response(status=304)
    elif coding is None:
        response = Response(page.body, mimetype=page.mimetype)
    else:
        response = Response(page.encoded(coding), mimetype=page.mimetype)
        response.headers["Content-Encoding"] = coding
    response.set_etag(page.etag_for(coding))
    response.vary.update(("Accept-Encoding", "Cookie"))
    response.headers["Cache-Control"] = "no-store" if personal else "no-cache"
    return response


def init_app(app: Flask) -> None:
    """Compress the other text responses on the fly (flask-compress), as the chooser decides."""
    for name, value in DEFAULTS.items():
        app.config.setdefault(name, value)
    codings = app.config["COMPRESS_ALGORITHM"]
    if isinstance(codings, str):  # "br, gzip", as flask-compress also takes it
        app.config["COMPRESS_ALGORITHM"] = [c.strip() for c in codings.split(",")]
    mimetypes = frozenset(app.config["COMPRESS_MIMETYPES"])
    compressors = {}
    for coding in app.config["COMPRESS_ALGORITHM"]:
        compressors[coding] = Compress()
        compressors[coding].init_app(app)  # COMPRESS_REGISTER is off: this hooks nothing in
        compressors[coding].enabled_algorithms = (coding,)

    @app.after_request
    def _compress(response: Response) -> Response:
        if (
            response.direct_passthrough  # send_file: left as it is, like any streamed body
            or "Content-Encoding" in response.headers  # a cached page, already encoded
            or response.mimetype not in mimetypes
        ):
            return response
        response.vary.add("Accept-Encoding")  # the plain body too: caches must keep both
        coding = choose_encoding(request.accept_encodings, tuple(compressors))
        if coding is None:
            return response
        # Skips what is tiny, streamed or not a 2xx; ETags become "etag:coding".
        return compressors[coding].after_request(response)
