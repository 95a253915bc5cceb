"""One filter definition for the directory page, its exports and its API."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from smallarms.accounts import permissions
from smallarms.core.filters import WordSearchFilter
from smallarms.core.text import sort_key
from smallarms.states.choices import RegionalGroup
from smallarms.states.models import Area, Organization, State

from .choices import ContactKind
from .models import Contact, stale_before


@extend_schema_field(OpenApiTypes.STR)
class AreaFilter(django_filters.ModelChoiceFilter):
    """An M49 area by its code: a State matches when it lies in the area at any level."""


class ContactFilter(django_filters.FilterSet):
    q = WordSearchFilter(label=_("Search"), method="search")
    state = django_filters.ModelChoiceFilter(
        label=_("State"), queryset=State.objects.order_by("name_en"), to_field_name="iso3"
    )
    organization = django_filters.ModelChoiceFilter(
        label=_("Organization"),
        queryset=Organization.objects.filter(
            pk__in=Contact.objects.filter(organization__isnull=False).values("organization")
        ).order_by("name_en"),
        to_field_name="slug",
    )
    region = AreaFilter(
        label=_("Region"),
        queryset=Area.objects.order_by("code"),
        to_field_name="code",
        method="in_area",
    )
    regional_group = django_filters.ChoiceFilter(
        label=_("Regional group"), choices=RegionalGroup.choices, field_name="state__regional_group"
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ContactKind.choices)
    confirmation = django_filters.ChoiceFilter(
        label=_("Confirmation"),
        choices=[
            ("stale", _("Not confirmed for two years")),
            ("confirmed", _("Confirmed in the last two years")),
        ],
        method="by_confirmation",
    )
    validity = django_filters.ChoiceFilter(
        label=_("Validity"),
        choices=[("current", _("Current entries")), ("all", _("Current and former entries"))],
        empty_label=None,
        method="by_validity",
    )

    class Meta:
        model = Contact
        fields = ["q", "state", "organization", "region", "regional_group", "kind"]

    def __init__(self, data=None, *args, **kwargs):
        # Without a choice, the directory shows the entries valid today.
        data = data.copy() if data is not None else {}
        if not data.get("validity"):
            data["validity"] = "current"
        super().__init__(data, *args, **kwargs)

    def search(self, queryset, _name, value):
        """Every word must occur; names, posts and e-mail addresses are searched only for
        those who may see them, so a search cannot tell the public who holds a post."""
        personal = permissions.sees_contact_details(getattr(self.request, "user", None))
        for word in sort_key(value).split():
            condition = Q(public_search_text__contains=word)
            if personal:
                condition |= Q(personal_search_text__contains=word)
            queryset = queryset.filter(condition)
        return queryset

    def in_area(self, queryset, _name, area):
        return queryset.filter(
            Q(state__region=area) | Q(state__subregion=area) | Q(state__intermediate_region=area)
        )

    def by_confirmation(self, queryset, _name, value):
        if value == "stale":
            return queryset.filter(last_confirmed_at__lt=stale_before())
        return queryset.filter(last_confirmed_at__gte=stale_before())

    def by_validity(self, queryset, _name, value):
        return queryset if value == "all" else queryset.current(timezone.localdate())
