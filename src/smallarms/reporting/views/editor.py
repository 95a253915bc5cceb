"""The report editor: one form per section that works without JavaScript (a section is saved
whole or not at all), saving as you type, attachments, and the report as an Excel workbook
to fill in offline.

Only the State's drafters reach it (``Report.objects.visible_to(user, "edit")``); anyone
else gets 404.
"""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from smallarms.accounts.mixins import TwoFactorRequiredMixin
from smallarms.audit.choices import Event
from smallarms.audit.services import record
from smallarms.core.i18n import active_language

from .. import workbook
from ..choices import AnswerType
from ..models import Question, Report
from ..services import reports
from .reports import _report


def _row_count(posted) -> int:
    """How many table rows a form says it sends: one more than a table may hold is enough for
    the limit's message, and a larger count would only make reading the form take long."""
    try:
        count = int(posted or 0)
    except ValueError:
        return 0
    return max(0, min(count, reports.TABLE_MAX_ROWS + 1))


def read_raw(question: Question, data, prefix: str):
    """The value a section form posted for ``question`` (as the editor's JSON would send)."""
    name = f"{prefix}{question.code}"
    kind = question.answer_type
    if kind == AnswerType.MULTIPLE_CHOICE:
        return data.getlist(name)
    if kind == AnswerType.CONTACT:
        return {field: data.get(f"{name}-{field}", "") for field in reports.CONTACT_FIELDS}
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


def _revision(raw) -> int | None:
    """The revision an answer was loaded at, as the form sent it (None: not a revision)."""
    try:
        revision = int(raw or 0)
    except (TypeError, ValueError):
        return None
    return revision if revision >= 0 else None


class SectionRefused(Exception):
    """A section had a bad or conflicting answer: nothing of it is kept."""


class ReportEditView(TwoFactorRequiredMixin, View):
    """The editor: one form per section. A section is saved whole or not at all: every bad
    answer is named, an answer someone else saved in the meantime is shown beside the one
    typed, and what was typed stays on the page."""

    template_name = "reporting/report_edit.html"

    def has_access(self):
        self.report = _report(self.request, self.kwargs["pk"], "edit")
        return True

    def get(self, request, pk):
        return self.render()

    def render(self, posted=None, errors=None, conflicts=None, status=200):
        report = self.report
        answers = {a.question_id: a for a in report.answers.all()}
        files = {}
        for item in report.attachments.all():
            files.setdefault(item.question_id, []).append(item)
        section_progress, missing = reports.progress(report)
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
        """Save one section (the form's ``section`` field), in one transaction."""
        report = self.report
        section = get_object_or_404(report.template.sections, code=request.POST.get("section", ""))
        posted, errors, conflicts = {}, {}, {}
        try:
            with transaction.atomic():
                for question in section.questions.exclude(answer_type=AnswerType.ATTACHMENT):
                    posted[question.code] = raw = read_raw(question, request.POST, "q-")
                    base = _revision(request.POST.get(f"rev-{question.code}"))
                    if base is None:
                        errors[question.code] = _("The form was changed: reload the page.")
                        continue
                    try:
                        reports.save_answer(
                            acting_user=request.user,
                            report=report,
                            question=question,
                            raw=raw,
                            base_revision=base,
                            language=active_language(),
                            restricted=request.POST.get(f"restricted-{question.code}") == "on",
                        )
                    except reports.EditConflict as conflict:
                        conflicts[question.code] = conflict.answer
                    except ValidationError as error:
                        errors[question.code] = error.messages[0]
                if errors or conflicts:
                    raise SectionRefused
        except SectionRefused:
            messages.error(
                request,
                _(
                    "Nothing in this section was saved: correct the answers marked below and "
                    "save again. What you typed is kept."
                ),
            )
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
            answer = reports.save_answer(
                acting_user=request.user,
                report=report,
                question=question,
                raw=payload.get("value"),
                base_revision=base,
                language=active_language(),
                restricted=bool(payload.get("restricted")),
            )
        except reports.EditConflict as conflict:
            theirs = conflict.answer
            return JsonResponse(
                {
                    "error": _(
                        "{person} saved this answer after you opened it. Your text is kept "
                        "here; compare, then save again to replace theirs."
                    ).format(person=theirs.updated_by or _("Someone")),
                    "revision": theirs.revision,
                    "theirs": question.display(theirs.value),
                },
                status=409,
            )
        except ValidationError as error:
            return JsonResponse({"error": error.messages[0]}, status=400)
        except PermissionDenied:
            raise Http404 from None
        return JsonResponse({"revision": answer.revision, "saved_at": answer.updated_at})


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
                reports.add_attachment(
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
        reports.remove_attachment(acting_user=request.user, attachment=item)
        messages.success(request, _("“{name}” is removed.").format(name=item.name))
        url = reverse("reporting:report_edit", kwargs={"pk": report.pk})
        return redirect(f"{url}#q-{item.question.code}")


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
        except reports.EditConflict:
            messages.error(request, _("Someone saved an answer during the import: try again."))
            return redirect("reporting:report_edit", pk=report.pk)
        messages.success(
            request,
            _("The workbook is imported: {count} answers changed.").format(count=changed),
        )
        return redirect("reporting:report_edit", pk=report.pk)
