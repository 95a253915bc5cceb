from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import Event


class AppendOnlyError(Exception):
    """Raised when code tries to change or remove an audit entry."""


class EntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("The audit trail is append-only: entries are never updated.")

    def delete(self):
        raise AppendOnlyError("The audit trail is append-only: entries are never deleted.")

    def for_object(self, object_type: str, object_id):
        return self.filter(object_type=object_type, object_id=str(object_id))


class Entry(models.Model):
    """One line of the audit trail: a change to a domain object (with its state before and
    after) or a domain event (a sign-in, an export, a role granted …), with who did it, when,
    in which request and from which address.

    Entries are append-only (the database refuses UPDATE and DELETE) and hash-chained: each
    carries the hash of its own content and the hash of the entry before it, so an altered,
    removed or reordered entry breaks the chain (``smallarms audit verify``).
    """

    sequence = models.PositiveBigIntegerField(_("number"), unique=True, editable=False)
    occurred_at = models.DateTimeField(_("time"), db_index=True)
    event = models.CharField(_("event"), max_length=40, db_index=True)
    # No database constraint and no cascade: deleting a person must neither be blocked by
    # their audit entries nor make the database touch them. The label keeps who it was.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_label = models.CharField(_("actor (e-mail)"), max_length=254, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True, db_index=True)
    client_address = models.CharField(_("client address"), max_length=45, blank=True)
    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("content type"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    # "app_label.model_name": readable even if the content type goes away.
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    previous_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-sequence"]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="audit_entry_object_idx"),
        ]

    def __str__(self):
        return f"#{self.sequence} {self.event} {self.object_type} {self.object_id}".strip()

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("The audit trail is append-only: entries are never updated.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The audit trail is append-only: entries are never deleted.")

    @property
    def event_label(self):
        try:
            return Event(self.event).label
        except ValueError:
            return self.event

    @property
    def object_model(self):
        if not self.object_type:
            return None
        try:
            return apps.get_model(self.object_type)
        except (LookupError, ValueError):
            return None

    @property
    def details(self) -> dict:
        """The event's details as the page's reader may see them (``redaction.redact``)."""
        return getattr(self, "shown_data", self.data)

    def changes(self) -> list["Change"]:
        """The fields that differ between ``before`` and ``after``, in model field order, as
        the page's reader may see them (``redaction.redact``)."""
        shown_before = getattr(self, "shown_before", self.before)
        shown_after = getattr(self, "shown_after", self.after)
        if shown_before is None and shown_after is None:
            return []
        before, after = shown_before or {}, shown_after or {}
        model = self.object_model
        names = list(after) + [name for name in before if name not in after]
        if model is not None:
            fields = [*model._meta.concrete_fields, *model._meta.many_to_many]
            order = {f.name: i for i, f in enumerate(fields)}
            names.sort(key=lambda name: order.get(name, len(order)))
        result = []
        for name in names:
            old, new = before.get(name), after.get(name)
            if shown_before is not None and shown_after is not None and old == new:
                continue
            result.append(Change(name, _field_label(model, name), old, new))
        return result


class Change:
    __slots__ = ("after", "before", "label", "name")

    def __init__(self, name, label, before, after):
        self.name, self.label, self.before, self.after = name, label, before, after


def _field_label(model, name):
    if model is None:
        return name
    try:
        return model._meta.get_field(name).verbose_name
    except FieldDoesNotExist:
        return name
