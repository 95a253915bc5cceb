from django import template
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..choices import YES_NO_NA_LABELS

register = template.Library()

CONTACT_LABELS = [
    ("name", pgettext_lazy("of a person", "Name")),
    ("post", _("Post")),
    ("institution", _("Institution")),
    ("address", _("Address")),
    ("telephone", _("Telephone")),
    ("email", _("E-mail address")),
]


@register.inclusion_tag("reporting/_answer_field.html")
def answer_field(field):
    """One question of the editor, with the inputs of its answer type."""
    return {
        **field,
        "yes_no_na": list(YES_NO_NA_LABELS.items()),
        "contact_fields": CONTACT_LABELS,
    }


@register.filter
def get_item(mapping, key):
    return (mapping or {}).get(key, "") if isinstance(mapping, dict) else ""
