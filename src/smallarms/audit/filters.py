"""The one filter of the audit trail, shared by its page, its CSV export and its API list."""

import django_filters
from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from . import registry
from .choices import Event
from .models import Entry


def object_type_choices():
    models = [m for m in registry.audited_models() if not m._meta.proxy]
    return sorted(
        ((m._meta.label_lower, capfirst(m._meta.verbose_name)) for m in models),
        key=lambda choice: str(choice[1]),
    )


class EntryFilter(django_filters.FilterSet):
    actor = django_filters.CharFilter(
        label=_("Actor (e-mail contains)"),
        field_name="actor_label",
        lookup_expr="icontains",
        max_length=Entry._meta.get_field("actor_label").max_length,
    )
    event = django_filters.ChoiceFilter(label=_("Event"), choices=Event.choices)
    object_type = django_filters.ChoiceFilter(label=_("Object type"), choices=object_type_choices)
    object_id = django_filters.CharFilter(
        label=_("Object id"), max_length=Entry._meta.get_field("object_id").max_length
    )
    request_id = django_filters.CharFilter(
        label=_("Request id"), max_length=Entry._meta.get_field("request_id").max_length
    )
    date_from = django_filters.DateFilter(
        label=_("From"),
        field_name="occurred_at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = django_filters.DateFilter(
        label=_("To"),
        field_name="occurred_at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Entry
        fields = [
            "actor",
            "event",
            "object_type",
            "object_id",
            "request_id",
            "date_from",
            "date_to",
        ]
