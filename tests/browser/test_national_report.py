"""The national-report journey: a reporting officer works in French, fills and submits; the
secretariat returns the report; the officer fixes it and submits again; the secretariat
publishes; a member of the public reads it in Arabic and downloads the CSV. Selectors do not
depend on the language, since the officer and the reader do not work in English."""

import base64

import pytest
from django_otp.oath import totp

pytestmark = pytest.mark.browser
PASSWORD = "demo-smallarms-2026"
REQUIRED_YES_NO = [
    "GEN-04", "GEN-09", "MAN-01", "MRK-01", "REC-01", "TRF-01", "BRK-01", "STK-01", "SUR-01",
    "COL-01", "CRM-01", "DDR-01", "AWR-01", "GND-01", "CHY-01", "ITM-01", "ITR-01", "ITR-02",
]  # fmt: skip


def sign_in(page, email):
    page.goto("/account/sign-in/")
    page.fill("#id_email", email)
    page.fill("#id_password", PASSWORD)
    page.click("main form button[type=submit]")


def wait_until_saved(page, codes):
    selector = ", ".join(f"#q-{code} .save-state" for code in codes)
    page.wait_for_function(
        """(selector) => Array.from(document.querySelectorAll(selector))
             .every((el) => el.textContent.trim() !== "" && !el.classList.contains("error"))""",
        arg=selector,
        timeout=30_000,
    )


def test_a_report_from_french_draft_to_arabic_reader(browser, live_site, accessible):
    officer = browser.new_context(base_url=live_site).new_page()
    sign_in(officer, "reporting.senegal@demo.smallarms.example")
    officer.goto("/reporting/reports/")
    assert officer.locator("html").get_attribute("lang") == "fr"
    accessible(officer)
    officer.click("form[action$='/reports/start/'] button")
    officer.wait_for_url("**/edit/")
    report_url = officer.url.removesuffix("edit/")
    accessible(officer)

    officer.fill("input[name='q-GEN-01-name']", "Aminata Diallo")
    officer.fill("input[name='q-GEN-01-email']", "a.diallo@example.org")
    officer.fill("input[name='q-GEN-02-name']", "Moussa Ndiaye")
    for code in REQUIRED_YES_NO:
        officer.check(f"#q-{code} input[value='no']")
    wait_until_saved(officer, ["GEN-01", "GEN-02", *REQUIRED_YES_NO])
    officer.click("form[action$='/submit/'] button")
    officer.wait_for_url(report_url)
    accessible(officer)

    secretariat = browser.new_context(base_url=live_site).new_page()
    sign_in(secretariat, "secretariat@demo.smallarms.example")
    secretariat.wait_for_url("**/two-factor/")
    secret = secretariat.locator("code.secret").inner_text().strip()
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    secretariat.fill("#id_token", f"{totp(key, t0=0, step=30):06d}")
    secretariat.click("main form button[type=submit]")
    secretariat.goto(report_url)
    accessible(secretariat)
    secretariat.fill("#return-comment", "Veuillez préciser le mandat de l'organe de coordination.")
    secretariat.click("form[action$='/return/'] button")
    assert secretariat.locator("html").get_attribute("dir") == "rtl"  # she works in Arabic

    officer.goto(report_url + "edit/")
    assert "Veuillez préciser le mandat" in officer.content()
    officer.check("#q-GEN-04 input[value='yes']")
    wait_until_saved(officer, ["GEN-04"])
    officer.click("form[action$='/submit/'] button")
    officer.wait_for_url(report_url)

    secretariat.goto(report_url)
    secretariat.click("form[action$='/publish/'] button")
    secretariat.wait_for_url(report_url)

    reader = browser.new_context(base_url=live_site).new_page()
    reader.goto("/reporting/reports/")
    reader.select_option("#language-select", "ar")
    reader.click(".language-switcher button")
    reader.wait_for_load_state()
    assert reader.locator("html").get_attribute("dir") == "rtl"
    accessible(reader)
    reader.click(f"a[href='{report_url.removeprefix(live_site)}']")
    # The report is public; its points of contact are personal details, for officials only.
    assert "GEN-04" in reader.content()
    assert "Aminata Diallo" not in reader.content()
    assert "a.diallo@example.org" not in reader.content()
    accessible(reader)
    with reader.expect_download() as download:
        reader.click("a[href$='download.csv']")
    with open(download.value.path(), encoding="utf-8-sig") as handle:
        content = handle.read()
    assert "GEN-04" in content and "Aminata Diallo" not in content


def test_text_typed_while_offline_survives_a_closed_tab(browser, live_site, accessible):
    context = browser.new_context(base_url=live_site)
    page = context.new_page()
    sign_in(page, "npc.peru@demo.smallarms.example")
    page.goto("/reporting/reports/")
    page.click("form[action$='/reports/start/'] button")
    page.wait_for_url("**/edit/")
    editor_url = page.url

    # Prefilled from Peru's BMS8 report. GEN-05 (the body's name) is shown only while
    # GEN-04 (a body exists) is answered yes.
    assert page.locator("#q-GEN-04 input[value='yes']").is_checked()
    page.check("#q-GEN-04 input[value='no']")
    assert page.locator("#q-GEN-05").is_hidden()
    page.check("#q-GEN-04 input[value='yes']")
    assert page.locator("#q-GEN-05").is_visible()
    wait_until_saved(page, ["GEN-04"])

    # The connection drops: saves fail, and the text stays in the browser.
    page.route("**/answers/**", lambda route: route.abort())
    field = page.locator("textarea[name='q-GEN-05']")
    field.fill("Comisión Nacional, creada por decreto supremo")
    page.wait_for_function(
        "() => document.querySelector('#q-GEN-05 .save-state').classList.contains('error')"
    )
    page.close()

    # The tab is opened again later, with the connection back: the text returns and is saved.
    again = context.new_page()
    again.goto(editor_url)
    assert again.locator("textarea[name='q-GEN-05']").input_value().startswith("Comisión")
    wait_until_saved(again, ["GEN-05"])
    again.reload()
    assert again.locator("textarea[name='q-GEN-05']").input_value() == (
        "Comisión Nacional, creada por decreto supremo"
    )
    accessible(again)
    context.close()


def test_a_busy_server_is_tried_again_by_itself_and_the_text_is_kept(
    browser, live_site, accessible
):
    context = browser.new_context(base_url=live_site)
    page = context.new_page()
    # Kenya's demo draft for the open cycle; GEN-05 is shown while GEN-04 is answered yes.
    sign_in(page, "npc.kenya@demo.smallarms.example")
    page.goto("/reporting/reports/?status=draft")
    page.click("tbody th a")
    page.click("a.button[href$='/edit/']")
    page.wait_for_url("**/edit/")
    if not page.locator("#q-GEN-04 input[value='yes']").is_checked():
        page.check("#q-GEN-04 input[value='yes']")
        wait_until_saved(page, ["GEN-04"])
    editor = page.locator("#report-editor")
    busy, saved = editor.get_attribute("data-msg-busy"), editor.get_attribute("data-msg-saved")

    # The first save meets a busy server; the next ones go through.
    sent = []

    def busy_once(route):
        sent.append(route.request.post_data_json["value"])
        if len(sent) == 1:
            route.fulfill(
                status=503,
                headers={"Retry-After": "1"},
                content_type="application/json",
                body='{"error": "busy"}',
            )
        else:
            route.continue_()

    page.route("**/answers/GEN-05/", busy_once)
    text = "Kenya National Focal Point on Small Arms and Light Weapons, Nairobi"
    page.fill("textarea[name='q-GEN-05']", text)
    state = "#q-GEN-05 .save-state"
    page.wait_for_function(
        "([selector, busy]) => document.querySelector(selector).textContent === busy",
        arg=[state, busy],
    )
    assert "error" not in (page.locator(state).get_attribute("class") or "")
    page.wait_for_function(
        "([selector, saved]) => document.querySelector(selector).textContent === saved",
        arg=[state, saved],
        timeout=30_000,
    )
    assert sent == [text, text]
    page.reload()
    assert page.locator("textarea[name='q-GEN-05']").input_value() == text
    accessible(page)
    context.close()
