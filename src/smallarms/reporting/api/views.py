from django.shortcuts import get_object_or_404
from rest_framework import viewsets

from ..filters import CycleFilter, MeetingFilter
from ..models import Meeting, ReportingCycle
from ..statistics import with_submission_counts
from .serializers import CycleDetailSerializer, CycleSerializer, MeetingSerializer


class MeetingViewSet(viewsets.ReadOnlyModelViewSet):
    """Meetings of the PoA process: Biennial Meetings of States, Meetings of Governmental
    Experts and Review Conferences. Public reference data; codes are case-insensitive."""

    serializer_class = MeetingSerializer
    lookup_field = "code"
    lookup_value_regex = "[A-Za-z]+[0-9]+"
    filterset_class = MeetingFilter
    ordering_fields = ["starts_on", "code"]
    ordering = ["starts_on"]

    def get_queryset(self):
        return Meeting.objects.select_related("chair_state", "reporting_cycle")

    def get_object(self):
        meeting = get_object_or_404(self.get_queryset(), code__iexact=self.kwargs["code"])
        self.check_object_permissions(self.request, meeting)
        return meeting


class ReportingCycleViewSet(viewsets.ReadOnlyModelViewSet):
    """Reporting cycles with the number and share of Member States that reported (made in
    the system and recorded alike); one cycle adds the figures by regional group and by
    M49 region. A cycle is known by its meeting's code."""

    lookup_field = "code"
    lookup_value_regex = "[A-Za-z]+[0-9]+"
    filterset_class = CycleFilter
    ordering_fields = ["opens_on", "closes_on"]
    ordering = ["opens_on"]

    def get_queryset(self):
        return with_submission_counts(ReportingCycle.objects.select_related("meeting"))

    def get_serializer_class(self):
        return CycleDetailSerializer if self.action == "retrieve" else CycleSerializer

    def get_object(self):
        cycle = get_object_or_404(self.get_queryset(), meeting__code__iexact=self.kwargs["code"])
        self.check_object_permissions(self.request, cycle)
        return cycle
