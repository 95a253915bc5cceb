"""Journeys of signing in: sign in with two-factor authentication; Arabic right to left; Chinese."""

import base64
import re
import time

import pytest
from django_otp.oath import totp

pytestmark = pytest.mark.browser
PASSWORD = "demo-smallarms-2026"


def code_for(secret: str) -> str:
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    return f"{totp(key):06d}"


def sign_in(page, email):
    page.goto("/account/sign-in/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_an_official_turns_on_two_factor_and_signs_in_with_it(page, accessible):
    sign_in(page, "npc.kenya@demo.smallarms.example")
    page.wait_for_url("**/account/dashboard/")
    accessible(page)

    page.goto("/account/profile/")
    accessible(page)
    page.get_by_role("link", name="Turn on two-factor authentication").click()
    accessible(page)
    secret = page.locator("code.secret").inner_text().strip()
    page.get_by_label("Six-digit code shown by your authenticator app").fill(code_for(secret))
    page.get_by_role("button", name="Turn on").click()
    assert page.get_by_role("heading", name="Your recovery codes").is_visible()
    assert page.locator(".codes li").count() == 10
    accessible(page)

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "npc.kenya@demo.smallarms.example")
    page.wait_for_url("**/account/sign-in/code/")
    accessible(page)
    field = page.get_by_label("Code from your authenticator app, or a recovery code")
    field.fill("000000")
    page.get_by_role("button", name="Continue").click()
    assert page.get_by_text("That code is not right.").is_visible()
    # A code is accepted once: wait for the authenticator's next 30-second step, as a
    # person would see a new code appear, which also outlasts the back-off after a failure.
    page.wait_for_timeout((30 - time.time() % 30 + 1) * 1000)
    field = page.get_by_label("Code from your authenticator app, or a recovery code")
    field.fill(code_for(secret))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/account/dashboard/")
    assert page.get_by_text("Grace Wanjiku").first.is_visible()


def test_a_visitor_switches_to_arabic_and_reads_right_to_left_then_chinese(page, accessible):
    page.goto("/states/?regional_group=african")
    html = page.locator("html")
    assert html.get_attribute("dir") == "ltr"

    page.get_by_label("Language").select_option("ar")
    page.get_by_role("button", name="Change").click()
    page.wait_for_load_state()
    assert html.get_attribute("lang") == "ar"
    assert html.get_attribute("dir") == "rtl"
    assert page.get_by_role("link", name="كينيا").is_visible()
    # The navigation starts on the right in Arabic.
    box = page.locator(".site-nav li").first.bounding_box()
    assert box["x"] > page.viewport_size["width"] / 2
    accessible(page)

    page.get_by_role("link", name="كينيا").click()
    assert page.get_by_role("heading", level=1).inner_text() == "كينيا"
    accessible(page)

    page.locator("#language-select").select_option("zh-hans")
    page.locator(".language-switcher button").click()
    page.wait_for_load_state()
    assert html.get_attribute("lang") == "zh-hans"
    assert html.get_attribute("dir") == "ltr"
    assert page.get_by_role("heading", level=1).inner_text() == "肯尼亚"
    accessible(page)


def test_the_home_and_organization_pages_are_accessible_in_english(page, accessible):
    page.goto("/")
    accessible(page)
    page.get_by_role("link", name="Organizations").first.click()
    accessible(page)
    page.get_by_role("link", name=re.compile("Economic Community of West African States")).click()
    assert page.get_by_role("heading", level=1).is_visible()
    accessible(page)
