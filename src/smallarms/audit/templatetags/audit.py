import json

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from smallarms.audit import registry
from smallarms.audit.redaction import HIDDEN

register = template.Library()


@register.filter
def audit_value(value):
    """A stored before/after value as a reader sees it."""
    if value is None or value == "":
        return "—"
    if value == registry.CHANGED:
        return _("changed (not shown)")
    if value == HIDDEN or (isinstance(value, list) and HIDDEN in value):
        shown = [item for item in (value if isinstance(value, list) else []) if item != HIDDEN]
        hidden = _("not shown")
        return "; ".join([*map(str, shown), hidden]) if shown else hidden
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


@register.filter
def audit_actor(entry):
    if entry.actor_label:
        return entry.actor_label
    if entry.request_id:
        return _("Anonymous visitor")
    return _("System")


@register.simple_tag
def history_url(entry):
    """The history page of the entry's object, or an empty string."""
    if not entry.object_type or not entry.object_id:
        return ""
    app_label, _sep, model_name = entry.object_type.partition(".")
    try:
        return reverse(
            "audit:object_history",
            kwargs={"app_label": app_label, "model_name": model_name, "pk": entry.object_id},
        )
    except NoReverseMatch:
        return ""
