"""The page cache: bounded, shared safely by a worker's threads, each coding compressed once."""

import gzip
import threading

import brotli

from quizapp.compression import PageCache


def test_least_recently_used_page_goes_first():
    cache = PageCache(size=2)
    for key in ("a", "b"):
        cache.get((key,), lambda key=key: key * 2000)
    cache.get(("a",), lambda: "never rendered again")
    cache.get(("c",), lambda: "c" * 2000)
    rendered = []
    cache.get(("b",), lambda: rendered.append("b") or "b")
    assert rendered == ["b"]  # "b" went when "c" came: "a" had been used since
    assert list(cache._pages) == [("c",), ("b",)]


def test_each_coding_is_compressed_once_with_the_cache_levels():
    page = PageCache(compresslevel=9).get(("p",), lambda: "पाठ " * 3000)
    assert page.levels == {"gzip": 9, "br": 10}
    assert page.encoded("br") is page.encoded("br")
    assert brotli.decompress(page.encoded("br")) == page.body
    assert gzip.decompress(page.encoded("gzip")) == page.body
    assert PageCache(compresslevel=4).levels == {"gzip": 4, "br": 5}


def test_threads_sharing_a_cache_get_whole_pages_and_no_errors():
    cache = PageCache(size=8)
    errors = []

    def hammer(n: int) -> None:
        try:
            for i in range(400):
                key = ((n + i) % 20,)
                page = cache.get(key, lambda key=key: f"page {key[0]} " * 200)
                assert page.body == f"page {key[0]} ".encode() * 200
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=hammer, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(cache._pages) <= 8
