"""National reports, their answers and attachments (docs/reporting.md)."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from smallarms.core.models import FreeTextField, LineField, VisibleQuerySet, person_field
from smallarms.core.text import MESSAGE_MAX_CHARS

from ..choices import EDITABLE, ReportStatus


class ReportQuerySet(VisibleQuerySet):
    """National reports; ``visible_to`` with "view", "edit", "review" or "revise"
    (accounts.permissions)."""


class Report(models.Model):
    """A State's national report for one reporting cycle, on the cycle's template.

    One per State and cycle; after publication the State may make a new revision, which
    supersedes the published one when it is published in turn (the history is kept).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    state = models.ForeignKey(
        "states.State", verbose_name=_("State"), on_delete=models.PROTECT, related_name="reports"
    )
    cycle = models.ForeignKey(
        "reporting.ReportingCycle",
        verbose_name=_("reporting cycle"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    template = models.ForeignKey(
        "reporting.ReportTemplate",
        verbose_name=_("template"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    revision = models.PositiveSmallIntegerField(_("revision"), default=1)
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    language = models.CharField(
        _("language of the report"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("supersedes"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    created_by = person_field(_("started by"))
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = person_field(_("submitted by"), blank=True)
    returned_comment = FreeTextField(
        _("comment of the secretariat"), max_length=MESSAGE_MAX_CHARS, blank=True
    )
    # The words of the answers, for search without reading every answer row: the public
    # ones, and all (with the restricted ones) for officials. Kept by ``refresh_search_text``.
    public_text = models.TextField(_("words of the public answers"), blank=True, editable=False)
    official_text = models.TextField(_("words of all answers"), blank=True, editable=False)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("national report")
        verbose_name_plural = _("national reports")
        ordering = ["cycle__opens_on", "state__name_en", "revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["state", "cycle", "revision"],
                name="one_report_revision_per_state_and_cycle",
            ),
        ]

    def __str__(self):
        return f"{self.state} – {self.cycle}" + (
            f" (r{self.revision})" if self.revision > 1 else ""
        )

    def get_absolute_url(self):
        return reverse("reporting:report_detail", kwargs={"pk": self.pk})

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE


class Answer(models.Model):
    """The answer to one question of a report, in the language it was written in.

    ``revision`` counts the saves: a save based on an older revision than the stored one is
    refused, so two people never overwrite each other's work unknowingly.
    """

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        "reporting.Question", verbose_name=_("question"), on_delete=models.PROTECT
    )
    value = models.JSONField(_("answer"), null=True, blank=True)
    language = models.CharField(
        _("written in"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    restricted = models.BooleanField(
        _("restricted"),
        default=False,
        help_text=_("Seen by officials only: never by the public, the public API or open data."),
    )
    revision = models.PositiveIntegerField(_("revision"), default=1)
    text = models.TextField(
        _("search text"), blank=True, editable=False, help_text=_("The answer as plain text.")
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    updated_by = person_field(_("last changed by"))

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "question"], name="one_answer_per_question_in_a_report"
            ),
        ]

    def __str__(self):
        return f"{self.report} – {self.question.code}"

    def save(self, *args, **kwargs):
        self.text = plain_text(self.value)
        # Personal details (a point of contact's name, e-mail, telephone) are never public,
        # whatever the form sent: the same rule as the contact directory's.
        if self.question.personal:
            self.restricted = True
        super().save(*args, **kwargs)


def plain_text(value) -> str:
    """An answer's words, for search: strings of every nesting level, one per line."""
    if value is None:
        return ""
    if isinstance(value, dict):
        return "\n".join(filter(None, (plain_text(v) for v in value.values())))
    if isinstance(value, list):
        return "\n".join(filter(None, (plain_text(v) for v in value)))
    return str(value)


def attachment_path(instance, filename):
    # The stored name says nothing about the content; the original name is kept in the row.
    return f"reports/{instance.report_id}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    """A document attached to an answer (a law, a national action plan …): PDF, Word or
    Excel, stored outside the web root and served only through an access-checked view."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="attachments"
    )
    question = models.ForeignKey(
        "reporting.Question", verbose_name=_("question"), on_delete=models.PROTECT
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=255)
    name = LineField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    restricted = models.BooleanField(
        _("restricted"),
        default=False,
        help_text=_("Seen by officials only: never by the public, the public API or open data."),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    uploaded_by = person_field(_("uploaded by"))

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse(
            "reporting:attachment_download", kwargs={"pk": self.report_id, "attachment": self.pk}
        )
