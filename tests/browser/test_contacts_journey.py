"""The contact directory: Peru's national point of contact, working in Spanish, updates the
ITI point of contact; Kenya's point of contact, in English, finds the new person in the directory
and sees where the change came from; a member of the public reading in Arabic sees the
institution but not the person. Axe checks every page."""

import pytest

from .test_national_report import sign_in

pytestmark = pytest.mark.browser

NEW_PERSON = "Carmen Villanueva"
NEW_EMAIL = "c.villanueva@peru.demo.example"
SPANISH_BAD_EMAIL = "no es una dirección de correo electrónico"


def test_an_iti_contact_updated_in_spanish_is_found_by_another_state(
    browser, live_site, accessible
):
    peru = browser.new_context(base_url=live_site).new_page()
    sign_in(peru, "npc.peru@demo.smallarms.example")
    peru.wait_for_url("**/account/dashboard/")
    assert peru.locator("html").get_attribute("lang") == "es"
    peru.click("a[href='/contacts/states/PER/']")
    accessible(peru)
    peru.click("section[data-kind='iti_point_of_contact'] a[href$='/edit/']")
    peru.wait_for_url("**/edit/")
    accessible(peru)

    # A bad address is refused, in Spanish, and what was typed stays in the form.
    peru.fill("#id_person_name", NEW_PERSON)
    peru.fill("#id_emails", "c.villanueva at peru")
    peru.click("main form button[type=submit]")
    assert peru.locator("#id_emails_error").is_visible()
    error = peru.locator("#id_emails_error").inner_text()
    assert "c.villanueva at peru" in error and SPANISH_BAD_EMAIL in error
    assert peru.input_value("#id_person_name") == NEW_PERSON
    accessible(peru)

    peru.fill("#id_emails", NEW_EMAIL)
    peru.click("main form button[type=submit]")
    peru.wait_for_url("**/contacts/*/")
    assert NEW_PERSON in peru.locator("main").inner_text()
    assert peru.locator(".messages").is_visible()
    accessible(peru)
    entry_url = peru.url

    kenya = browser.new_context(base_url=live_site).new_page()
    sign_in(kenya, "npc.kenya@demo.smallarms.example")
    kenya.wait_for_url("**/account/dashboard/")
    kenya.goto("/contacts/")
    kenya.fill("#id_q", "villanueva")
    kenya.click("form.filters button[type=submit]")
    row = kenya.locator("tbody tr", has_text=NEW_PERSON)
    assert row.count() == 1
    assert NEW_EMAIL in row.inner_text()
    accessible(kenya)
    row.locator("th a").click()
    kenya.wait_for_url(entry_url)
    history = kenya.locator("table tbody tr")
    assert history.count() >= 3  # the demo's two versions and today's change
    assert NEW_PERSON in history.first.inner_text()
    assert "Lucía Quispe" in history.first.inner_text()  # who changed it
    # Another State's official reads, but may not change.
    assert kenya.locator("a[href$='/edit/']").count() == 0
    accessible(kenya)

    public = browser.new_context(base_url=live_site, locale="ar").new_page()
    public.goto(entry_url)
    assert public.locator("html").get_attribute("dir") == "rtl"
    text = public.locator("main").inner_text()
    assert "Superintendencia Nacional" in text
    assert NEW_PERSON not in text and NEW_EMAIL not in text
    accessible(public)
    public.goto("/contacts/?q=villanueva")
    assert public.locator("tbody tr").count() == 0
    accessible(public)
