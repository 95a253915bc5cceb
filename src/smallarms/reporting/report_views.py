"""National reports: the public database, reading, the editor (section forms that work
without JavaScript, plus saving as you type), and the workflow buttons.

Every read goes through ``Report.objects.visible_to``; what a person may not see is 404.
"""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView
from django_filters.views import FilterView

from smallarms.accounts import permissions
from smallarms.accounts.mixins import TwoFactorRequiredMixin
from smallarms.audit.choices import Event
from smallarms.audit.services import record
from smallarms.core.exports import Column, CsvExportMixin, csv_response
from smallarms.core.i18n import active_language
from smallarms.states.models import State

from . import report_services as services
from . import workbook
from .models import ReportingCycle
from .report_filters import ReportFilter
from .report_models import Report
from .template_models import AnswerType, Question


def _report(request, pk, action="view") -> Report:
    queryset = Report.objects.visible_to(request.user, action).select_related(
        "state", "cycle__meeting", "template"
    )
    return get_object_or_404(queryset, pk=pk)


def _answers_by_code(report, user):
    return {answer.question.code: answer for answer in services.public_answers(report, user)}


def display(question: Question, value) -> str:
    """An answer as text for reading and CSV, in the reader's language."""
    if value in (None, "", [], {}):
        return ""
    kind = question.answer_type
    if kind in (AnswerType.YES_NO_NA, AnswerType.SINGLE_CHOICE):
        return question.value_label(value)
    if kind == AnswerType.MULTIPLE_CHOICE:
        return "; ".join(question.value_label(code) for code in value)
    if kind == AnswerType.CONTACT:
        return "; ".join(v for v in value.values() if v)
    if kind == AnswerType.TABLE:
        labels = {code: label for code, _type, label in question.column_labels}
        return " | ".join(
            ", ".join(f"{labels.get(k, k)}: {v}" for k, v in row.items()) for row in value
        )
    if kind == AnswerType.NUMBER and question.unit:
        return f"{value} {question.unit}"
    return str(value)


class ReportListView(CsvExportMixin, FilterView):
    """The public database of published reports (and, for officials, their State's own)."""

    filterset_class = ReportFilter
    template_name = "reporting/report_list.html"
    paginate_by = 50
    export_filename = "national-reports"

    def get_queryset(self):
        return (
            Report.objects.visible_to(self.request.user)
            .select_related("state", "cycle__meeting")
            .order_by("-cycle__opens_on", "state__name_en", "-revision")
        )

    def get_export_columns(self):
        return [
            Column("id", lambda r: r.pk),
            Column("state", lambda r: r.state.iso3),
            Column("cycle", lambda r: r.cycle.code),
            Column("revision", lambda r: r.revision),
            Column("status", lambda r: r.status),
            Column("language", lambda r: r.language),
            Column("published_at", lambda r: r.published_at.isoformat() if r.published_at else ""),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["querystring"] = query.urlencode()
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


class ReportDetailView(DetailView):
    template_name = "reporting/report_detail.html"
    context_object_name = "report"

    def get_object(self, queryset=None):
        return _report(self.request, self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report, user = self.object, self.request.user
        # Keyed by question: the template's questions are read below with their sections,
        # and reading them again with every answer would decode their texts twice.
        answers = {
            answer.question_id: answer
            for answer in services.public_answers(report, user).select_related(None)
        }
        files = {}
        for item in services.visible_attachments(report, user):
            files.setdefault(item.question_id, []).append(item)
        sections = []
        for section in report.template.sections.prefetch_related("questions"):
            rows = []
            for question in section.questions.all():
                answer = answers.get(question.pk)
                text = display(question, answer.value) if answer else ""
                rows.append((question, answer, text, files.get(question.pk, [])))
            sections.append((section, rows))
        context["sections"] = sections
        context["may_edit"] = permissions.may(user, "edit", report)
        context["may_review"] = permissions.may(user, "review", report)
        context["may_revise"] = permissions.may(user, "revise", report)
        context["sees_restricted"] = permissions.sees_restricted(user)
        return context


def _row_count(posted) -> int:
    """How many table rows a form says it sends: one more than a table may hold is enough for
    the limit's message, and a larger count would only make reading the form take long."""
    try:
        count = int(posted or 0)
    except ValueError:
        return 0
    return max(0, min(count, services.TABLE_MAX_ROWS + 1))


def read_raw(question: Question, data, prefix: str):
    """The value a section form posted for ``question`` (as the editor's JSON would send)."""
    name = f"{prefix}{question.code}"
    kind = question.answer_type
    if kind == AnswerType.MULTIPLE_CHOICE:
        return data.getlist(name)
    if kind == AnswerType.CONTACT:
        return {field: data.get(f"{name}-{field}", "") for field in services.CONTACT_FIELDS}
    if kind == AnswerType.TABLE:
        rows = []
        for index in range(_row_count(data.get(f"{name}-rows"))):
            rows.append(
                {
                    column["code"]: data.get(f"{name}-{index}-{column['code']}", "")
                    for column in question.columns
                }
            )
        return rows
    return data.get(name, "")


class ReportEditView(TwoFactorRequiredMixin, View):
    """The editor: one form per section. A section's save changes only what changed, and
    refuses (keeping both texts) an answer someone else saved in the meantime."""

    template_name = "reporting/report_edit.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return super().dispatch(request, *args, **kwargs)
        self.report = _report(request, kwargs["pk"], "edit")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, pk):
        return self.render()

    def render(self, posted=None, errors=None, conflicts=None, status=200):
        report = self.report
        answers = {a.question_id: a for a in report.answers.all()}
        files = {}
        for item in report.attachments.all():
            files.setdefault(item.question_id, []).append(item)
        section_progress, missing = services.progress(report)
        progress = {p.section.pk: p for p in section_progress}
        sections = []
        for section in report.template.sections.prefetch_related("questions__themes"):
            fields = []
            for question in section.questions.all():
                answer = answers.get(question.pk)
                value = answer.value if answer else None
                if posted is not None and question.code in posted:
                    value = posted[question.code]
                fields.append(
                    {
                        "question": question,
                        "answer": answer,
                        "value": value,
                        "rows": _table_rows(question, value),
                        "revision": answer.revision if answer else 0,
                        "error": (errors or {}).get(question.code),
                        "conflict": (conflicts or {}).get(question.code),
                        "attachments": files.get(question.pk, []),
                        "report": report,
                    }
                )
            sections.append((section, fields, progress.get(section.pk)))
        return render(
            self.request,
            self.template_name,
            {
                "report": report,
                "sections": sections,
                "missing": missing,
                "answer_types": AnswerType,
            },
            status=status,
        )

    def post(self, request, pk):
        """Save one section (the form's ``section`` field)."""
        report = self.report
        section = get_object_or_404(report.template.sections, code=request.POST.get("section", ""))
        posted, errors, conflicts = {}, {}, {}
        for question in section.questions.exclude(answer_type=AnswerType.ATTACHMENT):
            raw = read_raw(question, request.POST, "q-")
            restricted = request.POST.get(f"restricted-{question.code}") == "on"
            base = int(request.POST.get(f"rev-{question.code}") or 0)
            posted[question.code] = raw
            try:
                services.save_answer(
                    acting_user=request.user,
                    report=report,
                    question=question,
                    raw=raw,
                    base_revision=base,
                    language=active_language(),
                    restricted=restricted,
                )
            except services.EditConflict as conflict:
                conflicts[question.code] = conflict.answer
            except ValidationError as error:
                errors[question.code] = error.messages[0]
        if errors or conflicts:
            messages.error(request, _("Some answers were not saved: see the messages below."))
            return self.render(posted, errors, conflicts, status=400)
        messages.success(request, _("The section “{section}” is saved.").format(section=section))
        return redirect(f"{request.path}#section-{section.code}")


def _table_rows(question, value):
    """Rows for a table question: those answered, and three empty ones to add more."""
    if question.answer_type != AnswerType.TABLE:
        return []
    rows = list(value or [])
    return rows + [{}] * 3


class AnswerSaveView(View):
    """Saving as you type: one answer as JSON. Answers 409 with the other person's answer
    when someone saved it after the editor loaded it, and changes nothing then."""

    def post(self, request, pk, code):
        if not request.user.is_authenticated:
            return JsonResponse({"error": _("You are signed out.")}, status=401)
        report = Report.objects.visible_to(request.user, "edit").filter(pk=pk).first()
        if report is None:
            raise Http404
        question = get_object_or_404(Question, template=report.template, code=code)
        try:
            payload = json.loads(request.body or b"{}")
            base = int(payload.get("revision", 0))
        except (ValueError, TypeError):
            return JsonResponse({"error": _("The request could not be read.")}, status=400)
        try:
            answer = services.save_answer(
                acting_user=request.user,
                report=report,
                question=question,
                raw=payload.get("value"),
                base_revision=base,
                language=active_language(),
                restricted=bool(payload.get("restricted")),
            )
        except services.EditConflict as conflict:
            theirs = conflict.answer
            return JsonResponse(
                {
                    "error": _(
                        "{person} saved this answer after you opened it. Your text is kept "
                        "here; compare, then save again to replace theirs."
                    ).format(person=theirs.updated_by or _("Someone")),
                    "revision": theirs.revision,
                    "theirs": display(question, theirs.value),
                },
                status=409,
            )
        except ValidationError as error:
            return JsonResponse({"error": error.messages[0]}, status=400)
        except PermissionDenied:
            raise Http404 from None
        return JsonResponse({"revision": answer.revision, "saved_at": answer.updated_at})


class ReportStartView(TwoFactorRequiredMixin, View):
    def post(self, request):
        state = get_object_or_404(State, iso3=request.POST.get("state", ""))
        cycle = get_object_or_404(
            ReportingCycle.objects.select_related("meeting"),
            meeting__code=request.POST.get("cycle", ""),
        )
        try:
            report = services.start_report(
                acting_user=request.user, state=state, cycle=cycle, language=get_language()
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect("reporting:report_list")
        return redirect("reporting:report_edit", pk=report.pk)


class ReportActionView(TwoFactorRequiredMixin, View):
    """Submit, return (with a comment), publish, revise."""

    def post(self, request, pk, action):
        report = _report(request, pk)
        try:
            if action == "submit":
                services.submit_report(acting_user=request.user, report=report)
                messages.success(request, _("The report has been submitted to the secretariat."))
            elif action == "return":
                services.return_report(
                    acting_user=request.user,
                    report=report,
                    comment=request.POST.get("comment", ""),
                )
                messages.success(request, _("The report has been returned to the State."))
            elif action == "publish":
                services.publish_report(acting_user=request.user, report=report)
                messages.success(request, _("The report is published."))
            elif action == "revise":
                report = services.revise_report(acting_user=request.user, report=report)
                return redirect("reporting:report_edit", pk=report.pk)
            else:
                raise Http404
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            if action == "submit":
                return redirect("reporting:report_edit", pk=report.pk)
        return redirect(report)


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
                "answer": display(q, answers[q.code].value) if q.code in answers else "",
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


class AttachmentUploadView(TwoFactorRequiredMixin, View):
    def post(self, request, pk):
        report = _report(request, pk, "edit")
        question = get_object_or_404(
            Question, template=report.template, code=request.POST.get("question", "")
        )
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, _("Choose a file to attach."))
        else:
            try:
                services.add_attachment(
                    acting_user=request.user,
                    report=report,
                    question=question,
                    upload=upload,
                    restricted=request.POST.get("restricted") == "on",
                )
            except ValidationError as error:
                messages.error(request, error.messages[0])
            except PermissionDenied:
                raise Http404 from None
            else:
                messages.success(request, _("“{name}” is attached.").format(name=upload.name))
        url = reverse("reporting:report_edit", kwargs={"pk": report.pk})
        return redirect(f"{url}#q-{question.code}")


class AttachmentDeleteView(TwoFactorRequiredMixin, View):
    def post(self, request, pk, attachment):
        report = _report(request, pk, "edit")
        item = get_object_or_404(report.attachments, pk=attachment)
        services.remove_attachment(acting_user=request.user, attachment=item)
        messages.success(request, _("“{name}” is removed.").format(name=item.name))
        url = reverse("reporting:report_edit", kwargs={"pk": report.pk})
        return redirect(f"{url}#q-{item.question.code}")


class AttachmentDownloadView(View):
    """Files are served only here: whoever may see the report (and, for a restricted file,
    only officials); everyone else gets 404."""

    def get(self, request, pk, attachment):
        report = _report(request, pk)
        item = get_object_or_404(services.visible_attachments(report, request.user), pk=attachment)
        record(Event.DOWNLOAD, obj=item, data={"report": str(report.pk), "name": item.name})
        response = FileResponse(
            item.file.open("rb"),
            as_attachment=True,
            filename=item.name,
            content_type=item.content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response


class WorkbookDownloadView(TwoFactorRequiredMixin, View):
    """The draft as an Excel workbook in the reader's language, to fill in offline."""

    def get(self, request, pk):
        report = _report(request, pk, "edit")
        response = HttpResponse(
            workbook.build(report),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        name = f"{report.state.iso3}-{report.cycle.code}-{active_language()}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        record(Event.DOWNLOAD, obj=report, data={"format": "xlsx"})
        return response


class WorkbookUploadView(TwoFactorRequiredMixin, View):
    """A filled workbook back into the draft: all of it, or nothing with every bad cell."""

    def post(self, request, pk):
        report = _report(request, pk, "edit")
        upload = request.FILES.get("workbook")
        if upload is None:
            messages.error(request, _("Choose the filled workbook to import."))
            return redirect("reporting:report_edit", pk=report.pk)
        try:
            workbook.check_size(upload.size)
            changed = workbook.import_workbook(
                acting_user=request.user,
                report=report,
                data=upload.read(),
                language=active_language(),
            )
        except workbook.WorkbookErrors as errors:
            return render(
                request,
                "reporting/workbook_errors.html",
                {"report": report, "errors": errors.messages, "problems": errors.problems},
                status=400,
            )
        except services.EditConflict:
            messages.error(request, _("Someone saved an answer during the import: try again."))
            return redirect("reporting:report_edit", pk=report.pk)
        messages.success(
            request,
            _("The workbook is imported: {count} answers changed.").format(count=changed),
        )
        return redirect("reporting:report_edit", pk=report.pk)
