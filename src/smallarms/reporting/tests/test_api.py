"""The read-only API of meetings, reporting cycles and their figures."""

import pytest
from rest_framework.test import APIClient

from smallarms.reporting.services import meetings as services
from smallarms.states.models import State

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_anyone_lists_the_meetings_and_filters_them_by_kind(api):
    response = api.get("/api/meetings/")
    assert response.status_code == 200
    assert response.json()["count"] == 14
    response = api.get("/api/meetings/", {"kind": "mge"})
    assert [m["code"] for m in response.json()["results"]] == ["MGE1", "MGE2"]
    assert api.get("/api/meetings/", {"kind": "summit"}).status_code == 400


def test_a_meeting_is_found_by_its_code_in_any_case_with_its_titles(api):
    response = api.get("/api/meetings/revcon4/", HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 200
    meeting = response.json()
    assert meeting["code"] == "RevCon4"
    assert meeting["title"].startswith("Cuarta Conferencia de las Naciones Unidas")
    assert set(meeting["titles"]) == {"ar", "zh-hans", "en", "fr", "ru", "es"}
    assert (meeting["chair_state"], meeting["status"]) == ("CRI", "held")
    assert meeting["reporting_cycle"] == "RevCon4"
    assert api.get("/api/meetings/MGE1/").json()["reporting_cycle"] is None
    assert api.get("/api/meetings/BMS99/").status_code == 404


def test_the_cycles_carry_their_figures_and_one_cycle_its_breakdown(api):
    cycle = services.find_cycle("BMS5")
    for iso3 in ("KEN", "NGA", "DEU"):
        services.record_submission(
            acting_user=None, cycle=cycle, state=State.objects.get(iso3=iso3), source="recorded"
        )
    listing = api.get("/api/reporting-cycles/").json()
    assert listing["count"] == 8
    bms5 = next(c for c in listing["results"] if c["code"] == "BMS5")
    assert (bms5["submitted"], bms5["states"], bms5["rate"]) == (3, 193, 0.0155)
    assert bms5["url"].endswith("/api/reporting-cycles/BMS5/")
    assert bms5["meeting"].endswith("/api/meetings/BMS5/")
    detail = api.get("/api/reporting-cycles/bms5/").json()
    assert detail["by_regional_group"] == {
        "african": 2,
        "asia_pacific": 0,
        "eeg": 0,
        "grulac": 0,
        "weog": 1,
    }
    assert detail["by_region"] == {"002": 2, "009": 0, "019": 0, "142": 0, "150": 1}
    assert detail["status"] == "closed"


def test_the_api_is_read_only(api, secretariat):
    api.force_authenticate(secretariat)
    assert api.post("/api/meetings/", {}).status_code == 405
    assert api.delete("/api/reporting-cycles/BMS5/").status_code == 405
