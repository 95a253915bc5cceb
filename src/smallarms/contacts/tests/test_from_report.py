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
