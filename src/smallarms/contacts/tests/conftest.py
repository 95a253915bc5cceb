import datetime

import pytest
from django.utils import timezone

from smallarms.reporting.tests.report_fixtures import six


@pytest.fixture
def kenya_iti(db):
    """Kenya's ITI point of contact, entered directly and confirmed today."""
    from smallarms.contacts import services
    from smallarms.states.models import State

    return services.create_contact(
        acting_user=None,
        source="import",
        state=State.objects.get(iso3="KEN"),
        kind="iti_point_of_contact",
        institution="National Police Service",
        department="Firearms Tracing Unit",
        person_name="Achieng Odhiambo",
        title="Superintendent",
        emails=["tracing@police.ke.example"],
        telephones=["+254 20 555 0101"],
        postal_address="P.O. Box 1, Nairobi",
        working_languages=["en", "sw"],
    )


@pytest.fixture
def long_ago():
    return timezone.now() - datetime.timedelta(days=800)


def contact_template():
    """A template with the contact questions of the standard one (same codes)."""
    columns = [
        {"code": code, "type": "text", "label": six(code)}
        for code in ("name", "post", "institution", "email", "telephone")
    ]
    questions = [
        {
            "code": "GEN-01",
            "type": "contact",
            "text": six("PoA point of contact"),
            "required": False,
            "themes": ["national_coordination"],
        },
        {
            "code": "GEN-02",
            "type": "contact",
            "text": six("ITI point of contact"),
            "required": False,
            "themes": ["tracing"],
        },
        {
            "code": "GEN-03",
            "type": "table",
            "text": six("More ITI points of contact"),
            "required": False,
            "themes": ["tracing"],
            "columns": columns,
        },
        {
            "code": "GEN-04",
            "type": "yes_no_na",
            "text": six("Is there a coordination body?"),
            "required": False,
            "themes": ["national_coordination"],
        },
        {
            "code": "GEN-05",
            "type": "text",
            "text": six("Coordination body"),
            "required": False,
            "themes": ["national_coordination"],
            "show_if": {"question": "GEN-04", "equals": "yes"},
        },
    ]
    return {
        "code": "contacts-template",
        "version": 1,
        "title": six("Contacts template"),
        "sections": [{"code": "general", "title": six("General"), "questions": questions}],
    }  # fmt: skip


@pytest.fixture
def contacts_cycle(db):
    from smallarms.reporting.models import Meeting, ReportingCycle
    from smallarms.reporting.services.templates import import_template

    template, _ = import_template(contact_template())
    today = timezone.localdate()
    meeting = Meeting.objects.create(
        kind="bms",
        number=91,
        titles=six("Ninety-first Biennial Meeting of States"),
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
def submit_kenya_report(contacts_cycle, npc_kenya, secretariat):
    """Start, answer and submit Kenya's report; returns the report."""
    from smallarms.reporting.models import Report
    from smallarms.reporting.services import reports as report_services
    from smallarms.states.models import State

    def submit(answers: dict):
        state = State.objects.get(iso3="KEN")
        report = Report.objects.filter(state=state, cycle=contacts_cycle).first()
        if report is None:
            report = report_services.start_report(
                acting_user=npc_kenya, state=state, cycle=contacts_cycle, language="en"
            )
        elif report.status == "submitted":
            report_services.return_report(
                acting_user=secretariat, report=report, comment="Please update."
            )
        questions = {q.code: q for q in report.template.questions.all()}
        for code, value in answers.items():
            answer = report.answers.filter(question=questions[code]).first()
            report_services.save_answer(
                acting_user=npc_kenya,
                report=report,
                question=questions[code],
                raw=value,
                base_revision=answer.revision if answer else 0,
                language="en",
            )
        return report_services.submit_report(acting_user=npc_kenya, report=report)

    return submit
