"""Asking States to confirm directory entries that have gone stale.

``queue_confirmation_requests`` runs daily (``smallarms contacts send-reminders`` from
cron, like the reporting notices). For each State or organization with current entries not
confirmed for two years, each person who keeps its entries gets one ``ConfirmationRequest``
— at most one per ``REMIND_EVERY`` days — and, once committed, an e-mail in their language
whose link confirms the listed entries in one step (docs/contacts.md).
"""

from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from smallarms.accounts import permissions
from smallarms.audit.choices import Event
from smallarms.audit.context import acting_as
from smallarms.audit.services import record

from .models import ConfirmationRequest, Contact, owner_url
from .services import confirmation_token

REMIND_EVERY = timedelta(days=30)


@transaction.atomic
def queue_confirmation_requests(*, now=None) -> list[ConfirmationRequest]:
    now = now or timezone.now()
    stale = Contact.objects.current(now.date()).stale().order_by("kind", "position")
    by_owner = defaultdict(list)
    for contact in stale:
        by_owner[contact.state_id, contact.organization_id].append(contact)
    if not by_owner:
        return []
    keepers = permissions.contact_keepers(
        state_ids=[state for state, _organization in by_owner if state],
        organization_ids=[organization for _state, organization in by_owner if organization],
    )
    recent = set(
        ConfirmationRequest.objects.filter(created_at__gt=now - REMIND_EVERY).values_list(
            "user_id", "state_id", "organization_id"
        )
    )
    queued = []
    with acting_as(None):
        for membership in keepers:
            owner_key = (membership.state_id, membership.organization_id)
            key = (membership.user_id, *owner_key)
            if key in recent or owner_key not in by_owner:
                continue
            request = ConfirmationRequest.objects.create(
                state=membership.state,
                organization=membership.organization,
                user=membership.user,
                email=membership.user.email,
                language=membership.user.preferred_language,
                created_at=now,
            )
            request.contacts.set(by_owner[owner_key])
            recent.add(key)
            queued.append(request)
    ids = [request.pk for request in queued]
    transaction.on_commit(lambda: _enqueue(ids))
    return queued


def _enqueue(ids):
    from .tasks import send_confirmation_request

    for pk in ids:
        send_confirmation_request.enqueue(str(pk))


def compose(request: ConfirmationRequest) -> tuple[str, str]:
    """Subject and body, in the active language."""
    contacts = list(request.contacts.order_by("kind", "position"))
    body = render_to_string(
        "contacts/email/confirmation_request.txt",
        {
            "request": request,
            "owner": request.owner,
            "contacts": contacts,
            "confirm_url": settings.SITE_URL
            + reverse("contacts:confirm_by_link", kwargs={"token": confirmation_token(request)}),
            "directory_url": settings.SITE_URL + owner_url(request.owner),
        },
    )
    subject = _("Please confirm the points of contact of {owner}").format(owner=request.owner)
    return subject, body


def send(request_id) -> bool:
    """Send one queued request; False when it was sent already (a retried task)."""
    request = (
        ConfirmationRequest.objects.select_related("state", "organization", "user")
        .filter(pk=request_id, sent_at__isnull=True)
        .first()
    )
    if request is None:
        return False
    with translation.override(request.language):
        subject, body = compose(request)
    send_mail(subject=subject, message=body, from_email=None, recipient_list=[request.email])
    with transaction.atomic(), acting_as(None):
        request.sent_at = timezone.now()
        request.save(update_fields=["sent_at"])
        record(
            Event.CONTACTS_CONFIRMATION_REQUESTED,
            obj=request,
            data={
                "email": request.email,
                "language": request.language,
                "owner": getattr(request.owner, "iso3", None) or request.owner.slug,
                "contacts": sorted(str(pk) for pk in request.contacts.values_list("pk", flat=True)),
            },
        )
    return True
