"""Stored candidates: written when needs and offers change, rebuilt by ``recompute_all``,
read as ranked lists that only show what the reader may see."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser

from smallarms.assistance import scoring
from smallarms.assistance.models import Candidate
from smallarms.assistance.services import matches, matching, needs, offers
from smallarms.states.models import Area, State

pytestmark = pytest.mark.django_db

EXPECTED_REASONS = [
    "Same themes: Marking",
    "Open to every State",
    "Kind matches: equipment",
    "Budget fits: USD 120,000 within USD 50,000–250,000",
    "Timing not compared: the offer gives no dates",
    "Shared working language: English",
]


def rows():
    return {
        (row.need_id, row.offer_id): (row.score, row.reasons) for row in Candidate.objects.all()
    }


def test_a_new_need_and_offer_are_stored_as_a_candidate_with_score_and_reasons(public_need, offer):
    row = Candidate.objects.get(need=public_need, offer=offer)
    # themes 40 + kind 20 + budget 15 + timing not compared 0 + language 10
    assert row.score == 85
    assert [scoring.explain(reason) for reason in row.reasons] == EXPECTED_REASONS


def test_ranked_offers_give_the_offer_its_score_and_reasons_in_words(public_need, offer):
    [item] = matching.ranked_offers(public_need, AnonymousUser())
    assert item.offer == offer
    assert item.score == 85
    assert item.reasons == EXPECTED_REASONS
    candidate, reasons = item  # also reads as a pair
    assert candidate.need == public_need
    assert reasons == EXPECTED_REASONS


def test_ranked_needs_hide_private_needs_from_other_states_people(
    private_need, public_need, offer, provider_germany, npc_kenya
):
    def seen(user):
        return {item.need for item in matching.ranked_needs(offer, user)}

    assert seen(AnonymousUser()) == {public_need}
    assert seen(provider_germany) == {public_need}
    assert seen(npc_kenya) == {public_need, private_need}


def test_ranked_needs_show_a_private_need_to_a_provider_with_a_match_on_it(
    private_need, offer, npc_kenya, provider_norway
):
    assert matching.ranked_needs(offer, provider_norway) == []
    matches.propose_match(acting_user=npc_kenya, need=private_need, offer=offer)
    [item] = matching.ranked_needs(offer, provider_norway)
    assert item.need == private_need


def test_an_offer_for_another_region_is_not_a_candidate(
    make_need, provider_norway, norway, offer_data, npc_ghana
):
    kenya_need = make_need()
    ghana_need = make_need(acting_user=npc_ghana, state=State.objects.get(iso3="GHA"))
    western_africa = offers.create_offer(
        acting_user=provider_norway,
        state=norway,
        eligible_areas=[Area.objects.get(code="011")],
        **offer_data(),
    )
    assert not Candidate.objects.filter(need=kenya_need, offer=western_africa).exists()
    row = Candidate.objects.get(need=ghana_need, offer=western_africa)
    assert "Eligible region: Western Africa" in [scoring.explain(r) for r in row.reasons]


def test_a_need_without_a_shared_theme_gets_no_candidate(make_need, offer, record_keeping):
    need = make_need(themes=[record_keeping])
    assert not Candidate.objects.filter(need=need).exists()
    assert matching.ranked_offers(need, AnonymousUser()) == []


def test_closing_an_offer_or_withdrawing_a_need_removes_their_candidates(
    public_need, offer, provider_norway, npc_kenya, offer_data
):
    assert Candidate.objects.filter(offer=offer).exists()
    offers.close_offer(acting_user=provider_norway, offer=offer)
    assert not Candidate.objects.filter(offer=offer).exists()

    other = offers.create_offer(
        acting_user=provider_norway, state=offer.state, **offer_data(title="Another offer")
    )
    assert Candidate.objects.filter(need=public_need, offer=other).exists()
    needs.withdraw_need(acting_user=npc_kenya, need=public_need)
    assert not Candidate.objects.filter(need=public_need).exists()


def test_a_changed_need_is_scored_again(public_need, offer, npc_kenya):
    needs.update_need(acting_user=npc_kenya, need=public_need, kind="financial")
    row = Candidate.objects.get(need=public_need, offer=offer)
    assert row.score == 85 - 20
    texts = [scoring.explain(reason) for reason in row.reasons]
    assert "Kind differs: the need asks for financial; the offer gives equipment, training" in (
        texts
    )


@pytest.fixture
def four(make_need, provider_norway, norway, offer_data, marking, record_keeping):
    """Needs A (marking, record-keeping; equipment) and B (marking; training); offers X
    (both themes; equipment) and Y (marking; training)."""
    a = make_need(title="A", themes=[marking, record_keeping], kind="equipment")
    b = make_need(title="B", themes=[marking], kind="training")
    x = offers.create_offer(
        acting_user=provider_norway,
        state=norway,
        **offer_data(title="X", themes=[marking, record_keeping], kinds=["equipment"]),
    )
    y = offers.create_offer(
        acting_user=provider_norway,
        state=norway,
        **offer_data(title="Y", themes=[marking], kinds=["training"]),
    )
    return a, b, x, y


def test_recompute_all_stores_what_the_refreshes_stored(four):
    before = rows()
    assert len(before) == 4
    assert matching.recompute_all() == 4
    assert rows() == before


def test_only_the_best_k_of_each_need_and_each_offer_are_kept(four, monkeypatch):
    a, b, x, y = four
    monkeypatch.setattr(scoring, "TOP_K", 1)
    # A–X 85, A–Y 20+0+15+10 = 45, B–X 40+0+15+10 = 65, B–Y 85: A's best is X and X's
    # best is A; B's best is Y and Y's best is B.
    assert matching.recompute_all() == 2
    assert {(r.need_id, r.offer_id): r.score for r in Candidate.objects.all()} == {
        (a.pk, x.pk): 85,
        (b.pk, y.pk): 85,
    }
    matching.refresh_for_need(b)
    assert set(rows()) == {(a.pk, x.pk), (b.pk, y.pk)}
    matching.refresh_for_offer(x)
    assert set(rows()) == {(a.pk, x.pk), (b.pk, y.pk)}


def test_a_new_need_enters_the_list_of_an_offer_whose_best_it_beats(
    make_need, provider_norway, norway, offer_data, monkeypatch
):
    monkeypatch.setattr(scoring, "TOP_K", 1)
    dated = {"starts_on": datetime.date(2026, 1, 1), "ends_on": datetime.date(2028, 12, 31)}

    def make_offer(title, low, high):
        return offers.create_offer(
            acting_user=provider_norway,
            state=norway,
            **offer_data(title=title, budget_min=Decimal(low), budget_max=Decimal(high), **dated),
        )

    p = make_offer("P", 100_000, 250_000)
    q = make_offer("Q", 50_000, 100_000)
    # N1, without dates: P 40 + 20 + budget close 8 + 0 + 10 = 78; Q (budget off) 70.
    n1 = make_need(title="N1", budget_amount=Decimal(300_000), starts_on=None, ends_on=None)
    # N2, in 2027: Q 100; P 93 (budget close), better than N1's 78 on P.
    n2 = make_need(title="N2", budget_amount=Decimal(95_000))
    assert rows()[(n2.pk, q.pk)][0] == 100
    assert rows()[(n2.pk, p.pk)][0] == 93
    # N1–Q stays until the next full recomputation; then each list holds one.
    assert set(rows()) == {(n1.pk, p.pk), (n1.pk, q.pk), (n2.pk, q.pk), (n2.pk, p.pk)}
    matching.recompute_all()
    assert set(rows()) == {(n1.pk, p.pk), (n2.pk, q.pk), (n2.pk, p.pk)}


def test_ranked_lists_put_the_best_first(four):
    a, b, x, y = four
    assert [item.offer for item in matching.ranked_offers(a, AnonymousUser())] == [x, y]
    assert [item.need for item in matching.ranked_needs(y, AnonymousUser())] == [b, a]
    assert [item.score for item in matching.ranked_offers(a, AnonymousUser())] == [85, 45]


def test_recompute_all_with_nothing_open_stores_nothing(four, provider_norway):
    for offer in four[2:]:
        offers.close_offer(acting_user=provider_norway, offer=offer)
    assert matching.recompute_all() == 0
    assert not Candidate.objects.exists()
