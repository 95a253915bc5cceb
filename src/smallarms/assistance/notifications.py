"""E-mails to the other side of a match: a proposal to answer, an answer, a new message.

Each recipient gets the e-mail in their preferred language; the task runs after the
transaction that made the change is committed (``services.matches._notify_on_commit``).
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from smallarms.audit.choices import Event
from smallarms.audit.context import acting_as
from smallarms.audit.services import record

from .choices import MatchSide
from .models import Match, MatchMessage

SUBJECTS = {
    "proposed": lambda: _("A match is proposed for “{title}”"),
    "accepted": lambda: _("Your proposed match for “{title}” was accepted"),
    "declined": lambda: _("Your proposed match for “{title}” was declined"),
    "message": lambda: _("New message about “{title}”"),
}


def recipients(match, what: str, author_id) -> list:
    """Who hears of it: a proposal → the answering side; an answer → the proposing side;
    a message → the people of both sides but its author."""
    from .services.matches import people_of_side

    if what == "proposed":
        sides = [match.answering_side]
    elif what in ("accepted", "declined"):
        sides = [match.proposed_by_side]
    else:
        sides = [MatchSide.NEED, MatchSide.OFFER]
    people, seen = [], {author_id}
    for side in sides:
        for user in people_of_side(match, side):
            if user.pk not in seen and user.email:
                seen.add(user.pk)
                people.append(user)
    return people


def send_for_match(match_id: str, what: str, author_id, message_id=None) -> int:
    """Send the e-mails of one event; returns how many were sent."""
    match = Match.objects.select_related("need", "offer").filter(pk=match_id).first()
    if match is None:
        return 0
    message = MatchMessage.objects.filter(pk=message_id).first() if message_id else None
    url = settings.SITE_URL + match.get_absolute_url()
    sent = 0
    for user in recipients(match, what, author_id):
        with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
            subject = SUBJECTS[what]().format(title=match.need.title)
            body = render_to_string(
                "assistance/email/match.txt",
                {"match": match, "what": what, "message": message, "url": url, "user": user},
            )
        send_mail(subject=subject, message=body, from_email=None, recipient_list=[user.email])
        sent += 1
        with transaction.atomic(), acting_as(None):
            record(
                Event.NOTIFICATION_SENT,
                obj=match,
                data={
                    "kind": f"match_{what}",
                    "email": user.email,
                    "language": user.preferred_language,
                },
            )
    return sent
