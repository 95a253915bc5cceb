"""The limits of the shared filters (core/filters.py), wherever a filter definition uses
them: a year out of range, a search of too many words or too many characters answer 400
naming the parameter in the API, and show the message beside the field on the page (and an
empty export), which then lists nothing. Never a server error."""

import pytest
from django.urls import reverse

from smallarms.core.filters import SEARCH_MAX_LENGTH, SEARCH_MAX_WORDS, YEAR_MAX, YEAR_MIN
from smallarms.reporting.models import Meeting
from smallarms.reporting.services.meetings import load_meetings

pytestmark = pytest.mark.django_db

THOUSAND_WORDS = " ".join(f"word{n}" for n in range(1000))
TOO_MANY_WORDS = " ".join(["arms"] * (SEARCH_MAX_WORDS + 1))
TOO_LONG = "x" * (SEARCH_MAX_LENGTH + 1)
WORDS_MESSAGE = f"A search has at most {SEARCH_MAX_WORDS} words."
LENGTH_MESSAGE = (
    f"Ensure this value has at most {SEARCH_MAX_LENGTH} characters (it has "
    f"{SEARCH_MAX_LENGTH + 1})."
)

BAD_YEARS = [
    ("year_to", "10000", f"Ensure this value is less than or equal to {YEAR_MAX}."),
    ("year_to", "0", f"Ensure this value is greater than or equal to {YEAR_MIN}."),
    ("year_from", "0.5", "Enter a whole number."),
    ("year_to", "1e16", "Enter a whole number."),
]

SEARCHED_ENDPOINTS = [
    "/api/reports/",
    "/api/contacts/",
    "/api/assistance/needs/",
    "/api/assistance/offers/",
    "/api/assistance/projects/",
    "/api/assistance/calls/",
    "/api/states/",
    "/api/organizations/",
]


@pytest.mark.parametrize("path", ["/api/meetings/", "/api/reporting-cycles/"])
@pytest.mark.parametrize(("parameter", "value", "message"), BAD_YEARS)
def test_a_year_filter_out_of_range_answers_400_naming_the_parameter(
    client, path, parameter, value, message
):
    response = client.get(path, {parameter: value})
    assert response.status_code == 400
    assert response.json() == {parameter: [message]}


def test_a_year_filter_in_range_still_selects_the_meetings_of_those_years(client):
    load_meetings()
    expected = sorted(Meeting.objects.filter(starts_on__year=2018).values_list("code", flat=True))
    response = client.get("/api/meetings/", {"year_from": "2018", "year_to": "2018"})
    assert response.status_code == 200
    assert expected
    assert sorted(m["code"] for m in response.json()["results"]) == expected


@pytest.mark.parametrize("name", ["reporting:meeting_list", "reporting:cycle_list"])
@pytest.mark.parametrize(("parameter", "value", "message"), BAD_YEARS)
def test_a_page_with_a_year_out_of_range_shows_why_and_lists_nothing(
    client, name, parameter, value, message
):
    load_meetings()
    page = client.get(reverse(name), {parameter: value})
    assert page.status_code == 200
    assert message in page.content.decode()
    assert not page.context["object_list"]


@pytest.mark.parametrize("path", SEARCHED_ENDPOINTS)
@pytest.mark.parametrize(
    ("words", "message"),
    [(THOUSAND_WORDS, WORDS_MESSAGE), (TOO_MANY_WORDS, WORDS_MESSAGE), (TOO_LONG, LENGTH_MESSAGE)],
    ids=["a thousand words", "one word too many", "one character too many"],
)
def test_a_search_over_the_limits_answers_400_naming_the_limit(client, path, words, message):
    response = client.get(path, {"q": words})
    assert response.status_code == 400
    assert response.json() == {"q": [message]}


@pytest.mark.parametrize("path", SEARCHED_ENDPOINTS)
def test_a_search_at_the_limits_is_answered(client, path):
    words = " ".join(["a" * 9] * SEARCH_MAX_WORDS)
    assert len(words) <= SEARCH_MAX_LENGTH
    response = client.get(path, {"q": words})
    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_a_signed_in_official_searching_the_directory_meets_the_same_limits(client, npc_kenya):
    # Officials' searches also look in names and e-mail addresses: twice the conditions.
    client.force_login(npc_kenya)
    response = client.get("/api/contacts/", {"q": THOUSAND_WORDS})
    assert response.status_code == 400
    assert response.json() == {"q": [WORDS_MESSAGE]}


@pytest.mark.parametrize(
    "name",
    [
        "reporting:report_list",
        "contacts:contact_list",
        "assistance:need_list",
        "assistance:offer_list",
        "states:state_list",
        "states:organization_list",
    ],
)
def test_a_page_searched_with_a_thousand_words_shows_the_limit_and_lists_nothing(client, name):
    page = client.get(reverse(name), {"q": THOUSAND_WORDS})
    assert page.status_code == 200
    assert WORDS_MESSAGE in page.content.decode()
    assert not page.context["object_list"]


@pytest.mark.parametrize("name", ["contacts:contact_export", "assistance:need_export"])
def test_an_export_searched_with_a_thousand_words_has_no_rows(client, name):
    export = client.get(reverse(name), {"q": THOUSAND_WORDS})
    assert export.status_code == 200
    assert len(export.content.decode("utf-8-sig").strip().splitlines()) == 1


def test_a_code_filter_longer_than_any_code_is_refused_naming_its_limit(client):
    response = client.get("/api/reports/", {"cycle": "B" * 13})
    assert response.status_code == 400
    assert response.json() == {
        "cycle": ["Ensure this value has at most 12 characters (it has 13)."]
    }
    assert client.get("/api/reports/", {"cycle": "BMS8"}).status_code == 200
