"""A busy database answers 503 with Retry-After, never a server error: the pages and the API
(the report editor's saves: reporting/tests/test_reports.py; core/busy.py)."""

import logging
import sqlite3
from unittest import mock

import psycopg.errors
import pytest
from django.db import OperationalError
from django.test import Client

from smallarms.core import busy
from smallarms.states.models import State

pytestmark = pytest.mark.django_db

BUSY = "Many people are saving at this moment. Please try again in a few seconds."


def locked() -> OperationalError:
    """What Django raises when a write waited longer than SQLite's busy timeout."""
    error = OperationalError("database is locked")
    error.__cause__ = sqlite3.OperationalError("database is locked")
    return error


def lock_timeout() -> OperationalError:
    """What Django raises when PostgreSQL's lock_timeout ends a statement."""
    error = OperationalError("canceling statement due to lock timeout")
    error.__cause__ = psycopg.errors.LockNotAvailable("canceling statement due to lock timeout")
    return error


@pytest.fixture
def server_errors_answered():
    """A client that gets the 500 page a person would get, rather than the exception."""
    return Client(raise_request_exception=False)


def test_a_locked_database_answers_a_page_with_503_and_retry_after(client, caplog):
    with (
        mock.patch.object(State.objects, "count", side_effect=locked()),
        caplog.at_level(logging.WARNING, logger="smallarms.core.busy"),
    ):
        response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 503
    assert response["Retry-After"] == "1"
    assert "<h1>The system is busy</h1>" in response.text
    assert BUSY in response.text
    assert response["Cache-Control"].startswith("max-age=0")
    assert "The database was busy: GET / answered 503 (database is locked)" in caplog.text


def test_the_busy_page_is_in_the_readers_language(client):
    with mock.patch.object(State.objects, "count", side_effect=locked()):
        response = client.get("/", HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 503
    assert '<html lang="ar" dir="rtl">' in response.text


def test_the_api_answers_503_with_a_json_detail(client):
    with mock.patch("smallarms.states.api.views.StateViewSet.get_queryset", side_effect=locked()):
        response = client.get("/api/states/")
    assert response.status_code == 503
    assert response["Retry-After"] == "1"
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": BUSY}


def test_a_postgresql_lock_timeout_answers_503_too(client):
    with mock.patch.object(State.objects, "count", side_effect=lock_timeout()):
        response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "1"


def test_a_busy_database_met_outside_the_view_answers_503_too(server_errors_answered):
    # As when the session middleware writes the session after the view.
    with mock.patch(
        "smallarms.accounts.middleware.PreferredLanguageMiddleware.__call__",
        side_effect=locked(),
        autospec=True,
    ):
        response = server_errors_answered.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 503
    assert response["Retry-After"] == "1"
    assert "<h1>The system is busy</h1>" in response.text


def test_any_other_database_error_is_still_a_server_error(server_errors_answered):
    with mock.patch.object(
        State.objects, "count", side_effect=OperationalError("no such table: states_state")
    ):
        response = server_errors_answered.get("/")
    assert response.status_code == 500
    assert "Retry-After" not in response


@pytest.mark.parametrize(
    ("error", "busy_or_not"),
    [
        (locked(), True),
        (lock_timeout(), True),
        (OperationalError("database table is locked"), True),
        (OperationalError("disk I/O error"), False),
        (ValueError("database is locked"), False),
        (None, False),
    ],
)
def test_what_counts_as_a_busy_database(error, busy_or_not):
    assert busy.database_busy(error) is busy_or_not
