"""Gzip for text responses, and a small cache of finished pages that are the same for everyone.

Over a school's Wi-Fi the bytes matter more than the server's CPU, so HTML, CSS, JS and JSON
are compressed. Pages that depend only on a few inputs (the reader) are rendered and compressed
once per worker and then served from memory, with an ETag so a reload can be a 304.
"""

import gzip
import hashlib
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from flask import Flask, Response, request

COMPRESSIBLE = ("text/", "application/json", "application/javascript", "image/svg+xml")
MIN_SIZE = 1024


@dataclass(frozen=True)
class CachedPage:
    """A rendered page: plain and gzipped bodies and their validator."""

    body: bytes
    etag: str
    mimetype: str
    compresslevel: int = 9

    @cached_property
    def gzipped(self) -> bytes:
        """Compressed when first asked for: some pages are only ever served once, plain."""
        return gzip.compress(self.body, compresslevel=self.compresslevel, mtime=0)


class PageCache:
    """A bounded per-process LRU of rendered pages."""

    def __init__(self, size: int = 128, compresslevel: int = 9):
        self.size = size
        #: 9 for pages rendered once and served many times; lower where a page is often
        #: served only once or twice (finished attempts).
        self.compresslevel = compresslevel
        self._pages: OrderedDict[tuple, CachedPage] = OrderedDict()

    def get(self, key: tuple, render: Callable[[], str], mimetype: str = "text/html") -> CachedPage:
        """The cached page for ``key``, rendering it with ``render()`` on a miss."""
        page = self._pages.get(key)
        if page is None:
            body = render().encode("utf-8")
            page = CachedPage(
                body=body,
                etag=hashlib.blake2b(body, digest_size=12).hexdigest(),
                mimetype=mimetype,
                compresslevel=self.compresslevel,
            )
            self._pages[key] = page
            if len(self._pages) > self.size:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(key)
        return page

    def clear(self) -> None:
        """Forget every page (tests use this)."""
        self._pages.clear()


def page_response(page: CachedPage) -> Response:
    """Serve a cached page: 304 when the browser has it, gzipped when it can take that."""
    if page.etag in request.if_none_match:
        response = Response(status=304)
    elif _accepts_gzip():
        response = Response(page.gzipped, mimetype=page.mimetype)
        response.headers["Content-Encoding"] = "gzip"
    else:
        response = Response(page.body, mimetype=page.mimetype)
    response.set_etag(page.etag)
    response.vary.update(("Accept-Encoding", "Cookie"))
    response.headers["Cache-Control"] = "no-cache"
    return response


def _accepts_gzip() -> bool:
    return "gzip" in request.headers.get("Accept-Encoding", "").lower()


def init_app(app: Flask) -> None:
    """Compress other text responses on the fly."""

    @app.after_request
    def _compress(response: Response) -> Response:
        if (
            response.direct_passthrough
            or response.status_code < 200
            or response.status_code in (204, 304)
            or "Content-Encoding" in response.headers
            or not response.mimetype.startswith(COMPRESSIBLE)
            or not _accepts_gzip()
        ):
            return response
        data = response.get_data()
        if len(data) < MIN_SIZE:
            return response
        response.set_data(gzip.compress(data, compresslevel=6))
        response.headers["Content-Encoding"] = "gzip"
        response.vary.add("Accept-Encoding")
        return response
