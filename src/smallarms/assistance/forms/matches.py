"""The forms of a match: the proposal's message, a reason to decline, a message."""

from django import forms
from django.utils.translation import gettext_lazy as _

from smallarms.core.forms import textarea


class ProposeForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the other side"), widget=textarea(3), required=False
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reason (optional)"), widget=textarea(2), required=False)


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Your message"), widget=textarea(4))
