"""Forms of funding calls, proposals and scores."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from smallarms.core.forms import (
    CurrencyField,
    DateInput,
    InputForm,
    NamedField,
    OwnerField,
    textarea,
)
from smallarms.states.models import Area
from smallarms.themes.models import Theme

from ..models import FundingCall, Proposal
from .offers import areas


class CallForm(InputForm):
    themes = NamedField(
        label=gettext_lazy("Eligible themes"),
        queryset=Theme.objects.all(),
        to_field_name="code",
        required=False,
    )
    eligible_areas = NamedField(
        label=gettext_lazy("Eligible regions"), queryset=Area.objects.none(), required=False
    )
    currency = CurrencyField()
    criteria = forms.CharField(
        label=gettext_lazy("Evaluation criteria"),
        widget=textarea(4),
        help_text=gettext_lazy(
            "One per line: the criterion, a vertical bar, its weight. "
            "E.g. “Relevance to the needs | 3”."
        ),
    )

    class Meta:
        model = FundingCall
        fields = FundingCall.FIELDS
        widgets = {"aims": textarea(4), "deadline": DateInput}

    def __init__(self, *args, owners=(), secretariat=False, **kwargs):
        super().__init__(*args, **kwargs)
        field = OwnerField(owners=owners, label=gettext_lazy("Funder"), required=not secretariat)
        if secretariat:
            field.choices = [("", _("The secretariat")), *field.choices]
        self.fields["owner"] = field
        self.fields["eligible_areas"].queryset = areas()
        self.order_fields(["owner"])

    def clean_criteria(self):
        criteria = []
        for number, line in enumerate(self.cleaned_data["criteria"].splitlines(), start=1):
            if not line.strip():
                continue
            name, _bar, weight = line.partition("|")
            try:
                weight = int(weight.strip() or 1)
                if not 1 <= weight <= 100:
                    raise ValueError
            except ValueError:
                raise forms.ValidationError(
                    _("Line {line}: the weight is a whole number from 1 to 100.").format(
                        line=number
                    )
                ) from None
            criteria.append((name.strip(), weight))
        return criteria


class ProposalForm(InputForm):
    needs = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Needs answered"),
        queryset=None,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    currency = CurrencyField()

    class Meta:
        model = Proposal
        fields = Proposal.FIELDS
        widgets = {"summary": textarea(6), "starts_on": DateInput, "ends_on": DateInput}

    def __init__(self, *args, owners=(), needs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"] = OwnerField(owners=owners, label=gettext_lazy("Submitted by"))
        self.fields["needs"].queryset = needs
        self.order_fields(["owner"])


class ScoreForm(forms.Form):
    """One score (0–10) and comment per criterion of the call."""

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"score_{criterion.pk}"] = forms.IntegerField(
                label=_("{criterion} (weight {weight}): score from 0 to 10").format(
                    criterion=criterion.name, weight=criterion.weight
                ),
                min_value=0,
                max_value=10,
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment on {criterion}").format(criterion=criterion.name),
                widget=textarea(2),
                required=False,
            )

    def scores(self) -> dict:
        return {
            c: (self.cleaned_data[f"score_{c.pk}"], self.cleaned_data[f"comment_{c.pk}"])
            for c in self.criteria
        }
