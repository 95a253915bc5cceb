"""The API other code uses to record domain events, and the context it reads."""

import pytest
from django.test import RequestFactory, override_settings

from smallarms.audit.choices import Event
from smallarms.audit.context import acting_as
from smallarms.audit.middleware import client_address_of, request_id_of
from smallarms.audit.models import AppendOnlyError, Entry
from smallarms.audit.services import record
from smallarms.states.models import State

pytestmark = pytest.mark.django_db


def test_record_returns_the_entry_with_object_data_and_actor_from_the_context(secretariat):
    kenya = State.objects.get(iso3="KEN")
    with acting_as(secretariat):
        entry = record(Event.DOWNLOAD, obj=kenya, data={"file": "report.pdf", "size": 1.0})
    assert entry.pk and entry.event == "download"
    assert entry.actor == secretariat
    assert entry.object_type == "states.state" and entry.object_id == str(kenya.pk)
    assert entry.data == {"file": "report.pdf", "size": 1}
    assert Entry.objects.get(pk=entry.pk).hash == entry.hash


def test_an_explicit_actor_wins_over_the_context(secretariat, someone):
    with acting_as(secretariat):
        entry = record(Event.TOKEN_CREATED, actor=someone)
    assert entry.actor_label == "someone@example.org"


def test_outside_any_request_or_acting_as_the_actor_is_the_system():
    entry = record(Event.EXPORT)
    assert entry.actor_id is None and entry.request_id == "" and entry.client_address == ""


def test_an_unknown_event_is_refused():
    with pytest.raises(ValueError):
        record("made_up")


def test_the_application_never_changes_or_removes_an_entry():
    entry = record(Event.EXPORT)
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        Entry.objects.filter(pk=entry.pk).update(event="download")
    with pytest.raises(AppendOnlyError):
        Entry.objects.filter(pk=entry.pk).delete()


def test_a_sane_incoming_request_id_is_kept_and_anything_else_replaced():
    factory = RequestFactory()
    assert request_id_of(factory.get("/", HTTP_X_REQUEST_ID="abc-123_XYZ")) == "abc-123_XYZ"
    for bad in ("short", "x" * 65, "has space here", "semi;colon!", ""):
        generated = request_id_of(factory.get("/", HTTP_X_REQUEST_ID=bad))
        assert generated != bad and len(generated) == 32


PROXY = ("HTTP_X_FORWARDED_PROTO", "https")


def forwarded(peer, hops):
    return RequestFactory().get("/", REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=hops)


def test_without_a_proxy_the_forwarded_address_is_ignored_even_from_the_proxys_address(settings):
    settings.SECURE_PROXY_SSL_HEADER = None
    settings.TRUSTED_PROXY = "10.0.0.1"
    assert client_address_of(forwarded("10.0.0.1", "203.0.113.9")) == "10.0.0.1"


@override_settings(SECURE_PROXY_SSL_HEADER=PROXY, TRUSTED_PROXY="10.0.0.1")
def test_from_the_trusted_proxy_the_client_is_the_hop_that_proxy_added():
    assert client_address_of(forwarded("10.0.0.1", "203.0.113.9")) == "203.0.113.9"
    # Hops before it are whatever the client sent the proxy.
    assert client_address_of(forwarded("10.0.0.1", "198.51.100.1, 203.0.113.9")) == "203.0.113.9"
    assert client_address_of(forwarded("10.0.0.1", "2001:db8::7")) == "2001:db8::7"


@override_settings(SECURE_PROXY_SSL_HEADER=PROXY, TRUSTED_PROXY="10.0.0.1")
def test_the_forwarded_address_of_any_other_peer_is_ignored():
    assert client_address_of(forwarded("10.0.0.2", "203.0.113.9")) == "10.0.0.2"


@override_settings(SECURE_PROXY_SSL_HEADER=PROXY, TRUSTED_PROXY="10.0.0.1")
def test_a_malformed_forwarded_address_falls_back_to_the_peer():
    assert client_address_of(forwarded("10.0.0.1", "junk")) == "10.0.0.1"
    assert client_address_of(forwarded("10.0.0.1", "203.0.113.9, ")) == "10.0.0.1"


@override_settings(SECURE_PROXY_SSL_HEADER=PROXY, TRUSTED_PROXY="*")
def test_a_wildcard_trusts_the_forwarded_address_of_every_peer():
    assert client_address_of(forwarded("10.9.9.9", "198.51.100.1, 203.0.113.9")) == "203.0.113.9"
