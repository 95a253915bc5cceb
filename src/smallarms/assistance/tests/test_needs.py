"""Needs: who posts them, validation, who sees private ones, exchange rates."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from smallarms.assistance.models import Need
from smallarms.assistance.services import matches, money, needs
from smallarms.audit.models import Entry

pytestmark = pytest.mark.django_db


def test_the_national_point_of_contact_posts_a_need_of_their_state(public_need, npc_kenya):
    assert public_need.state.iso3 == "KEN"
    assert list(public_need.beneficiary_states.values_list("iso3", flat=True)) == ["KEN"]
    assert public_need.budget_usd == Decimal("120000.00")
    entry = Entry.objects.get(event="need_posted")
    assert (entry.actor_id, entry.object_id) == (npc_kenya.pk, str(public_need.pk))


def test_a_reporting_officer_cannot_post_a_need(reporting_officer_kenya, kenya, need_data):
    with pytest.raises(PermissionDenied):
        needs.create_need(acting_user=reporting_officer_kenya, state=kenya, **need_data())


def test_another_states_point_of_contact_cannot_post_for_kenya(npc_ghana, kenya, need_data):
    with pytest.raises(PermissionDenied):
        needs.create_need(acting_user=npc_ghana, state=kenya, **need_data())


def test_a_need_without_theme_or_with_reversed_dates_is_refused(npc_kenya, kenya, need_data):
    with pytest.raises(ValidationError) as error:
        needs.create_need(
            acting_user=npc_kenya,
            state=kenya,
            **need_data(themes=[], ends_on=datetime.date(2026, 1, 1)),
        )
    assert error.value.message_dict["themes"] == ["Choose at least one theme."]
    assert error.value.message_dict["ends_on"] == ["The end date is before the start date."]
    assert not Need.objects.exists()


def test_a_bad_currency_code_is_refused_in_words(npc_kenya, kenya, need_data):
    with pytest.raises(ValidationError) as error:
        needs.create_need(acting_user=npc_kenya, state=kenya, **need_data(currency="eur"))
    assert error.value.message_dict["currency"] == [
        "Enter a currency as its three-letter ISO 4217 code, e.g. USD or EUR."
    ]


def test_an_organization_posts_a_need_for_the_states_it_acts_for(
    provider_unrcpd, unrcpd, need_data, kenya
):
    need = needs.create_need(
        acting_user=provider_unrcpd,
        organization=unrcpd,
        beneficiary_states=[kenya],
        **need_data(is_public=False),
    )
    assert Need.objects.visible_to(provider_unrcpd).filter(pk=need.pk).exists()


def test_private_needs_are_seen_by_the_state_and_the_secretariat_only(
    private_need,
    public_need,
    npc_kenya,
    reporting_officer_kenya,
    npc_ghana,
    provider_norway,
    secretariat,
    with_two_factor,
    django_user_model,
):
    from django.contrib.auth.models import AnonymousUser

    def sees(user):
        return set(Need.objects.visible_to(user).values_list("title", flat=True))

    both = {private_need.title, public_need.title}
    assert sees(npc_kenya) == both
    assert sees(reporting_officer_kenya) == both
    assert sees(npc_ghana) == {public_need.title}
    assert sees(provider_norway) == {public_need.title}
    assert sees(AnonymousUser()) == {public_need.title}
    # The secretariat sees private needs once it has a second factor (a verified session).
    secretariat.is_verified = lambda: True
    with_two_factor(secretariat)
    assert sees(secretariat) == both
    secretariat.is_verified = lambda: False
    assert sees(secretariat) == {public_need.title}


def test_a_provider_matched_with_a_private_need_sees_it(
    private_need, offer, provider_norway, npc_kenya, provider_germany
):
    matches.propose_match(acting_user=npc_kenya, need=private_need, offer=offer)
    assert Need.objects.visible_to(provider_norway).filter(pk=private_need.pk).exists()
    assert not Need.objects.visible_to(provider_germany).filter(pk=private_need.pk).exists()


def test_only_the_point_of_contact_edits_and_withdraws(
    public_need, reporting_officer_kenya, npc_kenya
):
    with pytest.raises(PermissionDenied):
        needs.update_need(acting_user=reporting_officer_kenya, need=public_need, title="X")
    needs.update_need(acting_user=npc_kenya, need=public_need, title="Marking machines")
    need = needs.withdraw_need(acting_user=npc_kenya, need=public_need)
    assert need.status == "withdrawn"
    assert Entry.objects.filter(event="need_withdrawn", object_id=str(need.pk)).exists()
    with pytest.raises(ValidationError) as error:
        needs.withdraw_need(acting_user=npc_kenya, need=need)
    assert error.value.messages == ["This need is withdrawn already."]


def need_entries(need, since=0):
    return list(
        Entry.objects.filter(
            object_type="assistance.need", object_id=str(need.pk), sequence__gt=since
        ).order_by("sequence")
    )


def test_a_posted_need_is_recorded_created_then_its_themes_and_beneficiaries_set(
    public_need, marking, kenya
):
    created, themes, beneficiaries, posted = need_entries(public_need)
    assert created.event == "created"
    assert created.after["themes"] == [] and created.after["beneficiary_states"] == []
    assert (themes.event, themes.before, themes.after) == (
        "updated",
        {"themes": []},
        {"themes": [marking.pk]},
    )
    assert (beneficiaries.before, beneficiaries.after) == (
        {"beneficiary_states": []},
        {"beneficiary_states": [kenya.pk]},
    )
    assert posted.event == "need_posted"


def test_changing_only_a_needs_themes_records_them_before_and_after(
    public_need, npc_kenya, marking, record_keeping
):
    since = need_entries(public_need)[-1].sequence
    needs.update_need(acting_user=npc_kenya, need=public_need, themes=[marking, record_keeping])
    saved, themes = need_entries(public_need, since)
    # The save touches only updated_at; the relation, the same on both sides, is shown there.
    assert [change.name for change in saved.changes()] == ["updated_at"]
    assert saved.before["themes"] == saved.after["themes"] == [marking.pk]
    assert (themes.event, themes.actor, themes.before, themes.after) == (
        "updated",
        npc_kenya,
        {"themes": [marking.pk]},
        {"themes": sorted([marking.pk, record_keeping.pk])},
    )
    [change] = themes.changes()
    assert (str(change.label), change.before, change.after) == (
        "themes",
        [marking.pk],
        sorted([marking.pk, record_keeping.pk]),
    )

    since = themes.sequence
    needs.update_need(acting_user=npc_kenya, need=public_need, themes=[record_keeping])
    assert [(e.before, e.after) for e in need_entries(public_need, since)[1:]] == [
        ({"themes": sorted([marking.pk, record_keeping.pk])}, {"themes": [record_keeping.pk]}),
    ]


def test_objectives_are_added_to_a_need(public_need, npc_kenya, npc_ghana):
    objective = needs.save_objective(
        acting_user=npc_kenya,
        need=public_need,
        objective="Every police weapon marked",
        indicator="Weapons marked",
        baseline=Decimal(0),
        target=Decimal(5000),
        unit="weapons",
    )
    assert list(public_need.objectives.all()) == [objective]
    with pytest.raises(PermissionDenied):
        needs.save_objective(
            acting_user=npc_ghana, need=public_need, objective="x", indicator="y", target=1
        )


def test_budgets_are_converted_with_the_secretariats_exchange_rates(
    make_need, secretariat, npc_kenya
):
    need = make_need(budget_amount=Decimal("1000"), currency="EUR")
    assert need.budget_usd is None
    with pytest.raises(PermissionDenied):
        money.set_exchange_rate(
            acting_user=npc_kenya,
            currency="EUR",
            usd_per_unit=Decimal("1.1"),
            valid_from=datetime.date(2026, 1, 1),
        )
    money.set_exchange_rate(
        acting_user=secretariat,
        currency="EUR",
        usd_per_unit=Decimal("1.1"),
        valid_from=datetime.date(2026, 1, 1),
        source="Indicative",
    )
    need.refresh_from_db()
    assert need.budget_usd == Decimal("1100.00")
    assert Entry.objects.filter(event="exchange_rate_set").count() == 1


def test_the_history_of_a_private_need_and_its_objectives_is_not_for_others(
    private_need, npc_kenya, npc_ghana
):
    from smallarms.accounts.permissions import may_see_history
    from smallarms.assistance.models import NeedObjective

    objective = needs.save_objective(
        acting_user=npc_kenya, need=private_need, objective="All", indicator="Marked", target=1
    )
    assert may_see_history(npc_kenya, Need, private_need.pk)
    assert not may_see_history(npc_ghana, Need, private_need.pk)
    assert not may_see_history(npc_ghana, NeedObjective, objective.pk)
