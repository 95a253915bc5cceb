"""The directory of national points of contact and coordination bodies (docs/contacts.md)."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from smallarms.core.models import (
    FreeTextField,
    LineField,
    OwnedByStateOrOrganization,
    Timestamped,
    VisibleQuerySet,
    exactly_one_owner,
    person_field,
)
from smallarms.core.text import NOTE_MAX_CHARS

from .choices import ChangeSource, ContactKind

# An entry not confirmed for this long is stale and its State is asked to confirm it.
STALE_AFTER = timedelta(days=730)

# The fields only officials and the secretariat see (the rest of an entry is public).
PERSONAL_FIELDS = ("person_name", "title", "emails", "telephones", "postal_address")


def owner_url(owner, page="contacts") -> str:
    """A page of one State's or organization's entries: ``contacts`` (the list),
    ``contact_create`` or ``confirm``."""
    if hasattr(owner, "iso3"):
        return reverse(f"contacts:state_{page}", kwargs={"iso3": owner.iso3})
    return reverse(f"contacts:organization_{page}", kwargs={"slug": owner.slug})


def stale_before():
    return timezone.now() - STALE_AFTER


class ContactQuerySet(VisibleQuerySet):
    """Entries of the directory; ``visible_to`` with "view" (the public part, for everyone),
    "details" (with the personal details) or "edit" (accounts.permissions)."""

    def current(self, today=None):
        today = today or timezone.localdate()
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=today),
            Q(valid_to__isnull=True) | Q(valid_to__gte=today),
        )

    def stale(self):
        return self.filter(last_confirmed_at__lt=stale_before())


class Contact(OwnedByStateOrOrganization, Timestamped):
    """One entry of the directory: a State's (or an organization's) point of contact of one
    kind — the institution, and the person who answers for it.

    The entry is the post, kept current over time: a new person in the post is an update
    of the entry, and every earlier version stays in its history (``ContactRevision``).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=40, choices=ContactKind.choices)
    position = models.PositiveSmallIntegerField(
        _("order"),
        default=0,
        help_text=_(
            "Entries of the same kind are listed in this order; the first is the main one."
        ),
    )
    institution = LineField(_("institution"), max_length=300)
    department = LineField(_("department or unit"), max_length=300, blank=True)
    person_name = LineField(_("name of the person"), blank=True)
    title = LineField(_("post or title"), blank=True)
    emails = models.JSONField(_("e-mail addresses"), default=list, blank=True)
    telephones = models.JSONField(_("telephones"), default=list, blank=True)
    postal_address = FreeTextField(_("postal address"), max_length=NOTE_MAX_CHARS, blank=True)
    working_languages = models.JSONField(_("working languages"), default=list, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    last_confirmed_at = models.DateTimeField(_("last confirmed"), default=timezone.now)
    last_confirmed_by = person_field(_("last confirmed by"), blank=True)
    revision = models.PositiveIntegerField(_("revision"), default=1)
    # Search keys: the public one (institution, State) for everyone; the personal one
    # (name, post, e-mail) only searched for those who may see it, so a search cannot
    # reveal who holds a post.
    public_search_text = models.TextField(editable=False, blank=True)
    personal_search_text = models.TextField(editable=False, blank=True)

    # What the keeper writes, in the order it is asked (form, API, export, services); a
    # version of the entry holds these (the history keeps each one).
    FIELDS = (
        "kind",
        "institution",
        "department",
        *PERSONAL_FIELDS,
        "working_languages",
        "valid_from",
        "valid_to",
        "position",
    )

    objects = ContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("point of contact")
        verbose_name_plural = _("points of contact")
        ordering = ["state__name_en", "organization__name_en", "kind", "position"]
        constraints = [
            exactly_one_owner("contact_belongs_to_one_state_or_organization"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="contact_valid_to_not_before_valid_from",
            ),
        ]
        indexes = [models.Index(fields=["last_confirmed_at"], name="contact_confirmed_idx")]

    def __str__(self):
        return f"{self.owner} — {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("contacts:contact_detail", kwargs={"pk": self.pk})

    @property
    def is_stale(self) -> bool:
        return self.last_confirmed_at < stale_before()

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return (self.valid_from is None or self.valid_from <= today) and (
            self.valid_to is None or self.valid_to >= today
        )

    def snapshot(self) -> dict:
        """This version of the entry, as the history keeps it (dates in ISO form)."""
        data = {}
        for name in self.FIELDS:
            value = getattr(self, name)
            data[name] = value.isoformat() if hasattr(value, "isoformat") else value
        return data


class ContactRevision(models.Model):
    """One version of a directory entry, with where it came from: who changed it, directly
    or through which national report."""

    contact = models.ForeignKey(
        Contact,
        verbose_name=_("point of contact"),
        on_delete=models.CASCADE,
        related_name="revisions",
    )
    number = models.PositiveIntegerField(_("revision"))
    data = models.JSONField(_("entry"))
    source = models.CharField(_("source"), max_length=20, choices=ChangeSource.choices)
    report = models.ForeignKey(
        "reporting.Report",
        verbose_name=_("national report"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contact_revisions",
    )
    changed_by = person_field(_("changed by"), blank=True)
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("version of a point of contact")
        verbose_name_plural = _("versions of points of contact")
        ordering = ["contact", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["contact", "number"], name="contact_revision_numbered_once"
            ),
            models.CheckConstraint(
                condition=~Q(source=ChangeSource.REPORT) | Q(report__isnull=False),
                name="contact_revision_from_report_names_the_report",
            ),
        ]

    def __str__(self):
        return f"{self.contact} ({self.number})"


class ConfirmationRequest(OwnedByStateOrOrganization):
    """An e-mail asking a person who keeps a State's (or organization's) entries to confirm
    the stale ones; its link confirms them without signing in. One per person and owner."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person asked"),
        on_delete=models.CASCADE,
        related_name="contact_confirmation_requests",
    )
    email = models.EmailField(_("e-mail address"))
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    contacts = models.ManyToManyField(
        Contact, verbose_name=_("points of contact"), related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("request to confirm points of contact")
        verbose_name_plural = _("requests to confirm points of contact")
        ordering = ["-created_at"]
        constraints = [
            exactly_one_owner("confirmation_request_for_one_state_or_organization"),
        ]

    def __str__(self):
        return f"{self.owner} — {self.email}"
