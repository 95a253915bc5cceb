"""National reports: the public database, reading, exports, and the workflow steps (start,
submit, return, publish, revise). The editor is in ``editor``.

Every read goes through ``Report.objects.visible_to``; what a person may not see is 404.
"""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.views import View

from smallarms.accounts import permissions
from smallarms.accounts.mixins import TwoFactorRequiredMixin
from smallarms.audit.choices import Event
from smallarms.audit.services import record
from smallarms.core.columns import model_columns
from smallarms.core.exports import Column, csv_response
from smallarms.core.views.generic import ObjectActionView, ObjectDetailView, ObjectListView
from smallarms.states.models import State

from ..filters import ReportFilter
from ..models import Question, Report, ReportingCycle
from ..services import reports

REPORT_RELATED = ("state", "cycle__meeting", "template")


def _report(request, pk, action="view") -> Report:
    queryset = Report.objects.visible_to(request.user, action).select_related(*REPORT_RELATED)
    return get_object_or_404(queryset, pk=pk)


def _answers_by_code(report, user):
    return {answer.question.code: answer for answer in reports.public_answers(report, user)}


class ReportListView(ObjectListView):
    """The public database of published reports (and, for officials, their State's own)."""

    model = Report
    filterset_class = ReportFilter
    template_name = "reporting/report_list.html"
    title = gettext_lazy("National reports")
    export_filename = "national-reports"
    select_related = ("state", "cycle__meeting")
    ordering = ("-cycle__opens_on", "state__name_en", "-revision")

    def get_export_columns(self):
        return [
            Column("id", lambda r: r.pk),
            Column("state", lambda r: r.state.iso3),
            Column("cycle", lambda r: r.cycle.code),
            *model_columns(Report, ("revision", "status", "language", "published_at")),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["startable"] = [
            (state, cycle)
            for cycle in ReportingCycle.objects.select_related("meeting").filter(
                template__isnull=False
            )
            if cycle.status_on(timezone.localdate()) == "open"
            for state in State.objects.filter(pk__in=permissions.drafting_states(user))
            if not Report.objects.filter(state=state, cycle=cycle).exists()
        ]
        return context


class ReportDetailView(ObjectDetailView):
    model = Report
    template_name = "reporting/report_detail.html"
    context_object_name = "report"
    select_related = REPORT_RELATED

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report, user = self.object, self.request.user
        # Keyed by question: the template's questions are read below with their sections,
        # and reading them again with every answer would decode their texts twice.
        answers = {
            answer.question_id: answer
            for answer in reports.public_answers(report, user).select_related(None)
        }
        files = {}
        for item in reports.visible_attachments(report, user):
            files.setdefault(item.question_id, []).append(item)
        # What the page does not show of a question (its help, its conditions, its range)
        # is not read, and each link to the question across States is built here: the
        # template's {% url %} took a fifth of the page's time on the standard template.
        questions = Question.objects.defer("helps", "show_if", "number_range")
        cycle_code = report.cycle.code
        sections = []
        for section in report.template.sections.prefetch_related(
            Prefetch("questions", queryset=questions)
        ):
            rows = []
            for question in section.questions.all():
                answer = answers.get(question.pk)
                text = question.display(answer.value) if answer else ""
                compare = reverse(
                    "reporting:question_compare",
                    kwargs={"code": cycle_code, "question": question.code},
                )
                rows.append((question, answer, text, files.get(question.pk, []), compare))
            sections.append((section, rows))
        context["sections"] = sections
        context["may_edit"] = permissions.may(user, "edit", report)
        context["may_review"] = permissions.may(user, "review", report)
        context["may_revise"] = permissions.may(user, "revise", report)
        context["sees_restricted"] = permissions.sees_restricted(user)
        return context


class ReportStartView(TwoFactorRequiredMixin, View):
    def post(self, request):
        state = get_object_or_404(State, iso3=request.POST.get("state", ""))
        cycle = get_object_or_404(
            ReportingCycle.objects.select_related("meeting"),
            meeting__code=request.POST.get("cycle", ""),
        )
        try:
            report = reports.start_report(
                acting_user=request.user, state=state, cycle=cycle, language=get_language()
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect("reporting:report_list")
        return redirect("reporting:report_edit", pk=report.pk)


class ReportStepView(ObjectActionView):
    """One step of a report's workflow; the services decide who may take it."""

    model = Report
    action = "view"
    select_related = REPORT_RELATED


class ReportSubmitView(ReportStepView):
    action = "edit"
    success_message = gettext_lazy("The report has been submitted to the secretariat.")

    def perform(self, report):
        return reports.submit_report(acting_user=self.request.user, report=report)

    def get_failure_url(self, report):
        # What is missing is listed on the editor, next to the questions to answer.
        return reverse("reporting:report_edit", kwargs={"pk": report.pk})


class ReportReturnView(ReportStepView):
    """The secretariat returns a submitted report to the State, saying what to change."""

    action = "review"
    success_message = gettext_lazy("The report has been returned to the State.")

    def perform(self, report):
        comment = self.request.POST.get("comment", "")
        return reports.return_report(acting_user=self.request.user, report=report, comment=comment)


class ReportPublishView(ReportStepView):
    action = "review"
    success_message = gettext_lazy("The report is published.")

    def perform(self, report):
        return reports.publish_report(acting_user=self.request.user, report=report)


class ReportReviseView(ReportStepView):
    """A new draft revision of a published report, opened in the editor."""

    action = "revise"

    def perform(self, report):
        revision = reports.revise_report(acting_user=self.request.user, report=report)
        return redirect("reporting:report_edit", pk=revision.pk)


class ReportExportView(View):
    """A report's answers as CSV or JSON; restricted answers only for officials."""

    def get(self, request, pk, format):
        if format not in ("csv", "json"):
            raise Http404
        report = _report(request, pk)
        answers = _answers_by_code(report, request.user)
        questions = Question.objects.filter(template=report.template).select_related("section")
        record(
            Event.DOWNLOAD,
            obj=report,
            data={
                "format": format,
                "restricted_included": permissions.sees_restricted(request.user),
            },
        )
        rows = [
            {
                "section": q.section.code,
                "question": q.code,
                "text": q.text,
                "answer": q.display(answers[q.code].value) if q.code in answers else "",
                "value": answers[q.code].value if q.code in answers else None,
                "language": answers[q.code].language if q.code in answers else "",
                "restricted": answers[q.code].restricted if q.code in answers else False,
            }
            for q in questions
        ]
        name = f"{report.state.iso3}-{report.cycle.code}-r{report.revision}"
        if format == "json":
            response = JsonResponse(
                {
                    "state": report.state.iso3,
                    "cycle": report.cycle.code,
                    "revision": report.revision,
                    "status": report.status,
                    "template": {"code": report.template.code, "version": report.template.version},
                    "answers": rows,
                },
                json_dumps_params={"ensure_ascii": False, "indent": 1},
            )
            response["Content-Disposition"] = f'attachment; filename="{name}.json"'
            return response
        columns = [Column(key, lambda row, k=key: _csv(row[k])) for key in rows[0]] if rows else []
        return csv_response(rows, columns, name)


def _csv(value):
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return value


class AttachmentDownloadView(View):
    """Files are served only here: whoever may see the report (and, for a restricted file,
    only officials); everyone else gets 404."""

    def get(self, request, pk, attachment):
        report = _report(request, pk)
        item = get_object_or_404(reports.visible_attachments(report, request.user), pk=attachment)
        record(Event.DOWNLOAD, obj=item, data={"report": str(report.pk), "name": item.name})
        response = FileResponse(
            item.file.open("rb"),
            as_attachment=True,
            filename=item.name,
            content_type=item.content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response
