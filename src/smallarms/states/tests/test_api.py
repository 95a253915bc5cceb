import pytest

pytestmark = pytest.mark.django_db


def test_the_state_list_is_paginated_and_complete(client):
    response = client.get("/api/states/", {"page_size": 500})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 195
    assert len(body["results"]) == 195


def test_the_state_list_filters_by_group_and_orders_by_code(client):
    body = client.get("/api/states/", {"regional_group": "weog", "ordering": "iso3"}).json()
    assert body["count"] == 29
    codes = [s["iso3"] for s in body["results"]]
    assert codes == sorted(codes) and "USA" in codes


def test_a_state_in_the_api_has_codes_areas_names_and_memberships(client):
    body = client.get("/api/states/KEN/").json()
    assert body["iso3"] == "KEN" and body["m49"] == "404"
    assert body["region"]["code"] == "002"
    assert body["subregion"]["code"] == "202"
    assert body["intermediate_region"]["code"] == "014"
    assert body["names"]["ru"]["short"] == "Кения"
    assert body["short_name"] == "Kenya"
    assert "eac" in {m["organization"] for m in body["memberships"]}


def test_names_come_in_the_language_asked_for(client):
    body = client.get("/api/states/KEN/", HTTP_ACCEPT_LANGUAGE="ar").json()
    assert body["short_name"] == "كينيا"
    assert body["region"]["name"] == "أفريقيا"


def test_an_unknown_state_answers_404(client):
    assert client.get("/api/states/XXX/").status_code == 404


def test_a_bad_filter_value_answers_400_with_the_reason(client):
    response = client.get("/api/states/", {"regional_group": "nordic"})
    assert response.status_code == 400
    assert "regional_group" in response.json()


def test_organizations_in_the_api_with_members(client):
    body = client.get("/api/organizations/", {"kind": "regional", "page_size": 100}).json()
    assert "au" in {o["slug"] for o in body["results"]}
    ecowas = client.get("/api/organizations/ecowas/").json()
    assert ecowas["names"]["fr"]["acronym"] == "CEDEAO"
    assert len(ecowas["members"]) == 12 == ecowas["member_count"]
    assert "NGA" in {m["iso3"] for m in ecowas["members"]}


def test_organizations_filter_by_member_state(client):
    body = client.get("/api/organizations/", {"member": "NOR", "page_size": 100}).json()
    slugs = {o["slug"] for o in body["results"]}
    assert "nato" in slugs and "osce" in slugs and "eu" not in slugs


def test_the_api_is_read_only(client):
    assert client.post("/api/states/", {}).status_code == 405
    assert client.delete("/api/states/KEN/").status_code == 405


def test_the_api_filters_member_and_observer_states(client):
    body = client.get("/api/states/", {"un_member": "false"}).json()
    assert sorted(s["iso3"] for s in body["results"]) == ["PSE", "VAT"]
