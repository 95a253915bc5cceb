"""The log, its CSV export and its API: the system staff only; 404 for everyone else."""

import csv
import io

import pytest
from django.urls import reverse

from smallarms.accounts.models import Membership
from smallarms.audit.choices import Event
from smallarms.audit.context import acting_as
from smallarms.audit.models import Entry
from smallarms.audit.services import record
from smallarms.conftest import verified_login
from smallarms.states.models import State

pytestmark = pytest.mark.django_db

URLS = [
    reverse("audit:entry_list"),
    reverse("audit:entry_export"),
    reverse("api:audit-entry-list"),
]


@pytest.mark.parametrize("url", URLS)
def test_anonymous_gets_404(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", URLS)
def test_a_person_without_a_system_role_gets_404(client, someone, url):
    client.force_login(someone)
    assert client.get(url).status_code == 404


def test_a_role_in_one_state_is_not_enough(client, someone):
    Membership.objects.create(
        user=someone, role_id="reporting_officer", state=State.objects.get(iso3="KEN")
    )
    client.force_login(someone)
    assert client.get(reverse("audit:entry_list")).status_code == 404


def test_api_detail_answers_404_to_a_person_without_a_system_role(client, someone):
    entry = record(Event.EXPORT)
    client.force_login(someone)
    response = client.get(reverse("api:audit-entry-detail", kwargs={"sequence": entry.sequence}))
    assert response.status_code == 404


@pytest.mark.parametrize("url", URLS)
def test_the_secretariat_gets_the_log_with_its_entries(client, secretariat, url):
    entry = record(Event.EXPORT, data={"export": "marker-of-this-entry"})
    verified_login(client, secretariat)
    response = client.get(url)
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert b"marker-of-this-entry" in body or str(entry.sequence).encode() in body
    assert entry.hash.encode() in body or b"Export" in body


def test_an_administrator_gets_the_log_with_its_entries(client, someone):
    Membership.objects.create(user=someone, role_id="administrator")
    entry = record(Event.EXPORT, data={"export": "seen-by-the-administrator"})
    verified_login(client, someone)
    response = client.get(reverse("api:audit-entry-list"))
    assert response.status_code == 200
    sequences = [row["sequence"] for row in response.json()["results"]]
    assert entry.sequence in sequences


def test_the_secretariat_without_two_factor_is_sent_to_set_it_up(client, secretariat):
    client.force_login(secretariat)
    response = client.get(reverse("audit:entry_list"))
    assert response["Location"] == reverse("accounts:two_factor_setup")
    assert client.get(reverse("api:audit-entry-list")).status_code == 404


def test_the_secretariat_with_two_factor_must_have_used_it_in_this_session(
    client, secretariat, with_two_factor
):
    with_two_factor(secretariat)
    client.force_login(secretariat)
    response = client.get(reverse("audit:entry_list"))
    assert response["Location"] == "/account/sign-in/?next=%2Faudit%2F"


def test_the_log_page_filters_by_actor_event_and_object(client, secretariat, someone):
    kenya = State.objects.get(iso3="KEN")
    with acting_as(someone):
        wanted = record(Event.DOWNLOAD, obj=kenya)
    record(Event.DOWNLOAD, obj=State.objects.get(iso3="GHA"))
    verified_login(client, secretariat)
    response = client.get(
        reverse("audit:entry_list"),
        {
            "actor": "SOMEONE@",
            "event": "download",
            "object_type": "states.state",
            "object_id": str(kenya.pk),
        },
    )
    assert response.status_code == 200
    assert [e.sequence for e in response.context["entries"]] == [wanted.sequence]
    assert "Kenya" in response.text


def test_the_log_filters_by_date(client, secretariat):
    entry = record(Event.DOWNLOAD)
    day = entry.occurred_at.date().isoformat()
    verified_login(client, secretariat)
    url = reverse("api:audit-entry-list")
    same_day = client.get(url, {"date_from": day, "date_to": day, "event": "download"}).json()
    assert entry.sequence in [row["sequence"] for row in same_day["results"]]
    before = client.get(url, {"date_to": "2000-01-01"}).json()
    assert before["count"] == 0


def test_the_api_lists_entries_newest_first_with_their_hashes(client, secretariat):
    entry = record(Event.DOWNLOAD, data={"file": "x.csv"})
    verified_login(client, secretariat)
    response = client.get(reverse("api:audit-entry-list"), {"event": "download"})
    first = response.json()["results"][0]
    assert first["sequence"] == entry.sequence
    assert first["hash"] == entry.hash and first["data"] == {"file": "x.csv"}
    assert first["event_label"] == "Download"
    detail = client.get(reverse("api:audit-entry-detail", kwargs={"sequence": entry.sequence}))
    assert detail.status_code == 200 and detail.json()["hash"] == entry.hash


def test_exporting_the_log_is_itself_recorded(client, secretariat):
    verified_login(client, secretariat)
    response = client.get(reverse("audit:entry_export"), {"event": "download"})
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8")[1:])))
    assert all(row["event"] == "download" for row in rows)
    entry = Entry.objects.order_by("-sequence").first()
    assert entry.event == Event.EXPORT
    assert entry.actor == secretariat
    assert entry.data["export"] == "audit"
    assert entry.data["filters"] == {"event": "download"}
    assert entry.data["rows"] == len(rows)


def test_reading_the_log_through_the_api_is_itself_recorded(client, secretariat):
    entry = record(Event.DOWNLOAD, data={"file": "x.csv"})
    verified_login(client, secretariat)
    listing = client.get(reverse("api:audit-entry-list"), {"event": "download", "page": 1})
    # The read is recorded after the rows are read: the answer does not list itself.
    assert Event.READ not in [row["event"] for row in listing.json()["results"]]
    client.get(reverse("api:audit-entry-detail", kwargs={"sequence": entry.sequence}))
    listed, detail = Entry.objects.filter(event=Event.READ).order_by("sequence")
    assert listed.actor == secretariat
    assert listed.data == {
        "read": "audit",
        "via": "api",
        "filters": {"event": "download", "page": "1"},
        "rows": listing.json()["count"],
    }
    assert detail.data == {"read": "audit", "via": "api", "sequence": entry.sequence, "rows": 1}
    assert listed.event_label == "Read through the API"


def test_a_refused_read_of_the_log_is_not_recorded_as_a_read(client, someone):
    client.force_login(someone)
    assert client.get(reverse("api:audit-entry-list")).status_code == 404
    assert not Entry.objects.filter(event=Event.READ).exists()


def test_the_log_s_text_filters_are_bounded_by_their_columns(client, secretariat):
    verified_login(client, secretariat)
    response = client.get(reverse("api:audit-entry-list"), {"object_id": "7" * 65})
    assert response.status_code == 400
    assert response.json() == {
        "object_id": ["Ensure this value has at most 64 characters (it has 65)."]
    }
    page = client.get(reverse("audit:entry_list"), {"actor": "a" * 255})
    assert "Ensure this value has at most 254 characters (it has 255)." in page.text
