"""Classes in a browser: a teacher makes a class and sees its code, link and QR code (kept as
screenshots in English and Hindi), imports a small roster and gets the login slips; a learner on
a phone-sized screen, in another browser, joins by typing the code as read off the board
(lower case, with the dash). axe runs on every page on the way; the screenshots are
class-page-en.png, class-page-hi.png, class-slips.png and class-join-phone.png."""

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE, run_axe, save_screenshot
from tests.conftest import ROOT

PASSWORD = "correct horse 1"
ROSTER = ROOT / "tests" / "data" / "roster" / "names_devanagari.csv"


def _sign_in(page: Page, base: str, username: str) -> None:
    page.goto(base + "/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password", exact=True).press("Enter")
    page.wait_for_url(re.compile(r".*/(\?.*)?$"))


def _axe_clean(page: Page, where: str) -> None:
    violations = run_axe(page)
    assert not violations, f"{where}: {violations}"


def test_teacher_makes_a_class_imports_a_roster_and_a_phone_joins(
    live_server, context_factory, make_user
):
    base = live_server
    make_user("guru", role="teacher")
    make_user("asha")

    teacher = context_factory().new_page()
    _sign_in(teacher, base, "guru")
    teacher.goto(base + "/teach/")
    teacher.get_by_role("link", name="Classes", exact=True).first.click()
    expect(teacher).to_have_url(base + "/teach/classes")
    _axe_clean(teacher, "class list")
    teacher.get_by_label("Class name").fill("कक्षा 7 अ · Hindi")
    teacher.get_by_role("button", name="Make the class").click()
    expect(teacher.locator("h1")).to_have_text("कक्षा 7 अ · Hindi")
    code = teacher.locator(".class-join__code").inner_text().strip()
    assert re.fullmatch(r"[B-Z]{3}-[B-Z]{3}", code)
    expect(teacher.locator(".class-join__link a")).to_have_text(f"{base}/join/{code}")
    qr = teacher.locator(".class-qr svg")
    assert qr.bounding_box()["width"] >= 150  # big enough to scan from a desk
    expect(teacher.locator(".class-qr figcaption")).to_contain_text(f"{base}/join/{code}")
    _axe_clean(teacher, "class page")
    save_screenshot(teacher, "class-page-en")
    class_url = teacher.url
    teacher.goto(f"{base}/language/hi?next={class_url.removeprefix(base)}")
    expect(teacher.locator("html")).to_have_attribute("lang", "hi")
    expect(teacher.locator(".class-join__code")).to_have_text(code)
    _axe_clean(teacher, "class page in Hindi")
    save_screenshot(teacher, "class-page-hi")
    teacher.goto(f"{base}/language/en?next={class_url.removeprefix(base)}")

    # A small roster: a preview first, then the slips.
    teacher.get_by_role("link", name="Import names from a file").click()
    _axe_clean(teacher, "roster upload")
    teacher.get_by_label("Roster file (CSV)").set_input_files(str(ROSTER))
    teacher.get_by_role("button", name="Check the file").click()
    expect(teacher.get_by_role("cell", name="रवि कुमार").first).to_be_visible()
    _axe_clean(teacher, "roster preview")
    teacher.get_by_role("button", name="Import", exact=True).click()
    slips = teacher.locator(".class-slip")
    expect(slips.first).to_be_visible()
    assert slips.count() >= 4
    expect(slips.first).to_contain_text(code)
    expect(teacher.get_by_role("button", name="Print the slips")).to_be_visible()
    _axe_clean(teacher, "login slips")
    save_screenshot(teacher, "class-slips")
    teacher.emulate_media(media="print")
    expect(teacher.locator(".site-header")).to_be_hidden()
    expect(teacher.get_by_role("button", name="Print the slips")).to_be_hidden()
    teacher.emulate_media(media="screen")

    # A learner on a phone types the code as read off the board.
    phone = context_factory(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    phone.goto(f"{base}/join/{code}")  # as a guest first: the class, and sign up to join
    expect(phone.get_by_role("heading", name="कक्षा 7 अ · Hindi")).to_be_visible()
    expect(phone.get_by_role("button", name="Sign up and join")).to_be_visible()
    _axe_clean(phone, "join link, guest")
    phone.goto(f"{base}/join")
    _axe_clean(phone, "join form, guest")
    _sign_in(phone, base, "asha")
    phone.get_by_role("link", name="My classes").click()
    _axe_clean(phone, "my classes (none yet)")
    phone.get_by_label("Class code").fill(code.lower())
    phone.get_by_role("button", name="Join", exact=True).click()
    expect(phone).to_have_url(base + "/classes")
    expect(phone.locator(".class-mine__name")).to_have_text("कक्षा 7 अ · Hindi")
    _axe_clean(phone, "my classes")
    save_screenshot(phone, "class-join-phone")
    # The join link shows the class and says the learner is in it.
    phone.goto(f"{base}/join/{code}")
    expect(phone.get_by_text("You are in this class.")).to_be_visible()
    _axe_clean(phone, "join link")

    teacher.goto(class_url)
    expect(teacher.get_by_role("cell", name="asha", exact=True).first).to_be_visible()
