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


def test_the_forwarded_address_is_trusted_only_behind_a_trusted_proxy(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9, 10.0.0.2"
    )
    assert client_address_of(request) == "10.0.0.1"
    with override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https")):
        assert client_address_of(request) == "203.0.113.9"
        forged = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="junk")
        assert client_address_of(forged) == "10.0.0.1"
