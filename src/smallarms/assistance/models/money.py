"""Money: budgets in many currencies, compared in US dollars at the secretariat's rates."""

from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from smallarms.core.models import LineField, VisibleQuerySet

currency_code = RegexValidator(
    r"^[A-Z]{3}$", _("Enter a currency as its three-letter ISO 4217 code, e.g. USD or EUR.")
)


def currency_field():
    return models.CharField(_("currency"), max_length=3, default="USD", validators=[currency_code])


def amount_field(label, **options):
    """An amount of money, never negative, with cents."""
    return models.DecimalField(
        label, max_digits=14, decimal_places=2, validators=[MinValueValidator(0)], **options
    )


def usd_field(label, **options):
    """An amount converted to US dollars by the system (never typed)."""
    return models.DecimalField(
        label, max_digits=14, decimal_places=2, null=True, blank=True, editable=False, **options
    )


class ExchangeRate(models.Model):
    """How many US dollars one unit of a currency is worth from a date on: kept by the
    secretariat so that budgets in different currencies can be compared."""

    currency = models.CharField(_("currency"), max_length=3, validators=[currency_code])
    usd_per_unit = models.DecimalField(
        _("US dollars per unit"),
        max_digits=18,
        decimal_places=8,
        validators=[MinValueValidator(0)],
    )
    valid_from = models.DateField(_("valid from"))
    source = LineField(_("source"), blank=True, help_text=_("Where the rate comes from."))
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    FIELDS = ("currency", "usd_per_unit", "valid_from", "source")

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        ordering = ["currency", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["currency", "valid_from"], name="one_exchange_rate_per_currency_and_day"
            ),
            models.CheckConstraint(
                condition=Q(usd_per_unit__gt=0), name="exchange_rate_is_positive"
            ),
        ]

    def __str__(self):
        return f"{self.currency} {self.usd_per_unit} ({self.valid_from})"
