"""The database itself refuses to change or remove an audit entry."""

import pytest
from django.db import DatabaseError, connection, transaction

from smallarms.audit.choices import Event
from smallarms.audit.services import record

pytestmark = pytest.mark.django_db


def refused(sql, params=()):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, params)


def test_the_database_refuses_to_update_an_entry():
    entry = record(Event.EXPORT)
    refused("UPDATE audit_entry SET event = %s WHERE id = %s", ["download", entry.pk])
    refused("UPDATE audit_entry SET object_repr = %s", ["forged"])


def test_the_database_refuses_to_delete_an_entry():
    entry = record(Event.EXPORT)
    refused("DELETE FROM audit_entry WHERE id = %s", [entry.pk])
    refused("DELETE FROM audit_entry")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE is PostgreSQL's")
def test_postgresql_refuses_to_truncate_the_log():
    refused("TRUNCATE audit_entry")


def test_the_entry_survives_the_refusals():
    entry = record(Event.EXPORT)
    refused("DELETE FROM audit_entry WHERE id = %s", [entry.pk])
    entry.refresh_from_db()
    assert entry.event == "export"
