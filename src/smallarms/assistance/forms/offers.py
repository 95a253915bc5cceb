"""The form of an offer."""

from django import forms
from django.utils.translation import gettext_lazy as _

from smallarms.core.forms import NamedField, StatesField
from smallarms.states.choices import AreaLevel
from smallarms.states.models import Area

from ..choices import AssistanceKind
from ..models import Offer
from .needs import PostingForm


def areas():
    return Area.objects.filter(
        level__in=[AreaLevel.REGION, AreaLevel.SUBREGION, AreaLevel.INTERMEDIATE]
    ).order_by("code")


class OfferForm(PostingForm):
    owner_label = _("Offered by")
    kinds = forms.MultipleChoiceField(
        label=_("Kinds of assistance"),
        choices=AssistanceKind.choices,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    eligible_areas = NamedField(
        label=_("Eligible regions"),
        queryset=Area.objects.none(),
        required=False,
        help_text=_("Leave regions and States empty: every State is eligible."),
    )
    eligible_states = StatesField(label=_("Eligible States"), required=False)

    class Meta(PostingForm.Meta):
        model = Offer
        fields = Offer.FIELDS
        labels = {
            **PostingForm.Meta.labels,
            "starts_on": _("Available from"),
            "ends_on": _("Available until"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["eligible_areas"].queryset = areas()
        self.fields["currency"].help_text = ""
