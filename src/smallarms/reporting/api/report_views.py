from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from rest_framework import viewsets

from smallarms.core.api.views import RecordedReadMixin

from ..report_filters import ReportFilter
from ..report_models import PUBLIC, Report
from ..template_models import Question, ReportTemplate, TemplateSection
from .report_serializers import (
    ReportDetailSerializer,
    ReportSerializer,
    TemplateDetailSerializer,
    TemplateSerializer,
)


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
