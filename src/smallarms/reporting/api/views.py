from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from rest_framework import viewsets

from smallarms.core.api.views import RecordedReadMixin

from ..choices import PUBLIC
from ..filters import CycleFilter, MeetingFilter, ReportFilter
from ..models import Meeting, Question, Report, ReportingCycle, ReportTemplate, TemplateSection
from ..statistics import with_submission_counts
from .serializers import (
    CycleDetailSerializer,
    CycleSerializer,
    MeetingSerializer,
    ReportDetailSerializer,
    ReportSerializer,
    TemplateDetailSerializer,
    TemplateSerializer,
)


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


class ReportTemplateViewSet(viewsets.ReadOnlyModelViewSet):
    """Report templates (each version), with their sections and questions in six languages.
    Public. A template is identified as `code-vN`, e.g. `poa-iti-v1`."""

    lookup_field = "key"
    lookup_value_regex = "[a-z0-9-]+-v[0-9]+"
    filter_backends = []

    def get_queryset(self):
        return ReportTemplate.objects.prefetch_related(
            Prefetch(
                "sections",
                queryset=TemplateSection.objects.prefetch_related(
                    Prefetch(
                        "questions",
                        queryset=Question.objects.prefetch_related("themes").select_related(
                            "maps_to"
                        ),
                    )
                ),
            ),
            "cycles",
        )

    def get_object(self):
        code, _sep, version = self.kwargs["key"].rpartition("-v")
        return get_object_or_404(self.get_queryset(), code=code, version=int(version))

    def get_serializer_class(self):
        return TemplateDetailSerializer if self.action == "retrieve" else TemplateSerializer


class ReportViewSet(RecordedReadMixin, viewsets.ReadOnlyModelViewSet):
    """National reports: published ones for everyone; a State's own at every stage for its
    officials; all for the secretariat. Restricted answers only for officials. A report the
    caller may not see answers 404. Reading a report's restricted answers, or a report not
    published, is recorded in the audit trail, as its download is."""

    filterset_class = ReportFilter
    ordering_fields = ["published_at", "submitted_at"]
    ordering = ["-published_at"]
    read_name = "report"

    def records_read(self, rows):
        # A report's answers, like its download, when they hold what the public does not
        # get: restricted answers, or a report not published. The list has no answers.
        if self.action != "retrieve":
            return False
        report = rows[0]
        return report["status"] not in PUBLIC or any(a["restricted"] for a in report["answers"])

    def read_details(self, row):
        return {
            "status": row["status"],
            "restricted_answers": sum(1 for answer in row["answers"] if answer["restricted"]),
        }

    def get_queryset(self):
        return Report.objects.visible_to(self.request.user).select_related(
            "state", "cycle__meeting", "template"
        )

    def get_serializer_class(self):
        return ReportDetailSerializer if self.action == "retrieve" else ReportSerializer
