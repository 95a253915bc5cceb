"""``smallarms contacts send-reminders | stale``: keeping the directory current."""

import json

from django.core.management.base import BaseCommand

from smallarms.contacts import reminders
from smallarms.contacts.models import Contact


class Command(BaseCommand):
    help = "The directory of points of contact: stale entries and requests to confirm them."

    def add_arguments(self, parser):
        verbs = parser.add_subparsers(dest="verb", required=True, metavar="{send-reminders,stale}")
        verbs.add_parser(
            "send-reminders",
            help=(
                "Ask the keepers of current entries not confirmed for two years to confirm "
                "them, by e-mail. Run it daily; nobody is asked twice within 30 days."
            ),
        )
        verbs.add_parser(
            "stale", help="List current entries not confirmed for two years, as JSON lines."
        )

    def handle(self, *args, verb, **options):
        return getattr(self, "handle_" + verb.replace("-", "_"))(**options)

    def handle_send_reminders(self, **options):
        queued = reminders.queue_confirmation_requests()
        summary = {
            "queued": len(queued),
            "owners": sorted({str(getattr(r.owner, "iso3", None) or r.owner.slug) for r in queued}),
        }
        self.stdout.write(json.dumps(summary))

    def handle_stale(self, **options):
        stale = Contact.objects.current().stale().select_related("state", "organization")
        for contact in stale.order_by("last_confirmed_at"):
            owner = contact.state.iso3 if contact.state_id else contact.organization.slug
            line = {
                "id": str(contact.pk),
                "owner": owner,
                "kind": contact.kind,
                "institution": contact.institution,
                "last_confirmed": contact.last_confirmed_at.date().isoformat(),
            }
            self.stdout.write(json.dumps(line, ensure_ascii=False))
