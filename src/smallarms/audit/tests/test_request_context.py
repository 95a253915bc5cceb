"""Actor, request id and client address come from the request, through the middleware."""

import pytest
from django.urls import reverse

from smallarms.audit.choices import Event
from smallarms.audit.models import Entry
from smallarms.conftest import verified_login

pytestmark = pytest.mark.django_db


def test_an_entry_written_in_a_request_carries_its_actor_request_id_and_address(
    client, secretariat
):
    verified_login(client, secretariat)
    response = client.get(
        reverse("audit:entry_export"),
        HTTP_X_REQUEST_ID="req-0123456789",
        REMOTE_ADDR="192.0.2.44",
    )
    assert response.status_code == 200
    assert response["X-Request-ID"] == "req-0123456789"
    entry = Entry.objects.order_by("-sequence").first()
    assert entry.event == Event.EXPORT
    assert entry.actor == secretariat
    assert entry.request_id == "req-0123456789"
    assert entry.client_address == "192.0.2.44"


def test_every_response_carries_a_request_id(client):
    response = client.get(reverse("states:state_list"))
    assert len(response["X-Request-ID"]) == 32
    response = client.get(reverse("states:state_list"), HTTP_X_REQUEST_ID="bad id")
    assert response["X-Request-ID"] != "bad id"
