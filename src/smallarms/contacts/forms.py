from django import forms
from django.utils.translation import gettext_lazy as _

from smallarms.core.forms import DateInput, InputForm, textarea
from smallarms.core.i18n import language_name

from .choices import ORGANIZATION_KINDS, STATE_KINDS, WORKING_LANGUAGES, ContactKind
from .models import Contact


class ContactForm(InputForm):
    """A directory entry as its keeper edits it; ``services.clean_fields`` has the rules."""

    kind = forms.ChoiceField(label=_("Kind"))
    emails = forms.CharField(
        label=_("E-mail addresses"),
        required=False,
        widget=textarea(2),
        help_text=_("One per line."),
    )
    telephones = forms.CharField(
        label=_("Telephones"),
        required=False,
        widget=textarea(2),
        help_text=_("One per line, with the country code, for example +221 33 123 45 67."),
    )
    working_languages = forms.MultipleChoiceField(
        label=_("Working languages"), required=False, widget=forms.CheckboxSelectMultiple
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

    class Meta:
        model = Contact
        fields = Contact.FIELDS
        widgets = {"postal_address": textarea(3), "valid_from": DateInput, "valid_to": DateInput}
        help_texts = {"valid_to": _("Leave empty while the entry is valid; give a date to end it.")}

    def __init__(self, *args, owner_is_state=True, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = STATE_KINDS if owner_is_state else ORGANIZATION_KINDS
        self.fields["kind"].choices = [(k.value, k.label) for k in ContactKind if k in kinds]
        self.fields["working_languages"].choices = [
            (code, language_name(code)) for code in WORKING_LANGUAGES
        ]

    def values(self) -> dict:
        data = super().values()
        data.pop("revision", None)
        return data
