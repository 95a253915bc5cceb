"""Writes about people: profile, roles, invitations, API tokens, two-factor authentication,
sign-in throttling. Each function is one transaction and writes its audit entry."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from smallarms.audit.choices import Event
from smallarms.audit.context import acting_as
from smallarms.audit.services import record

from . import permissions
from .models import ApiToken, Invitation, LoginFailure, Membership, Role, User

RECOVERY_CODE_COUNT = 10


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


# Profile ---------------------------------------------------------------------------------


@transaction.atomic
def update_profile(*, acting_user, full_name: str, preferred_language: str) -> User:
    with acting_as(acting_user):
        acting_user.full_name = full_name.strip()
        acting_user.preferred_language = preferred_language
        acting_user.full_clean(exclude=["password"])
        acting_user.save(update_fields=["full_name", "preferred_language"])
    return acting_user


# Roles -----------------------------------------------------------------------------------


@transaction.atomic
def revoke_role(*, acting_user, membership: Membership) -> Membership:
    if not permissions.can_revoke(acting_user, membership):
        raise PermissionDenied
    if membership.revoked_at is not None:
        raise ValidationError(_("This role has already been revoked."))
    with acting_as(acting_user):
        membership.revoked_at = timezone.now()
        membership.revoked_by = acting_user
        membership.save(update_fields=["revoked_at", "revoked_by"])
        record(
            Event.ROLE_REVOKED,
            obj=membership,
            data={"user": membership.user.email, "role": membership.role_id},
        )
    permissions.forget(membership.user)
    return membership


# Invitations -----------------------------------------------------------------------------


@transaction.atomic
def invite(
    *, acting_user, email: str, role: Role, state=None, organization=None, language="en"
) -> tuple[Invitation, str]:
    """Invite ``email`` to take up ``role``; returns the invitation and its one-time key."""
    if not permissions.can_grant(acting_user, role, state, organization):
        raise PermissionDenied
    Membership(role=role, state=state, organization=organization).clean()
    key = secrets.token_urlsafe(32)
    with acting_as(acting_user):
        invitation = Invitation(
            email=email.strip().lower(),
            role=role,
            state=state,
            organization=organization,
            language=language,
            key_hash=_hash(key),
            invited_by=acting_user,
            expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
        )
        invitation.full_clean()
        invitation.save()
        record(
            Event.INVITATION_SENT,
            obj=invitation,
            data={"email": invitation.email, "role": role.code},
        )
    transaction.on_commit(lambda: _send_invitation(invitation, key))
    return invitation, key


def invitation_url(key: str) -> str:
    return reverse("accounts:invitation_accept", kwargs={"key": key})


def _send_invitation(invitation: Invitation, key: str):
    with translation.override(invitation.language):
        context = {
            "invitation": invitation,
            "url": settings.SITE_URL + invitation_url(key),
            "days": settings.INVITATION_VALID_DAYS,
        }
        send_mail(
            subject=_("Invitation to smallarms"),
            message=render_to_string("accounts/email/invitation.txt", context),
            from_email=None,
            recipient_list=[invitation.email],
        )


def find_invitation(key: str) -> Invitation | None:
    """The open invitation with this key, or None (unknown, used or expired alike)."""
    return (
        Invitation.objects.select_related("role", "state", "organization")
        .filter(key_hash=_hash(key), accepted_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )


@transaction.atomic
def accept_invitation(*, invitation: Invitation, user: User) -> Membership:
    with acting_as(user):
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        membership = (
            Membership.objects.active()
            .filter(
                user=user,
                role=invitation.role,
                state=invitation.state,
                organization=invitation.organization,
            )
            .first()
        )
        if membership is None:
            membership = Membership(
                user=user,
                role=invitation.role,
                state=invitation.state,
                organization=invitation.organization,
                granted_by=invitation.invited_by,
            )
            membership.full_clean()
            membership.save()
        record(
            Event.INVITATION_ACCEPTED,
            obj=invitation,
            data={"email": user.email, "role": invitation.role_id},
        )
        record(
            Event.ROLE_GRANTED,
            obj=membership,
            data={"user": user.email, "role": invitation.role_id, "invitation": invitation.pk},
        )
    permissions.forget(user)
    return membership


@transaction.atomic
def create_invited_user(*, invitation: Invitation, full_name: str, password: str) -> User:
    with acting_as(None):
        user = User.objects.create_user(
            invitation.email,
            password,
            full_name=full_name.strip(),
            preferred_language=invitation.language,
        )
    accept_invitation(invitation=invitation, user=user)
    return user


# API tokens ------------------------------------------------------------------------------

TOKEN_PREFIX = "sa_"


@transaction.atomic
def create_api_token(*, acting_user, name: str) -> tuple[ApiToken, str]:
    """A new token for ``acting_user``; the key is returned once and never stored."""
    key = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with acting_as(acting_user):
        token = ApiToken(user=acting_user, name=name.strip(), prefix=key[:10], key_hash=_hash(key))
        token.full_clean()
        token.save()
        record(Event.TOKEN_CREATED, obj=token, data={"name": token.name, "prefix": token.prefix})
    return token, key


@transaction.atomic
def revoke_api_token(*, acting_user, token: ApiToken) -> ApiToken:
    if token.user_id != acting_user.pk:
        raise PermissionDenied
    if token.revoked_at is None:
        with acting_as(acting_user):
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            record(Event.TOKEN_REVOKED, obj=token, data={"name": token.name})
    return token


def user_for_api_key(key: str) -> tuple[User, ApiToken] | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_hash(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    # At most one write a minute per token: last-used is for people, not for accounting.
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token.user, token


# Sign-in throttling ----------------------------------------------------------------------


def _window_start():
    return timezone.now() - timedelta(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES)


def minutes_locked(email: str) -> int:
    """Minutes until ``email`` may try again (0: not locked)."""
    failures = LoginFailure.objects.filter(email=email.strip().lower(), at__gte=_window_start())
    if failures.count() < settings.LOGIN_FAILURE_LIMIT:
        return 0
    oldest = failures.order_by("at").values_list("at", flat=True)[
        failures.count() - settings.LOGIN_FAILURE_LIMIT
    ]
    until = oldest + timedelta(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES)
    return max(1, int((until - timezone.now()).total_seconds() // 60) + 1)


@transaction.atomic
def note_login_failure(*, email: str, client_address: str | None) -> int:
    """Count a failed sign-in; returns the minutes of the lock it starts (0: none)."""
    email = email.strip().lower()
    LoginFailure.objects.create(email=email, client_address=client_address)
    minutes = minutes_locked(email)
    recent = LoginFailure.objects.filter(email=email, at__gte=_window_start()).count()
    if minutes and recent == settings.LOGIN_FAILURE_LIMIT:
        record(
            Event.LOGIN_LOCKED,
            data={"email": email, "minutes": minutes, "failures": recent},
        )
    return minutes


def clear_login_failures(email: str):
    LoginFailure.objects.filter(email=email.strip().lower()).delete()


# Two-factor authentication ---------------------------------------------------------------


def confirmed_totp(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_totp(user) -> TOTPDevice:
    """The unconfirmed authenticator being set up (a new secret on first call)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


@transaction.atomic
def enable_two_factor(*, acting_user, token: str) -> list[str]:
    """Confirm the pending authenticator with a code from it; returns new recovery codes."""
    device = pending_totp(acting_user)
    if not device.verify_token(token.strip().replace(" ", "")):
        raise ValidationError(
            _("That code is not right. Enter the six digits your authenticator app shows now.")
        )
    with acting_as(acting_user):
        TOTPDevice.objects.filter(user=acting_user, confirmed=True).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        record(Event.TWO_FACTOR_ENABLED, obj=acting_user)
    permissions.forget(acting_user)
    return regenerate_recovery_codes(acting_user=acting_user)


@transaction.atomic
def regenerate_recovery_codes(*, acting_user) -> list[str]:
    with acting_as(acting_user):
        device, _created = StaticDevice.objects.get_or_create(
            user=acting_user, name="recovery codes", defaults={"confirmed": True}
        )
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
        record(Event.RECOVERY_CODES_GENERATED, obj=acting_user, data={"count": len(codes)})
    return codes


@transaction.atomic
def disable_two_factor(*, acting_user):
    if permissions.requires_two_factor(acting_user):
        raise ValidationError(
            _("Your roles require two-factor authentication; it cannot be turned off.")
        )
    with acting_as(acting_user):
        TOTPDevice.objects.filter(user=acting_user).delete()
        StaticDevice.objects.filter(user=acting_user).delete()
        record(Event.TWO_FACTOR_DISABLED, obj=acting_user)
    permissions.forget(acting_user)


def verify_second_factor(user, token: str):
    """The device that accepts ``token`` (an authenticator code or a recovery code)."""
    token = token.strip().replace(" ", "")
    device = confirmed_totp(user)
    if device and device.verify_token(token):
        return device
    for static in StaticDevice.objects.filter(user=user, confirmed=True):
        if static.verify_token(token):
            return static
    return None
