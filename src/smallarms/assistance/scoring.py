"""Matching needs with offers: the score of a pair, its reasons in plain words, and the
bulk engine that scores every open need against every open offer at once.

Pure: nothing here reads or writes the database except ``explain``, which looks up the
names of themes, areas and States (cached). ``candidates.py`` turns model rows into
``Side`` objects and stores the best pairs as ``Candidate`` rows. The rules are described
for people in ``docs/matching.md``; keep the two in step.

A pair is a candidate only when the offer is open to the need's State (or one of its
areas) and the two share at least one theme. Its score, 0 to 100, is the sum of:

- themes (40): the share of the need's themes the offer covers, rounded half up;
- kind (20): the kind of assistance the need asks for is one the offer gives;
- budget (15): the need's budget in USD within the offer's range (15), or within a factor
  of two of it (8); not compared when either side gives no budget or has no USD value;
- timing (15): the offer's period covers the need's whole period (15) or overlaps it (8);
  not compared when either side gives no dates;
- working language (10): the two share a working language.

``score`` (one pair, with reasons) and ``BulkScorer`` (many pairs, numpy) compute the same
points; the tests check that they agree.
"""

from __future__ import annotations

import json
import math
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

TOP_K = 10
"""How many candidates are kept per need and per offer (the union of both lists)."""

WEIGHT_THEMES = 40
WEIGHT_KIND = 20
WEIGHT_BUDGET = 15
BUDGET_PARTIAL = 8
BUDGET_FACTOR = 2.0
WEIGHT_TIMING = 15
TIMING_PARTIAL = 8
WEIGHT_LANGUAGE = 10


@dataclass(frozen=True, slots=True)
class Side:
    """One need or one offer, reduced to what matching compares.

    need: ``state_ids`` its State or beneficiary States, ``area_ids`` the M49 areas (region,
    subregion, intermediate region codes) of those States, ``kinds`` the one kind it asks
    for, ``budget_low_usd == budget_high_usd`` its budget in USD.
    offer: ``state_ids`` / ``area_ids`` where it is open (both empty: every State),
    ``kinds`` the kinds it gives, ``budget_low_usd``/``budget_high_usd`` its range in USD.
    ``currency`` and ``budget_given`` say why a budget is missing (no amount, or no rate).
    """

    pk: Any
    owner: tuple[str, Any] | None = None
    themes: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()
    state_ids: frozenset[int] = frozenset()
    area_ids: frozenset[str] = frozenset()
    budget_low_usd: float | None = None
    budget_high_usd: float | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    languages: frozenset[str] = frozenset()
    currency: str = ""
    budget_given: bool = False


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a pair scored what it did: a code and the values ``explain`` puts in words."""

    code: str
    params: dict = field(default_factory=dict, hash=False, compare=True)

    def as_json(self) -> dict:
        return {"code": self.code, "params": self.params}

    @classmethod
    def from_json(cls, data: dict) -> Reason:
        return cls(data["code"], data.get("params") or {})


@dataclass(frozen=True, slots=True)
class Score:
    points: int
    reasons: tuple[Reason, ...]


def _half_up(value: float) -> int:
    return math.floor(value + 0.5)


def theme_points(shared: int, wanted: int) -> int:
    """Points for covering ``shared`` of the need's ``wanted`` themes."""
    return _half_up(WEIGHT_THEMES * shared / wanted) if wanted else 0


def is_eligible(need: Side, offer: Side) -> bool:
    if not offer.state_ids and not offer.area_ids:
        return True
    return bool(need.state_ids & offer.state_ids) or bool(need.area_ids & offer.area_ids)


def _usd(value: float | None) -> int | None:
    return None if value is None else _half_up(value)


def _day(value: date | None, default: float) -> float:
    return float(value.toordinal()) if value is not None else default


def score(need: Side, offer: Side) -> Score | None:
    """The score of ``offer`` for ``need``, or None when the pair is not a candidate."""
    if not is_eligible(need, offer):
        return None
    shared = need.themes & offer.themes
    if not shared:
        return None
    reasons = [Reason("themes_same", {"themes": sorted(shared)})]
    missing = need.themes - offer.themes
    if missing:
        reasons.append(Reason("themes_missing", {"themes": sorted(missing)}))
    points = theme_points(len(shared), len(need.themes))

    if not offer.state_ids and not offer.area_ids:
        reasons.append(Reason("eligible_any", {}))
    elif need.state_ids & offer.state_ids:
        reasons.append(
            Reason("eligible_state", {"states": sorted(need.state_ids & offer.state_ids)})
        )
    else:
        reasons.append(Reason("eligible_area", {"areas": sorted(need.area_ids & offer.area_ids)}))

    kinds = need.kinds & offer.kinds
    if kinds:
        points += WEIGHT_KIND
        reasons.append(Reason("kind_match", {"kinds": sorted(kinds)}))
    elif not offer.kinds:
        reasons.append(Reason("kind_unknown", {}))
    else:
        reasons.append(
            Reason("kind_differs", {"need": sorted(need.kinds), "offer": sorted(offer.kinds)})
        )

    budget_points, budget_reason = _budget(need, offer)
    points += budget_points
    reasons.append(budget_reason)

    timing_points, timing_reason = _timing(need, offer)
    points += timing_points
    reasons.append(timing_reason)

    languages = need.languages & offer.languages
    if languages:
        points += WEIGHT_LANGUAGE
        reasons.append(Reason("language_shared", {"languages": sorted(languages)}))
    else:
        reasons.append(Reason("language_none", {}))
    return Score(points=min(points, 100), reasons=tuple(reasons))


def _budget(need: Side, offer: Side) -> tuple[int, Reason]:
    amount = need.budget_low_usd
    low, high = offer.budget_low_usd, offer.budget_high_usd
    if amount is None:
        if need.budget_given:
            return 0, Reason("budget_no_rate", {"currency": need.currency})
        return 0, Reason("budget_unknown_need", {})
    if low is None and high is None:
        if offer.budget_given:
            return 0, Reason("budget_no_rate", {"currency": offer.currency})
        return 0, Reason("budget_unknown_offer", {})
    params = {"amount": _usd(amount), "low": _usd(low), "high": _usd(high)}
    low_ = 0.0 if low is None else low
    high_ = math.inf if high is None else high
    if low_ <= amount <= high_:
        return WEIGHT_BUDGET, Reason("budget_fits", params)
    if low_ / BUDGET_FACTOR <= amount <= high_ * BUDGET_FACTOR:
        return BUDGET_PARTIAL, Reason("budget_near", params)
    return 0, Reason("budget_off", params)


def _timing(need: Side, offer: Side) -> tuple[int, Reason]:
    if need.starts_on is None and need.ends_on is None:
        return 0, Reason("timing_unknown_need", {})
    if offer.starts_on is None and offer.ends_on is None:
        return 0, Reason("timing_unknown_offer", {})
    ns, ne = _day(need.starts_on, -math.inf), _day(need.ends_on, math.inf)
    os_, oe = _day(offer.starts_on, -math.inf), _day(offer.ends_on, math.inf)
    if os_ <= ns and oe >= ne:
        return WEIGHT_TIMING, Reason("period_covered", {})
    if ns <= oe and os_ <= ne:
        return TIMING_PARTIAL, Reason("period_overlap", {})
    return 0, Reason("period_apart", {})


# --- Reasons in words -----------------------------------------------------------------

_names: dict[str, dict[str, dict]] = {"theme": {}, "area": {}, "state": {}}
_theme_order: dict[str, tuple[int, str]] = {}


def _load(kind: str) -> None:
    if kind == "theme":
        from smallarms.themes.models import Theme

        rows = list(Theme.objects.values_list("code", "names", "position"))
        _names["theme"] = {code: names for code, names, _position in rows}
        _theme_order.clear()
        _theme_order.update({code: (position, code) for code, _texts, position in rows})
    elif kind == "area":
        from smallarms.states.models import Area

        _names["area"] = dict(Area.objects.values_list("code", "names"))
    else:
        from smallarms.states.models import State

        _names["state"] = dict(State.objects.values_list("id", "names"))


def _name(kind: str, key) -> str:
    from smallarms.core.i18n import pick

    names = _names[kind].get(key)
    if names is None:
        _load(kind)
        names = _names[kind].get(key)
    if names is None:
        return str(key)
    return pick(names, "short") if kind == "state" else pick(names)


def theme_names(codes) -> str:
    if not _theme_order:
        _load("theme")
    ordered = sorted(codes, key=lambda code: _theme_order.get(code, (10_000, code)))
    return join_words(_name("theme", code) for code in ordered)


def join_words(words) -> str:
    # Translators may use their own separator (Chinese and Arabic have one).
    return pgettext("between the items of a list", ", ").join(words)


def kind_names(codes) -> str:
    from smallarms.assistance.choices import AssistanceKind

    labels = dict(AssistanceKind.choices)
    return join_words(str(labels.get(code, code)).lower() for code in codes)


def language_names(codes) -> str:
    from smallarms.core.i18n import LANGUAGE_LABELS

    labels = dict(LANGUAGE_LABELS)
    return join_words(str(labels.get(code, code)) for code in codes)


def _money(value) -> str:
    return _("USD {amount}").format(amount=number_format(value, 0, force_grouping=True))


def _range(low, high) -> str:
    if low is not None and high is not None:
        return _("USD {low}–{high}").format(
            low=number_format(low, 0, force_grouping=True),
            high=number_format(high, 0, force_grouping=True),
        )
    if low is not None:
        return _("at least USD {low}").format(low=number_format(low, 0, force_grouping=True))
    return _("up to USD {high}").format(high=number_format(high, 0, force_grouping=True))


def explain(reason: Reason | dict) -> str:
    """The reason in plain words, in the active language."""
    if isinstance(reason, dict):
        reason = Reason.from_json(reason)
    p = reason.params
    code = reason.code
    if code == "themes_same":
        return _("Same themes: {themes}").format(themes=theme_names(p["themes"]))
    if code == "themes_missing":
        return _("Themes not covered: {themes}").format(themes=theme_names(p["themes"]))
    if code == "eligible_any":
        return _("Open to every State")
    if code == "eligible_state":
        return _("Eligible State: {states}").format(
            states=join_words(_name("state", state) for state in p["states"])
        )
    if code == "eligible_area":
        return _("Eligible region: {areas}").format(
            areas=join_words(_name("area", area) for area in p["areas"])
        )
    if code == "kind_match":
        return _("Kind matches: {kinds}").format(kinds=kind_names(p["kinds"]))
    if code == "kind_differs":
        return _("Kind differs: the need asks for {need}; the offer gives {offer}").format(
            need=kind_names(p["need"]), offer=kind_names(p["offer"])
        )
    if code == "kind_unknown":
        return _("Kind not compared: the offer names no kind")
    if code == "budget_fits":
        return _("Budget fits: {amount} within {range}").format(
            amount=_money(p["amount"]), range=_range(p["low"], p["high"])
        )
    if code == "budget_near":
        return _("Budget close: {amount} against {range}").format(
            amount=_money(p["amount"]), range=_range(p["low"], p["high"])
        )
    if code == "budget_off":
        return _("Budget does not fit: {amount} against {range}").format(
            amount=_money(p["amount"]), range=_range(p["low"], p["high"])
        )
    if code == "budget_no_rate":
        return _("Budget not compared: no exchange rate for {currency}").format(
            currency=p["currency"]
        )
    if code == "budget_unknown_need":
        return _("Budget not compared: the need gives no budget")
    if code == "budget_unknown_offer":
        return _("Budget not compared: the offer gives no budget range")
    if code == "period_covered":
        return _("Periods match: the offer covers the whole period of the need")
    if code == "period_overlap":
        return _("Periods overlap")
    if code == "period_apart":
        return _("Periods do not overlap")
    if code == "timing_unknown_need":
        return _("Timing not compared: the need gives no dates")
    if code == "timing_unknown_offer":
        return _("Timing not compared: the offer gives no dates")
    if code == "language_shared":
        return _("Shared working language: {languages}").format(
            languages=language_names(p["languages"])
        )
    if code == "language_none":
        return _("No shared working language")
    return code


# --- The bulk engine ------------------------------------------------------------------


class _Index:
    """Positions of codes in a bitmask of as many 64-bit words as needed."""

    def __init__(self, codes):
        self.position = {code: i for i, code in enumerate(sorted(codes, key=str))}
        self.words = max(1, (len(self.position) + 63) // 64)

    def masks(self, sides_sets) -> np.ndarray:
        # Python integers first (numpy scalars are slow one at a time), then the words.
        bits: dict = {}
        position = self.position
        numbers = []
        for codes in sides_sets:
            number = bits.get(codes)
            if number is None:
                number = 0
                for code in codes:
                    i = position.get(code)
                    if i is not None:
                        number |= 1 << i
                bits[codes] = number
            numbers.append(number)
        out = np.zeros((len(numbers), self.words), dtype=np.uint64)
        for word in range(self.words):
            out[:, word] = [(number >> (64 * word)) & 0xFFFFFFFFFFFFFFFF for number in numbers]
        return out


def _dates(sides, attribute, default) -> np.ndarray:
    return np.array([_day(getattr(side, attribute), default) for side in sides], dtype=np.float64)


def _budgets(sides, attribute) -> np.ndarray:
    return np.array(
        [np.nan if getattr(s, attribute) is None else getattr(s, attribute) for s in sides],
        dtype=np.float64,
    )


class BulkScorer:
    """Scores many needs against many offers with numpy.

    ``scores(rows)`` gives an int8 matrix (needs in ``rows`` × every offer) with -1 where
    the pair is not a candidate. Everything that only depends on a need's or an offer's
    own values is prepared once here.
    """

    def __init__(self, needs: list[Side], offers: list[Side]):
        self.needs = needs
        self.offers = offers
        themes = _Index(set().union(*(n.themes for n in needs)) if needs else ())
        self.need_themes = themes.masks([n.themes for n in needs])
        self.offer_themes = themes.masks([o.themes for o in offers])
        self.need_theme_count = np.bitwise_count(self.need_themes).sum(axis=1).astype(np.int16)
        # theme points by (themes the need has, themes shared)
        most = int(self.need_theme_count.max()) if needs else 0
        self.theme_table = np.array(
            [
                [theme_points(min(shared, wanted), wanted) for shared in range(most + 1)]
                for wanted in range(most + 1)
            ],
            dtype=np.int8,
        )
        self.theme_flat = self.theme_table.ravel()
        self.theme_row = self.need_theme_count.astype(np.int16) * np.int16(most + 1)

        # Eligibility, kind and language depend on a few distinct need profiles: compute
        # them once per profile against every offer, then gather one row per need.
        states = _Index(set().union(*(n.state_ids for n in needs)) if needs else ())
        areas = _Index(set().union(*(n.area_ids for n in needs)) if needs else ())
        kinds = _Index(set().union(*(n.kinds for n in needs), *(o.kinds for o in offers)))
        languages = _Index(
            set().union(*(n.languages for n in needs), *(o.languages for o in offers))
        )
        offer_states = states.masks([o.state_ids for o in offers])
        offer_areas = areas.masks([o.area_ids for o in offers])
        offer_open = np.array([not o.state_ids and not o.area_ids for o in offers], dtype=bool)
        self.offer_open = offer_open
        offer_kinds = kinds.masks([o.kinds for o in offers])
        offer_languages = languages.masks([o.languages for o in offers])

        # Eligibility depends on a need's States and areas, kind and language points on its
        # kind and languages: a few distinct profiles each. Compute them once per profile
        # against every offer; ``scores`` gathers one row per need.
        places: dict[tuple, int] = {}
        fits: dict[tuple, int] = {}
        self.need_place = np.zeros(len(needs), dtype=np.intp)
        self.need_fit = np.zeros(len(needs), dtype=np.intp)
        for row, need in enumerate(needs):
            self.need_place[row] = places.setdefault((need.state_ids, need.area_ids), len(places))
            self.need_fit[row] = fits.setdefault((need.kinds, need.languages), len(fits))

        def shares(offer_masks, index, codes):
            """Which offers share one of ``codes``: word by word, skipping empty words."""
            [mask] = index.masks([codes])
            found = np.zeros(len(offers), dtype=bool)
            for word in np.flatnonzero(mask):
                found |= (offer_masks[:, word] & mask[word]) != 0
            return found

        offer_states = np.asfortranarray(offer_states)  # contiguous words
        self.place_eligible = np.zeros((len(places), len(offers)), dtype=bool)
        for (state_ids, area_ids), p in places.items():
            self.place_eligible[p] = (
                offer_open
                | shares(offer_states, states, state_ids)
                | shares(offer_areas, areas, area_ids)
            )
        self.fit_points = np.zeros((len(fits), len(offers)), dtype=np.int8)
        for (need_kinds, need_languages), p in fits.items():
            self.fit_points[p] = WEIGHT_KIND * shares(offer_kinds, kinds, need_kinds) + (
                WEIGHT_LANGUAGE * shares(offer_languages, languages, need_languages)
            )

        self.need_amount = _budgets(needs, "budget_low_usd")
        low = _budgets(offers, "budget_low_usd")
        high = _budgets(offers, "budget_high_usd")
        offer_has_budget = ~(np.isnan(low) & np.isnan(high))
        # NaN never compares true, so offers without a range never score budget points.
        self.offer_low = np.where(offer_has_budget, np.nan_to_num(low, nan=0.0), np.nan)
        self.offer_high = np.where(offer_has_budget, np.nan_to_num(high, nan=np.inf), np.nan)
        self.offer_low_near = self.offer_low / BUDGET_FACTOR
        self.offer_high_near = self.offer_high * BUDGET_FACTOR

        self.need_start = _dates(needs, "starts_on", -np.inf)
        self.need_end = _dates(needs, "ends_on", np.inf)
        need_dated = np.array([n.starts_on or n.ends_on for n in needs], dtype=bool)
        offer_dated = np.array([o.starts_on or o.ends_on for o in offers], dtype=bool)
        self.need_dated, self.offer_dated = need_dated, offer_dated
        self.need_start[~need_dated] = np.nan
        self.need_end[~need_dated] = np.nan
        self.offer_start = _dates(offers, "starts_on", -np.inf)
        self.offer_end = _dates(offers, "ends_on", np.inf)
        self.offer_start[~offer_dated] = np.nan
        self.offer_end[~offer_dated] = np.nan

    def scores(self, rows: slice | np.ndarray) -> np.ndarray:
        # int8 throughout: points never exceed 100, and small arrays are fast arrays.
        need_themes = self.need_themes[rows]
        shared = np.bitwise_count(need_themes[:, 0, None] & self.offer_themes[None, :, 0])
        for word in range(1, need_themes.shape[1]):
            shared += np.bitwise_count(
                need_themes[:, word, None] & self.offer_themes[None, :, word]
            )
        # theme points from the flattened (themes wanted, themes shared) table
        index = self.theme_row[rows, None] + shared
        points = np.take(self.theme_flat, index)
        points += self.fit_points[self.need_fit[rows]]

        # "fits" implies "near" and "covered" implies "overlap": add the steps.
        amount = self.need_amount[rows, None]
        near = (amount >= self.offer_low_near) & (amount <= self.offer_high_near)
        fits = (amount >= self.offer_low) & (amount <= self.offer_high)
        points += near * np.int8(BUDGET_PARTIAL)
        points += fits * np.int8(WEIGHT_BUDGET - BUDGET_PARTIAL)

        start, end = self.need_start[rows, None], self.need_end[rows, None]
        overlap = (start <= self.offer_end) & (self.offer_start <= end)
        covered = (self.offer_start <= start) & (self.offer_end >= end)
        points += overlap * np.int8(TIMING_PARTIAL)
        points += covered * np.int8(WEIGHT_TIMING - TIMING_PARTIAL)

        candidate = self.place_eligible[self.need_place[rows]]
        candidate &= shared > 0
        return np.where(candidate, points, np.int8(-1))

    _reason_parts = None

    def _prepare_reasons(self):
        def number(value):
            return "null" if value is None else str(_half_up(value))

        return {}, {}, {}, {}, _ReasonPieces(), number

    def reasons_json(self, need_rows: np.ndarray, offer_rows: np.ndarray) -> list[str]:
        """The reasons of each pair, as the JSON text of ``score(need, offer).reasons``.

        The categories (budget, timing) come from numpy; the pieces that repeat (theme
        sets, eligibility, kinds, languages) are written once per distinct value.
        """
        needs, offers = self.needs, self.offers
        amount = self.need_amount[need_rows]
        low, high = self.offer_low[offer_rows], self.offer_high[offer_rows]
        budget = np.select(
            [
                np.isnan(amount),
                np.isnan(low),
                (amount >= low) & (amount <= high),
                (amount >= self.offer_low_near[offer_rows])
                & (amount <= self.offer_high_near[offer_rows]),
            ],
            [0, 1, 2, 3],
            4,
        ).tolist()
        start, end = self.need_start[need_rows], self.need_end[need_rows]
        ostart, oend = self.offer_start[offer_rows], self.offer_end[offer_rows]
        timing = np.select(
            [
                ~self.need_dated[need_rows],
                ~self.offer_dated[offer_rows],
                (ostart <= start) & (oend >= end),
                (start <= oend) & (ostart <= end),
            ],
            [0, 1, 2, 3],
            4,
        ).tolist()
        timing_text = [
            _fragment(code, {})
            for code in (
                "timing_unknown_need",
                "timing_unknown_offer",
                "period_covered",
                "period_overlap",
                "period_apart",
            )
        ]
        if self._reason_parts is None:
            self._reason_parts = self._prepare_reasons()
        need_unknown, offer_unknown, amounts, ranges, writer, number = self._reason_parts
        budget_codes = ("budget_fits", "budget_near", "budget_off")
        out = []
        for i, j, b, t in zip(need_rows.tolist(), offer_rows.tolist(), budget, timing, strict=True):
            need, offer = needs[i], offers[j]
            head = writer.head(need, offer)
            if b == 0:
                money = need_unknown.get(i)
                if money is None:
                    money = need_unknown[i] = (
                        _fragment("budget_no_rate", {"currency": need.currency})
                        if need.budget_given
                        else _fragment("budget_unknown_need", {})
                    )
            elif b == 1:
                money = offer_unknown.get(j)
                if money is None:
                    money = offer_unknown[j] = (
                        _fragment("budget_no_rate", {"currency": offer.currency})
                        if offer.budget_given
                        else _fragment("budget_unknown_offer", {})
                    )
            else:
                amount_text = amounts.get(i)
                if amount_text is None:
                    amount_text = amounts[i] = number(need.budget_low_usd)
                range_text = ranges.get(j)
                if range_text is None:
                    range_text = ranges[j] = (
                        f'"low":{number(offer.budget_low_usd)},'
                        f'"high":{number(offer.budget_high_usd)}'
                    )
                money = (
                    f'{{"code":"{budget_codes[b - 2]}",'
                    f'"params":{{"amount":{amount_text},{range_text}}}}}'
                )
            out.append(f"[{head[0]},{money},{timing_text[t]},{head[1]}]")
        return out


def _best_per_row(matrix: np.ndarray, k: int):
    """(rows, columns, scores) of the ``k`` best candidates of each row of ``matrix``.

    Ties go to the lower column. The threshold comes from a radix sort of the small
    integer scores, which is faster than a partition.
    """
    if matrix.shape[1] > k:
        kth = np.sort(matrix, axis=1, kind="stable")[:, -k]
        np.maximum(kth, 0, out=kth)
        rows, columns = np.nonzero(matrix >= kth[:, None])
    else:
        rows, columns = np.nonzero(matrix >= 0)
    scores = matrix[rows, columns]
    return _first_per_group(rows, columns, scores, k)


def _first_per_group(groups, others, scores, k: int):
    """Keep the ``k`` best scores of each group; among equal scores the lower ``others``."""
    order = np.lexsort((others, -scores.astype(np.int16), groups))
    groups, others, scores = groups[order], others[order], scores[order]
    position = np.arange(len(groups)) - np.searchsorted(groups, groups, side="left")
    keep = position < k
    return groups[keep], others[keep], scores[keep]


def top_pairs(scorer: BulkScorer, k: int | None = None, chunk: int = 1024):
    """The best ``k`` offers of every need and the best ``k`` needs of every offer.

    Returns (need rows, offer rows, scores) as arrays, each pair once, sorted by need
    then offer. Among equal scores the need (offer) that comes first in the input wins.
    """
    k = k or TOP_K
    n_needs, n_offers = len(scorer.needs), len(scorer.offers)
    if not n_needs or not n_offers:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty.astype(np.int8)

    def best(start):
        matrix = scorer.scores(slice(start, min(start + chunk, n_needs)))
        per_need = _best_per_row(matrix, k)
        # The best of this chunk for every offer; the best of all are among them.
        per_offer = _best_per_row(np.ascontiguousarray(matrix.T), k)
        return start, per_need, per_offer

    need_parts, offer_parts, score_parts = [], [], []
    by_offer = ([], [], [])
    # numpy lets go of the GIL while it works: two threads use both cores.
    with ThreadPoolExecutor(max_workers=2) as pool:
        for start, per_need, per_offer in pool.map(best, range(0, n_needs, chunk)):
            need_parts.append(per_need[0] + start)
            offer_parts.append(per_need[1])
            score_parts.append(per_need[2])
            by_offer[0].append(per_offer[0])
            by_offer[1].append(per_offer[1] + start)
            by_offer[2].append(per_offer[2])
    offers, needs, scores = _first_per_group(*(np.concatenate(part) for part in by_offer), k)
    need_parts.append(needs)
    offer_parts.append(offers)
    score_parts.append(scores)
    needs = np.concatenate(need_parts).astype(np.int64)
    offers = np.concatenate(offer_parts).astype(np.int64)
    scores = np.concatenate(score_parts)
    _unique, first = np.unique(needs * n_offers + offers, return_index=True)
    return needs[first], offers[first], scores[first]


def _fragment(code: str, params: dict) -> str:
    # Compact: hundreds of thousands of these are stored.
    return json.dumps({"code": code, "params": params}, ensure_ascii=False, separators=(",", ":"))


class _ReasonPieces:
    """The theme, eligibility, kind and language reasons of ``score(need, offer)`` as JSON
    text, for ``BulkScorer.reasons_json``: the same rules, each distinct piece written once.
    """

    def __init__(self):
        self._themes: dict = {}
        self._kinds: dict = {}
        self._languages: dict = {}
        self._places: dict = {}
        self._eligible_any = _fragment("eligible_any", {})
        self._constant = {code: _fragment(code, {}) for code in ("kind_unknown", "language_none")}

    def head(self, need: Side, offer: Side) -> tuple[str, str]:
        """The theme, eligibility and kind reasons, and the language reason."""
        # Keyed by what the reason says, which repeats far more than the pairs do.
        shared = need.themes & offer.themes
        key = (shared, need.themes)
        themes = self._themes.get(key)
        if themes is None:
            missing = need.themes - offer.themes
            themes = _fragment("themes_same", {"themes": sorted(shared)})
            if missing:
                themes += "," + _fragment("themes_missing", {"themes": sorted(missing)})
            self._themes[key] = themes

        if not offer.state_ids and not offer.area_ids:
            place = self._eligible_any
        else:
            states = need.state_ids & offer.state_ids
            key = ("s", states) if states else ("a", need.area_ids & offer.area_ids)
            place = self._places.get(key)
            if place is None:
                if states:
                    place = _fragment("eligible_state", {"states": sorted(states)})
                else:
                    place = _fragment("eligible_area", {"areas": sorted(key[1])})
                self._places[key] = place

        key = (need.kinds, offer.kinds)
        kind = self._kinds.get(key)
        if kind is None:
            kinds = need.kinds & offer.kinds
            if kinds:
                kind = _fragment("kind_match", {"kinds": sorted(kinds)})
            elif not offer.kinds:
                kind = self._constant["kind_unknown"]
            else:
                kind = _fragment(
                    "kind_differs", {"need": sorted(need.kinds), "offer": sorted(offer.kinds)}
                )
            self._kinds[key] = kind

        languages = need.languages & offer.languages
        language = self._languages.get(languages)
        if language is None:
            language = (
                _fragment("language_shared", {"languages": sorted(languages)})
                if languages
                else self._constant["language_none"]
            )
            self._languages[languages] = language
        return f"{themes},{place},{kind}", language
