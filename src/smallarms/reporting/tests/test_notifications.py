"""E-mails when a reporting cycle opens and before it closes: each recipient once, in their
language, none for States that already reported, every sending audited."""

import io
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils.formats import date_format

from smallarms.accounts.models import Membership
from smallarms.audit.models import Entry
from smallarms.reporting.models import Notification
from smallarms.reporting.notifications import queue_notifications
from smallarms.reporting.services import meetings as services
from smallarms.states.models import State

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(make_user):
    return {
        "ro_kenya": make_user(
            "ro.kenya@example.org", "reporting_officer", state="KEN", full_name="Wanjiru K."
        ),
        "npc_kenya": make_user("npc.kenya@example.org", "national_point_of_contact", state="KEN"),
        "npc_senegal": make_user(
            "npc.senegal@example.org",
            "national_point_of_contact",
            state="SEN",
            full_name="Aminata Diallo",
            preferred_language="fr",
        ),
        "ro_peru": make_user(
            "ro.peru@example.org", "reporting_officer", state="PER", preferred_language="es"
        ),
        "provider": make_user("provider.norway@example.org", "assistance_provider", state="NOR"),
    }


def send(django_capture_on_commit_callbacks, day=None):
    out = io.StringIO()
    args = ["reporting", "send-notifications"]
    if day is not None:
        args += ["--date", day.isoformat()]
    with django_capture_on_commit_callbacks(execute=True):
        call_command(*args, stdout=out)
    return json.loads(out.getvalue())


def test_an_open_cycle_is_announced_once_to_each_reporting_officer_and_point_of_contact(
    open_cycle, people, mailoutbox, django_capture_on_commit_callbacks, today
):
    summary = send(django_capture_on_commit_callbacks)
    assert summary == {"date": today.isoformat(), "queued": 4, "opened": 4, "reminders": 0}
    assert sorted(m.to[0] for m in mailoutbox) == [
        "npc.kenya@example.org",
        "npc.senegal@example.org",
        "ro.kenya@example.org",
        "ro.peru@example.org",
    ]
    kenya = next(m for m in mailoutbox if m.to == ["ro.kenya@example.org"])
    assert kenya.subject == (
        "National reports on the Programme of Action: reporting is open until "
        + date_format(open_cycle.closes_on)
    )
    assert "Dear Wanjiru K.," in kenya.body
    assert "Kenya is invited to submit its national report" in kenya.body
    assert "Ninth Biennial Meeting of States" in kenya.body
    assert "/reporting/cycles/BMS9/" in kenya.body
    assert Notification.objects.filter(sent_at__isnull=False).count() == 4

    again = send(django_capture_on_commit_callbacks)
    assert again["queued"] == 0
    assert len(mailoutbox) == 4


def test_each_person_is_written_to_in_their_preferred_language(
    open_cycle, people, mailoutbox, django_capture_on_commit_callbacks
):
    send(django_capture_on_commit_callbacks)
    senegal = next(m for m in mailoutbox if m.to == ["npc.senegal@example.org"])
    # The State's and the meeting's names, and the dates, come in French.
    assert "Sénégal" in senegal.body
    assert "Neuvième Réunion biennale des États" in senegal.body
    months = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"
    assert months.split()[open_cycle.closes_on.month - 1] in senegal.body
    peru = next(m for m in mailoutbox if m.to == ["ro.peru@example.org"])
    assert "Perú" in peru.body and "Novena Reunión Bienal" in peru.body
    assert Notification.objects.get(user=people["npc_senegal"]).language == "fr"


def test_a_reminder_goes_out_before_closing_but_not_to_states_that_reported(
    open_cycle, people, mailoutbox, django_capture_on_commit_callbacks
):
    send(django_capture_on_commit_callbacks)
    services.record_submission(
        acting_user=None,
        cycle=open_cycle,
        state=State.objects.get(iso3="KEN"),
        source="system",
    )
    mailoutbox.clear()
    day = open_cycle.closes_on - timedelta(days=14)
    summary = send(django_capture_on_commit_callbacks, day)
    assert (summary["opened"], summary["reminders"]) == (0, 2)
    assert sorted(m.to[0] for m in mailoutbox) == ["npc.senegal@example.org", "ro.peru@example.org"]
    peru = next(m for m in mailoutbox if m.to == ["ro.peru@example.org"])
    # In the officer's language (Spanish).
    assert peru.subject.startswith("Recordatorio: los informes nacionales sobre el Programa")
    assert "se cerrará dentro de 14 días" in peru.body

    mailoutbox.clear()
    assert send(django_capture_on_commit_callbacks, day + timedelta(days=1))["queued"] == 0
    last = send(django_capture_on_commit_callbacks, open_cycle.closes_on - timedelta(days=2))
    assert last["reminders"] == 2
    assert {n.days_before for n in Notification.objects.filter(kind="reminder")} == {14, 3}
    assert not Notification.objects.filter(state__iso3="KEN", kind="reminder").exists()


def test_a_run_that_missed_days_sends_only_the_most_urgent_reminder(
    open_cycle, people, mailoutbox, django_capture_on_commit_callbacks
):
    send(django_capture_on_commit_callbacks)
    mailoutbox.clear()
    send(django_capture_on_commit_callbacks, open_cycle.closes_on - timedelta(days=1))
    assert len(mailoutbox) == 4
    assert set(
        Notification.objects.filter(kind="reminder").values_list("days_before", flat=True)
    ) == {3}


def test_revoked_roles_other_roles_and_closed_cycles_get_nothing(
    open_cycle, people, mailoutbox, django_capture_on_commit_callbacks
):
    membership = Membership.objects.get(user=people["ro_peru"])
    membership.revoked_at = membership.granted_at
    membership.save()
    send(django_capture_on_commit_callbacks)
    recipients = {m.to[0] for m in mailoutbox}
    assert "ro.peru@example.org" not in recipients
    assert "provider.norway@example.org" not in recipients
    mailoutbox.clear()
    after = send(django_capture_on_commit_callbacks, open_cycle.closes_on + timedelta(days=1))
    assert after["queued"] == 0 and mailoutbox == []


def test_every_notification_is_recorded_in_the_audit_trail(
    open_cycle, people, django_capture_on_commit_callbacks
):
    send(django_capture_on_commit_callbacks)
    sent = Entry.objects.filter(event="notification_sent").order_by("sequence")
    assert sent.count() == 4
    senegal = next(e for e in sent if e.data["email"] == "npc.senegal@example.org")
    assert senegal.data == {
        "cycle": "BMS9",
        "kind": "opened",
        "days_before": 0,
        "email": "npc.senegal@example.org",
        "language": "fr",
        "state": "SEN",
    }
    assert Entry.objects.filter(event="created", object_type="reporting.notification").count() == 4


def test_notifications_are_queued_in_one_transaction_and_enqueued_after_commit(
    open_cycle, people, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        queued = queue_notifications()
    assert len(queued.notifications) == 4 and mailoutbox == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert len(mailoutbox) == 4
