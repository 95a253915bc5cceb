"""Forms of needs and their objectives."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from smallarms.core.forms import (
    CurrencyField,
    DateInput,
    InputForm,
    NamedField,
    OwnerField,
    StatesField,
    owner_key,
    textarea,
)
from smallarms.states.models import Organization
from smallarms.themes.models import Theme

from ..models import Need, NeedObjective

LANGUAGE_CHOICES = [(code, name) for code, name in settings.LANGUAGES]


class PostingForm(InputForm):
    """What needs and offers ask alike: the text in one of the six languages, themes, a
    currency, a period."""

    working_languages = forms.MultipleChoiceField(
        label=_("Working languages"),
        choices=LANGUAGE_CHOICES,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    themes = NamedField(label=_("Themes"), queryset=Theme.objects.all(), to_field_name="code")
    currency = CurrencyField(help_text=_("e.g. USD, EUR, CHF"))

    owner_label = ""

    class Meta:
        labels = {"language": _("Written in")}
        widgets = {
            "description": textarea(6),
            "starts_on": DateInput,
            "ends_on": DateInput,
            "conditions": textarea(3),
        }

    def __init__(self, *args, owners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"] = OwnerField(owners=owners, label=self.owner_label)
        self.order_fields(["owner"])

    @classmethod
    def initial_for(cls, posting) -> dict:
        initial = {}
        for name in cls._meta.fields:
            value = getattr(posting, name)
            initial[name] = list(value.all()) if hasattr(value, "all") else value
        initial["owner"] = owner_key(posting.owner)
        return initial


class NeedForm(PostingForm):
    owner_label = _("On behalf of")
    beneficiary_states = StatesField(
        label=_("Beneficiary States"),
        required=False,
        help_text=_("For an organization acting for States."),
    )

    class Meta(PostingForm.Meta):
        model = Need
        fields = Need.FIELDS
        help_texts = {
            "description": _(
                "What is needed, why, and what it should change. Any of the six languages."
            ),
            "is_public": _(
                "A public need is seen by everyone. A private one only by your State, the "
                "secretariat and the providers you are matched with."
            ),
        }

    def __init__(self, *args, owners=(), **kwargs):
        super().__init__(*args, owners=owners, **kwargs)
        self.fields["working_languages"].help_text = _(
            "The languages in which you can work with a provider."
        )
        if not any(kind == "organization" for kind, _obj in owners):
            del self.fields["beneficiary_states"]

    def values(self) -> dict:
        data = super().values()
        if not isinstance(data.get("organization"), Organization):
            data.pop("beneficiary_states", None)
        return data


class ObjectiveForm(InputForm):
    class Meta:
        model = NeedObjective
        fields = NeedObjective.FIELDS
        widgets = {"objective": textarea(2), "target_date": DateInput}
