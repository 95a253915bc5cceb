"""``smallarms demo --no-serve`` prepares a working system, and a second run changes nothing."""

import os
import sqlite3
import subprocess
import sys

import pytest


def run_demo(data_dir):
    environ = dict(os.environ, DEBUG="true", SMALLARMS_DATA_DIR=str(data_dir))
    environ.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "smallarms", "demo", "--no-serve", "--port", "8123"],
        env=environ,
        capture_output=True,
        text=True,
        timeout=300,
    )


def table_counts(database):
    with sqlite3.connect(database) as connection:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                " AND name != 'django_session'"
            )
        ]
        return {t: connection.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}


def test_demo_prepares_the_database_prints_accounts_and_is_idempotent(tmp_path):
    first = run_demo(tmp_path)
    assert first.returncode == 0, first.stderr
    assert "admin@demo.smallarms.example" in first.stdout
    assert "demo-smallarms-2026" in first.stdout
    assert "states: 195 created" in first.stdout
    database = tmp_path / "smallarms.sqlite3"
    counts = table_counts(database)
    assert counts["states_state"] == 195
    assert counts["accounts_user"] == 10
    assert counts["accounts_membership"] == 9
    assert counts["contacts_contact"] == 13
    assert "npc.senegal@demo.smallarms.example" in first.stdout

    second = run_demo(tmp_path)
    assert second.returncode == 0, second.stderr
    assert "Reference data already up to date." in second.stdout
    assert table_counts(database) == counts


@pytest.mark.django_db
def test_the_demo_holds_reports_that_are_not_public(client, settings, tmp_path):
    """A draft with a restricted answer and file, and a report waiting for review: what
    anyone probing the demo must not reach."""
    from smallarms.accounts.models import User
    from smallarms.core import demo
    from smallarms.reporting.models import Report

    settings.MEDIA_ROOT = tmp_path
    demo.load_demo_data()
    draft = Report.objects.get(state__iso3="KEN", cycle__meeting__code="BMS9")
    assert draft.status == "draft"
    restricted = draft.answers.get(question__code="STK-10")
    assert restricted.restricted and "37 rifles" in restricted.value
    attachment = draft.attachments.get()
    assert attachment.restricted and attachment.file.read().startswith(b"%PDF-1.4")
    waiting = Report.objects.get(state__iso3="KGZ", cycle__meeting__code="BMS9")
    assert (waiting.status, waiting.language) == ("submitted", "ru")

    for report in (draft, waiting):
        assert client.get(f"/reporting/reports/{report.pk}/").status_code == 404
    client.force_login(User.objects.get(email="npc.peru@demo.smallarms.example"))
    assert client.get(f"/reporting/reports/{draft.pk}/").status_code == 404
    client.force_login(User.objects.get(email="npc.kenya@demo.smallarms.example"))
    page = client.get(f"/reporting/reports/{draft.pk}/").content.decode()
    assert "37 rifles" in page and "draft-national-action-plan.pdf" in page

    demo.load_demo_data()
    assert Report.objects.filter(cycle__meeting__code="BMS9").count() == 2
