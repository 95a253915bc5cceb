"""Matches: proposed by one side, accepted or declined by the other, and their private
conversation; each step e-mails the other side."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from smallarms.accounts import permissions
from smallarms.audit.choices import Event
from smallarms.audit.context import acting_as
from smallarms.audit.services import record

from ..choices import (
    LIVE_MATCH,
    MatchSide,
    MatchStatus,
    NeedStatus,
    OfferStatus,
)
from ..models import (
    Match,
    MatchMessage,
    Need,
    Offer,
)
from .needs import refresh_need_status


@transaction.atomic
def propose_match(*, acting_user, need, offer, message="") -> Match:
    """Either side proposes: the need's State (or organization) or the offer's provider."""
    # Read again and lock: the pair's current state decides, and two simultaneous
    # proposals cannot both pass the checks below.
    need = Need.objects.select_for_update().get(pk=need.pk)
    offer = Offer.objects.get(pk=offer.pk)
    need_side = permissions.is_need_side(acting_user, need)
    offer_side = permissions.is_offer_side(acting_user, offer)
    if not (need_side or offer_side):
        raise PermissionDenied
    if not Need.objects.visible_to(acting_user).filter(pk=need.pk).exists():
        raise PermissionDenied
    if need_side and offer_side:
        raise ValidationError(
            _("This need and this offer are both yours: there is no one to agree with.")
        )
    if need.status in (NeedStatus.WITHDRAWN, NeedStatus.MET):
        raise ValidationError(_("This need is no longer open to offers."))
    if offer.status != OfferStatus.OPEN:
        raise ValidationError(_("This offer is no longer open."))
    if Match.objects.filter(need=need, offer=offer, status__in=LIVE_MATCH).exists():
        raise ValidationError(_("A match between this need and this offer is already under way."))
    with acting_as(acting_user):
        match = Match(
            need=need,
            offer=offer,
            proposed_by=acting_user,
            proposed_by_side=MatchSide.NEED if need_side else MatchSide.OFFER,
            message=message.strip(),
        )
        match.full_clean()
        match.save()
        record(
            Event.MATCH_PROPOSED,
            obj=match,
            data={"need": str(need.pk), "offer": str(offer.pk), "side": match.proposed_by_side},
        )
        refresh_need_status(need)
    _notify_on_commit(match, "proposed", acting_user)
    return match


def _check_answer(user, match):
    sides = permissions.sides_of(user, match)
    if not sides and not permissions.is_system_staff(user):
        raise PermissionDenied
    if match.status == MatchStatus.DECLINED:
        raise ValidationError(_("This proposal was declined; it can no longer be answered."))
    if match.status == MatchStatus.WITHDRAWN:
        raise ValidationError(_("This proposal was withdrawn; it can no longer be answered."))
    if match.status == MatchStatus.ACCEPTED:
        raise ValidationError(_("This proposal was accepted already."))
    if match.answering_side not in sides:
        if match.proposed_by_side in sides:
            raise ValidationError(
                _("You cannot answer your own proposal: the other side accepts or declines it.")
            )
        raise PermissionDenied


@transaction.atomic
def accept_match(*, acting_user, match) -> Match:
    match = Match.objects.select_for_update().select_related("need", "offer").get(pk=match.pk)
    _check_answer(acting_user, match)
    with acting_as(acting_user):
        match.status = MatchStatus.ACCEPTED
        match.decided_by = acting_user
        match.decided_at = timezone.now()
        match.save(update_fields=["status", "decided_by", "decided_at"])
        record(Event.MATCH_ACCEPTED, obj=match, data={"need": str(match.need_id)})
        refresh_need_status(match.need)
    _notify_on_commit(match, "accepted", acting_user)
    return match


@transaction.atomic
def decline_match(*, acting_user, match, reason="") -> Match:
    match = Match.objects.select_for_update().select_related("need", "offer").get(pk=match.pk)
    _check_answer(acting_user, match)
    with acting_as(acting_user):
        match.status = MatchStatus.DECLINED
        match.decided_by = acting_user
        match.decided_at = timezone.now()
        match.decline_reason = reason.strip()
        match.save(update_fields=["status", "decided_by", "decided_at", "decline_reason"])
        record(Event.MATCH_DECLINED, obj=match, data={"reason": match.decline_reason})
        refresh_need_status(match.need)
    _notify_on_commit(match, "declined", acting_user)
    return match


@transaction.atomic
def withdraw_match(*, acting_user, match) -> Match:
    """The proposing side takes back a proposal not yet answered."""
    match = Match.objects.select_for_update().select_related("need", "offer").get(pk=match.pk)
    if match.proposed_by_side not in permissions.sides_of(acting_user, match):
        raise PermissionDenied
    if match.status != MatchStatus.PROPOSED:
        raise ValidationError(_("Only a proposal not yet answered can be withdrawn."))
    with acting_as(acting_user):
        match.status = MatchStatus.WITHDRAWN
        match.save(update_fields=["status"])
        record(Event.MATCH_WITHDRAWN, obj=match)
        refresh_need_status(match.need)
    return match


@transaction.atomic
def post_message(*, acting_user, match, body) -> MatchMessage:
    """A message in the match's private conversation: the parties and the secretariat."""
    if not Match.objects.visible_to(acting_user).filter(pk=match.pk).exists():
        raise PermissionDenied
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": [_("Write a message.")]})
    if match.status in (MatchStatus.DECLINED, MatchStatus.WITHDRAWN):
        raise ValidationError(_("This match is closed; its conversation is kept as it was."))
    with acting_as(acting_user):
        message = MatchMessage(match=match, author=acting_user, body=body)
        message.full_clean()
        message.save()
        record(Event.MATCH_MESSAGE_POSTED, obj=match, data={"message": message.pk})
    _notify_on_commit(match, "message", acting_user, message_id=message.pk)
    return message


def people_of_side(match, side) -> list:
    """The active people who speak for one side of a match (whom to tell)."""
    owner = match.need if side == MatchSide.NEED else match.offer
    roles = permissions.NEED_KEEPERS if side == MatchSide.NEED else permissions.OFFER_ROLES
    if owner.state_id:
        memberships = permissions.holders(roles, [owner.state_id])
    else:
        memberships = permissions.holders(
            permissions.PROVIDER_ROLES, organization_ids=[owner.organization_id]
        )
    seen, people = set(), []
    for membership in memberships:
        if membership.user_id not in seen:
            seen.add(membership.user_id)
            people.append(membership.user)
    return people


def _notify_on_commit(match, what, author, message_id=None):
    author_id = getattr(author, "pk", None)

    def enqueue():
        from ..tasks import send_match_notification

        send_match_notification.enqueue(str(match.pk), what, author_id, message_id)

    transaction.on_commit(enqueue)
