"""The reader page as HTML: verbatim Hindi, modes, no-JS structure, size and caching."""

import gzip
import re
import unicodedata
from html.parser import HTMLParser

import pytest

from tests.conftest import PACKAGED_HINDI, SLUG

URL = f"/passages/{SLUG}"


class _SentenceText(HTMLParser):
    """Collects the text of each <p class="hi"> and <p class="en"> by sentence id."""

    def __init__(self):
        super().__init__()
        self.sentence = None
        self.lang = None
        self.texts: dict[tuple[str, str], str] = {}
        self.open_details: dict[str, list[str]] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "div" and attrs.get("class") == "sent":
            self.sentence = attrs["id"]
        if tag == "details" and self.sentence and "open" in attrs:
            self.open_details.setdefault(self.sentence, []).append(attrs["class"])
        if tag == "p" and attrs.get("class") in ("hi", "en") and self.sentence:
            self.lang = attrs["class"]
            self.texts[(self.sentence, self.lang)] = ""

    def handle_endtag(self, tag):
        if tag == "p":
            self.lang = None

    def handle_data(self, data):
        if self.lang:
            self.texts[(self.sentence, self.lang)] += data


def _parse(html: str) -> _SentenceText:
    parser = _SentenceText()
    parser.feed(html)
    return parser


def test_reader_hindi_equals_the_seed_file(client):
    html = client.get(URL).get_data(as_text=True)
    parser = _parse(html)
    hindi = {sid: text for (sid, lang), text in parser.texts.items() if lang == "hi"}
    assert len(hindi) == 18
    expected = unicodedata.normalize("NFC", PACKAGED_HINDI.read_text("utf-8")).strip().split("\n")
    paragraphs: dict[str, list[str]] = {}
    for sid, text in hindi.items():
        paragraphs.setdefault(sid.split("s")[0], []).append(text)
    assert [" ".join(v) for v in paragraphs.values()] == expected


def test_every_sentence_has_its_english(client):
    parser = _parse(client.get(URL).get_data(as_text=True))
    english = [t for (sid, lang), t in parser.texts.items() if lang == "en"]
    assert len(english) == 18 and all(len(t) > 20 for t in english)


def test_text_is_marked_with_its_language(client):
    html = client.get(URL).get_data(as_text=True)
    assert html.count('class="hi" lang="hi"') == 18
    assert html.count('class="en" lang="en"') == 18
    assert '<html lang="en">' in html


@pytest.mark.parametrize(
    ("mode", "hi_open", "en_open"),
    [("side", True, True), ("interlinear", True, True), ("hi", True, False), ("en", False, True)],
)
def test_modes_render_without_javascript(client, mode, hi_open, en_open):
    response = client.get(f"{URL}?mode={mode}")
    html = response.get_data(as_text=True)
    assert f'class="reader mode-{mode}' in html
    parser = _parse(html)
    for sid in ("p1s1", "p5s4"):
        opened = parser.open_details.get(sid, [])
        assert ("sent__hi" in opened) is hi_open
        assert ("sent__en" in opened) is en_open
    assert f'value="{mode}" checked' in html


def test_mode_choice_is_remembered_in_a_cookie(client):
    response = client.get(f"{URL}?mode=interlinear&roman=1&roman=0&size=large&size=normal")
    cookie = response.headers["Set-Cookie"]
    assert "reader=interlinear.1.large" in cookie and "HttpOnly" in cookie
    html = client.get(URL).get_data(as_text=True)
    assert 'class="reader mode-interlinear size-large roman-on"' in html


def test_unchecked_boxes_in_the_no_js_form_turn_options_off(client):
    client.get(f"{URL}?mode=hi&roman=1&roman=0&size=large&size=normal")
    html = client.get(f"{URL}?mode=hi&roman=0&size=normal").get_data(as_text=True)
    assert 'class="reader mode-hi size-normal"' in html


def test_preferences_endpoint_for_the_script(client):
    response = client.get("/passages/preferences?mode=en&roman=1&size=normal")
    assert response.status_code == 204
    assert "reader=en.1.normal" in response.headers["Set-Cookie"]


@pytest.mark.parametrize("query", ["mode=bogus", "roman=maybe", "size=%00", "mode=" + "x" * 5000])
def test_odd_preferences_fall_back_to_defaults(client, query):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    assert 'class="reader mode-side size-normal"' in response.get_data(as_text=True)


def test_tampered_cookie_is_ignored(client):
    client.set_cookie("reader", "<script>.9.huge")
    response = client.get(URL)
    assert response.status_code == 200
    assert "<script>." not in response.get_data(as_text=True)


def test_glossary_words_are_links_to_the_glossary_list(client):
    html = client.get(URL).get_data(as_text=True)
    links = set(re.findall(r'class="gw" href="#(g-[^"]+)"', html))
    entries = set(re.findall(r'<li class="gentry" id="(g-[^"]+)"', html))
    assert len(entries) >= 80
    assert links and links <= entries
    assert '<a class="gw" href="#g-samkaksh" data-r="samkaksh">समकक्ष</a>' in html
    assert "जैसे को तैसा</a>" in html


def test_romanisation_is_in_the_page(client):
    html = client.get(URL).get_data(as_text=True)
    assert html.count('<p class="rom" lang="hi-Latn">') == 18
    assert "videsh mantri" in html


def test_unknown_passage_is_a_friendly_404(client):
    response = client.get("/passages/nothing-here")
    assert response.status_code == 404
    assert "We could not find that page." in response.get_data(as_text=True)


def test_reader_is_small_over_the_wire_and_cached(client):
    response = client.get(URL, headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert len(response.data) < 60 * 1024
    html = gzip.decompress(response.data).decode()
    assert html == client.get(URL).get_data(as_text=True)
    etag = response.headers["ETag"]
    again = client.get(URL, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""


def test_cached_page_follows_the_interface_language(client):
    english = client.get(URL).get_data(as_text=True)
    client.get("/language/hi")
    hindi = client.get(URL).get_data(as_text=True)
    assert "Side by side" in english and "साथ-साथ" in hindi
    assert '<html lang="hi">' in hindi
