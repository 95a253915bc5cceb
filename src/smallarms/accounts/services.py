"""Writes about people: profile, roles, invitations, API tokens, two-factor authentication,
sign-in throttling. Each function is one transaction and writes its audit entry."""

import hashlib
import ipaddress
import math
import secrets
from dataclasses import dataclass
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
from .models import (
    ApiToken,
    Invitation,
    LoginFailure,
    Membership,
    PasswordResetRequest,
    Role,
    SignInStep,
    User,
)

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
#
# Three counts of failures over one sliding window (LOGIN_FAILURE_WINDOW_MINUTES):
# - wrong passwords per e-mail address (LOGIN_FAILURE_LIMIT), forgiven by the right password;
# - wrong second-factor codes per account (LOGIN_FAILURE_LIMIT), forgiven only by a right
#   code: whoever knows the password must not win new guesses by signing in again;
# - every failure from one client network (LOGIN_CLIENT_FAILURE_LIMIT), whatever address was
#   tried, so that one password tried on many accounts is slowed as well.
# An attempt is counted as a failure from the moment it starts until it succeeds, so that a
# burst of parallel attempts counts against itself instead of slipping past the limit.

LOCK_EMAIL = "email"
LOCK_ACCOUNT = "account"
LOCK_CLIENT = "client"
# One machine is commonly given a whole /64 of IPv6 addresses.
IPV6_CLIENT_PREFIX = 64


@dataclass(frozen=True)
class Lock:
    """Why an attempt is refused: what is locked (``LOCK_EMAIL``, ``LOCK_ACCOUNT`` or
    ``LOCK_CLIENT``) and for how many more minutes."""

    scope: str
    minutes: int


def _normal(email: str) -> str:
    return email.strip().lower()


def client_network(address: str | None) -> str:
    """What the client count goes by: the address for IPv4, its /64 for IPv6 ("" unknown)."""
    if not address:
        return ""
    ip = ipaddress.ip_address(address)
    if ip.version == 6 and ip.ipv4_mapped:
        return str(ip.ipv4_mapped)
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/{IPV6_CLIENT_PREFIX}", strict=False))
    return str(ip)


def _window_start():
    return timezone.now() - timedelta(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES)


def _minutes_left(failures, limit: int) -> int:
    """Minutes until fewer than ``limit`` of ``failures`` are inside the window (0: now)."""
    recent = list(
        failures.filter(at__gte=_window_start())
        .order_by("-at")
        .values_list("at", flat=True)[:limit]
    )
    if len(recent) < limit:
        return 0
    until = recent[-1] + timedelta(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES)
    return max(1, math.ceil((until - timezone.now()).total_seconds() / 60))


def sign_in_lock(*, step: str, email: str, client_address: str | None, excluding=None):
    """The ``Lock`` that refuses an attempt at ``step`` (``SignInStep``) for ``email`` from
    ``client_address`` now, or None. ``excluding``: an attempt not to count (the one asking)."""
    failures = LoginFailure.objects.all()
    if excluding is not None:
        failures = failures.exclude(pk=excluding.pk)
    minutes = _minutes_left(
        failures.filter(step=step, email=_normal(email)), settings.LOGIN_FAILURE_LIMIT
    )
    if minutes:
        return Lock(LOCK_ACCOUNT if step == SignInStep.SECOND_FACTOR else LOCK_EMAIL, minutes)
    if network := client_network(client_address):
        minutes = _minutes_left(
            failures.filter(client_network=network), settings.LOGIN_CLIENT_FAILURE_LIMIT
        )
        if minutes:
            return Lock(LOCK_CLIENT, minutes)
    return None


def begin_sign_in_attempt(*, step: str, email: str, client_address: str | None, user=None):
    """Start an attempt at ``step`` before its password or code is checked. Returns the
    attempt and, when a lock refuses it, the ``Lock``: the attempt is then dropped (a refusal
    does not prolong the lock) and the refusal audited as ``login_refused_locked``.

    Not one transaction on purpose: the attempt is committed before the others are counted,
    otherwise parallel attempts (read committed) would each count without the rest."""
    attempt = LoginFailure.objects.create(
        step=step,
        email=_normal(email),
        client_address=client_address or None,
        client_network=client_network(client_address),
    )
    lock = sign_in_lock(step=step, email=email, client_address=client_address, excluding=attempt)
    if lock is not None:
        _refuse(attempt, lock, user)
    return attempt, lock


@transaction.atomic
def _refuse(attempt: LoginFailure, lock: Lock, user):
    attempt.delete()
    record(
        Event.LOGIN_REFUSED_LOCKED,
        obj=user,
        data={
            "email": attempt.email,
            "step": attempt.step,
            "lock": lock.scope,
            "minutes": lock.minutes,
        },
    )


@transaction.atomic
def sign_in_failed(attempt: LoginFailure, *, user=None):
    """The password or code was wrong: the attempt stays counted. Returns the ``Lock`` now in
    force, if any; the failure that starts a lock records ``login_locked``."""
    if attempt.step == SignInStep.SECOND_FACTOR:
        # A wrong password is recorded by the authentication signal (audit/signals.py).
        record(
            Event.LOGIN_FAILED, obj=user, data={"email": attempt.email, "reason": "second factor"}
        )
    window = _window_start()
    LoginFailure.objects.filter(at__lt=window).delete()  # no longer counted by anything
    counts = [
        (
            LOCK_ACCOUNT if attempt.step == SignInStep.SECOND_FACTOR else LOCK_EMAIL,
            LoginFailure.objects.filter(step=attempt.step, email=attempt.email),
            settings.LOGIN_FAILURE_LIMIT,
        )
    ]
    if attempt.client_network:
        counts.append(
            (
                LOCK_CLIENT,
                LoginFailure.objects.filter(client_network=attempt.client_network),
                settings.LOGIN_CLIENT_FAILURE_LIMIT,
            )
        )
    for scope, failures, limit in counts:
        recent = failures.filter(at__gte=window).count()
        if recent == limit:
            data = {"email": attempt.email, "step": attempt.step, "lock": scope}
            if scope == LOCK_CLIENT:
                data["client_network"] = attempt.client_network
            minutes = _minutes_left(failures, limit)
            record(
                Event.LOGIN_LOCKED,
                obj=None if scope == LOCK_CLIENT else user,
                data={**data, "minutes": minutes, "failures": recent},
            )
    return sign_in_lock(
        step=attempt.step, email=attempt.email, client_address=attempt.client_address
    )


def sign_in_succeeded(attempt: LoginFailure):
    """The step passed: its failures for this address or account are forgiven (and the
    attempt with them). The right password never forgives wrong codes."""
    LoginFailure.objects.filter(step=attempt.step, email=attempt.email).delete()


def request_password_reset(*, email: str, client_address: str | None) -> bool:
    """Count a request for a reset e-mail to ``email`` (an account's or not) and audit it.
    False when that address has had ``PASSWORD_RESET_LIMIT`` of them within the window: then
    nothing is to be sent. Committed before counting, like a sign-in attempt."""
    email = _normal(email)
    window = timezone.now() - timedelta(minutes=settings.PASSWORD_RESET_WINDOW_MINUTES)
    asked = PasswordResetRequest.objects.create(email=email, client_address=client_address or None)
    with transaction.atomic():
        PasswordResetRequest.objects.filter(at__lt=window).delete()
        earlier = (
            PasswordResetRequest.objects.filter(email=email, at__gte=window)
            .exclude(pk=asked.pk)
            .count()
        )
        if earlier >= settings.PASSWORD_RESET_LIMIT:
            asked.delete()  # a refused request does not prolong the wait
            record(Event.PASSWORD_RESET_REQUESTED, data={"email": email, "throttled": True})
            return False
        record(Event.PASSWORD_RESET_REQUESTED, data={"email": email})
        return True


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
