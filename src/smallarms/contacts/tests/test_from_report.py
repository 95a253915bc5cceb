"""A submitted national report updates the directory, and the history says so."""

import pytest

from smallarms.audit.models import Entry
from smallarms.contacts.models import Contact

pytestmark = pytest.mark.django_db

POA = {
    "name": "Wanjiru Kamau",
    "post": "Coordinator",
    "institution": "Kenya National Focal Point",
    "address": "P.O. Box 2, Nairobi",
    "telephone": "+254 20 555 0199",
    "email": "nfp@focal.ke.example",
}
ITI = {
    "name": "Achieng Odhiambo",
    "post": "Superintendent",
    "institution": "National Police Service",
    "address": "",
    "telephone": "+254 20 555 0101",
    "email": "tracing@police.ke.example",
}


def test_submission_creates_entries_with_the_report_as_source(submit_kenya_report):
    report = submit_kenya_report(
        {
            "GEN-01": POA,
            "GEN-03": [
                {"name": "Otieno Mwangi", "institution": "Customs", "email": "c@ke.example"}
            ],
            "GEN-04": "yes",
            "GEN-05": "Kenya National Focal Point on Small Arms",
        }
    )
    entries = {c.kind: c for c in Contact.objects.filter(state__iso3="KEN")}
    assert set(entries) == {"poa_point_of_contact", "iti_point_of_contact", "coordination_body"}
    poa = entries["poa_point_of_contact"]
    assert (poa.person_name, poa.title, poa.emails, poa.telephones) == (
        "Wanjiru Kamau",
        "Coordinator",
        ["nfp@focal.ke.example"],
        ["+254 20 555 0199"],
    )
    assert poa.postal_address == "P.O. Box 2, Nairobi"
    revision = poa.revisions.get()
    assert (revision.source, revision.report, revision.changed_by.email) == (
        "report",
        report,
        "npc.kenya@example.org",
    )
    event = Entry.objects.get(event="contacts_updated_from_report")
    assert event.data == {"state": "KEN", "created": 3, "updated": 0, "confirmed": 0, "skipped": []}


def test_a_changed_contact_in_a_later_submission_updates_the_entry_and_keeps_the_old_version(
    submit_kenya_report, kenya_iti
):
    first = submit_kenya_report({"GEN-02": ITI})
    kenya_iti.refresh_from_db()
    # The same person, same details: the entry is confirmed, not changed.
    assert kenya_iti.revision == 1
    assert Entry.objects.filter(event="contacts_confirmed", object_id=str(kenya_iti.pk)).exists()

    second = submit_kenya_report({"GEN-02": {**ITI, "email": "iti@police.ke.example"}})
    kenya_iti.refresh_from_db()
    assert second == first  # the same report, returned and submitted again
    assert kenya_iti.revision == 2
    assert kenya_iti.emails == ["iti@police.ke.example"]
    # The postal address given directly is kept: the report left it empty.
    assert kenya_iti.postal_address == "P.O. Box 1, Nairobi"
    versions = list(kenya_iti.revisions.order_by("number"))
    assert [v.data["emails"] for v in versions] == [
        ["tracing@police.ke.example"],
        ["iti@police.ke.example"],
    ]
    assert [v.source for v in versions] == ["import", "report"]
    assert versions[1].report == second
    assert Contact.objects.filter(state__iso3="KEN").count() == 1


def test_a_new_main_iti_person_replaces_the_person_in_the_first_iti_entry(
    submit_kenya_report, kenya_iti
):
    submit_kenya_report({"GEN-02": {**ITI, "name": "Kip Rotich", "email": "kip@police.ke.example"}})
    kenya_iti.refresh_from_db()
    assert (kenya_iti.person_name, kenya_iti.emails) == ("Kip Rotich", ["kip@police.ke.example"])
    assert kenya_iti.revisions.first().data["person_name"] == "Kip Rotich"
    assert kenya_iti.revisions.last().data["person_name"] == "Achieng Odhiambo"


def test_an_additional_iti_contact_for_a_known_person_updates_that_entry(
    submit_kenya_report, kenya_iti
):
    submit_kenya_report(
        {
            "GEN-03": [
                {
                    "name": "Achieng Odhiambo",
                    "post": "Senior Superintendent",
                    "institution": "National Police Service",
                    "email": "tracing@police.ke.example",
                }
            ]
        }
    )
    kenya_iti.refresh_from_db()
    assert kenya_iti.title == "Senior Superintendent"
    assert Contact.objects.filter(state__iso3="KEN").count() == 1


def test_a_contact_the_directory_cannot_take_does_not_stop_the_submission(submit_kenya_report):
    report = submit_kenya_report({"GEN-01": {**POA, "telephone": "call the switchboard"}})
    assert report.status == "submitted"
    assert not Contact.objects.filter(state__iso3="KEN").exists()
    event = Entry.objects.get(event="contacts_updated_from_report")
    assert event.data["skipped"][0]["kind"] == "poa_point_of_contact"
    assert "is not a telephone number" in event.data["skipped"][0]["problems"][0]


def test_a_contact_without_institution_is_not_entered(submit_kenya_report):
    submit_kenya_report({"GEN-01": {**POA, "institution": ""}})
    assert not Contact.objects.filter(state__iso3="KEN").exists()


def test_a_new_report_starts_from_the_directory_and_submitting_it_unchanged_changes_nothing(
    submit_kenya_report, kenya_iti, contacts_cycle
):
    from smallarms.contacts import services

    services.update_contact(
        acting_user=None,
        contact=kenya_iti,
        source="import",
        emails=["tracing@police.ke.example", "duty.officer@police.ke.example"],
    )
    kenya_iti.refresh_from_db()
    report = submit_kenya_report({})
    answer = report.answers.get(question__code="GEN-02")
    assert answer.value == {
        "name": "Achieng Odhiambo",
        "post": "Superintendent",
        "institution": "National Police Service",
        "address": "P.O. Box 1, Nairobi",
        "telephone": "+254 20 555 0101",
        "email": "tracing@police.ke.example",
    }
    refreshed = Contact.objects.get(pk=kenya_iti.pk)
    # The round trip through the report kept both addresses and made no new version.
    assert refreshed.revision == kenya_iti.revision
    assert refreshed.emails == ["tracing@police.ke.example", "duty.officer@police.ke.example"]


def test_the_directory_is_more_current_than_the_previous_report(
    submit_kenya_report, contacts_cycle, npc_kenya
):
    """The previous report named one person; the directory was updated since: the new
    report starts from the directory, so its submission does not bring back the old one."""
    import datetime

    from django.utils import timezone

    from smallarms.contacts import services
    from smallarms.reporting.models import Meeting, Report, ReportingCycle
    from smallarms.reporting.services import reports as report_services
    from smallarms.states.models import State

    first = submit_kenya_report({"GEN-02": ITI})
    Report.objects.filter(pk=first.pk).update(status="published")
    entry = Contact.objects.get(state__iso3="KEN", kind="iti_point_of_contact")
    services.update_contact(
        acting_user=npc_kenya,
        contact=entry,
        person_name="Kip Rotich",
        emails=["kip@police.ke.example"],
    )
    # The next cycle, opening later.
    today = timezone.localdate()
    contacts_cycle.closes_on = today - datetime.timedelta(days=1)
    contacts_cycle.opens_on = today - datetime.timedelta(days=40)
    contacts_cycle.save()
    meeting = Meeting.objects.create(
        kind="bms",
        number=92,
        titles=contacts_cycle.meeting.titles,
        starts_on=today + datetime.timedelta(days=200),
        ends_on=today + datetime.timedelta(days=204),
    )
    later = ReportingCycle.objects.create(
        meeting=meeting,
        opens_on=today,
        closes_on=today + datetime.timedelta(days=30),
        template=contacts_cycle.template,
    )
    report = report_services.start_report(
        acting_user=npc_kenya, state=State.objects.get(iso3="KEN"), cycle=later, language="en"
    )
    value = report.answers.get(question__code="GEN-02").value
    assert (value["name"], value["email"]) == ("Kip Rotich", "kip@police.ke.example")
    report_services.submit_report(acting_user=npc_kenya, report=report)
    entry.refresh_from_db()
    assert entry.person_name == "Kip Rotich"


def test_a_coordination_body_the_report_says_does_not_exist_is_not_entered(submit_kenya_report):
    submit_kenya_report({"GEN-04": "no", "GEN-05": "A body typed before answering no"})
    assert not Contact.objects.filter(state__iso3="KEN", kind="coordination_body").exists()
