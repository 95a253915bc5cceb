"""The dashboard names the proposed matches the person has to answer."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_answering_side_sees_the_proposal_on_its_dashboard(client, npc_kenya, provider_norway):
    from smallarms.assistance.services import matches, needs, offers
    from smallarms.states.models import State
    from smallarms.themes.models import Theme

    marking = Theme.objects.get(code="marking")
    need = needs.create_need(
        acting_user=npc_kenya,
        state=State.objects.get(iso3="KEN"),
        title="Marking machines for the police armoury",
        description="Two marking machines and training for their operators.",
        kind="equipment",
        themes=[marking],
        is_public=True,
    )
    offer = offers.create_offer(
        acting_user=provider_norway,
        state=State.objects.get(iso3="NOR"),
        title="Marking equipment for East Africa",
        description="Marking machines and training.",
        kinds=["equipment"],
        themes=[marking],
    )
    matches.propose_match(acting_user=provider_norway, need=need, offer=offer)
    client.force_login(npc_kenya)
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert "Marking machines for the police armoury" in page
    assert "was proposed: accept or decline it." in page
    client.force_login(provider_norway)
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert "was proposed: accept or decline it." not in page
