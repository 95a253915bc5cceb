"""A small template with every answer type, and an open cycle using it, for report tests."""

import datetime

import pytest
from django.utils import timezone

SIX = ("ar", "zh-hans", "en", "fr", "ru", "es")


def six(text):
    return {code: f"{text} [{code}]" if code != "en" else text for code in SIX}


def small_template(version=1, extra_question=None):
    questions = [
        {
            "code": "NC-1",
            "type": "yes_no_na",
            "text": six("Is there a national coordination body?"),
            "required": True,
            "themes": ["national_coordination"],
        },
        {
            "code": "NC-2",
            "type": "text",
            "text": six("Name of the body"),
            "required": True,
            "themes": ["national_coordination"],
            "show_if": {"question": "NC-1", "equals": "yes"},
        },
        {
            "code": "NC-3",
            "type": "contact",
            "text": six("National point of contact"),
            "required": False,
            "themes": ["national_coordination"],
        },
    ]
    if extra_question:
        questions.append(extra_question)
    return {
        "code": "test-template",
        "version": version,
        "title": six("Test template"),
        "sections": [
            {"code": "general", "title": six("General"), "questions": questions},
            {
                "code": "iti",
                "title": six("Tracing"),
                "questions": [
                    {"code": "TR-1", "type": "number", "text": six("Tracing requests sent"),
                     "unit": six("requests"), "required": False, "themes": ["tracing"]},
                    {"code": "TR-2", "type": "multiple_choice", "text": six("The mark contains"),
                     "required": False, "themes": ["marking"],
                     "choices": [{"code": "serial", "label": six("Serial number")},
                                 {"code": "country", "label": six("Country of manufacture")}]},
                    {"code": "TR-3", "type": "table", "text": six("Assistance needed"),
                     "required": False, "themes": ["cooperation_and_assistance"],
                     "columns": [{"code": "area", "type": "text", "label": six("Area")},
                                 {"code": "amount", "type": "number", "label": six("Amount"),
                                  "minimum": 0}]},
                    {"code": "TR-4", "type": "date", "text": six("Date of the last inventory"),
                     "required": False, "themes": ["stockpile_management"]},
                ],
            },
        ],
    }  # fmt: skip


@pytest.fixture
def template(db):
    from smallarms.reporting.services.templates import import_template

    template, _written = import_template(small_template())
    return template


@pytest.fixture
def report_cycle(db, template):
    """A cycle open today, for a meeting some months ahead, using the small template."""
    from smallarms.reporting.models import Meeting, ReportingCycle

    today = timezone.localdate()
    meeting = Meeting.objects.create(
        kind="bms",
        number=90,
        titles=six("Ninetieth Biennial Meeting of States"),
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
def draft(report_cycle, reporting_officer_kenya):
    """Kenya's draft report for the open cycle, started by its reporting officer."""
    from smallarms.reporting.services import reports
    from smallarms.states.models import State

    return reports.start_report(
        acting_user=reporting_officer_kenya,
        state=State.objects.get(iso3="KEN"),
        cycle=report_cycle,
        language="en",
    )
