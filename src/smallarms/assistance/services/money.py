"""Money: budgets converted to US dollars at the secretariat's exchange rates."""

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from smallarms.accounts import permissions
from smallarms.audit.choices import Event
from smallarms.audit.context import acting_as
from smallarms.audit.services import record

from ..models import (
    ExchangeRate,
    Need,
    Offer,
    Project,
)
from . import matching

CENT = Decimal("0.01")

# Money -----------------------------------------------------------------------------------


def usd_rate(currency: str, on=None) -> Decimal | None:
    """US dollars per unit of ``currency`` on ``on`` (default today): the latest rate valid
    then; None when the secretariat has recorded none."""
    if currency == "USD":
        return Decimal(1)
    on = on or timezone.localdate()
    rate = (
        ExchangeRate.objects.filter(currency=currency, valid_from__lte=on)
        .order_by("-valid_from")
        .values_list("usd_per_unit", flat=True)
        .first()
    )
    return rate


def to_usd(amount, currency: str, on=None) -> Decimal | None:
    if amount is None:
        return None
    rate = usd_rate(currency, on)
    if rate is None:
        return None
    return (Decimal(amount) * rate).quantize(CENT, rounding=ROUND_HALF_UP)


@transaction.atomic
def set_exchange_rate(*, acting_user, currency, usd_per_unit, valid_from, source=""):
    """Record (or correct) a rate; budgets in that currency are converted again."""
    if not permissions.is_system_staff(acting_user):
        raise PermissionDenied
    with acting_as(acting_user):
        rate = ExchangeRate.objects.filter(currency=currency, valid_from=valid_from).first()
        rate = rate or ExchangeRate(currency=currency, valid_from=valid_from)
        rate.usd_per_unit = usd_per_unit
        rate.source = source
        rate.full_clean()
        rate.save()
        record(
            Event.EXCHANGE_RATE_SET,
            obj=rate,
            data={"currency": currency, "usd_per_unit": str(usd_per_unit), "from": str(valid_from)},
        )
        for need in Need.objects.filter(currency=currency):
            usd = to_usd(need.budget_amount, currency)
            if usd != need.budget_usd:
                need.budget_usd = usd
                need.save(update_fields=["budget_usd", "updated_at"])
                matching.refresh_for_need(need)
        for offer in Offer.objects.filter(currency=currency):
            low, high = to_usd(offer.budget_min, currency), to_usd(offer.budget_max, currency)
            if (low, high) != (offer.budget_min_usd, offer.budget_max_usd):
                offer.budget_min_usd, offer.budget_max_usd = low, high
                offer.save(update_fields=["budget_min_usd", "budget_max_usd", "updated_at"])
                matching.refresh_for_offer(offer)
        for project in Project.objects.filter(currency=currency):
            usd = to_usd(project.budget_amount, currency)
            if usd != project.budget_usd:
                project.budget_usd = usd
                project.save(update_fields=["budget_usd", "updated_at"])
    return rate
