"""Possible duplicates: needs of one State on the same themes and period, an offer posted
twice, two providers about to fund the same need — with their reasons in words."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import translation

from smallarms.assistance import duplicates
from smallarms.assistance.services import matches, needs, offers
from smallarms.states.models import State

pytestmark = pytest.mark.django_db

D = datetime.date


def test_two_needs_of_one_state_on_a_theme_in_the_same_period_are_flagged(make_need):
    first = make_need(title="Marking machines for the police")
    second = make_need(title="Training of registry clerks")
    assert duplicates.for_need(first) == [
        (second, "Same State, same themes (Marking) and overlapping periods")
    ]
    assert duplicates.for_need(second) == [
        (first, "Same State, same themes (Marking) and overlapping periods")
    ]


def test_a_similar_title_flags_needs_of_different_periods(make_need):
    first = make_need(title="Marking machines for the national police")
    second = make_need(
        title="Marking machines for the National Police.",
        starts_on=D(2030, 1, 1),
        ends_on=D(2030, 6, 30),
    )
    assert duplicates.for_need(first) == [
        (second, "Same State, same themes (Marking) and a similar title")
    ]


def test_both_period_and_title_are_said_when_both_match(make_need):
    first = make_need()
    second = make_need()
    [(other, reason)] = duplicates.for_need(first)
    assert other == second
    assert reason == ("Same State, same themes (Marking), overlapping periods and a similar title")


def test_needs_that_differ_are_not_flagged(make_need, npc_ghana, record_keeping):
    first = make_need(title="Marking machines")
    make_need(title="Destruction of surplus", starts_on=D(2030, 1, 1), ends_on=D(2030, 2, 1))
    make_need(title="Registry software", themes=[record_keeping])
    make_need(acting_user=npc_ghana, state=State.objects.get(iso3="GHA"))
    assert duplicates.for_need(first) == []


def test_a_withdrawn_need_is_not_a_duplicate(make_need, npc_kenya):
    first = make_need()
    second = make_need()
    needs.withdraw_need(acting_user=npc_kenya, need=second)
    assert duplicates.for_need(first) == []


def test_reasons_are_in_the_readers_language(make_need, marking):
    first = make_need(title="One")
    make_need(title="Two")
    with translation.override("fr"):
        [(_other, reason)] = duplicates.for_need(first)
    assert marking.names["fr"] in reason


def test_an_offer_posted_twice_is_flagged(offer, provider_norway, norway, offer_data):
    again = offers.create_offer(
        acting_user=provider_norway,
        state=norway,
        **offer_data(title="Marking and record keeping support in Africa!"),
    )
    assert duplicates.for_offer(offer) == [
        (
            again,
            "Same provider, themes (Marking) and kinds (equipment, training), overlapping "
            "periods and a similar title",
        )
    ]


def test_an_offer_with_the_same_themes_and_kinds_under_another_title_is_flagged(
    offer, provider_norway, norway, offer_data
):
    again = offers.create_offer(
        acting_user=provider_norway, state=norway, **offer_data(title="Weapons marking fund")
    )
    assert duplicates.for_offer(offer) == [
        (
            again,
            "Same provider, the very same themes (Marking) and kinds (equipment, training), "
            "overlapping periods",
        )
    ]


def test_offers_of_different_providers_or_periods_are_not_flagged(
    offer, provider_norway, norway, provider_germany, offer_data
):
    offers.create_offer(
        acting_user=provider_germany, state=State.objects.get(iso3="DEU"), **offer_data()
    )
    offers.create_offer(
        acting_user=provider_norway,
        state=norway,
        **offer_data(title="Marking grants", kinds=["financial"]),
    )
    assert duplicates.for_offer(offer) == []


def test_offers_of_periods_apart_are_not_flagged(provider_norway, norway, offer_data):
    def post(year):
        return offers.create_offer(
            acting_user=provider_norway,
            state=norway,
            **offer_data(starts_on=D(year, 1, 1), ends_on=D(year, 12, 31)),
        )

    first, second = post(2020), post(2027)
    assert duplicates.for_offer(first) == []
    assert duplicates.for_offer(second) == []
    # An offer without dates is always available: it may repeat either.
    undated = offers.create_offer(acting_user=provider_norway, state=norway, **offer_data())
    assert {other for other, _reason in duplicates.for_offer(undated)} == {first, second}


def test_two_providers_with_live_matches_on_one_need_are_flagged(
    public_need, offer, provider_norway, provider_germany, offer_data
):
    german = offers.create_offer(
        acting_user=provider_germany,
        state=State.objects.get(iso3="DEU"),
        **offer_data(title="German marking support"),
    )
    matches.propose_match(acting_user=provider_norway, need=public_need, offer=offer)
    assert duplicates.for_need_funding(public_need) == []
    match = matches.propose_match(acting_user=provider_germany, need=public_need, offer=german)
    assert duplicates.for_need_funding(public_need) == [
        (offer, "Also about to fund this need: Germany"),
        (german, "Also about to fund this need: Norway"),
    ]
    matches.withdraw_match(acting_user=provider_germany, match=match)
    assert duplicates.for_need_funding(public_need) == []


def test_the_overview_lists_every_flag_the_reader_may_see(make_need, offer, npc_kenya):
    first = make_need(title="First")
    second = make_need(title="Second")
    make_need(title="Private", is_public=False)
    flags = duplicates.all_flags(AnonymousUser())
    assert [str(flag) for flag in flags] == [
        "Needs “First” and “Second”: Same State, same themes (Marking) and overlapping periods"
    ]
    assert (flags[0].first, flags[0].second) == (first, second)
    # The State's own people also see the flags that involve its private need.
    assert len(duplicates.all_flags(npc_kenya)) == 3


def test_similar_titles_ignore_case_and_punctuation():
    assert duplicates.similar_titles("Marking machines", "marking-machines!")
    assert duplicates.similar_titles("Training of customs officers", "Training of custom officers")
    assert not duplicates.similar_titles("Marking machines", "Registry software")
    assert not duplicates.similar_titles("", "")


def test_the_overview_puts_two_providers_on_one_need_first_and_stops_at_the_limit(
    public_need, offer, make_need, provider_norway, provider_germany, offer_data
):
    german = offers.create_offer(
        acting_user=provider_germany,
        state=State.objects.get(iso3="DEU"),
        **offer_data(title="German marking support"),
    )
    matches.propose_match(acting_user=provider_norway, need=public_need, offer=offer)
    matches.propose_match(acting_user=provider_germany, need=public_need, offer=german)
    make_need(title="Marking machines again")

    flags = duplicates.all_flags(AnonymousUser())
    assert [str(flag) for flag in flags] == [
        "Need “Marking machines for the national police”: Several providers are about to "
        "fund it: Norway, Germany",
        "Needs “Marking machines for the national police” and “Marking machines again”: Same "
        "State, same themes (Marking) and overlapping periods",
    ]
    assert len(duplicates.all_flags(AnonymousUser(), limit=1)) == 1
