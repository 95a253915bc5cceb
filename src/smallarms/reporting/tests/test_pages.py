"""Public pages of meetings, cycles and figures; the secretariat's pages to add and edit
meetings and cycles (404 for everyone else)."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.urls import reverse

from smallarms.audit.models import Entry
from smallarms.conftest import verified_login
from smallarms.reporting.models import Meeting, ReportingCycle
from smallarms.reporting.services import meetings as services
from smallarms.states.models import State

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported(db):
    """Three Member States and an observer reported for BMS4."""
    cycle = services.find_cycle("BMS4")
    for iso3 in ("KEN", "FRA", "BRA", "VAT"):
        services.record_submission(
            acting_user=None, cycle=cycle, state=State.objects.get(iso3=iso3), source="recorded"
        )
    return cycle


def test_anyone_sees_the_figures_across_cycles_as_a_table_and_a_chart(client, reported):
    response = client.get(reverse("reporting:cycle_list"))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [row["cycle"].code for row in rows][:2] == ["BMS4", "RevCon2"]
    assert (rows[0]["cycle"].submitted, rows[0]["percent"]) == (3, 1.6)
    assert 'class="bar-chart"' in response.text
    assert "<caption>Reporting cycles</caption>" in response.text
    assert '<rect width="1.6%" height="100%"/>' in response.text
    assert "3 (1.6 %)" in response.text


def test_the_cycle_list_filters_by_kind_of_meeting_and_year(client):
    response = client.get(reverse("reporting:cycle_list"), {"kind": "revcon"})
    assert [r["cycle"].code for r in response.context["rows"]] == ["RevCon2", "RevCon3", "RevCon4"]
    response = client.get(reverse("reporting:cycle_list"), {"year_from": 2016, "year_to": 2021})
    assert [r["cycle"].code for r in response.context["rows"]] == ["BMS6", "RevCon3", "BMS7"]


def test_the_figures_across_cycles_download_as_csv_and_the_export_is_audited(client, reported):
    response = client.get(reverse("reporting:cycle_export"), {"kind": "bms"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert [row["cycle"] for row in rows] == ["BMS4", "BMS5", "BMS6", "BMS7", "BMS8"]
    assert rows[0] == {
        "cycle": "BMS4",
        "meeting_kind": "bms",
        "meeting_title_en": Meeting.objects.get(code="BMS4").titles["en"],
        "meeting_starts_on": "2010-06-14",
        "opens_on": "2010-01-01",
        "closes_on": "2010-05-31",
        "dates_approximate": "true",
        "submitted": "3",
        "states": "193",
        "rate": "0.0155",
    }
    export = Entry.objects.filter(event="export").latest("sequence")
    assert export.data["export"] == "reporting-cycles" and export.data["rows"] == 5


def test_a_cycle_page_shows_the_figures_by_regional_group_and_region(client, reported):
    response = client.get(reverse("reporting:cycle_detail", args=["bms4"]))
    assert response.status_code == 200
    assert response.context["stats"]["submitted"] == 3
    groups = {row["key"]: row for row in response.context["groups"]}
    assert (groups["african"]["submitted"], groups["african"]["states"]) == (1, 54)
    regions = {row["key"]: row["submitted"] for row in response.context["regions"]}
    assert regions == {"002": 1, "009": 0, "019": 1, "142": 0, "150": 1}
    assert "3 of 193 Member States (1.6 %)" in response.text
    assert "Holy See" in response.text and "observer State" in response.text
    assert "Latin American and Caribbean States" in response.text


def test_pages_are_in_the_reader_language(client):
    response = client.get(
        reverse("reporting:cycle_detail", args=["BMS4"]), HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert '<html lang="fr" dir="ltr">' in response.text
    assert "Quatrième Réunion biennale des États" in response.text
    response = client.get(reverse("reporting:meeting_list"), HTTP_ACCEPT_LANGUAGE="ar")
    assert 'dir="rtl"' in response.text


def test_an_unknown_cycle_or_meeting_answers_404(client):
    assert client.get(reverse("reporting:cycle_detail", args=["BMS99"])).status_code == 404
    assert client.get(reverse("reporting:cycle_detail", args=["MGE1"])).status_code == 404
    assert client.get(reverse("reporting:meeting_detail", args=["XYZ1"])).status_code == 404


def test_anyone_sees_the_meetings_with_their_chairs(client):
    response = client.get(reverse("reporting:meeting_list"))
    assert len(response.context["object_list"]) == 14
    assert "14 meetings match." in response.text
    assert "Maritza Chan Valverde" in response.text
    response = client.get(reverse("reporting:meeting_detail", args=["revcon4"]))
    assert response.status_code == 200
    assert "Costa Rica" in response.text
    assert "Quatrième Conférence des Nations Unies" in response.text  # the six titles
    assert reverse("reporting:meeting_update", args=["RevCon4"]) not in response.text


SECRETARIAT_PAGES = [
    ("reporting:meeting_create", []),
    ("reporting:meeting_update", ["BMS8"]),
    ("reporting:cycle_create", []),
    ("reporting:cycle_update", ["BMS8"]),
]


@pytest.mark.parametrize(("name", "args"), SECRETARIAT_PAGES)
def test_the_secretariat_pages_answer_404_to_everyone_else(
    client, reporting_officer_kenya, npc_kenya, name, args
):
    url = reverse(name, args=args)
    assert client.get(url).status_code == 404
    assert client.post(url, {}).status_code == 404
    for user in (reporting_officer_kenya, npc_kenya):
        client.force_login(user)
        assert client.get(url).status_code == 404


@pytest.mark.parametrize(("name", "args"), SECRETARIAT_PAGES)
def test_the_secretariat_needs_two_factor_authentication_for_its_pages(
    client, secretariat, secretariat_without_second_factor, name, args
):
    url = reverse(name, args=args)
    client.force_login(secretariat_without_second_factor)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:two_factor_setup")
    client.force_login(secretariat)  # an authenticator, but no code given in this session
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login") + "?next=")
    verified_login(client, secretariat)
    assert client.get(reverse(name, args=args)).status_code == 200


def meeting_data(**changes):
    data = {
        "kind": "bms",
        "number": "9",
        "title_en": "Ninth Biennial Meeting of States",
        "title_fr": "Neuvième Réunion biennale des États",
        "starts_on": "2028-06-12",
        "ends_on": "2028-06-16",
        "venue": "New York",
        "chair_name": "",
        "chair_state": "",
        "note": "",
    }
    data.update(changes)
    return data


def test_the_secretariat_adds_a_meeting_and_the_change_is_audited(client, secretariat):
    verified_login(client, secretariat)
    response = client.post(reverse("reporting:meeting_create"), meeting_data())
    assert response.status_code == 302
    meeting = Meeting.objects.get(code="BMS9")
    assert response["Location"] == meeting.get_absolute_url()
    assert meeting.titles == {
        "en": "Ninth Biennial Meeting of States",
        "fr": "Neuvième Réunion biennale des États",
    }
    entry = Entry.objects.get(
        event="created", object_type="reporting.meeting", object_id=str(meeting.pk)
    )
    assert entry.actor_id == secretariat.pk and entry.after["code"] == "BMS9"
    assert client.get(response["Location"]).status_code == 200


def test_a_meeting_cannot_end_before_it_starts_nor_exist_twice(client, secretariat):
    verified_login(client, secretariat)
    response = client.post(reverse("reporting:meeting_create"), meeting_data(ends_on="2028-06-01"))
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "ends_on": ["The last day of the meeting cannot be before its first day."]
    }
    response = client.post(reverse("reporting:meeting_create"), meeting_data(number="8"))
    assert response.context["form"].non_field_errors() == [
        "There is already a meeting of this kind and number."
    ]
    response = client.post(reverse("reporting:meeting_create"), meeting_data(title_en=""))
    assert response.context["form"].errors["title_en"] == ["This field is required."]
    assert not Meeting.objects.filter(code="BMS9").exists()


def test_the_secretariat_edits_a_meeting(client, secretariat):
    verified_login(client, secretariat)
    url = reverse("reporting:meeting_update", args=["BMS8"])
    form = client.get(url).context["form"]
    data = {name: form.initial.get(name) or "" for name in form.fields}
    data.update(venue="Geneva", starts_on="2022-06-27", ends_on="2022-07-01")
    data["chair_state"] = State.objects.get(iso3="KEN").pk
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    assert Meeting.objects.get(code="BMS8").venue == "Geneva"
    entry = Entry.objects.filter(event="updated", object_type="reporting.meeting").get()
    assert (entry.before["venue"], entry.after["venue"]) == ("New York", "Geneva")


def test_the_secretariat_adds_a_cycle_whose_dates_must_make_sense(client, secretariat):
    verified_login(client, secretariat)
    meeting = services.create_meeting(
        acting_user=secretariat,
        kind="bms",
        number=9,
        titles={"en": "Ninth Biennial Meeting of States"},
        starts_on=date(2028, 6, 12),
        ends_on=date(2028, 6, 16),
    )
    url = reverse("reporting:cycle_create")
    data = {"meeting": meeting.pk, "opens_on": "2028-01-15", "closes_on": "2028-01-15"}
    response = client.post(url, data)
    assert response.context["form"].errors == {
        "closes_on": ["The closing date must be after the opening date."]
    }
    response = client.post(url, {**data, "opens_on": "2024-05-01", "closes_on": "2028-03-31"})
    assert response.context["form"].non_field_errors() == [
        "These dates overlap the reporting cycle for RevCon4, open from Jan. 1, 2024 to "
        "May 31, 2024. Reporting cycles may not overlap."
    ]
    response = client.post(url, {**data, "closes_on": "2028-04-30"})
    assert response.status_code == 302
    cycle = ReportingCycle.objects.get(meeting=meeting)
    assert response["Location"] == reverse("reporting:cycle_detail", args=["BMS9"])
    assert (cycle.opens_on, cycle.closes_on) == (date(2028, 1, 15), date(2028, 4, 30))
    entry = Entry.objects.get(
        event="created", object_type="reporting.reportingcycle", object_id=str(cycle.pk)
    )
    assert entry.actor_id == secretariat.pk


def test_the_overlap_message_is_in_the_reader_language_for_its_dates(secretariat):
    from django.core.exceptions import ValidationError
    from django.utils import translation

    meeting = services.create_meeting(
        acting_user=secretariat,
        kind="bms",
        number=9,
        titles={"en": "Ninth"},
        starts_on=date(2028, 6, 12),
        ends_on=date(2028, 6, 16),
    )
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        services.create_cycle(
            acting_user=secretariat,
            meeting=meeting,
            opens_on=date(2024, 5, 1),
            closes_on=date(2028, 3, 31),
        )
    assert "1 janvier 2024" in refused.value.messages[0]


def test_the_secretariat_edits_a_cycle_and_sees_the_edit_links(client, secretariat):
    verified_login(client, secretariat)
    assert (
        reverse("reporting:cycle_update", args=["BMS8"])
        in client.get(reverse("reporting:cycle_detail", args=["BMS8"])).text
    )
    url = reverse("reporting:cycle_update", args=["BMS8"])
    cycle = services.find_cycle("BMS8")
    response = client.post(
        url,
        {"meeting": cycle.meeting_id, "opens_on": "2022-01-10", "closes_on": "2022-05-15"},
    )
    assert response.status_code == 302
    cycle.refresh_from_db()
    assert (cycle.opens_on, cycle.dates_approximate) == (date(2022, 1, 10), False)


def test_the_secretariat_chooses_a_cycles_template_and_the_cycle_keeps_it_once_reports_start(
    client, secretariat, report_cycle, template, reporting_officer_kenya
):
    from smallarms.reporting.services import reports
    from smallarms.reporting.services.templates import import_template

    from .report_fixtures import small_template

    second, _written = import_template(small_template(version=2))
    verified_login(client, secretariat)
    url = reverse("reporting:cycle_update", args=[report_cycle.code])
    form = client.get(url).text
    assert f'<option value="{template.pk}" selected>' in form
    assert f"{template.title}, version 2" in form
    data = {
        "meeting": report_cycle.meeting_id,
        "opens_on": report_cycle.opens_on.isoformat(),
        "closes_on": report_cycle.closes_on.isoformat(),
    }
    # Before any report: the secretariat may choose another version.
    assert client.post(url, {**data, "template": second.pk}).status_code == 302
    report_cycle.refresh_from_db()
    assert report_cycle.template == second
    page = client.get(reverse("reporting:cycle_detail", args=[report_cycle.code])).text
    assert f"{second.title}, version 2" in page

    reports.start_report(
        acting_user=reporting_officer_kenya,
        state=State.objects.get(iso3="KEN"),
        cycle=report_cycle,
        language="en",
    )
    for chosen in (template.pk, ""):
        response = client.post(url, {**data, "template": chosen})
        assert response.status_code == 200
        assert response.context["form"].errors == {
            "template": [
                "States have started their reports on this template; the cycle keeps it. "
                "A new version of the template is for the next cycle."
            ]
        }
    report_cycle.refresh_from_db()
    assert report_cycle.template == second
    # Its dates may still change.
    later = (report_cycle.closes_on + timedelta(days=5)).isoformat()
    response = client.post(url, {**data, "closes_on": later, "template": second.pk})
    assert response.status_code == 302


def test_a_cycle_without_a_template_says_so(client):
    page = client.get(reverse("reporting:cycle_detail", args=["BMS8"])).text
    assert "None yet: States cannot start their reports." in page


def test_a_meeting_title_that_looks_like_a_formula_is_neutralized_in_the_export(client):
    formula = "@SUM(1+1)*cmd|' /C calc'!A0"
    meeting = Meeting.objects.get(code="BMS4")
    meeting.titles = {**meeting.titles, "en": formula}
    meeting.save()
    text = client.get(reverse("reporting:cycle_export"), {"kind": "bms"}).content.decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0]["meeting_title_en"] == "'" + formula
