"""Telling States that a reporting cycle is open, and reminding them before it closes.

``queue_notifications`` is run daily (``smallarms reporting send-notifications`` from cron).
It writes one ``Notification`` row per (cycle, kind, person) — the row is what makes a
second run send nothing twice — and, once the transaction is committed, enqueues one task
per row (``tasks.send_notification``) that writes the e-mail in the person's language.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from smallarms.accounts import permissions
from smallarms.accounts.models import Membership
from smallarms.audit.choices import Event
from smallarms.audit.context import acting_as
from smallarms.audit.services import record

from .choices import NotificationKind
from .models import Notification, ReportingCycle


def reminder_days() -> list[int]:
    """Days before the closing date on which reminders go out (setting
    ``REPORTING_REMINDER_DAYS``, checked at start-up), most urgent first."""
    return sorted(set(settings.REPORTING_REMINDER_DAYS))


def due_reminder(cycle: ReportingCycle, today) -> int | None:
    """The reminder due today: the most urgent one whose day has come. When a run was
    missed, or a cycle opened late, only that one goes out, never a burst of them."""
    for days in reminder_days():
        if cycle.closes_on - timedelta(days=days) <= today:
            return days
    return None


def recipients(state_ids) -> list[Membership]:
    """Active reporting officers and national points of contact of these States."""
    return list(
        permissions.holders(permissions.REPORT_DRAFTERS, state_ids).order_by(
            "state__name_en", "user__email"
        )
    )


@dataclass
class Queued:
    notifications: list[Notification] = field(default_factory=list)

    def summary(self, today) -> dict:
        kinds = [n.kind for n in self.notifications]
        return {
            "date": today.isoformat(),
            "queued": len(kinds),
            "opened": kinds.count(NotificationKind.OPENED),
            "reminders": kinds.count(NotificationKind.REMINDER),
        }


@transaction.atomic
def queue_notifications(*, acting_user=None, today=None) -> Queued:
    """Queue the e-mails due on ``today`` (default: today) for every open cycle."""
    from smallarms.states.models import State

    today = today or timezone.localdate()
    queued = Queued()
    cycles = ReportingCycle.objects.filter(opens_on__lte=today, closes_on__gte=today)
    with acting_as(acting_user):
        for cycle in cycles.select_related("meeting"):
            submitted = set(cycle.submissions.values_list("state_id", flat=True))
            waiting = State.objects.exclude(pk__in=submitted).values_list("pk", flat=True)
            reminder = due_reminder(cycle, today)
            existing = set(cycle.notifications.values_list("kind", "days_before", "user_id"))
            announced_now = set()
            for membership in recipients(waiting):
                user = membership.user
                due = [(NotificationKind.OPENED, 0)]
                if reminder is not None:
                    due.append((NotificationKind.REMINDER, reminder))
                for kind, days in due:
                    key = (kind, days, user.pk)
                    if key in existing:
                        continue
                    # A person told today that the cycle is open needs no reminder today.
                    if kind == NotificationKind.REMINDER and user.pk in announced_now:
                        continue
                    notification = Notification(
                        cycle=cycle,
                        kind=kind,
                        days_before=days,
                        user=user,
                        state=membership.state,
                        email=user.email,
                        language=user.preferred_language,
                    )
                    notification.full_clean()
                    notification.save()
                    existing.add(key)
                    if kind == NotificationKind.OPENED:
                        announced_now.add(user.pk)
                    queued.notifications.append(notification)
    transaction.on_commit(lambda: _enqueue([n.pk for n in queued.notifications]))
    return queued


def _enqueue(ids: list[int]):
    from .tasks import send_notification

    for pk in ids:
        send_notification.enqueue(pk)


def compose(notification: Notification) -> tuple[str, str]:
    """Subject and body, in the active language."""
    cycle = notification.cycle
    closes = date_format(cycle.closes_on)
    if notification.kind == NotificationKind.OPENED:
        subject = _("National reports on the Programme of Action: reporting is open until {date}")
    else:
        subject = _("Reminder: national reports on the Programme of Action are due by {date}")
    body = render_to_string(
        f"reporting/email/cycle_{notification.kind}.txt",
        {
            "notification": notification,
            "cycle": cycle,
            "meeting": cycle.meeting,
            "state": notification.state.short_name,
            "opens": date_format(cycle.opens_on),
            "closes": closes,
            "days": notification.days_before,
            "url": settings.SITE_URL + reverse("reporting:cycle_detail", args=[cycle.code]),
        },
    )
    return subject.format(date=closes), body


def send(notification_id: int) -> bool:
    """Send one queued notification; False when it was sent already (a retried task)."""
    notification = (
        Notification.objects.select_related("cycle__meeting", "state", "user")
        .filter(pk=notification_id, sent_at__isnull=True)
        .first()
    )
    if notification is None:
        return False
    with translation.override(notification.language):
        subject, body = compose(notification)
    send_mail(subject=subject, message=body, from_email=None, recipient_list=[notification.email])
    with transaction.atomic(), acting_as(None):
        notification.sent_at = timezone.now()
        notification.save(update_fields=["sent_at"])
        record(
            Event.NOTIFICATION_SENT,
            obj=notification,
            data={
                "cycle": notification.cycle.code,
                "kind": notification.kind,
                "days_before": notification.days_before,
                "email": notification.email,
                "language": notification.language,
                "state": notification.state.iso3,
            },
        )
    return True
