"""The matching engine: scores and reasons on hand-checked pairs, the hard filters, the
reasons in words (English and French), and the bulk engine agreeing with the single one."""

import datetime
import json
import random

import numpy as np
import pytest
from django.utils import translation
from django.utils.translation import gettext as _

from smallarms.assistance.scoring import (
    BulkScorer,
    Reason,
    Side,
    explain,
    join_words,
    score,
    top_pairs,
)
from smallarms.core.i18n import LANGUAGE_LABELS
from smallarms.states.models import Area, State
from smallarms.themes.models import Theme

D = datetime.date


@pytest.fixture
def kenya_side_fields(db):
    kenya = State.objects.get(iso3="KEN")
    areas = {kenya.region_id, kenya.subregion_id, kenya.intermediate_region_id} - {None}
    return {"state_ids": frozenset([kenya.pk]), "area_ids": frozenset(areas)}


def need(**fields):
    values = {
        "pk": "need",
        "themes": frozenset(["marking", "record_keeping"]),
        "kinds": frozenset(["training"]),
        "budget_low_usd": 250_000.0,
        "budget_high_usd": 250_000.0,
        "currency": "USD",
        "budget_given": True,
        "starts_on": D(2027, 1, 1),
        "ends_on": D(2027, 12, 31),
        "languages": frozenset(["en"]),
    }
    values.update(fields)
    return Side(**values)


def offer(**fields):
    values = {
        "pk": "offer",
        "themes": frozenset(["marking", "record_keeping", "tracing"]),
        "kinds": frozenset(["training", "equipment"]),
        "area_ids": frozenset(["202"]),  # Sub-Saharan Africa
        "budget_low_usd": 100_000.0,
        "budget_high_usd": 500_000.0,
        "currency": "USD",
        "budget_given": True,
        "starts_on": D(2026, 6, 1),
        "ends_on": D(2028, 6, 30),
        "languages": frozenset(["en", "fr"]),
    }
    values.update(fields)
    return Side(**values)


def words(result):
    return [explain(reason) for reason in result.reasons]


def test_a_perfect_fit_scores_100_with_every_reason_in_plain_words(kenya_side_fields):
    result = score(need(**kenya_side_fields), offer())

    assert result.points == 100
    assert words(result) == [
        "Same themes: Marking, Record-keeping",
        "Eligible region: Sub-Saharan Africa",
        "Kind matches: training",
        "Budget fits: USD 250,000 within USD 100,000–500,000",
        "Periods match: the offer covers the whole period of the need",
        "Shared working language: English",
    ]


def test_a_partial_fit_adds_up_the_points_of_each_criterion(kenya_side_fields):
    kenya = next(iter(kenya_side_fields["state_ids"]))
    result = score(
        need(
            **kenya_side_fields,
            themes=frozenset(["marking", "record_keeping", "tracing"]),
            kinds=frozenset(["financial"]),
            budget_low_usd=700_000.0,
            budget_high_usd=700_000.0,
            languages=frozenset(["ru"]),
        ),
        offer(
            themes=frozenset(["marking"]),
            kinds=frozenset(["training"]),
            area_ids=frozenset(),
            state_ids=frozenset([kenya]),
            budget_high_usd=400_000.0,
            starts_on=D(2027, 6, 1),
        ),
    )

    # themes 40 × 1/3 = 13.3 → 13; kind 0; budget within twice the range 8; overlap 8; 0
    assert result.points == 13 + 0 + 8 + 8 + 0
    assert words(result) == [
        "Same themes: Marking",
        "Themes not covered: Record-keeping, Tracing",
        "Eligible State: Kenya",
        "Kind differs: the need asks for financial; the offer gives training",
        "Budget close: USD 700,000 against USD 100,000–400,000",
        "Periods overlap",
        "No shared working language",
    ]


def test_theme_points_round_half_up(kenya_side_fields):
    themes = frozenset(["marking", "record_keeping", "tracing", "brokering", "ammunition"])
    shared = frozenset(["marking", "record_keeping", "tracing"])
    result = score(need(**kenya_side_fields, themes=themes), offer(themes=shared))
    # 40 × 3/5 = 24 exactly; and 40 × 1/16 = 2.5 → 3
    assert result.points == 24 + 20 + 15 + 15 + 10
    many = frozenset(f"t{i}" for i in range(15)) | {"marking"}
    result = score(need(**kenya_side_fields, themes=many), offer(themes=frozenset(["marking"])))
    assert result.points == 3 + 20 + 15 + 15 + 10


def test_an_offer_for_another_region_is_not_a_candidate(kenya_side_fields):
    assert score(need(**kenya_side_fields), offer(area_ids=frozenset(["011"]))) is None


def test_an_offer_for_other_states_is_not_a_candidate(kenya_side_fields):
    ghana = State.objects.get(iso3="GHA")
    assert (
        score(need(**kenya_side_fields), offer(area_ids=frozenset(), state_ids={ghana.pk})) is None
    )


def test_without_a_shared_theme_there_is_no_candidate(kenya_side_fields):
    assert score(need(**kenya_side_fields), offer(themes=frozenset(["ddr", "gender"]))) is None


def test_an_offer_open_to_every_state_says_so(kenya_side_fields):
    result = score(need(**kenya_side_fields), offer(area_ids=frozenset()))
    assert "Open to every State" in words(result)
    assert result.points == 100


def test_a_budget_without_exchange_rate_is_not_compared_and_says_why(kenya_side_fields):
    result = score(
        need(**kenya_side_fields, budget_low_usd=None, budget_high_usd=None, currency="XOF"),
        offer(),
    )
    assert result.points == 100 - 15
    assert "Budget not compared: no exchange rate for XOF" in words(result)

    result = score(
        need(**kenya_side_fields),
        offer(budget_low_usd=None, budget_high_usd=None, currency="NOK"),
    )
    assert "Budget not compared: no exchange rate for NOK" in words(result)


def test_missing_budgets_and_dates_are_not_compared_and_say_so(kenya_side_fields):
    result = score(
        need(
            **kenya_side_fields,
            budget_low_usd=None,
            budget_high_usd=None,
            budget_given=False,
            starts_on=None,
            ends_on=None,
        ),
        offer(budget_low_usd=None, budget_high_usd=None, budget_given=False),
    )
    assert result.points == 40 + 20 + 10
    assert "Budget not compared: the need gives no budget" in words(result)
    assert "Timing not compared: the need gives no dates" in words(result)

    result = score(
        need(**kenya_side_fields),
        offer(budget_low_usd=None, budget_high_usd=None, budget_given=False, starts_on=None,
              ends_on=None),
    )  # fmt: skip
    assert "Budget not compared: the offer gives no budget range" in words(result)
    assert "Timing not compared: the offer gives no dates" in words(result)


def test_open_ended_ranges_and_far_off_budgets(kenya_side_fields):
    result = score(need(**kenya_side_fields), offer(budget_high_usd=None))
    assert "Budget fits: USD 250,000 within at least USD 100,000" in words(result)
    result = score(
        need(**kenya_side_fields, budget_low_usd=2e6, budget_high_usd=2e6),
        offer(budget_low_usd=None),
    )
    assert "Budget does not fit: USD 2,000,000 against up to USD 500,000" in words(result)
    assert result.points == 100 - 15


def test_periods_that_do_not_meet_score_nothing_for_timing(kenya_side_fields):
    result = score(need(**kenya_side_fields), offer(starts_on=D(2025, 1, 1), ends_on=D(2026, 1, 1)))
    assert result.points == 100 - 15
    assert "Periods do not overlap" in words(result)


def test_reasons_read_in_french_with_french_theme_and_area_names(kenya_side_fields):
    marking = Theme.objects.get(code="marking").names["fr"]
    record_keeping = Theme.objects.get(code="record_keeping").names["fr"]
    region = Area.objects.get(code="202").names["fr"]
    result = score(need(**kenya_side_fields), offer())
    with translation.override("fr"):
        texts = words(result)
        assert texts[0] == _("Same themes: {themes}").format(
            themes=join_words([marking, record_keeping])
        )
        assert texts[1] == _("Eligible region: {areas}").format(areas=region)
        assert "Marquage" in texts[0]
        assert texts[5] == _("Shared working language: {languages}").format(
            languages=str(dict(LANGUAGE_LABELS)["en"])
        )
        assert "Anglais" in texts[5]
    assert explain({"code": "period_overlap", "params": {}}) == "Periods overlap"


def test_explain_reads_stored_json_and_unknown_codes_fall_back_to_the_code():
    stored = {"code": "budget_no_rate", "params": {"currency": "XOF"}}
    assert explain(stored) == "Budget not compared: no exchange rate for XOF"
    assert explain(Reason("something_new", {})) == "something_new"


# --- The bulk engine agrees with the single one ------------------------------------------

THEMES = [f"t{i}" for i in range(23)]
KINDS = ["financial", "technical", "equipment", "training", "other"]
LANGUAGES = ["ar", "zh-hans", "en", "fr", "ru", "es"]


def random_need(pk, rng):
    state = rng.randrange(40)
    usd = rng.choice([None, rng.uniform(1e4, 2e6), 250_000.0])
    starts = D(2026, 1, 1) + datetime.timedelta(rng.randrange(700)) if rng.random() < 0.8 else None
    ends = (
        (starts or D(2026, 6, 1)) + datetime.timedelta(rng.randrange(30, 700))
        if rng.random() < 0.8
        else None
    )
    return Side(
        pk=pk,
        themes=frozenset(rng.sample(THEMES, rng.randint(1, 5))),
        kinds=frozenset([rng.choice(KINDS)]),
        state_ids=frozenset([state] + ([rng.randrange(40)] if rng.random() < 0.1 else [])),
        area_ids=frozenset([f"{state % 5:03d}", f"{100 + state % 9:03d}"]),
        budget_low_usd=usd,
        budget_high_usd=usd,
        budget_given=usd is not None or rng.random() < 0.5,
        currency=rng.choice(["USD", "XOF"]),
        starts_on=starts,
        ends_on=ends,
        languages=frozenset(rng.sample(LANGUAGES, rng.randint(1, 2))),
    )


def random_offer(pk, rng):
    reach = rng.random()
    low = rng.choice([None, rng.uniform(1e4, 5e5), 100_000.0])
    high = rng.choice([None, (low or 1e4) * rng.uniform(1, 10), 250_000.0])
    if low is not None and high is not None and high < low:
        low, high = high, low
    starts = D(2025, 6, 1) + datetime.timedelta(rng.randrange(700)) if rng.random() < 0.8 else None
    ends = (
        (starts or D(2026, 1, 1)) + datetime.timedelta(rng.randrange(100, 900))
        if rng.random() < 0.8
        else None
    )
    return Side(
        pk=pk,
        themes=frozenset(rng.sample(THEMES, rng.randint(1, 8))),
        kinds=frozenset(rng.sample(KINDS, rng.randint(0, 3))),
        state_ids=frozenset(rng.sample(range(40), 3)) if reach < 0.3 else frozenset(),
        area_ids=frozenset([f"{rng.randrange(5):03d}"]) if 0.3 <= reach < 0.6 else frozenset(),
        budget_low_usd=low,
        budget_high_usd=high,
        budget_given=low is not None or high is not None or rng.random() < 0.5,
        currency=rng.choice(["USD", "NOK"]),
        starts_on=starts,
        ends_on=ends,
        languages=frozenset(rng.sample(LANGUAGES, rng.randint(1, 3))),
    )


@pytest.fixture(scope="module")
def population():
    rng = random.Random(6)
    needs = [random_need(i, rng) for i in range(150)]
    offers = [random_offer(i, rng) for i in range(170)]
    return needs, offers


def single_matrix(needs, offers):
    return np.array(
        [[-1 if (s := score(n, o)) is None else s.points for o in offers] for n in needs]
    )


def test_the_bulk_scores_equal_the_single_scores(population):
    needs, offers = population
    bulk = BulkScorer(needs, offers).scores(slice(None))
    expected = single_matrix(needs, offers)
    assert (bulk == expected).all()
    assert 0 < (expected >= 0).mean() < 1  # both candidates and non-candidates


def test_the_bulk_reasons_equal_the_single_reasons(population):
    needs, offers = population
    scorer = BulkScorer(needs, offers)
    need_rows, offer_rows, points = top_pairs(scorer, k=5)
    texts = scorer.reasons_json(need_rows, offer_rows)
    for i, j, stored, text in zip(need_rows, offer_rows, points, texts, strict=True):
        single = score(needs[i], offers[j])
        assert stored == single.points
        assert json.loads(text) == [reason.as_json() for reason in single.reasons]


def test_top_pairs_keep_the_best_k_of_every_need_and_of_every_offer(population):
    needs, offers = population
    k = 4
    matrix = single_matrix(needs, offers)
    need_rows, offer_rows, points = top_pairs(BulkScorer(needs, offers), k=k, chunk=32)
    kept = set(zip(need_rows.tolist(), offer_rows.tolist(), strict=True))
    assert len(kept) == len(need_rows)
    assert (matrix[need_rows, offer_rows] == points).all()
    for i in range(len(needs)):
        row = matrix[i]
        best = sorted(row[row >= 0], reverse=True)[:k]
        mine = sorted((matrix[i, j] for (n, j) in kept if n == i), reverse=True)[:k]
        assert mine == best
    for j in range(len(offers)):
        column = matrix[:, j]
        best = sorted(column[column >= 0], reverse=True)[:k]
        mine = sorted((matrix[i, j] for (i, o) in kept if o == j), reverse=True)[:k]
        assert mine == best
