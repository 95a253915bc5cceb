"""Sign-in, failed sign-in and sign-out are recorded; a password tried never is."""

import pytest

from smallarms.audit.choices import Event
from smallarms.audit.models import Entry

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def last_entry():
    return Entry.objects.order_by("-sequence").first()


def test_a_sign_in_is_recorded(client, someone):
    assert client.login(email="someone@example.org", password=PASSWORD)
    entry = Entry.objects.filter(event=Event.LOGIN_SUCCEEDED).order_by("-sequence").first()
    assert entry.actor == someone
    assert entry.object_type == "accounts.user" and entry.object_id == str(someone.pk)


def test_a_failed_sign_in_records_the_address_tried_and_never_the_password(client, someone):
    assert not client.login(email="someone@example.org", password="wrong-guess-98765")
    entry = last_entry()
    assert entry.event == Event.LOGIN_FAILED
    assert entry.actor_id is None
    assert entry.data == {"email": "someone@example.org"}
    assert entry.object_id == str(someone.pk)
    assert "wrong-guess" not in str(entry.data) + str(entry.before) + str(entry.after)
    assert "*****" not in str(entry.data)


def test_a_failed_sign_in_with_an_unknown_address_is_recorded_too(client):
    assert not client.login(email="nobody@example.org", password="whatever-12345")
    entry = last_entry()
    assert entry.event == Event.LOGIN_FAILED
    assert entry.data == {"email": "nobody@example.org"} and entry.object_id == ""


def test_a_sign_out_is_recorded(client, someone):
    client.force_login(someone)
    client.logout()
    entry = last_entry()
    assert entry.event == Event.LOGOUT
    assert entry.actor == someone
