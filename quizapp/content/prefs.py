"""Reader preferences (mode, romanisation, text size) from the query string or a cookie.

The query string wins so that links and the no-JavaScript form work; the chosen values are then
remembered in a cookie, which the page's script also writes when options change.
"""

from dataclasses import dataclass

from werkzeug.datastructures import MultiDict

COOKIE = "reader"
MODES = ("side", "interlinear", "hi", "en")
SIZES = ("normal", "large")


@dataclass(frozen=True)
class ReaderPrefs:
    """How the reader shows a passage."""

    mode: str = "side"
    roman: bool = False
    size: str = "normal"

    def to_cookie(self) -> str:
        """Compact cookie value, e.g. ``side.1.normal``."""
        return f"{self.mode}.{int(self.roman)}.{self.size}"


def from_cookie(value: str | None) -> ReaderPrefs:
    """Preferences stored by ``to_cookie``; anything odd falls back to the defaults."""
    parts = (value or "").split(".")
    if len(parts) != 3:
        return ReaderPrefs()
    mode, roman, size = parts
    return ReaderPrefs(
        mode=mode if mode in MODES else "side",
        roman=roman == "1",
        size=size if size in SIZES else "normal",
    )


def from_request(args: MultiDict, cookie: str | None) -> tuple[ReaderPrefs, bool]:
    """Preferences for this request, and whether the query string changed them.

    The no-JS form sends each checkbox followed by a hidden fallback (``roman=1&roman=0``), so
    the first value of a name is the one that counts.
    """
    saved = from_cookie(cookie)
    mode = args.get("mode", saved.mode)
    size = args.get("size", saved.size)
    roman = args.get("roman")
    prefs = ReaderPrefs(
        mode=mode if mode in MODES else saved.mode,
        roman=saved.roman if roman not in ("0", "1") else roman == "1",
        size=size if size in SIZES else saved.size,
    )
    return prefs, prefs != saved
