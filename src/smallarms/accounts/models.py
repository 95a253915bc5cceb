from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from smallarms.core.models import (
    LineField,
    OwnedByStateOrOrganization,
    VisibleQuerySet,
    at_most_one_owner,
)


class UserManager(BaseUserManager.from_queryset(VisibleQuerySet)):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person who signs in: a government official, UN staff, a donor, a researcher.

    People sign in with their e-mail address; what they may see and do comes from their
    roles in a scope (a State or an organization), not from flags on this row.
    """

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = LineField(_("full name"), blank=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=10,
        default="en",
        choices=settings.LANGUAGES,
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.full_name or self.email


class ScopeKind(models.TextChoices):
    STATE = "state", _("a State")
    STATE_OR_ORGANIZATION = "state_or_organization", _("a State or an organization")
    ORGANIZATION = "organization", _("an organization")
    SYSTEM = "system", _("the whole system")


class Role(models.Model):
    """A role a person can hold, in a scope (DESIGN.md, "Who uses it"). Roles are data: the
    shipped ones are created by a migration, and code asks for them by ``code``."""

    code = models.SlugField(_("code"), max_length=40, primary_key=True)
    rank = models.PositiveSmallIntegerField(
        _("rank"), help_text=_("Order in lists; higher ranks carry wider powers.")
    )
    scope_kind = models.CharField(_("scope"), max_length=30, choices=ScopeKind.choices)
    names = models.JSONField(_("names"), help_text=_("The name in each of the six languages."))
    requires_two_factor = models.BooleanField(
        _("requires two-factor authentication"),
        default=False,
        help_text=_("Holders must turn on two-factor authentication before they reach data."),
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["rank"]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        from smallarms.core.i18n import pick

        return pick(self.names)


class ScopedQuerySet(VisibleQuerySet):
    """Rows held in a scope (a State or an organization): roles and invitations."""


class MembershipQuerySet(ScopedQuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class Membership(OwnedByStateOrOrganization):
    """That a person holds a role in a scope: a State, an organization, or the whole system.

    A revoked membership is kept (with who revoked it and when) so the history of who could
    do what stays readable; only rows without ``revoked_at`` grant anything.
    """

    user = models.ForeignKey(
        User, verbose_name=_("person"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.ForeignKey(Role, verbose_name=_("role"), on_delete=models.PROTECT)
    granted_by = models.ForeignKey(
        User,
        verbose_name=_("granted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    granted_at = models.DateTimeField(_("granted"), auto_now_add=True)
    revoked_by = models.ForeignKey(
        User,
        verbose_name=_("revoked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("role membership")
        verbose_name_plural = _("role memberships")
        ordering = ["role__rank", "granted_at"]
        constraints = [
            at_most_one_owner("membership_scope_is_a_state_or_an_organization_not_both"),
            models.UniqueConstraint(
                fields=["user", "role", "state", "organization"],
                condition=models.Q(revoked_at__isnull=True),
                nulls_distinct=False,
                name="one_active_membership_per_role_and_scope",
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.role}" + (f" ({self.owner})" if self.owner else "")

    def clean(self):
        from django.core.exceptions import ValidationError

        kind = self.role.scope_kind
        if kind == ScopeKind.SYSTEM and (self.state_id or self.organization_id):
            raise ValidationError(_("This role applies to the whole system, not to one scope."))
        if kind == ScopeKind.STATE and (not self.state_id or self.organization_id):
            raise ValidationError(_("This role is held for one State: choose the State."))
        if kind == ScopeKind.ORGANIZATION and (not self.organization_id or self.state_id):
            raise ValidationError(
                _("This role is held for one organization: choose the organization.")
            )
        if kind == ScopeKind.STATE_OR_ORGANIZATION and not (self.state_id or self.organization_id):
            raise ValidationError(
                _("This role is held for a State or an organization: choose one.")
            )


class ApiToken(models.Model):
    """A personal API token: the key is shown once and only its SHA-256 hash is kept."""

    user = models.ForeignKey(
        User, verbose_name=_("person"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = LineField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=12, editable=False)
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"


class SignInStep(models.TextChoices):
    PASSWORD = "password", _("password")
    SECOND_FACTOR = "second_factor", _("second factor")


class LoginFailure(models.Model):
    """A failed sign-in, kept for throttling: repeated failures lock the e-mail address (at
    the password step), the account (at the second factor) or the client's network for a
    while. A row is written when an attempt starts and deleted if it succeeds, so attempts
    made in parallel count against each other (accounts/services.py)."""

    email = models.CharField(_("e-mail address tried"), max_length=254, db_index=True)
    step = models.CharField(
        _("step"), max_length=20, choices=SignInStep.choices, default=SignInStep.PASSWORD
    )
    client_address = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    # The address for IPv4, its /64 for IPv6: one machine can hold a whole /64.
    client_network = models.CharField(_("client network"), max_length=49, blank=True)
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("failed sign-in")
        verbose_name_plural = _("failed sign-ins")
        indexes = [
            models.Index(fields=["email", "step", "at"], name="loginfailure_email_step_at"),
            models.Index(fields=["client_network", "at"], name="loginfailure_network_at"),
        ]

    def __str__(self):
        return f"{self.email} {self.at:%Y-%m-%d %H:%M}"


class PasswordResetRequest(models.Model):
    """A password reset asked for an e-mail address (known or not), kept for throttling the
    reset e-mails sent to one address."""

    email = models.CharField(_("e-mail address"), max_length=254)
    client_address = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("password reset request")
        verbose_name_plural = _("password reset requests")
        indexes = [models.Index(fields=["email", "at"], name="passwordreset_email_at")]

    def __str__(self):
        return f"{self.email} {self.at:%Y-%m-%d %H:%M}"


class Invitation(OwnedByStateOrOrganization):
    """An invitation to take up a role in a scope, sent by e-mail with a one-time link."""

    email = models.EmailField(_("e-mail address"))
    role = models.ForeignKey(Role, verbose_name=_("role"), on_delete=models.PROTECT)
    language = models.CharField(
        _("language of the invitation"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        User, verbose_name=_("invited by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        User,
        verbose_name=_("accepted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} – {self.role}"
