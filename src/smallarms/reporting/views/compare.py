"""Comparing answers: one State's answers across cycles side by side, and all States'
answers to one question in one cycle. Only reports the reader may see, and restricted
answers only for officials (``Report.objects.visible_to`` and ``public_answers``)."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views import View

from smallarms.audit.choices import Event
from smallarms.audit.services import record
from smallarms.core.exports import Column, csv_response
from smallarms.core.text import sort_key
from smallarms.states.models import State

from ..models import Question, Report, ReportingCycle
from ..services.reports import public_answers


def latest_per_cycle(reports):
    """The latest revision the reader may see of each (State, cycle)."""
    latest = {}
    for report in reports:
        key = (report.state_id, report.cycle_id)
        if key not in latest or report.revision > latest[key].revision:
            latest[key] = report
    return list(latest.values())


class StateComparisonView(View):
    template_name = "reporting/compare_state.html"

    def get(self, request, iso3):
        state = get_object_or_404(State, iso3=iso3.upper())
        reports = latest_per_cycle(
            Report.objects.visible_to(request.user)
            .filter(state=state)
            .select_related("cycle__meeting", "template")
            .order_by("cycle__opens_on")
        )
        if not reports:
            raise Http404
        newest = reports[-1].template
        questions = list(
            Question.objects.filter(template=newest)
            .select_related("section", "maps_to__maps_to__maps_to")
            .order_by("section__position", "position")
        )
        answers = {}
        for report in reports:
            for answer in public_answers(report, request.user):
                answers[(report.pk, answer.question_id)] = answer
        rows = []
        for question in questions:
            lineage = [q.pk for q in question.lineage()]
            cells = []
            for report in reports:
                answer = next(
                    (answers[(report.pk, pk)] for pk in lineage if (report.pk, pk) in answers),
                    None,
                )
                cells.append(answer.question.display(answer.value) if answer else "")
            if any(cells):
                rows.append((question, cells))
        return render(
            request, self.template_name, {"state": state, "reports": reports, "rows": rows}
        )


class QuestionComparisonView(View):
    template_name = "reporting/compare_question.html"
    export_format = None

    def get(self, request, code, question):
        cycle = get_object_or_404(
            ReportingCycle.objects.select_related("meeting", "template"),
            meeting__code__iexact=code,
        )
        if cycle.template is None:
            raise Http404
        asked = get_object_or_404(Question, template=cycle.template, code=question)
        reports = latest_per_cycle(
            Report.objects.visible_to(request.user).filter(cycle=cycle).select_related("state")
        )
        rows = []
        for report in sorted(reports, key=lambda r: sort_key(r.state.short_name)):
            answer = public_answers(report, request.user).filter(question=asked).first()
            rows.append((report, asked.display(answer.value) if answer else "", answer))
        if self.export_format == "csv":
            record(
                Event.EXPORT,
                data={"export": "answers", "cycle": cycle.code, "question": asked.code,
                      "rows": len(rows)},
            )  # fmt: skip
            columns = [
                Column("state", lambda row: row[0].state.iso3),
                Column("state_name", lambda row: row[0].state.short_name),
                Column("status", lambda row: row[0].status),
                Column("answer", lambda row: row[1]),
                Column("language", lambda row: row[2].language if row[2] else ""),
            ]
            return csv_response(rows, columns, f"{cycle.code}-{asked.code}")
        return render(
            request,
            self.template_name,
            {"cycle": cycle, "question": asked, "rows": rows},
        )
