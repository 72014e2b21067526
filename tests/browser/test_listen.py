"""Listening through the browser's speech synthesis: hidden without a voice, and speaking the
right text in the right language when the browser has voices."""

from playwright.sync_api import expect

from tests.browser.reader_helpers import has_class, open_reader, wait_for_script

# Headless Chromium has no voices; this stands in for a browser that has a Hindi and an English
# one, and records what the page asks it to say.
FAKE_VOICES = """
(() => {
  const voices = [
    {name: "Test Hindi", lang: "hi-IN", voiceURI: "test-hi", localService: true, default: false},
    {name: "Test English", lang: "en-US", voiceURI: "test-en", localService: true, default: true},
  ];
  window.__spoken = [];
  window.__cancelled = 0;
  class FakeUtterance {
    constructor(text) { this.text = text; this.lang = ""; this.voice = null; }
  }
  window.SpeechSynthesisUtterance = FakeUtterance;
  const synth = window.speechSynthesis;
  synth.getVoices = () => voices;
  synth.speak = (u) => {
    window.__spoken.push({text: u.text, lang: u.lang, voice: u.voice ? u.voice.name : null});
  };
  synth.cancel = () => { window.__cancelled += 1; };
})();
"""


def test_listen_buttons_hidden_without_voices(live_server, page):
    open_reader(page, live_server)
    wait_for_script(page)
    assert page.evaluate("speechSynthesis.getVoices().length") == 0
    expect(page.locator(".listen")).to_have_count(18 * 2 + 5 * 2)
    expect(page.locator(".listen:visible")).to_have_count(0)
    expect(page.locator("#reader")).not_to_have_class(has_class("has-voices"))
    expect(page.locator(".para__tools").first).to_be_hidden()


def test_listen_speaks_sentence_and_paragraph(live_server, context_factory):
    context = context_factory()
    context.add_init_script(FAKE_VOICES)
    page = context.new_page()
    open_reader(page, live_server)
    wait_for_script(page)
    expect(page.locator("#reader")).to_have_class(has_class("has-voices"))

    hindi = page.locator("#p1s2 .listen[data-lang=hi-IN]")
    english = page.locator("#p1s2 .listen[data-lang=en-US]")
    expect(hindi).to_be_visible()
    expect(english).to_be_visible()
    expect(hindi).to_have_accessible_name("Listen to sentence 2 in Hindi")
    # Every sentence and every paragraph has both buttons.
    expect(page.locator(".listen:visible")).to_have_count(18 * 2 + 5 * 2)

    hindi.click()
    spoken = page.evaluate("window.__spoken")
    expected_hi = page.locator("#p1s2 p.hi").inner_text().strip()
    assert spoken == [{"text": expected_hi, "lang": "hi-IN", "voice": "Test Hindi"}], spoken
    expect(hindi).to_have_attribute("aria-pressed", "true")

    # Pressing it again stops.
    hindi.click()
    expect(hindi).to_have_attribute("aria-pressed", "false")
    assert len(page.evaluate("window.__spoken")) == 1

    english.click()
    spoken = page.evaluate("window.__spoken")[-1]
    assert spoken == {
        "text": page.locator("#p1s2 p.en").inner_text().strip(),
        "lang": "en-US",
        "voice": "Test English",
    }, spoken

    # A paragraph button reads the whole paragraph, sentence after sentence.
    para = page.locator("#para-2 .para__tools .listen[data-lang=hi-IN]")
    expect(para).to_have_text("Listen to paragraph 2 in Hindi")
    para.click()
    spoken = page.evaluate("window.__spoken")[-1]
    sentences = [
        page.locator(f"#{key} p.hi").inner_text().strip()
        for key in ("p2s1", "p2s2", "p2s3", "p2s4")
    ]
    assert spoken["lang"] == "hi-IN"
    assert spoken["text"] == " ".join(sentences), spoken["text"]
    # The other button is no longer marked as playing.
    expect(english).to_have_attribute("aria-pressed", "false")
    expect(para).to_have_attribute("aria-pressed", "true")

    para_en = page.locator("#para-2 .para__tools .listen[data-lang=en-US]")
    para_en.click()
    spoken = page.evaluate("window.__spoken")[-1]
    assert spoken["lang"] == "en-US"
    for key in ("p2s1", "p2s2", "p2s3", "p2s4"):
        assert page.locator(f"#{key} p.en").inner_text().strip() in spoken["text"]
