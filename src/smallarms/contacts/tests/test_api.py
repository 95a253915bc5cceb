"""Changing the directory through the API: the same keepers, rules and audit rows as the
pages."""

import datetime

import pytest

from smallarms.audit.models import Entry
from smallarms.contacts.models import Contact

pytestmark = pytest.mark.django_db

NEW = {
    "state": "KEN",
    "kind": "tracing",
    "institution": "Directorate of Criminal Investigations",
    "person_name": "Wambui Mwangi",
    "emails": ["dci@ke.example"],
    "working_languages": ["en"],
}


def test_the_point_of_contact_adds_an_entry_through_the_api(client, npc_kenya):
    client.force_login(npc_kenya)
    response = client.post("/api/contacts/", NEW, content_type="application/json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["state"], data["kind"], data["person_name"], data["revision"]) == (
        "KEN",
        "tracing",
        "Wambui Mwangi",
        1,
    )
    contact = Contact.objects.get(pk=data["id"])
    assert Entry.objects.get(event="created", object_id=str(contact.pk)).actor == npc_kenya


@pytest.mark.parametrize("user", [None, "npc_ghana", "provider_norway"])
def test_others_cannot_add_or_change_a_states_entries_through_the_api(
    client, kenya_iti, user, request
):
    if user:
        client.force_login(request.getfixturevalue(user))
    created = client.post("/api/contacts/", NEW, content_type="application/json")
    # Not signed in at all: 401, as for every write of the API, whatever the body says.
    assert created.status_code == (404 if user else 401)
    if not user:
        assert client.post("/api/contacts/", {}, content_type="application/json").status_code == 401
    changed = client.patch(
        f"/api/contacts/{kenya_iti.pk}/",
        {"title": "Intruder", "revision": 1},
        content_type="application/json",
    )
    assert changed.status_code == 404
    assert not Contact.objects.filter(kind="tracing").exists()
    kenya_iti.refresh_from_db()
    assert kenya_iti.title == "Superintendent"


def test_a_change_names_its_revision_and_an_old_one_is_refused_with_409(
    client, kenya_iti, npc_kenya
):
    client.force_login(npc_kenya)
    url = f"/api/contacts/{kenya_iti.pk}/"
    missing = client.patch(url, {"title": "Director"}, content_type="application/json")
    assert missing.status_code == 400
    assert missing.json() == {
        "revision": ["Give the revision of the entry your change is based on."]
    }
    ok = client.patch(url, {"title": "Director", "revision": 1}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["revision"] == 2
    conflict = client.patch(url, {"title": "Chief", "revision": 1}, content_type="application/json")
    assert conflict.status_code == 409
    assert conflict.json()["title"] == "Director"
    kenya_iti.refresh_from_db()
    assert kenya_iti.title == "Director"


def test_api_validation_messages_name_the_field(client, kenya_iti, npc_kenya):
    client.force_login(npc_kenya)
    response = client.patch(
        f"/api/contacts/{kenya_iti.pk}/",
        {"emails": ["nope"], "revision": 1},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {"emails": ["“nope” is not an e-mail address."]}


def test_confirming_through_the_api(client, kenya_iti, npc_kenya, npc_ghana, long_ago):
    Contact.objects.filter(pk=kenya_iti.pk).update(last_confirmed_at=long_ago)
    client.force_login(npc_ghana)
    assert client.post(f"/api/contacts/{kenya_iti.pk}/confirm/").status_code == 404
    client.force_login(npc_kenya)
    response = client.post(f"/api/contacts/{kenya_iti.pk}/confirm/")
    assert response.status_code == 200 and response.json()["is_stale"] is False
    assert Entry.objects.get(event="contacts_confirmed").data["via"] == "api"


def test_a_former_entry_is_found_by_its_id_though_the_list_leaves_it_out(
    client, kenya_iti, npc_kenya
):
    Contact.objects.filter(pk=kenya_iti.pk).update(valid_to=datetime.date(2020, 1, 1))
    url = f"/api/contacts/{kenya_iti.pk}/"
    assert client.get("/api/contacts/").json()["count"] == 0
    assert client.get(url).json()["valid_to"] == "2020-01-01"
    client.force_login(npc_kenya)
    changed = client.patch(
        url, {"title": "Retired", "revision": 1}, content_type="application/json"
    )
    assert changed.status_code == 200
    assert changed.json()["title"] == "Retired"


def test_the_api_refuses_more_addresses_than_an_entry_lists(client, kenya_iti, npc_kenya):
    client.force_login(npc_kenya)
    response = client.patch(
        f"/api/contacts/{kenya_iti.pk}/",
        {"emails": [f"office{n}@ke.example" for n in range(11)], "revision": 1},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {"emails": ["Ensure this field has no more than 10 elements."]}
