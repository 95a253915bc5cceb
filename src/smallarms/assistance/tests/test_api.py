"""The assistance API: the same visibility as the pages, writes through the services."""

import pytest

from smallarms.assistance.models import Match, Need
from smallarms.audit.models import Entry

pytestmark = pytest.mark.django_db

NEEDS = "/api/assistance/needs/"
OFFERS = "/api/assistance/offers/"
MATCHES = "/api/assistance/matches/"


def titles(response):
    return {item["title"] for item in response.json()["results"]}


def test_anonymous_callers_get_public_needs_only(client, public_need, private_need):
    assert titles(client.get(NEEDS)) == {public_need.title}
    assert client.get(f"{NEEDS}{private_need.pk}/").status_code == 404


def test_the_state_reads_its_private_need(client, private_need, npc_kenya):
    client.force_login(npc_kenya)
    assert client.get(f"{NEEDS}{private_need.pk}/").json()["is_public"] is False


def test_the_point_of_contact_posts_a_need_and_bad_input_is_explained(client, npc_kenya):
    client.force_login(npc_kenya)
    need = {
        "state": "KEN",
        "title": "Marking machines",
        "description": "Two machines.",
        "themes": ["marking"],
        "kind": "equipment",
        "currency": "usd",
    }
    response = client.post(NEEDS, need, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {
        "currency": ["Enter a currency as its three-letter ISO 4217 code, e.g. USD or EUR."]
    }
    response = client.post(NEEDS, {**need, "currency": "USD"}, content_type="application/json")
    assert response.status_code == 201
    assert Need.objects.get().created_by == npc_kenya
    assert Entry.objects.filter(event="need_posted").exists()


@pytest.mark.parametrize("field", ["themes", "beneficiary_states"])
def test_a_need_naming_something_with_a_nul_character_is_refused_on_every_database(
    client, npc_kenya, field
):
    client.force_login(npc_kenya)
    need = {"state": "KEN", "title": "X", "description": "Y", "themes": ["marking"],
            "kind": "other", field: ["mark\x00ing"]}  # fmt: skip
    response = client.post(NEEDS, need, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {field: ["Null characters are not allowed."]}
    assert not Need.objects.exists()


def test_another_state_cannot_post_for_kenya_and_anonymous_must_sign_in(client, npc_ghana):
    need = {"state": "KEN", "title": "X", "description": "Y", "themes": ["marking"],
            "kind": "other"}  # fmt: skip
    assert client.post(NEEDS, need, content_type="application/json").status_code in (401, 403)
    client.force_login(npc_ghana)
    assert client.post(NEEDS, need, content_type="application/json").status_code == 404


def test_the_point_of_contact_changes_a_need_and_the_change_is_audited(
    client, public_need, npc_kenya
):
    client.force_login(npc_kenya)
    response = client.patch(
        f"{NEEDS}{public_need.pk}/",
        {"title": "Marking machines for the border posts", "priority": "high"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["title"] == "Marking machines for the border posts"
    public_need.refresh_from_db()
    assert (public_need.title, public_need.priority) == (
        "Marking machines for the border posts",
        "high",
    )
    # The last "updated" entry of the need (its themes and States, set when it was posted,
    # have theirs before it).
    entry = Entry.objects.filter(object_id=str(public_need.pk), event="updated").latest("pk")
    assert entry.actor == npc_kenya
    assert entry.before["title"] == "Marking machines for the national police"
    assert entry.after["title"] == "Marking machines for the border posts"


def test_another_state_cannot_change_kenyas_need(client, public_need, npc_ghana):
    client.force_login(npc_ghana)
    response = client.patch(
        f"{NEEDS}{public_need.pk}/", {"title": "Ours now"}, content_type="application/json"
    )
    assert response.status_code == 404
    public_need.refresh_from_db()
    assert public_need.title != "Ours now"


def test_the_provider_changes_its_offer_and_bad_input_is_explained(client, offer, provider_norway):
    client.force_login(provider_norway)
    url = f"{OFFERS}{offer.pk}/"
    bad = client.patch(url, {"kinds": ["weapons"]}, content_type="application/json")
    assert bad.status_code == 400
    assert bad.json() == {"kinds": {"0": ['"weapons" is not a valid choice.']}}
    response = client.patch(url, {"kinds": ["training"]}, content_type="application/json")
    assert response.status_code == 200
    offer.refresh_from_db()
    assert offer.kinds == ["training"]


def test_offer_contacts_only_for_signed_in_callers(client, offer, npc_ghana):
    assert client.get(f"{OFFERS}{offer.pk}/").json()["contact_email"] is None
    client.force_login(npc_ghana)
    assert client.get(f"{OFFERS}{offer.pk}/").json()["contact_email"] == (
        "ingrid.hansen@example.org"
    )


def offer_reads():
    return list(Entry.objects.filter(event="read").order_by("sequence"))


def test_offer_contacts_read_through_the_api_are_recorded_like_the_export(client, offer, npc_ghana):
    client.get(OFFERS, {"page_size": 100})
    client.get(f"{OFFERS}{offer.pk}/")
    assert offer_reads() == []  # anonymous callers get no contact details

    client.force_login(npc_ghana)
    listing = client.get(OFFERS, {"page_size": 100, "q": ""})
    assert listing.json()["results"][0]["contact_name"] == "Ingrid Hansen"
    client.get(f"{OFFERS}{offer.pk}/")
    listed, detail = offer_reads()
    assert listed.actor == npc_ghana and listed.object_type == ""
    assert listed.data == {
        "read": "assistance-offers",
        "via": "api",
        "filters": {"page_size": "100"},
        "rows": 1,
    }
    assert (detail.object_type, detail.object_id) == ("assistance.offer", str(offer.pk))
    assert detail.data == {"read": "assistance-offers", "via": "api", "rows": 1}


def test_the_match_life_cycle_through_the_api(
    client, public_need, offer, provider_norway, npc_kenya, npc_ghana
):
    client.force_login(provider_norway)
    response = client.post(
        MATCHES,
        {"need": str(public_need.pk), "offer": str(offer.pk)},
        content_type="application/json",
    )
    assert response.status_code == 201
    match_id = response.json()["id"]
    response = client.post(f"{MATCHES}{match_id}/accept/")
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": [
            "You cannot answer your own proposal: the other side accepts or declines it."
        ]
    }
    client.force_login(npc_ghana)
    assert client.get(f"{MATCHES}{match_id}/").status_code == 404
    assert client.post(f"{MATCHES}{match_id}/accept/").status_code == 404
    client.force_login(npc_kenya)
    assert client.post(f"{MATCHES}{match_id}/accept/").json()["status"] == "accepted"
    response = client.post(
        f"{MATCHES}{match_id}/messages/", {"body": "Welcome."}, content_type="application/json"
    )
    assert response.status_code == 201
    assert [m["body"] for m in client.get(f"{MATCHES}{match_id}/messages/").json()] == ["Welcome."]
    assert Match.objects.get().status == "accepted"


def test_projects_and_calls_are_listed(client, accepted, provider_norway):
    from smallarms.assistance.services import projects

    project = projects.record_project(
        acting_user=provider_norway,
        match=accepted,
        title="Marking for Kenya",
        indicators=[{"name": "Weapons marked", "target": 10}],
    )
    indicator = project.indicators.get()
    assert client.get("/api/assistance/projects/").json()["results"][0]["title"] == project.title
    client.force_login(provider_norway)
    response = client.post(
        f"/api/assistance/projects/{project.pk}/progress/",
        {"indicator": indicator.pk, "value": "10", "reported_on": "2026-01-01"},
        content_type="application/json",
    )
    assert response.status_code == 201
    accepted.need.refresh_from_db()
    assert accepted.need.status == "met"
    assert client.get("/api/assistance/calls/").status_code == 200
    assert client.get("/api/assistance/proposals/").json()["results"] == []


def test_a_proposal_lists_only_the_needs_its_reader_may_see(
    client, npc_kenya, kenya, unrcpd, provider_unrcpd, public_need, private_need
):
    import datetime
    from decimal import Decimal

    from smallarms.assistance.services import calls

    call = calls.open_call(
        acting_user=provider_unrcpd,
        organization=unrcpd,
        title="Record-keeping",
        aims="Registries.",
        deadline=datetime.date.today() + datetime.timedelta(days=30),
        budget_amount=Decimal(100000),
        criteria=[("Relevance", 1)],
    )
    proposal = calls.submit_proposal(
        acting_user=npc_kenya,
        call=call,
        state=kenya,
        needs=[public_need, private_need],
        title="Registry and marking",
        summary="Both needs.",
        budget_amount=Decimal(90000),
    )
    url = f"/api/assistance/proposals/{proposal.pk}/"
    client.force_login(npc_kenya)
    assert set(client.get(url).json()["needs"]) == {str(public_need.pk), str(private_need.pk)}
    # The call's reviewer reads the proposal, not Kenya's private need: not even its id.
    client.force_login(provider_unrcpd)
    assert client.get(url).json()["needs"] == [str(public_need.pk)]
    listed = client.get("/api/assistance/proposals/").json()["results"]
    assert [item["needs"] for item in listed] == [[str(public_need.pk)]]


def test_the_browsable_api_fills_a_change_form_only_for_who_may_make_the_change(
    client, offer, provider_norway, npc_ghana
):
    url = f"{OFFERS}{offer.pk}/?format=api"
    # The offer's contact is for signed-in people; the form to change it is its provider's.
    assert "ingrid.hansen@example.org" not in client.get(url).content.decode()
    client.force_login(npc_ghana)
    page = client.get(url).content.decode()
    assert "ingrid.hansen@example.org" in page  # the offer itself, read when signed in
    assert 'data-method="PATCH"' not in page
    client.force_login(provider_norway)
    assert 'data-method="PATCH"' in client.get(url).content.decode()
