"""``smallarms audit verify`` passes on an intact chain and names the first broken entry.

To tamper, a test drops the triggers inside its own transaction; the rollback at its end
restores them and the log."""

import io

import pytest
from django.core.management import call_command
from django.db import connection

from smallarms.audit.chain import digest
from smallarms.audit.choices import Event
from smallarms.audit.models import Entry
from smallarms.audit.services import record

from .conftest import drop_append_only_triggers

pytestmark = pytest.mark.django_db


def verify():
    stdout, stderr = io.StringIO(), io.StringIO()
    try:
        call_command("audit", "verify", stdout=stdout, stderr=stderr)
    except SystemExit as exit:
        return exit.code, stdout.getvalue(), stderr.getvalue()
    return 0, stdout.getvalue(), stderr.getvalue()


def three_entries():
    return [record(Event.EXPORT, data={"n": n}) for n in range(3)]


def execute(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_verify_passes_on_an_intact_chain_and_prints_the_count():
    three_entries()
    code, out, err = verify()
    assert code == 0, err
    assert f"Audit trail intact: {Entry.objects.count()} entries." in out


def test_verify_names_an_altered_entry():
    _first, middle, _last = three_entries()
    drop_append_only_triggers()
    execute("UPDATE audit_entry SET object_repr = %s WHERE id = %s", ["forged", middle.pk])
    code, _out, err = verify()
    assert code == 1
    assert f"broken at entry {middle.sequence}: content does not match its hash" in err


def test_verify_names_the_entry_after_one_altered_and_rehashed():
    _first, middle, last = three_entries()
    middle.object_repr = "forged"
    drop_append_only_triggers()
    execute(
        "UPDATE audit_entry SET object_repr = %s, hash = %s WHERE id = %s",
        ["forged", digest(middle), middle.pk],
    )
    code, _out, err = verify()
    assert code == 1
    assert f"broken at entry {last.sequence}: does not follow the entry before it" in err


def test_verify_names_a_removed_entry():
    _first, middle, _last = three_entries()
    drop_append_only_triggers()
    execute("DELETE FROM audit_entry WHERE id = %s", [middle.pk])
    code, _out, err = verify()
    assert code == 1
    assert f"broken at entry {middle.sequence}: missing (removed)" in err


def test_verify_names_reordered_entries():
    _first, middle, last = three_entries()
    drop_append_only_triggers()
    swap = 10**12
    execute("UPDATE audit_entry SET sequence = %s WHERE id = %s", [swap, middle.pk])
    execute("UPDATE audit_entry SET sequence = %s WHERE id = %s", [middle.sequence, last.pk])
    execute("UPDATE audit_entry SET sequence = %s WHERE id = %s", [last.sequence, middle.pk])
    code, _out, err = verify()
    assert code == 1
    assert f"broken at entry {middle.sequence}: does not follow the entry before it" in err
