"""Offers: who makes them, validation, closing, the form and the filters."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from smallarms.assistance.models import Match, Offer
from smallarms.assistance.services import offers
from smallarms.audit.models import Entry

pytestmark = pytest.mark.django_db


def test_a_provider_makes_an_offer_for_its_state(offer, provider_norway):
    assert (offer.state.iso3, offer.created_by) == ("NOR", provider_norway)
    assert offer.budget_max_usd == Decimal("250000.00")
    assert Entry.objects.filter(event="offer_posted", object_id=str(offer.pk)).exists()


def test_a_provider_cannot_offer_for_another_state(provider_germany, norway, offer_data):
    with pytest.raises(PermissionDenied):
        offers.create_offer(acting_user=provider_germany, state=norway, **offer_data())


def test_an_organizations_provider_offers_for_it(provider_unrcpd, unrcpd, offer_data):
    offer = offers.create_offer(acting_user=provider_unrcpd, organization=unrcpd, **offer_data())
    assert offer.owner == unrcpd


def test_a_national_point_of_contact_may_offer_for_the_state(npc_kenya, kenya, offer_data):
    assert offers.create_offer(acting_user=npc_kenya, state=kenya, **offer_data()).state == kenya


def test_a_reversed_budget_range_and_no_kind_are_refused(provider_norway, norway, offer_data):
    with pytest.raises(ValidationError) as error:
        offers.create_offer(
            acting_user=provider_norway,
            state=norway,
            **offer_data(kinds=[], budget_min=Decimal(10), budget_max=Decimal(5)),
        )
    assert error.value.message_dict == {
        "kinds": ["Choose at least one kind of assistance."],
        "budget_max": ["The largest amount is smaller than the smallest."],
    }
    assert not Offer.objects.exists()


def test_closing_an_offer_lets_its_pending_proposals_lapse(proposed, provider_norway):
    offers.close_offer(acting_user=provider_norway, offer=proposed.offer)
    assert Match.objects.get().status == "withdrawn"
    proposed.need.refresh_from_db()
    assert proposed.need.status == "open"
    with pytest.raises(ValidationError) as error:
        offers.close_offer(acting_user=provider_norway, offer=Offer.objects.get())
    assert error.value.messages == ["This offer is not open any more."]


def test_the_provider_makes_an_offer_through_the_form(client, provider_norway, norway, marking):
    client.force_login(provider_norway)
    form = client.get(reverse("assistance:offer_create"))
    assert 'value="provider.norway@example.org"' in form.text  # the contact, prefilled
    data = {
        "owner": f"state:{norway.pk}",
        "title": "Training on tracing",
        "description": "Courses.",
        "language": "en",
        "themes": [marking.code],
        "kinds": ["training"],
        "eligible_areas": ["002"],
        "currency": "EUR",
        "budget_min": "100",
        "budget_max": "50",
    }
    response = client.post(reverse("assistance:offer_create"), data)
    assert "The largest amount is smaller than the smallest." in response.text
    data["budget_max"] = "5000"
    response = client.post(reverse("assistance:offer_create"), data)
    offer = Offer.objects.get()
    assert response["Location"] == offer.get_absolute_url()
    assert [a.code for a in offer.eligible_areas.all()] == ["002"]


def test_a_reporting_officer_has_no_offer_form(client, reporting_officer_kenya):
    client.force_login(reporting_officer_kenya)
    assert client.get(reverse("assistance:offer_create")).status_code == 404


def test_offers_open_to_a_state_include_those_open_to_all(
    client, offer, provider_norway, norway, offer_data
):
    from smallarms.states.models import Area, State

    offers.create_offer(
        acting_user=provider_norway,
        state=norway,
        **offer_data(title="For the Americas only", eligible_areas=[Area.objects.get(code="019")]),
    )
    assert State.objects.get(iso3="KEN")
    page = client.get(reverse("assistance:offer_list"), {"eligible": "KEN"})
    assert offer.title in page.text and "For the Americas only" not in page.text
    page = client.get(reverse("assistance:offer_list"), {"eligible": "PER"})
    assert "For the Americas only" in page.text


def test_another_provider_cannot_edit_the_offer(client, offer, provider_germany, provider_norway):
    client.force_login(provider_germany)
    assert client.get(reverse("assistance:offer_update", args=[offer.pk])).status_code == 404
    client.force_login(provider_norway)
    assert client.get(reverse("assistance:offer_update", args=[offer.pk])).status_code == 200


def test_changing_an_offers_eligible_states_records_them_before_and_after(offer, provider_norway):
    from smallarms.states.models import State

    kenya, ghana = State.objects.get(iso3="KEN"), State.objects.get(iso3="GHA")
    since = Entry.objects.order_by("-sequence").first().sequence
    offers.update_offer(acting_user=provider_norway, offer=offer, eligible_states=[kenya])
    offers.update_offer(acting_user=provider_norway, offer=offer, eligible_states=[kenya, ghana])
    offers.update_offer(acting_user=provider_norway, offer=offer, eligible_states=[])
    entries = Entry.objects.filter(
        object_type="assistance.offer", object_id=str(offer.pk), sequence__gt=since
    ).order_by("sequence")
    relation = [(e.before, e.after) for e in entries if list(e.after) == ["eligible_states"]]
    assert relation == [
        ({"eligible_states": []}, {"eligible_states": [kenya.pk]}),
        ({"eligible_states": [kenya.pk]}, {"eligible_states": sorted([kenya.pk, ghana.pk])}),
        ({"eligible_states": sorted([kenya.pk, ghana.pk])}, {"eligible_states": []}),
    ]
    assert {e.actor for e in entries} == {provider_norway}
