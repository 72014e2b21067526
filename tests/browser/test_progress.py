"""The progress page in Chromium with the demo learner's six weeks: the chart and skill bars are
drawn, the table views open from the keyboard, axe finds nothing in either interface language,
and a phone gets its own chart without sideways scrolling. Screenshots land in test-artifacts/."""

import pytest
from playwright.sync_api import expect

from quizapp.auth.models import User
from quizapp.demo import seed_demo
from quizapp.extensions import db
from quizapp.progress.services import learner_progress
from tests.browser.conftest import PHONE, run_axe, save_screenshot
from tests.conftest import make_app, sign_in


@pytest.fixture
def demo(db_path):
    """The demo learner seeded into this test's database: (user, progress)."""
    app = make_app(db_path)
    client = app.test_client()
    with app.app_context():
        summary = seed_demo(password="reading practice 7")
        progress = learner_progress(summary.user_id)
        sign_in(client, db.session.get(User, summary.user_id))
    return client.get_cookie("session").value, progress


def _open(context, live_server, cookie: str, lang: str = "en"):
    context.add_cookies([{"name": "session", "value": cookie, "url": live_server}])
    page = context.new_page()
    page.goto(f"{live_server}/language/{lang}?next=/progress")
    expect(page.locator("h1")).to_have_text("Your progress" if lang == "en" else "आपकी प्रगति")
    assert page.evaluate("document.fonts.ready.then(() => document.fonts.status)") == "loaded"
    return page


def _no_sideways_scroll(page):
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "wider than screen"


def test_progress_page_desktop_in_both_languages(live_server, context_factory, demo):
    cookie, progress = demo
    page = _open(context_factory(), live_server, cookie)
    chart = page.locator("svg.chart__svg--history-wide")
    expect(chart).to_be_visible()
    expect(page.locator("svg.chart__svg--history-small")).to_be_hidden()
    expect(chart.locator("path.chart__mark")).to_have_count(len(progress.history))
    expect(chart.locator("path.chart__trend")).to_have_count(1)
    expect(page.locator("#skill-bars li.skill")).to_have_count(5)
    expect(page.locator("#skill-bars .bar__fill")).to_have_count(5)
    expect(page.locator("#streak-current")).to_have_text(f"{progress.streak.current} days")
    _no_sideways_scroll(page)
    save_screenshot(page, "progress-desktop")

    # The table view opens from the keyboard: Tab to its summary, Enter.
    table = page.locator("#history-table")
    expect(table).to_be_hidden()
    summary = page.locator("details:has(#history-table) > summary")
    for _ in range(40):
        page.keyboard.press("Tab")
        if summary.evaluate("el => el === document.activeElement"):
            break
    else:
        raise AssertionError("Tab never reached the table view's summary")
    page.keyboard.press("Enter")
    expect(table).to_be_visible()
    expect(table.locator("tbody tr")).to_have_count(len(progress.history))
    assert run_axe(page) == []

    page.goto(f"{live_server}/language/hi?next=/progress")
    expect(page.locator("h1")).to_have_text("आपकी प्रगति")
    assert page.evaluate("document.fonts.ready.then(() => document.fonts.status)") == "loaded"
    assert page.evaluate("""document.fonts.check('16px "Quizapp Devanagari"', "प्रगति")""")
    page.locator("details.table-view > summary").first.click()
    assert run_axe(page) == []
    page.locator("details.table-view > summary").first.click()
    _no_sideways_scroll(page)
    save_screenshot(page, "progress-hindi-desktop")


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_progress_page_on_a_phone(live_server, context_factory, demo, lang):
    cookie, _progress = demo
    context = context_factory(viewport=PHONE, has_touch=True, is_mobile=True)
    page = _open(context, live_server, cookie, lang)
    expect(page.locator("svg.chart__svg--history-small")).to_be_visible()
    expect(page.locator("svg.chart__svg--history-wide")).to_be_hidden()
    _no_sideways_scroll(page)
    assert run_axe(page) == []
    save_screenshot(page, f"progress-{'hindi-' if lang == 'hi' else ''}phone")
