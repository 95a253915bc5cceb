"""Needs stated in a national report's assistance table (ICA-02) become need records when
the report is submitted — once, even when a revised report repeats them."""

import datetime

import pytest
from django.utils import timezone, translation

from smallarms.assistance.models import Need
from smallarms.audit.models import Entry
from smallarms.reporting.services import reports as report_services
from smallarms.reporting.tests.report_fixtures import six

pytestmark = pytest.mark.django_db


def choice(*codes):
    return [{"code": code, "label": six(code)} for code in codes]


ICA_TEMPLATE = {
    "code": "ica-test",
    "version": 1,
    "title": six("Assistance test template"),
    "sections": [
        {
            "code": "ica",
            "title": six("Cooperation and assistance"),
            "questions": [
                {
                    "code": "ICA-02",
                    "type": "table",
                    "text": six("Assistance needs"),
                    "required": False,
                    "themes": ["cooperation_and_assistance"],
                    "columns": [
                        {"code": "area", "type": "choice", "label": six("Area"),
                         "choices": choice("marking", "stockpile_management", "other")},
                        {"code": "kind", "type": "choice", "label": six("Kind"),
                         "choices": choice("financial", "technical", "equipment", "training",
                                           "other")},
                        {"code": "description", "type": "text", "label": six("Description")},
                        {"code": "project_proposal", "type": "yes_no", "label": six("Proposal")},
                    ],
                }
            ],
        }
    ],
}  # fmt: skip


@pytest.fixture
def cycle(db):
    from smallarms.reporting.models import Meeting, ReportingCycle
    from smallarms.reporting.services.templates import import_template

    template, _ = import_template(ICA_TEMPLATE)
    today = timezone.localdate()
    meeting = Meeting.objects.create(
        kind="bms",
        number=92,
        titles=six("Ninety-second Biennial Meeting of States"),
        starts_on=today + datetime.timedelta(days=120),
        ends_on=today + datetime.timedelta(days=124),
    )
    return ReportingCycle.objects.create(
        meeting=meeting,
        opens_on=today - datetime.timedelta(days=10),
        closes_on=today + datetime.timedelta(days=60),
        template=template,
    )


@pytest.fixture
def npc_kyrgyzstan(make_user):
    return make_user("npc.kgz@example.org", "national_point_of_contact", state="KGZ")


@pytest.fixture
def submit(cycle, npc_kyrgyzstan, secretariat):
    from smallarms.reporting.models import Report
    from smallarms.states.models import State

    def submit(rows):
        state = State.objects.get(iso3="KGZ")
        report = Report.objects.filter(state=state, cycle=cycle).first()
        if report is None:
            report = report_services.start_report(
                acting_user=npc_kyrgyzstan, state=state, cycle=cycle, language="ru"
            )
        else:
            report_services.return_report(acting_user=secretariat, report=report, comment="Ещё.")
        question = report.template.questions.get(code="ICA-02")
        answer = report.answers.filter(question=question).first()
        report_services.save_answer(
            acting_user=npc_kyrgyzstan,
            report=report,
            question=question,
            raw=rows,
            base_revision=answer.revision if answer else 0,
            language="ru",
        )
        return report_services.submit_report(acting_user=npc_kyrgyzstan, report=report)

    return submit


MARKING_ROW = {
    "area": "marking",
    "kind": "equipment",
    "description": "Оборудование для маркировки оружия",
    "project_proposal": "yes",
}
OTHER_ROW = {"area": "other", "kind": "training", "description": "Обучение таможенников"}


def test_each_row_of_the_assistance_table_becomes_a_private_need(submit, npc_kyrgyzstan):
    report = submit([MARKING_ROW, OTHER_ROW])
    needs = list(Need.objects.order_by("source_row"))
    assert [(n.title, n.kind, n.language, n.is_public) for n in needs] == [
        ("Оборудование для маркировки оружия", "equipment", "ru", False),
        ("Обучение таможенников", "training", "ru", False),
    ]
    assert [list(n.themes.values_list("code", flat=True)) for n in needs] == [["marking"], []]
    assert all(n.source_report == report and n.source_question == "ICA-02" for n in needs)
    assert [n.source_row for n in needs] == [1, 2]
    assert needs[0].state.iso3 == "KGZ"
    # The note is in the report's language, not the submitter's.
    with translation.override("ru"):
        note = translation.gettext("A project proposal is available from the State.")
    assert note != "A project proposal is available from the State."
    assert needs[0].description.endswith("\n\n" + note)
    entry = Entry.objects.get(event="needs_from_report")
    assert entry.actor_id == npc_kyrgyzstan.pk and len(entry.data["needs"]) == 2


def test_a_resubmitted_report_does_not_repeat_its_needs(submit):
    submit([MARKING_ROW])
    # Same words, other spaces and case: the same need.
    again = {**MARKING_ROW, "description": "  оборудование для  маркировки оружия "}
    submit([again, OTHER_ROW])
    assert Need.objects.count() == 2


def test_a_report_without_assistance_needs_adds_none(submit):
    submit([])
    assert not Need.objects.exists()
    assert not Entry.objects.filter(event="needs_from_report").exists()
