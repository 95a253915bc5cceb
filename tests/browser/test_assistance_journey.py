"""Journey of assistance matching: the Kyrgyz national point of contact posts a need in Russian; the
Norwegian provider, working in English, finds it among the ranked needs of its offer and
proposes a match; the State accepts; they agree in the private conversation; the provider
records the funded project and later its progress reaching the target; the need shows as
met. Selectors do not depend on the language; axe checks every page visited."""

import re

import pytest

pytestmark = pytest.mark.browser
PASSWORD = "demo-smallarms-2026"
NEED_TITLE = "Маркировочное оборудование для пограничной службы"


def sign_in(browser, live_site, email):
    page = browser.new_context(base_url=live_site).new_page()
    page.goto("/account/sign-in/")
    page.fill("#id_email", email)
    page.fill("#id_password", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    return page


def test_a_need_in_russian_is_matched_funded_and_met(browser, live_site, accessible):
    state = sign_in(browser, live_site, "npc.kyrgyzstan@demo.smallarms.example")
    state.goto("/assistance/needs/")
    assert state.locator("html").get_attribute("lang") == "ru"
    accessible(state)

    # The State posts its need, in Russian, public.
    state.goto("/assistance/needs/new/")
    accessible(state)
    state.fill("#id_title", NEED_TITLE)
    state.fill(
        "#id_description",
        "Два станка для маркировки оружия и обучение шести техников пограничной службы.",
    )
    state.select_option("#id_language", "ru")
    state.select_option("#id_working_languages", ["ru", "en"])
    state.select_option("#id_themes", ["marking", "record_keeping"])
    state.select_option("#id_kind", "equipment")
    state.fill("#id_budget_amount", "150000")
    state.fill("#id_currency", "USD")
    state.select_option("#id_priority", "high")
    state.check("#id_is_public")
    state.click("main form button[type=submit]")
    state.wait_for_url(re.compile(r".*/assistance/needs/[0-9a-f-]{36}/$"))
    need_url = state.url
    need_id = need_url.rstrip("/").rsplit("/", 1)[1]
    assert NEED_TITLE in state.content()
    accessible(state)

    # A measurable objective.
    state.click("a[href$='/objectives/new/']")
    accessible(state)
    state.fill("#id_objective", "Все служебные стволы маркированы")
    state.fill("#id_indicator", "Маркированные стволы")
    state.fill("#id_baseline", "0")
    state.fill("#id_target", "400")
    state.fill("#id_unit", "стволов")
    state.click("main form button[type=submit]")
    state.wait_for_url(need_url)

    # The provider finds it among the ranked needs of its offer and proposes a match.
    provider = sign_in(browser, live_site, "provider.norway@demo.smallarms.example")
    provider.goto("/assistance/offers/?state=NOR")
    assert provider.locator("html").get_attribute("lang") == "en"
    accessible(provider)
    provider.click("main table a[href*='/assistance/offers/']")
    provider.wait_for_url(re.compile(r".*/assistance/offers/[0-9a-f-]{36}/$"))
    assert NEED_TITLE in provider.content()
    accessible(provider)
    provider.click(f"form:has(input[name='need'][value='{need_id}']) button")
    provider.wait_for_url(re.compile(r".*/assistance/matches/[0-9a-f-]{36}/$"))
    match_url = provider.url
    accessible(provider)

    # The State accepts and writes in the private conversation.
    state.goto("/assistance/matches/")
    accessible(state)
    state.goto(match_url)
    accessible(state)
    state.click("form[action$='/accept/'] button")
    state.wait_for_url(match_url)
    state.fill("#id_body", "Спасибо! Обучение можно провести в Бишкеке в марте?")
    state.click("form[action$='/messages/'] button")
    state.wait_for_url(re.compile(".*" + re.escape(match_url.split("//", 1)[1]) + ".*"))
    assert "Бишкеке" in state.content()

    # The provider answers and records the funded project.
    provider.goto(match_url)
    assert "Бишкеке" in provider.content()
    provider.fill("#id_body", "Yes, March in Bishkek works for us.")
    provider.click("form[action$='/messages/'] button")
    provider.click("a[href*='/assistance/projects/new/?match=']")
    accessible(provider)
    provider.select_option("#id_status", "ongoing")
    provider.fill("#id_budget_amount", "1500000")
    provider.fill("#id_currency", "NOK")
    provider.click("main form button[type=submit]")
    provider.wait_for_url(re.compile(r".*/assistance/projects/[0-9a-f-]{36}/$"))
    project_url = provider.url
    accessible(provider)

    provider.click("a[href$='/indicators/new/']")
    accessible(provider)
    provider.fill("#id_name", "Border service weapons marked")
    provider.fill("#id_baseline", "0")
    provider.fill("#id_target", "400")
    provider.select_option("#id_objective", index=1)
    provider.click("main form button[type=submit]")
    provider.wait_for_url(project_url)

    # Later, progress: half way, then the target.
    for value in ("180", "400"):
        provider.click("a[href$='/progress/new/']")
        accessible(provider)
        provider.select_option("#id_indicator", index=1)
        provider.fill("#id_value", value)
        provider.click("main form button[type=submit]")
        provider.wait_for_url(project_url)
    accessible(provider)

    # The need shows as met, with what was funded and achieved.
    state.goto(need_url)
    assert state.locator("[data-status]").get_attribute("data-status") == "met"
    assert project_url.split("//", 1)[1].split("/", 1)[1] in state.content()
    accessible(state)


def test_a_visitor_reads_needs_offers_and_projects_in_arabic(browser, live_site, accessible):
    page = browser.new_context(base_url=live_site, locale="ar").new_page()
    for url in ("/assistance/needs/", "/assistance/offers/", "/assistance/projects/",
                "/assistance/calls/"):  # fmt: skip
        page.goto(url)
        assert page.locator("html").get_attribute("dir") == "rtl"
        accessible(page)
    page.goto("/assistance/projects/")
    page.click("main table a[href*='/assistance/projects/']")
    accessible(page)
    page.goto("/assistance/needs/?state=KEN")
    page.click("main table a[href*='/assistance/needs/']")
    assert page.locator("[data-status]").get_attribute("data-status") == "partly_met"
    accessible(page)
