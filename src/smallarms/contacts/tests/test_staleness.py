"""Entries not confirmed for two years: marked stale, their keepers asked by e-mail, and the
e-mail's link confirming them without signing in."""

import datetime
import json
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from smallarms.audit.models import Entry
from smallarms.contacts import reminders, services
from smallarms.contacts.models import ConfirmationRequest, Contact

pytestmark = pytest.mark.django_db


@pytest.fixture
def stale_iti(kenya_iti, long_ago):
    Contact.objects.filter(pk=kenya_iti.pk).update(last_confirmed_at=long_ago)
    kenya_iti.refresh_from_db()
    return kenya_iti


def test_an_entry_is_stale_after_two_years_without_confirmation(kenya_iti):
    just_in_time = timezone.now() - datetime.timedelta(days=729)
    Contact.objects.filter(pk=kenya_iti.pk).update(last_confirmed_at=just_in_time)
    kenya_iti.refresh_from_db()
    assert not kenya_iti.is_stale
    Contact.objects.filter(pk=kenya_iti.pk).update(
        last_confirmed_at=just_in_time - datetime.timedelta(days=2)
    )
    kenya_iti.refresh_from_db()
    assert kenya_iti.is_stale
    assert list(Contact.objects.stale()) == [kenya_iti]


def test_the_directory_marks_stale_entries_and_filters_them(client, stale_iti):
    page = client.get(reverse("contacts:contact_list")).content.decode()
    assert "Stale" in page
    stale = client.get(reverse("contacts:contact_list"), {"confirmation": "stale"})
    assert "National Police Service" in stale.content.decode()
    fresh = client.get(reverse("contacts:contact_list"), {"confirmation": "confirmed"})
    assert "National Police Service" not in fresh.content.decode()


def test_keepers_of_a_state_with_stale_entries_get_one_email_in_their_language(
    stale_iti, make_user, npc_ghana, django_capture_on_commit_callbacks
):
    npc = make_user(
        "npc.ke@example.org", "national_point_of_contact", state="KEN", preferred_language="fr"
    )
    make_user("ro.ke@example.org", "reporting_officer", state="KEN")  # not a keeper
    with django_capture_on_commit_callbacks(execute=True):
        queued = reminders.queue_confirmation_requests()
    assert [(r.user, r.state.iso3) for r in queued] == [(npc, "KEN")]
    assert list(queued[0].contacts.all()) == [stale_iti]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["npc.ke@example.org"]
    with translation.override("fr"):
        expected = gettext("Please confirm the points of contact of {owner}").format(
            owner=stale_iti.state.short_name
        )
    assert message.subject == expected
    link = next(line for line in message.body.splitlines() if "/contacts/confirm/" in line)
    assert link.startswith("http")
    assert "National Police Service" in message.body
    assert "Achieng" not in message.body  # the e-mail lists institutions, not people
    entry = Entry.objects.get(event="contacts_confirmation_requested")
    assert entry.data["owner"] == "KEN" and entry.data["language"] == "fr"


def test_no_one_is_asked_twice_within_thirty_days(
    stale_iti, npc_kenya, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert len(reminders.queue_confirmation_requests()) == 1
        assert reminders.queue_confirmation_requests() == []
        later = timezone.now() + datetime.timedelta(days=31)
        assert len(reminders.queue_confirmation_requests(now=later)) == 1
    assert len(mail.outbox) == 2


def test_states_whose_entries_are_current_are_not_asked(kenya_iti, npc_kenya):
    assert reminders.queue_confirmation_requests() == []
    assert mail.outbox == []


def test_opening_the_link_does_not_confirm_and_one_click_does(client, stale_iti, npc_kenya):
    (request,) = reminders.queue_confirmation_requests()
    url = reverse("contacts:confirm_by_link", args=[services.confirmation_token(request)])
    page = client.get(url)
    assert page.status_code == 200
    assert "National Police Service" in page.content.decode()
    stale_iti.refresh_from_db()
    assert stale_iti.is_stale  # a mail scanner opening the link confirms nothing
    response = client.post(url)
    assert "Thank you: one entry is confirmed as of today." in response.content.decode()
    stale_iti.refresh_from_db()
    assert not stale_iti.is_stale
    assert stale_iti.last_confirmed_by == npc_kenya
    entry = Entry.objects.get(event="contacts_confirmed")
    assert (entry.actor, entry.data["via"]) == (npc_kenya, "e-mail link")
    request.refresh_from_db()
    assert request.confirmed_at is not None


def test_a_forged_or_unknown_link_answers_404(client, stale_iti, npc_kenya):
    (request,) = reminders.queue_confirmation_requests()
    token = services.confirmation_token(request)
    assert client.get(reverse("contacts:confirm_by_link", args=[token + "x"])).status_code == 404
    assert client.post(reverse("contacts:confirm_by_link", args=["nothing"])).status_code == 404
    stale_iti.refresh_from_db()
    assert stale_iti.is_stale


def test_a_link_confirms_only_what_is_still_current(client, stale_iti, npc_kenya):
    (request,) = reminders.queue_confirmation_requests()
    Contact.objects.filter(pk=stale_iti.pk).update(valid_to=datetime.date(2020, 1, 1))
    url = reverse("contacts:confirm_by_link", args=[services.confirmation_token(request)])
    assert "nothing left to confirm" in client.get(url).content.decode()


def test_the_command_queues_the_requests_and_lists_stale_entries(stale_iti, npc_kenya):
    out = StringIO()
    call_command("contacts", "send-reminders", stdout=out)
    assert json.loads(out.getvalue()) == {"queued": 1, "owners": ["KEN"]}
    assert ConfirmationRequest.objects.count() == 1
    out = StringIO()
    call_command("contacts", "stale", stdout=out)
    line = json.loads(out.getvalue())
    assert (line["owner"], line["kind"], line["id"]) == (
        "KEN",
        "iti_point_of_contact",
        str(stale_iti.pk),
    )


def test_the_dashboard_asks_the_keeper_to_confirm_stale_entries(client, stale_iti, npc_kenya):
    client.force_login(npc_kenya)
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert (
        "One point of contact of Kenya has not been confirmed for two years: confirm or update it."
        in page
    )
    assert reverse("contacts:state_contacts", args=["KEN"]) in page


def test_the_dashboard_of_another_states_official_says_nothing_of_it(client, stale_iti, npc_ghana):
    client.force_login(npc_ghana)
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert "has not been confirmed for two years" not in page
