"""Possible duplicates, flagged for the people who post and for the secretariat.

Three rules (``docs/matching.md`` says them for people):

- two needs of the same State (or the same organization), neither withdrawn, that share a
  theme, when their periods overlap or their titles are alike;
- two providers about to fund the same need: live (proposed or accepted) matches and
  projects (not cancelled) on one need from two or more different States or organizations;
- an offer posted twice: two offers of the same provider, neither withdrawn, sharing a
  theme and a kind, with overlapping periods (an offer without dates is always available),
  when their titles are alike or their themes and kinds are the same.

Titles are alike when, lower-cased and stripped of punctuation, they are at least
``TITLE_SIMILARITY`` alike (``difflib``'s ratio) — retyped or lightly edited titles.
A flag is a hint for a person to look at, never a block.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher

from django.utils.translation import gettext as _

from smallarms.assistance import models, scoring

TITLE_SIMILARITY = 0.8


def _normal(title: str) -> str:
    return " ".join(re.sub(r"[\W_]+", " ", title.casefold()).split())


def similar_titles(first: str, second: str) -> bool:
    a, b = _normal(first), _normal(second)
    if not a or not b:
        return False
    if a == b:
        return True
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return (
        matcher.real_quick_ratio() >= TITLE_SIMILARITY
        and matcher.quick_ratio() >= TITLE_SIMILARITY
        and matcher.ratio() >= TITLE_SIMILARITY
    )


def _overlap(a_start: date | None, a_end: date | None, b_start, b_end) -> bool:
    """Open ends reach as far as needed."""
    return (b_end is None or a_start is None or a_start <= b_end) and (
        a_end is None or b_start is None or b_start <= a_end
    )


def _dated(start, end) -> bool:
    return start is not None or end is not None


@dataclass(frozen=True)
class Flag:
    """One possible duplicate for the secretariat's overview."""

    kind: str  # "needs", "offers" or "funding"
    first: object
    second: object | None
    reason: str

    def __str__(self):
        if self.kind == "needs":
            return _("Needs “{first}” and “{second}”: {reason}").format(
                first=self.first, second=self.second, reason=self.reason
            )
        if self.kind == "offers":
            return _("Offers “{first}” and “{second}”: {reason}").format(
                first=self.first, second=self.second, reason=self.reason
            )
        return _("Need “{need}”: {reason}").format(need=self.first, reason=self.reason)


# --- Needs of the same State or organization ----------------------------------------------


def _need_reason(need, other, need_themes, other_themes) -> str | None:
    shared = need_themes & other_themes
    if not shared:
        return None
    overlap = (
        _dated(need.starts_on, need.ends_on)
        and _dated(other.starts_on, other.ends_on)
        and _overlap(need.starts_on, need.ends_on, other.starts_on, other.ends_on)
    )
    alike = similar_titles(need.title, other.title)
    if not overlap and not alike:
        return None
    themes = scoring.theme_names(shared)
    if need.state_id:
        if overlap and alike:
            text = _("Same State, same themes ({themes}), overlapping periods and a similar title")
        elif overlap:
            text = _("Same State, same themes ({themes}) and overlapping periods")
        else:
            text = _("Same State, same themes ({themes}) and a similar title")
    elif overlap and alike:
        text = _(
            "Same organization, same themes ({themes}), overlapping periods and a similar title"
        )
    elif overlap:
        text = _("Same organization, same themes ({themes}) and overlapping periods")
    else:
        text = _("Same organization, same themes ({themes}) and a similar title")
    return text.format(themes=themes)


def _theme_codes(through, key: str, pks) -> dict:
    from smallarms.themes.models import Theme

    codes = dict(Theme.objects.values_list("id", "code"))
    grouped: dict = {}
    for pk, theme in through.objects.filter(**{f"{key}__in": pks}).values_list(
        f"{key}_id", "theme_id"
    ):
        grouped.setdefault(pk, set()).add(codes[theme])
    return grouped


def _live_needs():
    from smallarms.assistance.choices import NeedStatus

    return models.Need.objects.exclude(status=NeedStatus.WITHDRAWN)


def _live_offers():
    from smallarms.assistance.choices import OfferStatus

    return models.Offer.objects.exclude(status=OfferStatus.WITHDRAWN)


def _same_owner(queryset, obj):
    if obj.state_id:
        return queryset.filter(state_id=obj.state_id)
    return queryset.filter(organization_id=obj.organization_id)


def for_need(need) -> list[tuple[object, str]]:
    """Other needs of the same State or organization that may say the same thing."""
    Need = models.Need
    others = list(_same_owner(_live_needs(), need).exclude(pk=need.pk).order_by("created_at"))
    if not others:
        return []
    themes = _theme_codes(Need.themes.through, "need", [need.pk] + [o.pk for o in others])
    mine = themes.get(need.pk, set())
    flags = []
    for other in others:
        reason = _need_reason(need, other, mine, themes.get(other.pk, set()))
        if reason:
            flags.append((other, reason))
    return flags


# --- Offers posted twice --------------------------------------------------------------------


def _offer_reason(offer, other, offer_themes, other_themes) -> str | None:
    shared = offer_themes & other_themes
    kinds = set(offer.kinds or ()) & set(other.kinds or ())
    if not shared or not kinds:
        return None
    if not _overlap(offer.starts_on, offer.ends_on, other.starts_on, other.ends_on):
        return None
    alike = similar_titles(offer.title, other.title)
    same = offer_themes == other_themes and set(offer.kinds) == set(other.kinds)
    if not alike and not same:
        return None
    values = {
        "themes": scoring.theme_names(shared),
        "kinds": scoring.kind_names(sorted(kinds)),
    }
    if alike:
        return _(
            "Same provider, themes ({themes}) and kinds ({kinds}), overlapping periods and a "
            "similar title"
        ).format(**values)
    return _(
        "Same provider, the very same themes ({themes}) and kinds ({kinds}), overlapping periods"
    ).format(**values)


def for_offer(offer) -> list[tuple[object, str]]:
    """Other offers of the same provider that may be the same offer posted twice."""
    Offer = models.Offer
    others = list(_same_owner(_live_offers(), offer).exclude(pk=offer.pk).order_by("created_at"))
    if not others:
        return []
    themes = _theme_codes(Offer.themes.through, "offer", [offer.pk] + [o.pk for o in others])
    mine = themes.get(offer.pk, set())
    flags = []
    for other in others:
        reason = _offer_reason(offer, other, mine, themes.get(other.pk, set()))
        if reason:
            flags.append((other, reason))
    return flags


# --- Two providers on one need --------------------------------------------------------------


def _funding_items(need_pks):
    """{need pk: [(offer or project, {provider keys}, {provider key: name})]}."""
    from smallarms.assistance.choices import LIVE_MATCH, ProjectStatus

    items: dict = {}
    matches = models.Match.objects.filter(need__in=need_pks, status__in=LIVE_MATCH).select_related(
        "offer", "offer__state", "offer__organization"
    )
    for match in matches.order_by("created_at"):
        offer = match.offer
        items.setdefault(match.need_id, []).append((offer, {offer.owner_key: str(offer.owner)}))
    projects = (
        models.Project.objects.filter(needs__in=need_pks)
        .exclude(status=ProjectStatus.CANCELLED)
        .prefetch_related("funders__state", "funders__organization")
        .distinct()
    )
    through = models.Project.needs.through.objects.filter(
        need__in=need_pks, project__in=projects
    ).values_list("project_id", "need_id")
    needs_of: dict = {}
    for project_id, need_id in through:
        needs_of.setdefault(project_id, []).append(need_id)
    for project in projects.order_by("created_at"):
        providers = {funder.owner_key: str(funder.owner) for funder in project.funders.all()}
        if not providers:
            continue
        for need_id in needs_of.get(project.pk, ()):
            items.setdefault(need_id, []).append((project, providers))
    return items


def _funding_flags(entries) -> list[tuple[object, str]]:
    everyone: dict = {}
    for _obj, providers in entries:
        everyone.update(providers)
    if len(everyone) < 2:
        return []
    flags = []
    for obj, providers in entries:
        others = [name for key, name in everyone.items() if key not in providers]
        if others:
            flags.append(
                (
                    obj,
                    _("Also about to fund this need: {providers}").format(
                        providers=scoring.join_words(others)
                    ),
                )
            )
    return flags


def for_need_funding(need) -> list[tuple[object, str]]:
    """Offers (through live matches) and projects of two or more different providers on
    ``need``: they may be about to pay for the same thing."""
    return _funding_flags(_funding_items([need.pk]).get(need.pk, []))


# --- The secretariat's overview -------------------------------------------------------------


def _pairs_by_owner(objects, themes, reason_of, kind, limit: int) -> list[Flag]:
    groups: dict = {}
    for obj in objects:
        groups.setdefault(obj.owner_key, []).append(obj)
    flags = []
    for group in groups.values():
        for index, first in enumerate(group):
            for second in group[index + 1 :]:
                reason = reason_of(
                    first, second, themes.get(first.pk, set()), themes.get(second.pk, set())
                )
                if reason:
                    flags.append(Flag(kind, first, second, reason))
                    if len(flags) >= limit:
                        return flags
    return flags


def all_flags(user, limit: int = 200) -> list[Flag]:
    """The possible duplicates among what ``user`` may see, for the overview: two
    providers on one need first, then needs, then offers; at most ``limit``."""
    needs = list(
        _live_needs().filter(pk__in=models.Need.objects.visible_to(user, "view").values("pk"))
        .order_by("created_at")
    )  # fmt: skip
    by_pk = {need.pk: need for need in needs}
    flags = []
    for need_pk, entries in _funding_items(list(by_pk)).items():
        funders: dict = {}
        for _obj, providers in entries:
            funders.update(providers)
        if len(funders) >= 2:
            reason = _("Several providers are about to fund it: {providers}").format(
                providers=scoring.join_words(funders.values())
            )
            flags.append(Flag("funding", by_pk[need_pk], None, reason))
    need_themes = _theme_codes(models.Need.themes.through, "need", list(by_pk))
    flags += _pairs_by_owner(needs, need_themes, _need_reason, "needs", limit - len(flags))
    if len(flags) < limit:
        offers = list(_live_offers().order_by("created_at"))
        offer_themes = _theme_codes(models.Offer.themes.through, "offer", [o.pk for o in offers])
        flags += _pairs_by_owner(offers, offer_themes, _offer_reason, "offers", limit - len(flags))
    return flags[:limit]
