"""The form of an exchange rate."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from smallarms.core.forms import CurrencyField, DateInput, InputForm

from ..models import ExchangeRate


class ExchangeRateForm(InputForm):
    currency = CurrencyField(initial=None)
    usd_per_unit = forms.DecimalField(
        label=_("US dollars per unit"), min_value=Decimal("0.00000001"), decimal_places=8
    )

    class Meta:
        model = ExchangeRate
        fields = ExchangeRate.FIELDS
        widgets = {"valid_from": DateInput}
