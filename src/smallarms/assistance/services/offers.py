"""Offers: posted, changed, closed or withdrawn."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from smallarms.accounts import permissions
from smallarms.audit.choices import Event
from smallarms.audit.context import acting_as
from smallarms.audit.services import record
from smallarms.core.validation import full_clean_with, set_fields

from ..choices import (
    MatchStatus,
    OfferStatus,
)
from ..models import (
    Offer,
)
from . import matching
from .money import to_usd
from .needs import refresh_need_status


def _set_offer_fields(offer, fields):
    set_fields(offer, fields, Offer.FIELDS)
    offer.budget_min_usd = to_usd(offer.budget_min, offer.currency)
    offer.budget_max_usd = to_usd(offer.budget_max, offer.currency)


def _check_offer(offer, themes):
    errors = {}
    if not themes:
        errors["themes"] = [_("Choose at least one theme.")]
    if not offer.kinds:
        errors["kinds"] = [_("Choose at least one kind of assistance.")]
    full_clean_with(offer, errors)


@transaction.atomic
def create_offer(
    *,
    acting_user,
    state=None,
    organization=None,
    themes=(),
    eligible_areas=(),
    eligible_states=(),
    **fields,
) -> Offer:
    if not permissions.may_offer(acting_user, state=state, organization=organization):
        raise PermissionDenied
    with acting_as(acting_user):
        offer = Offer(state=state, organization=organization, created_by=acting_user)
        _set_offer_fields(offer, fields)
        _check_offer(offer, themes)
        offer.save()
        offer.themes.set(themes)
        offer.eligible_areas.set(eligible_areas)
        offer.eligible_states.set(eligible_states)
        record(
            Event.OFFER_POSTED,
            obj=offer,
            data={"owner": state.iso3 if state else organization.slug},
        )
        matching.refresh_for_offer(offer)
    return offer


@transaction.atomic
def update_offer(
    *, acting_user, offer, themes=None, eligible_areas=None, eligible_states=None, **fields
) -> Offer:
    if not Offer.objects.visible_to(acting_user, "edit").filter(pk=offer.pk).exists():
        raise PermissionDenied
    with acting_as(acting_user):
        offer = Offer.objects.select_for_update().get(pk=offer.pk)
        _set_offer_fields(offer, fields)
        themes = list(offer.themes.all()) if themes is None else themes
        _check_offer(offer, themes)
        offer.save()
        offer.themes.set(themes)
        if eligible_areas is not None:
            offer.eligible_areas.set(eligible_areas)
        if eligible_states is not None:
            offer.eligible_states.set(eligible_states)
        matching.refresh_for_offer(offer)
    return offer


@transaction.atomic
def close_offer(*, acting_user, offer, status=OfferStatus.CLOSED) -> Offer:
    """Close an offer (its funds are committed) or withdraw it."""
    if not Offer.objects.visible_to(acting_user, "edit").filter(pk=offer.pk).exists():
        raise PermissionDenied
    if status not in (OfferStatus.CLOSED, OfferStatus.WITHDRAWN):
        raise ValueError(status)
    with acting_as(acting_user):
        offer = Offer.objects.select_for_update().get(pk=offer.pk)
        if offer.status != OfferStatus.OPEN:
            raise ValidationError(_("This offer is not open any more."))
        offer.status = status
        offer.save(update_fields=["status", "updated_at"])
        for match in offer.matches.filter(status=MatchStatus.PROPOSED):
            match.status = MatchStatus.WITHDRAWN
            match.save(update_fields=["status"])
            refresh_need_status(match.need)
        record(Event.OFFER_CLOSED, obj=offer, data={"status": status})
        matching.refresh_for_offer(offer)
    return offer
