import pytest

from smallarms.states.models import Area, Organization, OrganizationMembership, State
from smallarms.states.services import load_reference_data

pytestmark = pytest.mark.django_db


def test_reference_data_is_in_the_database():
    assert State.objects.count() == 195
    assert State.objects.members().count() == 193
    assert Area.objects.filter(level="region").count() == 5
    assert Organization.objects.filter(slug="ecowas").exists()


def test_loading_again_changes_nothing():
    before = list(State.objects.values().order_by("iso3"))
    summary = load_reference_data()
    assert not summary.changed
    assert list(State.objects.values().order_by("iso3")) == before


def test_loading_repairs_an_edited_row_and_restores_a_removed_membership():
    State.objects.filter(iso3="KEN").update(m49="999", name_en="Kenia")
    membership = OrganizationMembership.objects.filter(organization__slug="eu").first()
    iso3 = membership.state.iso3
    membership.delete()

    summary = load_reference_data()

    kenya = State.objects.get(iso3="KEN")
    assert (kenya.m49, kenya.name_en) == ("404", "Kenya")
    assert summary.updated == {"states": 1}
    assert summary.created == {"memberships": 1}
    assert OrganizationMembership.objects.filter(organization__slug="eu", state__iso3=iso3).exists()


def test_a_membership_no_longer_shipped_is_removed():
    eu = Organization.objects.get(slug="eu")
    OrganizationMembership.objects.create(organization=eu, state=State.objects.get(iso3="NOR"))

    summary = load_reference_data()

    assert summary.deleted == {"memberships": 1}
    assert not eu.memberships.filter(state__iso3="NOR").exists()
