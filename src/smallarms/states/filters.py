"""One filter definition per list, shared by its page, its API endpoint and its CSV export."""

import django_filters
from django.utils.translation import gettext_lazy as _

from smallarms.core.filters import WordSearchFilter

from .choices import AreaLevel, OrganizationKind, RegionalGroup
from .models import Area, Organization, State
from .resolver import keys


def _search(queryset, _name, value):
    """Accent-, case- and punctuation-insensitive search in every known name."""
    for key in keys(value):
        queryset = queryset.filter(search_text__contains=key)
    return queryset


class StateFilter(django_filters.FilterSet):
    q = WordSearchFilter(label=_("Name"), method=_search)
    region = django_filters.ModelChoiceFilter(
        label=_("Region"),
        queryset=Area.objects.filter(level=AreaLevel.REGION),
        to_field_name="code",
    )
    subregion = django_filters.ModelChoiceFilter(
        label=_("Subregion"),
        queryset=Area.objects.filter(level=AreaLevel.SUBREGION),
        to_field_name="code",
    )
    regional_group = django_filters.ChoiceFilter(
        label=_("Regional group"), choices=RegionalGroup.choices
    )
    un_member = django_filters.TypedChoiceFilter(
        label=_("Status"),
        choices=[
            ("true", _("Member States of the United Nations")),
            ("false", _("Non-member observer States")),
        ],
        coerce=lambda value: value == "true",
    )
    organization = django_filters.ModelChoiceFilter(
        label=_("Member of"),
        queryset=Organization.objects.filter(universal_membership=False, memberships__isnull=False)
        .distinct()
        .order_by("name_en"),
        field_name="organizations",
        to_field_name="slug",
    )

    class Meta:
        model = State
        fields = ["q", "region", "subregion", "regional_group", "un_member", "organization"]


class OrganizationFilter(django_filters.FilterSet):
    q = WordSearchFilter(label=_("Name or acronym"), method=_search)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=OrganizationKind.choices)
    member = django_filters.ModelChoiceFilter(
        label=_("Member State"),
        queryset=State.objects.all(),
        field_name="members",
        to_field_name="iso3",
    )

    class Meta:
        model = Organization
        fields = ["q", "kind", "member"]
