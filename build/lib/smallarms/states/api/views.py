from django.db.models import Prefetch
from rest_framework import viewsets

from ..filters import OrganizationFilter, StateFilter
from ..models import Organization, OrganizationMembership, State
from .serializers import (
    OrganizationDetailSerializer,
    OrganizationSerializer,
    StateDetailSerializer,
    StateSerializer,
)


class StateViewSet(viewsets.ReadOnlyModelViewSet):
    """UN Member States and observer States. Public reference data.

    Names come in the language of the `Accept-Language` header, and `names`
    carries all six.
    """

    lookup_field = "iso3"
    lookup_value_regex = "[A-Za-z]{3}"
    filterset_class = StateFilter
    ordering_fields = ["iso3", "m49", "name_en"]
    ordering = ["name_en"]

    def get_queryset(self):
        queryset = State.objects.select_related("region", "subregion", "intermediate_region")
        if self.action == "retrieve":
            queryset = queryset.prefetch_related(
                Prefetch(
                    "memberships",
                    queryset=OrganizationMembership.objects.select_related("organization"),
                )
            )
        return queryset

    def get_object(self):
        self.kwargs[self.lookup_field] = self.kwargs[self.lookup_field].upper()
        return super().get_object()

    def get_serializer_class(self):
        return StateDetailSerializer if self.action == "retrieve" else StateSerializer


class OrganizationViewSet(viewsets.ReadOnlyModelViewSet):
    """Regional and subregional organizations, UN entities, international organizations,
    NGOs and research institutes, with their member States. Public reference data."""

    lookup_field = "slug"
    filterset_class = OrganizationFilter
    ordering_fields = ["slug", "name_en", "kind"]
    ordering = ["name_en"]

    def get_queryset(self):
        return Organization.objects.select_related("parent").prefetch_related(
            Prefetch("memberships", queryset=OrganizationMembership.objects.select_related("state"))
        )

    def get_serializer_class(self):
        return OrganizationDetailSerializer if self.action == "retrieve" else OrganizationSerializer
