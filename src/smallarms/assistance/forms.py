"""Forms of the assistance pages. They only read and check input; services write."""

from decimal import Decimal

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from smallarms.core.text import sort_key
from smallarms.states.choices import AreaLevel
from smallarms.states.models import Area, Organization, State
from smallarms.themes.models import Theme

from .choices import AssistanceKind, Priority, ProjectStatus


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _textarea(rows=4):
    return forms.Textarea(attrs={"rows": rows})


class StateField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.short_name


class StatesField(forms.ModelMultipleChoiceField):
    widget = forms.SelectMultiple(attrs={"size": 6})

    def label_from_instance(self, obj):
        return obj.short_name


class NamedField(forms.ModelMultipleChoiceField):
    """Themes and areas: their names in the reader's language."""

    widget = forms.SelectMultiple(attrs={"size": 8})

    def label_from_instance(self, obj):
        return obj.name


def _states():
    states = sorted(State.objects.all(), key=lambda s: sort_key(s.short_name))
    return [(s.pk, s.short_name) for s in states]


def _areas():
    return Area.objects.filter(
        level__in=[AreaLevel.REGION, AreaLevel.SUBREGION, AreaLevel.INTERMEDIATE]
    ).order_by("code")


def owner_key(owner) -> str:
    return f"{owner._meta.model_name}:{owner.pk}"


class OwnerField(forms.ChoiceField):
    """Whom the user acts for: one of their States or organizations."""

    def __init__(self, *, owners, label, **kwargs):
        super().__init__(
            label=label,
            choices=[(owner_key(obj), str(obj)) for _kind, obj in owners],
            **kwargs,
        )
        self.owners = {owner_key(obj): obj for _kind, obj in owners}

    def clean(self, value):
        value = super().clean(value)
        return self.owners.get(value) if value else None


def split_owner(owner) -> dict:
    if owner is None:
        return {"state": None, "organization": None}
    if isinstance(owner, State):
        return {"state": owner, "organization": None}
    return {"state": None, "organization": owner}


LANGUAGE_CHOICES = [(code, name) for code, name in settings.LANGUAGES]


class NeedForm(forms.Form):
    owner = forms.ChoiceField(label=_("On behalf of"))
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        widget=_textarea(6),
        help_text=_("What is needed, why, and what it should change. Any of the six languages."),
    )
    language = forms.ChoiceField(label=_("Written in"), choices=LANGUAGE_CHOICES)
    working_languages = forms.MultipleChoiceField(
        label=_("Working languages"),
        choices=LANGUAGE_CHOICES,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("The languages in which you can work with a provider."),
    )
    themes = NamedField(label=_("Themes"), queryset=Theme.objects.all(), to_field_name="code")
    kind = forms.ChoiceField(label=_("Kind of assistance"), choices=AssistanceKind.choices)
    budget_amount = forms.DecimalField(
        label=_("Estimated budget"), min_value=Decimal(0), decimal_places=2, required=False
    )
    currency = forms.CharField(
        label=_("Currency"), max_length=3, initial="USD", help_text=_("e.g. USD, EUR, CHF")
    )
    starts_on = forms.DateField(label=_("Starts"), widget=DateInput, required=False)
    ends_on = forms.DateField(label=_("Ends"), widget=DateInput, required=False)
    priority = forms.ChoiceField(
        label=_("Priority"), choices=Priority.choices, initial=Priority.MEDIUM
    )
    action_plan_reference = forms.CharField(
        label=_("National action plan reference"), max_length=300, required=False
    )
    beneficiary_states = StatesField(
        label=_("Beneficiary States"),
        queryset=State.objects.all(),
        required=False,
        help_text=_("For an organization acting for States."),
    )
    is_public = forms.BooleanField(
        label=_("Public"),
        required=False,
        help_text=_(
            "A public need is seen by everyone. A private one only by your State, the "
            "secretariat and the providers you are matched with."
        ),
    )

    def __init__(self, *args, owners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"] = OwnerField(owners=owners, label=_("On behalf of"))
        self.fields["beneficiary_states"].choices = _states()
        if not any(kind == "organization" for kind, _obj in owners):
            del self.fields["beneficiary_states"]

    def clean_currency(self):
        return self.cleaned_data["currency"].strip().upper()

    @staticmethod
    def initial_for(need) -> dict:
        return {
            "owner": owner_key(need.owner),
            "title": need.title,
            "description": need.description,
            "language": need.language,
            "working_languages": need.working_languages,
            "themes": list(need.themes.all()),
            "kind": need.kind,
            "budget_amount": need.budget_amount,
            "currency": need.currency,
            "starts_on": need.starts_on,
            "ends_on": need.ends_on,
            "priority": need.priority,
            "action_plan_reference": need.action_plan_reference,
            "beneficiary_states": list(need.beneficiary_states.all()),
            "is_public": need.is_public,
        }

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        owner = data.pop("owner")
        if not isinstance(owner, Organization):
            data.pop("beneficiary_states", None)
        return {**split_owner(owner), **data}


class ObjectiveForm(forms.Form):
    objective = forms.CharField(label=_("Objective"), widget=_textarea(2))
    indicator = forms.CharField(label=_("Indicator"), max_length=300)
    baseline = forms.DecimalField(label=_("Baseline"), required=False, decimal_places=2)
    target = forms.DecimalField(label=_("Target"), decimal_places=2)
    unit = forms.CharField(label=_("Unit"), max_length=60, required=False)
    target_date = forms.DateField(label=_("Target date"), widget=DateInput, required=False)


class OfferForm(forms.Form):
    owner = forms.ChoiceField(label=_("Offered by"))
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=_textarea(6))
    language = forms.ChoiceField(label=_("Written in"), choices=LANGUAGE_CHOICES)
    working_languages = forms.MultipleChoiceField(
        label=_("Working languages"),
        choices=LANGUAGE_CHOICES,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    themes = NamedField(label=_("Themes"), queryset=Theme.objects.all(), to_field_name="code")
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
    eligible_states = StatesField(
        label=_("Eligible States"), queryset=State.objects.all(), required=False
    )
    budget_min = forms.DecimalField(
        label=_("Smallest amount"), min_value=Decimal(0), decimal_places=2, required=False
    )
    budget_max = forms.DecimalField(
        label=_("Largest amount"), min_value=Decimal(0), decimal_places=2, required=False
    )
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="USD")
    starts_on = forms.DateField(label=_("Available from"), widget=DateInput, required=False)
    ends_on = forms.DateField(label=_("Available until"), widget=DateInput, required=False)
    conditions = forms.CharField(label=_("Conditions"), widget=_textarea(3), required=False)
    contact_name = forms.CharField(label=_("Contact name"), max_length=200, required=False)
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)

    def __init__(self, *args, owners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"] = OwnerField(owners=owners, label=_("Offered by"))
        self.fields["eligible_areas"].queryset = _areas()
        self.fields["eligible_states"].choices = _states()

    def clean_currency(self):
        return self.cleaned_data["currency"].strip().upper()

    @staticmethod
    def initial_for(offer) -> dict:
        return {
            "owner": owner_key(offer.owner),
            **{
                name: getattr(offer, name)
                for name in (
                    "title",
                    "description",
                    "language",
                    "working_languages",
                    "kinds",
                    "budget_min",
                    "budget_max",
                    "currency",
                    "starts_on",
                    "ends_on",
                    "conditions",
                    "contact_name",
                    "contact_email",
                )
            },
            "themes": list(offer.themes.all()),
            "eligible_areas": list(offer.eligible_areas.all()),
            "eligible_states": list(offer.eligible_states.all()),
        }

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        return {**split_owner(data.pop("owner")), **data}


class ProposeForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the other side"), widget=_textarea(3), required=False
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reason (optional)"), widget=_textarea(2), required=False)


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Your message"), widget=_textarea(4))


class ProjectForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=_textarea(4), required=False)
    funder = forms.ChoiceField(label=_("Funded by"))
    funder_amount = forms.DecimalField(
        label=_("Amount funded"), min_value=Decimal(0), decimal_places=2, required=False
    )
    recipient_state = StateField(
        label=_("Recipient State"), queryset=State.objects.all(), required=False
    )
    implementer = forms.ModelChoiceField(
        label=_("Implementing organization"),
        queryset=Organization.objects.order_by("name_en"),
        required=False,
    )
    implementer_name = forms.CharField(label=_("Other implementer"), max_length=200, required=False)
    budget_amount = forms.DecimalField(
        label=_("Budget"), min_value=Decimal(0), decimal_places=2, required=False
    )
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="USD")
    starts_on = forms.DateField(label=_("Starts"), widget=DateInput, required=False)
    ends_on = forms.DateField(label=_("Ends"), widget=DateInput, required=False)
    needs = forms.ModelMultipleChoiceField(
        label=_("Needs met"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    themes = NamedField(
        label=_("Themes"), queryset=Theme.objects.all(), to_field_name="code", required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=ProjectStatus.choices, initial=ProjectStatus.PLANNED
    )
    outcome = forms.CharField(label=_("Outcome"), widget=_textarea(3), required=False)

    def __init__(self, *args, owners=(), needs=None, with_funder=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funder"] = OwnerField(
            owners=owners, label=_("Funded by"), required=with_funder
        )
        if not with_funder:
            del self.fields["funder"]
            del self.fields["funder_amount"]
        self.fields["needs"].queryset = needs
        self.fields["recipient_state"].choices = [("", "—"), *_states()]

    def clean_currency(self):
        return self.cleaned_data["currency"].strip().upper()

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        funder = data.pop("funder", None)
        amount = data.pop("funder_amount", None)
        data["funders"] = [(funder, amount)] if funder is not None else []
        return data


class IndicatorForm(forms.Form):
    name = forms.CharField(label=_("Indicator"), max_length=300)
    baseline = forms.DecimalField(label=_("Baseline"), decimal_places=2, initial=0)
    target = forms.DecimalField(label=_("Target"), decimal_places=2)
    unit = forms.CharField(label=_("Unit"), max_length=60, required=False)
    target_date = forms.DateField(label=_("Target date"), widget=DateInput, required=False)
    objective = forms.ModelChoiceField(
        label=_("Objective of the need it measures"), queryset=None, required=False
    )

    def __init__(self, *args, objectives=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objective"].queryset = objectives


class ProgressForm(forms.Form):
    indicator = forms.ModelChoiceField(label=_("Indicator"), queryset=None)
    value = forms.DecimalField(label=_("Value reached"), decimal_places=2)
    reported_on = forms.DateField(label=_("As of"), widget=DateInput)
    note = forms.CharField(label=_("Note"), widget=_textarea(2), required=False)

    def __init__(self, *args, indicators=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators


class CallForm(forms.Form):
    owner = forms.ChoiceField(label=_("Funder"), required=False)
    title = forms.CharField(label=_("Title"), max_length=200)
    aims = forms.CharField(label=_("Aims"), widget=_textarea(4))
    themes = NamedField(
        label=_("Eligible themes"),
        queryset=Theme.objects.all(),
        to_field_name="code",
        required=False,
    )
    eligible_areas = NamedField(
        label=_("Eligible regions"), queryset=Area.objects.none(), required=False
    )
    budget_amount = forms.DecimalField(
        label=_("Total budget"), min_value=Decimal(0), decimal_places=2, required=False
    )
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="USD")
    deadline = forms.DateField(label=_("Deadline"), widget=DateInput)
    criteria = forms.CharField(
        label=_("Evaluation criteria"),
        widget=_textarea(4),
        help_text=_(
            "One per line: the criterion, a vertical bar, its weight. "
            "E.g. “Relevance to the needs | 3”."
        ),
    )

    def __init__(self, *args, owners=(), secretariat=False, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("The secretariat"))] if secretariat else []
        field = OwnerField(owners=owners, label=_("Funder"), required=not secretariat)
        field.choices = choices + list(field.choices)
        self.fields["owner"] = field
        self.fields["eligible_areas"].queryset = _areas()

    def clean_currency(self):
        return self.cleaned_data["currency"].strip().upper()

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

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        return {**split_owner(data.pop("owner")), **data}


class ProposalForm(forms.Form):
    owner = forms.ChoiceField(label=_("Submitted by"))
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("Summary"), widget=_textarea(6))
    needs = forms.ModelMultipleChoiceField(
        label=_("Needs answered"),
        queryset=None,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    budget_amount = forms.DecimalField(
        label=_("Budget requested"), min_value=Decimal(0), decimal_places=2
    )
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="USD")
    starts_on = forms.DateField(label=_("Starts"), widget=DateInput, required=False)
    ends_on = forms.DateField(label=_("Ends"), widget=DateInput, required=False)

    def __init__(self, *args, owners=(), needs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"] = OwnerField(owners=owners, label=_("Submitted by"))
        self.fields["needs"].queryset = needs

    def clean_currency(self):
        return self.cleaned_data["currency"].strip().upper()

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        return {**split_owner(data.pop("owner")), **data}


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
                widget=_textarea(2),
                required=False,
            )

    def scores(self) -> dict:
        return {
            c: (self.cleaned_data[f"score_{c.pk}"], self.cleaned_data[f"comment_{c.pk}"])
            for c in self.criteria
        }


class ExchangeRateForm(forms.Form):
    currency = forms.CharField(label=_("Currency"), max_length=3)
    usd_per_unit = forms.DecimalField(
        label=_("US dollars per unit"), min_value=Decimal("0.00000001"), decimal_places=8
    )
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput)
    source = forms.CharField(label=_("Source"), max_length=200, required=False)

    def clean_currency(self):
        return self.cleaned_data["currency"].strip().upper()
