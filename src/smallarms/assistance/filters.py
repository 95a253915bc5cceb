"""One filter definition per list, shared by its page, its CSV export and its API endpoint."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from smallarms.core.filters import WordSearchFilter
from smallarms.states.choices import AreaLevel
from smallarms.states.models import Area, Organization, State
from smallarms.themes.models import Theme

from .choices import (
    AssistanceKind,
    CallStatus,
    MatchStatus,
    NeedStatus,
    OfferStatus,
    Priority,
    ProjectStatus,
)
from .models import FundingCall, Match, Need, Offer, Project


def _themes():
    return [(t.code, t.name) for t in Theme.objects.all()]


def _regions():
    return Area.objects.filter(level__in=[AreaLevel.REGION, AreaLevel.SUBREGION])


def _words(*fields):
    def method(queryset, _name, value):
        for word in value.split():
            query = Q()
            for field in fields:
                query |= Q(**{f"{field}__icontains": word})
            queryset = queryset.filter(query)
        return queryset

    return method


class DistinctFilterSet(django_filters.FilterSet):
    # Filters across many-to-many relations would repeat rows.
    @property
    def qs(self):
        return super().qs.distinct()


class NeedFilter(DistinctFilterSet):
    state = django_filters.ModelChoiceFilter(
        label=_("State"),
        queryset=State.objects.all(),
        to_field_name="iso3",
        method="for_state",
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"),
        queryset=_regions(),
        to_field_name="code",
        field_name="state__region",
        method="in_region",
    )
    theme = django_filters.ChoiceFilter(
        label=_("Theme"), choices=_themes, field_name="themes__code"
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=AssistanceKind.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=NeedStatus.choices)
    priority = django_filters.ChoiceFilter(label=_("Priority"), choices=Priority.choices)
    q = WordSearchFilter(
        label=_("Words"), method=_words("title", "description", "action_plan_reference")
    )

    class Meta:
        model = Need
        fields = ["state", "region", "theme", "kind", "status", "priority", "q"]

    def for_state(self, queryset, _name, state):
        """The State's own needs and those organizations posted for it."""
        return queryset.filter(Q(state=state) | Q(beneficiary_states=state))

    def in_region(self, queryset, _name, area):
        field = "region" if area.level == AreaLevel.REGION else "subregion"
        return queryset.filter(
            Q(**{f"state__{field}": area}) | Q(**{f"beneficiary_states__{field}": area})
        )


class OfferFilter(DistinctFilterSet):
    state = django_filters.ModelChoiceFilter(
        label=_("Providing State"), queryset=State.objects.all(), to_field_name="iso3"
    )
    organization = django_filters.ModelChoiceFilter(
        label=_("Providing organization"),
        queryset=Organization.objects.all(),
        to_field_name="slug",
    )
    theme = django_filters.ChoiceFilter(
        label=_("Theme"), choices=_themes, field_name="themes__code"
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=AssistanceKind.choices, method="of_kind"
    )
    eligible = django_filters.ModelChoiceFilter(
        label=_("Open to State"),
        queryset=State.objects.all(),
        to_field_name="iso3",
        field_name="eligible_states",
        method="open_to",
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=OfferStatus.choices)
    q = WordSearchFilter(label=_("Words"), method=_words("title", "description"))

    class Meta:
        model = Offer
        fields = ["state", "organization", "theme", "kind", "eligible", "status", "q"]

    def of_kind(self, queryset, _name, kind):
        # ``kinds`` is a JSON list; its text holds each code in quotes, on every database.
        return queryset.filter(kinds__icontains=f'"{kind}"')

    def open_to(self, queryset, _name, state):
        areas = [
            a for a in (state.region_id, state.subregion_id, state.intermediate_region_id) if a
        ]
        everyone = Q(eligible_states__isnull=True, eligible_areas__isnull=True)
        return queryset.filter(everyone | Q(eligible_states=state) | Q(eligible_areas__in=areas))


class MatchFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=MatchStatus.choices)

    class Meta:
        model = Match
        fields = ["status"]


class ProjectFilter(DistinctFilterSet):
    state = django_filters.ModelChoiceFilter(
        label=_("Recipient State"),
        queryset=State.objects.all(),
        to_field_name="iso3",
        field_name="recipient_state",
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"),
        queryset=_regions(),
        to_field_name="code",
        field_name="recipient_state__region",
        method="in_region",
    )
    theme = django_filters.ChoiceFilter(
        label=_("Theme"), choices=_themes, field_name="themes__code"
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ProjectStatus.choices)
    q = WordSearchFilter(label=_("Words"), method=_words("title", "description", "outcome"))

    class Meta:
        model = Project
        fields = ["state", "region", "theme", "status", "q"]

    def in_region(self, queryset, _name, area):
        field = "region" if area.level == AreaLevel.REGION else "subregion"
        return queryset.filter(**{f"recipient_state__{field}": area})


class FundingCallFilter(DistinctFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=CallStatus.choices)
    theme = django_filters.ChoiceFilter(
        label=_("Theme"), choices=_themes, field_name="themes__code"
    )
    q = WordSearchFilter(label=_("Words"), method=_words("title", "aims"))

    class Meta:
        model = FundingCall
        fields = ["status", "theme", "q"]
