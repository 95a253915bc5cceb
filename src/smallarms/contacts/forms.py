from django import forms
from django.utils.translation import gettext_lazy as _

from smallarms.core.i18n import language_name

from .choices import ORGANIZATION_KINDS, STATE_KINDS, WORKING_LANGUAGES, ContactKind


class ContactForm(forms.Form):
    """A directory entry as its keeper edits it; ``services.clean_fields`` has the rules."""

    kind = forms.ChoiceField(label=_("Kind"))
    institution = forms.CharField(label=_("Institution"), max_length=300)
    department = forms.CharField(label=_("Department or unit"), max_length=300, required=False)
    person_name = forms.CharField(label=_("Name of the person"), max_length=200, required=False)
    title = forms.CharField(label=_("Post or title"), max_length=200, required=False)
    emails = forms.CharField(
        label=_("E-mail addresses"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line."),
    )
    telephones = forms.CharField(
        label=_("Telephones"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line, with the country code, for example +221 33 123 45 67."),
    )
    postal_address = forms.CharField(
        label=_("Postal address"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    working_languages = forms.MultipleChoiceField(
        label=_("Working languages"), required=False, widget=forms.CheckboxSelectMultiple
    )
    valid_from = forms.DateField(
        label=_("Valid from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    valid_to = forms.DateField(
        label=_("Valid to"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty while the entry is valid; give a date to end it."),
    )
    position = forms.IntegerField(
        label=_("Order"),
        min_value=0,
        max_value=99,
        initial=0,
        help_text=_(
            "Entries of the same kind are listed in this order; the first is the main one."
        ),
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, owner_is_state=True, **kwargs):
        super().__init__(*args, **kwargs)

        kinds = STATE_KINDS if owner_is_state else ORGANIZATION_KINDS
        self.fields["kind"].choices = [(k.value, k.label) for k in ContactKind if k in kinds]
        self.fields["working_languages"].choices = [
            (code, language_name(code)) for code in WORKING_LANGUAGES
        ]

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("revision", None)
        return data

    def add_service_errors(self, error):
        """Put a service's ValidationError on the fields it names."""
        if hasattr(error, "error_dict"):
            for field, messages in error.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)
        else:
            self.add_error(None, error.messages)
