import pytest
from django.urls import reverse

from smallarms.themes.models import Theme
from smallarms.themes.services import load_themes, shipped_themes

LANGUAGES = {"ar", "zh-hans", "en", "fr", "ru", "es"}
REQUIRED = {
    "national_coordination", "legislation", "manufacture", "marking", "record_keeping",
    "tracing", "stockpile_management", "surplus_and_destruction", "collection",
    "transfer_controls", "brokering", "border_control", "ddr", "awareness", "gender",
    "children_and_youth", "victims", "ammunition", "cooperation_and_assistance",
}  # fmt: skip


def test_the_shipped_taxonomy_has_its_themes_in_six_languages():
    themes = shipped_themes()
    codes = [theme["code"] for theme in themes]
    assert len(codes) == len(set(codes))
    assert set(codes) >= REQUIRED
    for theme in themes:
        assert {k for k, v in theme["names"].items() if v.strip()} == LANGUAGES, theme["code"]
        assert {k for k, v in theme["description"].items() if v.strip()} == LANGUAGES


@pytest.mark.django_db
def test_loading_again_changes_nothing():
    assert Theme.objects.count() == len(shipped_themes())
    assert load_themes() == {"created": 0, "updated": 0}


@pytest.mark.django_db
def test_anyone_reads_the_themes_in_their_language(client):
    response = client.get(reverse("themes:theme_list"))
    assert response.status_code == 200
    marking = Theme.objects.get(code="marking")
    assert marking.names["en"] in response.text
    response = client.get(reverse("themes:theme_list"), HTTP_ACCEPT_LANGUAGE="ru")
    assert marking.names["ru"] in response.text


@pytest.mark.django_db
def test_a_theme_page_shows_its_names_in_six_languages_and_404_for_an_unknown_one(client):
    marking = Theme.objects.get(code="marking")
    response = client.get(reverse("themes:theme_detail", kwargs={"code": "marking"}))
    for language in LANGUAGES:
        assert marking.names[language] in response.text
    assert client.get("/themes/no-such-theme/").status_code == 404


@pytest.mark.django_db
def test_the_themes_api_lists_codes_and_names(client):
    body = client.get("/api/themes/", HTTP_ACCEPT_LANGUAGE="fr").json()
    marking = next(theme for theme in body if theme["code"] == "marking")
    assert marking["name"] == Theme.objects.get(code="marking").names["fr"]
    assert set(marking["names"]) == LANGUAGES
    assert client.get("/api/themes/tracing/").json()["code"] == "tracing"
