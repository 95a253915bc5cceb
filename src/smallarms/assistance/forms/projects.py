"""Forms of projects, their indicators and progress."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from smallarms.core.forms import (
    CurrencyField,
    DateInput,
    InputForm,
    NamedField,
    OwnerField,
    StateField,
    textarea,
)
from smallarms.states.models import Organization
from smallarms.themes.models import Theme

from ..models import ProgressReport, Project, ProjectIndicator


class ProjectForm(InputForm):
    funder_amount = forms.DecimalField(
        label=_("Amount funded"), min_value=Decimal(0), decimal_places=2, required=False
    )
    recipient_state = StateField(label=_("Recipient State"), required=False)
    implementer = forms.ModelChoiceField(
        label=_("Implementing organization"),
        queryset=Organization.objects.order_by("name_en"),
        required=False,
    )
    implementer_name = forms.CharField(label=_("Other implementer"), max_length=200, required=False)
    needs = forms.ModelMultipleChoiceField(
        label=_("Needs met"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    themes = NamedField(
        label=_("Themes"), queryset=Theme.objects.all(), to_field_name="code", required=False
    )
    currency = CurrencyField()

    class Meta:
        model = Project
        fields = Project.FIELDS
        widgets = {
            "description": textarea(4),
            "outcome": textarea(3),
            "starts_on": DateInput,
            "ends_on": DateInput,
        }

    def __init__(self, *args, owners=(), needs=None, with_funder=True, **kwargs):
        super().__init__(*args, **kwargs)
        if with_funder:
            self.fields["funder"] = OwnerField(owners=owners, label=_("Funded by"))
        else:
            del self.fields["funder_amount"]
        self.fields["needs"].queryset = needs
        self.order_fields(["title", "description", "funder", "funder_amount"])

    @classmethod
    def initial_for(cls, project) -> dict:
        return {
            **{name: getattr(project, name) for name in Project.FIELDS},
            "needs": list(project.needs.all()),
            "themes": list(project.themes.all()),
        }

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        funder = data.pop("funder", None)
        amount = data.pop("funder_amount", None)
        data["funders"] = [(funder, amount)] if funder is not None else []
        return data


class IndicatorForm(InputForm):
    baseline = forms.DecimalField(label=_("Baseline"), decimal_places=2, initial=0)
    objective = forms.ModelChoiceField(
        label=_("Objective of the need it measures"), queryset=None, required=False
    )

    class Meta:
        model = ProjectIndicator
        fields = ProjectIndicator.FIELDS
        widgets = {"target_date": DateInput}

    def __init__(self, *args, objectives=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objective"].queryset = objectives


class ProgressForm(InputForm):
    indicator = forms.ModelChoiceField(label=_("Indicator"), queryset=None)

    class Meta:
        model = ProgressReport
        fields = ProgressReport.FIELDS
        labels = {"value": _("Value reached")}
        widgets = {"reported_on": DateInput, "note": textarea(2)}

    def __init__(self, *args, indicators=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators
