"""A teacher opens the item analysis of a set four learners took (test_item_analysis's
example), sees the flags and the bars, opens the answers to the short-answer question, accepts
a wrong-looking answer for everyone and reads how many answers were regraded; then the same
pages in Hindi. axe on each page; screenshots item-analysis-<lang>.png and
item-answers-<lang>.png in test-artifacts/."""

from playwright.sync_api import expect

from tests.browser.conftest import run_axe, save_screenshot
from tests.conftest import make_app, sign_in
from tests.functional.test_item_analysis import build_world


def _cookie(db_path, user) -> str:
    client = make_app(db_path).test_client()
    sign_in(client, user)
    client.get("/")
    return client.get_cookie("session").value


def test_analysis_flags_bars_and_accept_for_everyone(
    app, live_server, context_factory, db_path, make_user
):
    world = build_world(app, make_user)
    base, set_id = live_server, world["set_id"]
    context = context_factory()
    context.add_cookies([{"name": "session", "value": _cookie(db_path, world["owner"]),
                          "url": base}])  # fmt: skip
    page = context.new_page()

    page.goto(f"{base}/teach/question-sets/{set_id}/analysis")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Item analysis")
    table = page.locator(".analysis-table")
    expect(table.locator("tbody tr")).to_have_count(3)
    expect(table.locator("svg.analysis-bar__svg").first).to_be_visible()
    flags = table.locator(".analysis-flag a")
    assert flags.count() >= 1
    href = flags.first.get_attribute("href")
    assert href.startswith("/teach/questions/")
    assert run_axe(page) == []
    save_screenshot(page, "item-analysis-en")

    # The short answer's answers: "Mumbai" is wrong-looking; accept it for everyone.
    details = page.locator("details.analysis-detail").nth(2)
    details.locator("summary").click()
    expect(details.locator(".analysis-wrong")).to_contain_text("Mumbai")
    details.get_by_role("link", name="All answers, and changing scores").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Answers to a question")
    assert run_axe(page) == []
    group = page.locator(".analysis-group", has_text="Mumbai")
    with page.expect_navigation():
        group.get_by_role("button", name="Accept for everyone").click()
    expect(page.locator(".teach-notice--ok")).to_have_text(
        "5 answers regraded: 1 changed score, 1 now right."
    )
    save_screenshot(page, "item-answers-en")

    # The same pages in Hindi: Devanagari prompts and labels, still axe-clean.
    page.goto(f"{base}/language/hi?next=/teach/question-sets/{set_id}/analysis")
    expect(page.locator("html")).to_have_attribute("lang", "hi")
    expect(page.locator(".analysis-table")).to_contain_text("राजधानी")
    expect(page.locator(".analysis-table tbody tr").nth(2)).to_contain_text("100")
    assert run_axe(page) == []
    save_screenshot(page, "item-analysis-hi")
    page.goto(f"{base}/teach/questions/{world['question_ids'][2]}/answers?set_id={set_id}")
    assert run_axe(page) == []
    save_screenshot(page, "item-answers-hi")
