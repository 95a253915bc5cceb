"""The shipped meetings and reporting cycles, and loading them."""

import itertools
from datetime import date

import pytest
from django.core.management import call_command

from smallarms.audit.models import Entry
from smallarms.reporting.models import Meeting, ReportingCycle, meeting_code
from smallarms.reporting.services import meetings as services
from smallarms.states.models import State

pytestmark = pytest.mark.django_db

LANGUAGES = {"ar", "zh-hans", "en", "fr", "ru", "es"}


def test_the_shipped_meetings_run_from_the_first_biennial_meeting_to_the_fourth_review_conference():
    codes = list(Meeting.objects.order_by("starts_on").values_list("code", flat=True))
    assert codes == [
        "BMS1",
        "BMS2",
        "RevCon1",
        "BMS3",
        "BMS4",
        "MGE1",
        "RevCon2",
        "BMS5",
        "MGE2",
        "BMS6",
        "RevCon3",
        "BMS7",
        "BMS8",
        "RevCon4",
    ]
    assert Meeting.objects.get(code="BMS1").starts_on == date(2003, 7, 7)
    assert Meeting.objects.get(code="BMS7").starts_on == date(2021, 7, 26)


def test_every_shipped_meeting_has_its_code_titles_in_six_languages_and_a_venue():
    for data in services.shipped_meetings():
        assert data["code"] == meeting_code(data["kind"], data["number"])
        assert set(data["titles"]) == LANGUAGES, data["code"]
        assert all(text.strip() for text in data["titles"].values()), data["code"]
        assert data["venue"] == "New York"
        assert data["starts_on"] <= data["ends_on"]


def test_a_chair_is_named_with_a_state_or_not_at_all():
    for data in services.shipped_meetings():
        assert bool(data["chair_name"]) == bool(data["chair_state"]), data["code"]
        if data["chair_state"]:
            assert State.objects.filter(iso3=data["chair_state"]).exists()
    assert Meeting.objects.get(code="RevCon4").chair_state.iso3 == "CRI"


def test_cycles_are_shipped_for_the_reporting_meetings_from_2010_and_never_overlap():
    cycles = list(ReportingCycle.objects.select_related("meeting").order_by("opens_on"))
    assert [c.code for c in cycles] == [
        "BMS4",
        "RevCon2",
        "BMS5",
        "BMS6",
        "RevCon3",
        "BMS7",
        "BMS8",
        "RevCon4",
    ]
    for before, after in itertools.pairwise(cycles):
        assert before.closes_on < after.opens_on
    for cycle in cycles:
        assert cycle.opens_on < cycle.closes_on <= cycle.meeting.starts_on
        assert cycle.dates_approximate


def test_loading_the_meetings_again_changes_nothing_and_says_so(capsys):
    entries = Entry.objects.count()
    assert not services.load_meetings().changed
    call_command("reporting", "load-meetings")
    assert capsys.readouterr().out == "Meetings already up to date.\n"
    assert Entry.objects.count() == entries


def test_loading_restores_a_shipped_meeting_and_leaves_added_ones_alone(open_cycle):
    meeting = Meeting.objects.get(code="BMS8")
    meeting.venue = "Geneva"
    meeting.save()
    summary = services.load_meetings()
    assert summary.updated == {"meetings": 1}
    assert Meeting.objects.get(code="BMS8").venue == "New York"
    assert Meeting.objects.filter(code="BMS9").exists()
