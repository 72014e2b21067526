"""Accounts in a real browser, by keyboard: sign up, switch the account to Hindi, make and revoke
an API token, sign out and back in (the account's language follows). axe on the sign-up, sign-in
and account pages in both languages, and screenshots of them for people to look at."""

import json

from playwright.sync_api import expect

from tests.browser.conftest import PHONE, run_axe, save_screenshot

PASSWORD = "a long enough password"


def tab_to(page, selector: str, most: int = 40) -> None:
    """Press Tab until the element matching ``selector`` has the focus (it must be reachable)."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} is not reachable with Tab")


def no_violations(page, name: str) -> None:
    assert page.evaluate("document.fonts.ready.then(() => document.fonts.status)") == "loaded"
    violations = run_axe(page)
    assert violations == [], f"{name}: " + json.dumps(violations, ensure_ascii=False, indent=1)
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{name}: too wide"


def test_sign_up_language_tokens_sign_out_and_in(live_server, page):
    # Sign up from the header, by keyboard.
    page.goto(live_server + "/")
    tab_to(page, ".site-nav__account a[href='/signup']")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Create an account")
    no_violations(page, "signup en")
    tab_to(page, "#username")
    page.keyboard.type("Meera")
    tab_to(page, "#password")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Tab")
    page.keyboard.type("not the same")
    page.keyboard.press("Enter")
    expect(page.locator("#confirm-error")).to_have_text("The two passwords are not the same.")
    expect(page.locator("#confirm")).to_have_attribute("aria-invalid", "true")
    no_violations(page, "signup en with an error")
    save_screenshot(page, "accounts-signup-error-desktop")
    page.locator("#password").fill(PASSWORD)
    page.locator("#confirm").fill(PASSWORD)
    page.locator("#confirm").press("Enter")

    # The account page, then Hindi for the whole interface.
    expect(page).to_have_url(live_server + "/account")
    expect(page.locator(".auth-notice--ok")).to_have_text("Welcome, Meera! Your account is ready.")
    no_violations(page, "account en")
    tab_to(page, "#language-locale")
    page.keyboard.press("End")  # the last option, हिंदी
    tab_to(page, "#language-submit")
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "hi")
    expect(page.locator("h1")).to_have_text("आपका खाता")
    expect(page.locator(".auth-role")).to_have_text("शिक्षार्थी")

    # Make a token (shown once), use it, revoke it.
    tab_to(page, "#token-name")
    page.keyboard.type("ग्रेडिंग स्क्रिप्ट")
    page.keyboard.press("Enter")
    token = page.locator("#new-token").input_value()
    assert token.startswith("qz_")
    headers = {"Authorization": f"Bearer {token}"}
    assert page.request.get(live_server + "/api/v1/tokens", headers=headers).status == 200
    no_violations(page, "account hi, new token")
    save_screenshot(page, "accounts-account-hindi-desktop")
    page.set_viewport_size(PHONE)
    no_violations(page, "account hi, phone")
    save_screenshot(page, "accounts-account-hindi-phone")
    page.set_viewport_size({"width": 1440, "height": 900})
    tab_to(page, ".token__revoke button")
    page.keyboard.press("Enter")
    expect(page.locator(".auth-notice--ok")).to_have_text("टोकन “ग्रेडिंग स्क्रिप्ट” रद्द कर दिया गया।")
    expect(page.locator(".token--revoked .token__name")).to_have_text("ग्रेडिंग स्क्रिप्ट")
    assert page.request.get(live_server + "/api/v1/tokens", headers=headers).status == 401

    # Sign out from the header; the sign-in page in Hindi.
    tab_to(page, ".site-nav__account button")
    page.keyboard.press("Enter")
    expect(page.locator(".site-nav__account")).to_contain_text("साइन इन")
    page.goto(live_server + "/signup")
    no_violations(page, "signup hi")
    page.goto(live_server + "/login")
    expect(page.locator("h1")).to_have_text("साइन इन")
    page.locator("#username").fill("meera")
    page.locator("#password").fill("wrong password")
    page.locator("#password").press("Enter")
    expect(page.locator(".auth-alert")).to_have_text("उपयोगकर्ता नाम या पासवर्ड ग़लत है।")
    no_violations(page, "login hi with an error")
    save_screenshot(page, "accounts-login-error-hindi-desktop")

    # Back to English in this browser; signing in brings the account's Hindi back.
    page.locator("nav.language-switch a[hreflang=en]").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Sign in")
    no_violations(page, "login en")
    tab_to(page, "#username")
    page.keyboard.type("MEERA")
    tab_to(page, "#password")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "hi")
    expect(page.locator(".site-nav__account a[href='/account']")).to_have_text("खाता")
