"""``smallarms contacts send-reminders | stale``: keeping the directory current."""

import json

from smallarms.contacts import reminders
from smallarms.contacts.models import Contact
from smallarms.core.management.verbs import VerbCommand


class Command(VerbCommand):
    help = "The directory of points of contact: stale entries and requests to confirm them."

    verbs = {
        "send-reminders": (
            "Ask the keepers of current entries not confirmed for two years to confirm them, "
            "by e-mail. Run it daily; nobody is asked twice within 30 days."
        ),
        "stale": "List current entries not confirmed for two years, as JSON lines.",
    }

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
