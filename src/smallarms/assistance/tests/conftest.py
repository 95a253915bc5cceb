"""Fixtures of the assistance tests: the demo's kind of people, a need and an offer."""

import datetime
from decimal import Decimal

import pytest

from smallarms.assistance.services import matches, needs, offers
from smallarms.states.models import Organization, State
from smallarms.themes.models import Theme


@pytest.fixture
def kenya():
    return State.objects.get(iso3="KEN")


@pytest.fixture
def norway():
    return State.objects.get(iso3="NOR")


@pytest.fixture
def unrcpd():
    return Organization.objects.get(slug="unrcpd")


@pytest.fixture
def marking():
    return Theme.objects.get(code="marking")


@pytest.fixture
def record_keeping():
    return Theme.objects.get(code="record_keeping")


@pytest.fixture
def provider_unrcpd(make_user):
    return make_user("provider.unrcpd@example.org", "assistance_provider", organization="unrcpd")


@pytest.fixture
def provider_germany(make_user):
    return make_user("provider.germany@example.org", "assistance_provider", state="DEU")


@pytest.fixture
def need_data(marking):
    def data(**overrides):
        fields = {
            "title": "Marking machines for the national police",
            "description": "Two marking machines and training for six technicians.",
            "language": "en",
            "kind": "equipment",
            "budget_amount": Decimal("120000"),
            "currency": "USD",
            "starts_on": datetime.date(2027, 1, 1),
            "ends_on": datetime.date(2027, 12, 31),
            "priority": "high",
            "is_public": True,
            "themes": [marking],
        }
        fields.update(overrides)
        return fields

    return data


@pytest.fixture
def make_need(npc_kenya, kenya, need_data):
    def make(acting_user=None, state=None, **overrides):
        return needs.create_need(
            acting_user=acting_user or npc_kenya, state=state or kenya, **need_data(**overrides)
        )

    return make


@pytest.fixture
def public_need(make_need):
    return make_need()


@pytest.fixture
def private_need(make_need):
    return make_need(title="Record-keeping software for the arms registry", is_public=False)


@pytest.fixture
def offer_data(marking):
    def data(**overrides):
        fields = {
            "title": "Marking and record-keeping support in Africa",
            "description": "Equipment and training for marking weapons.",
            "language": "en",
            "kinds": ["equipment", "training"],
            "budget_min": Decimal("50000"),
            "budget_max": Decimal("250000"),
            "currency": "USD",
            "contact_name": "Ingrid Hansen",
            "contact_email": "ingrid.hansen@example.org",
            "themes": [marking],
        }
        fields.update(overrides)
        return fields

    return data


@pytest.fixture
def offer(provider_norway, norway, offer_data):
    return offers.create_offer(acting_user=provider_norway, state=norway, **offer_data())


@pytest.fixture
def proposed(public_need, offer, provider_norway):
    return matches.propose_match(
        acting_user=provider_norway, need=public_need, offer=offer, message="We can help."
    )


@pytest.fixture
def accepted(proposed, npc_kenya):
    return matches.accept_match(acting_user=npc_kenya, match=proposed)
