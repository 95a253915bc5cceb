"""Meetings of the PoA process, the reporting cycles timed to them, the States' submissions
and the e-mails that tell States a cycle is open or about to close (docs/reporting.md).

A report submitted in the system records a ``Submission`` with source ``system``; one
recorded from earlier records (before the system, or sent on paper) has source ``recorded``.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from smallarms.core.i18n import pick
from smallarms.core.models import FreeTextField, LineField, VisibleQuerySet
from smallarms.core.text import NOTE_MAX_CHARS

from ..choices import (
    CODE_PREFIXES,
    CycleStatus,
    MeetingKind,
    MeetingStatus,
    NotificationKind,
    SubmissionSource,
)


def meeting_code(kind: str, number: int) -> str:
    return f"{CODE_PREFIXES[MeetingKind(kind)]}{number}"


class Meeting(models.Model):
    """A meeting of the PoA process: a Biennial Meeting of States, a Meeting of Governmental
    Experts or a Review Conference, known by its code (BMS8, MGE2, RevCon4)."""

    code = models.CharField(
        _("code"),
        max_length=12,
        unique=True,
        editable=False,
        help_text=_("Made from the kind and the number: BMS8, MGE2, RevCon4."),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=MeetingKind.choices)
    number = models.PositiveSmallIntegerField(
        _("number"), help_text=_("1 for the first meeting of its kind, 2 for the second …")
    )
    titles = models.JSONField(
        _("titles"), help_text=_("The official title in each of the six languages.")
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    venue = LineField(_("venue"), max_length=120, default="New York")
    chair_name = LineField(_("chair"), blank=True)
    chair_state = models.ForeignKey(
        "states.State",
        verbose_name=_("State of the chair"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    note = FreeTextField(_("note"), max_length=NOTE_MAX_CHARS, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_on", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "number"],
                name="one_meeting_per_kind_and_number",
                violation_error_message=_("There is already a meeting of this kind and number."),
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="meeting_ends_on_or_after_its_first_day",
            ),
        ]

    def __str__(self):
        return self.code

    def save(self, *args, **kwargs):
        self.code = meeting_code(self.kind, self.number)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("reporting:meeting_detail", kwargs={"code": self.code})

    @property
    def title(self) -> str:
        return pick(self.titles)

    @property
    def status(self) -> str:
        return (
            MeetingStatus.PLANNED if self.starts_on > timezone.localdate() else MeetingStatus.HELD
        )

    def get_status_display(self) -> str:
        return MeetingStatus(self.status).label

    def validate_unique(self, exclude=None):
        # The code follows from kind and number, whose constraint says it better.
        super().validate_unique(exclude={*(exclude or ()), "code"})

    def clean(self):
        if self.kind and self.number:
            self.code = meeting_code(self.kind, self.number)
        if not (self.titles or {}).get("en", "").strip():
            raise ValidationError({"titles": _("Give the title in English at least.")})
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError(
                {"ends_on": _("The last day of the meeting cannot be before its first day.")}
            )


class ReportingCycle(models.Model):
    """The period in which States report for one meeting: from its opening to its closing
    date. A cycle is known by its meeting's code."""

    meeting = models.OneToOneField(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.PROTECT,
        related_name="reporting_cycle",
        error_messages={"unique": _("This meeting already has a reporting cycle.")},
    )
    opens_on = models.DateField(_("opening date"))
    closes_on = models.DateField(_("closing date"))
    template = models.ForeignKey(
        "reporting.ReportTemplate",
        verbose_name=_("report template"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cycles",
        help_text=_(
            "The template States answer in this cycle; it cannot change once a State has "
            "started its report."
        ),
    )
    dates_approximate = models.BooleanField(
        _("dates are approximate"),
        default=False,
        help_text=_("For past cycles whose exact dates are not on record."),
    )
    note = FreeTextField(_("note"), max_length=NOTE_MAX_CHARS, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("reporting cycle")
        verbose_name_plural = _("reporting cycles")
        ordering = ["opens_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gt=models.F("opens_on")),
                name="reporting_cycle_closes_after_it_opens",
            ),
        ]

    def __str__(self):
        return self.code

    def get_absolute_url(self):
        return reverse("reporting:cycle_detail", kwargs={"code": self.code})

    @property
    def code(self) -> str:
        return self.meeting.code

    def status_on(self, day) -> str:
        if day < self.opens_on:
            return CycleStatus.PLANNED
        return CycleStatus.OPEN if day <= self.closes_on else CycleStatus.CLOSED

    @property
    def status(self) -> str:
        return self.status_on(timezone.localdate())

    def get_status_display(self) -> str:
        return CycleStatus(self.status).label

    def clean(self):
        self._keep_the_template_of_started_reports()
        if not (self.opens_on and self.closes_on):
            return
        if self.closes_on <= self.opens_on:
            raise ValidationError(
                {"closes_on": _("The closing date must be after the opening date.")}
            )
        # One cycle at a time: a State reports for one meeting at a time, and the
        # notifications and the "open cycle" of a report must never be ambiguous.
        overlapping = (
            ReportingCycle.objects.filter(
                opens_on__lte=self.closes_on, closes_on__gte=self.opens_on
            )
            .exclude(pk=self.pk)
            .select_related("meeting")
            .first()
        )
        if overlapping is not None:
            raise ValidationError(
                _(
                    "These dates overlap the reporting cycle for {meeting}, open from "
                    "{opens} to {closes}. Reporting cycles may not overlap."
                ).format(
                    meeting=overlapping.code,
                    opens=date_format(overlapping.opens_on),
                    closes=date_format(overlapping.closes_on),
                )
            )

    def _keep_the_template_of_started_reports(self):
        """A report is answered on its cycle's template: once one is started, the cycle keeps
        the template (a new version is for the next cycle)."""
        if self.pk is None:
            return
        chosen = ReportingCycle.objects.filter(pk=self.pk).values_list("template", flat=True)
        before = chosen.first()
        if before is not None and before != self.template_id and self.reports.exists():
            raise ValidationError(
                {
                    "template": _(
                        "States have started their reports on this template; the cycle keeps "
                        "it. A new version of the template is for the next cycle."
                    )
                }
            )


class Submission(models.Model):
    """That a State submitted its national report for a reporting cycle: made in this system,
    or recorded from the records of the time (before the system, or sent on paper)."""

    cycle = models.ForeignKey(
        ReportingCycle,
        verbose_name=_("reporting cycle"),
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    state = models.ForeignKey(
        "states.State",
        verbose_name=_("State"),
        on_delete=models.PROTECT,
        related_name="report_submissions",
    )
    source = models.CharField(_("source"), max_length=10, choices=SubmissionSource.choices)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    note = FreeTextField(_("note"), max_length=NOTE_MAX_CHARS, blank=True)
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["cycle__opens_on", "state__name_en"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "state"],
                name="one_submission_per_state_and_cycle",
                violation_error_message=_("This State's submission is already recorded."),
            ),
        ]

    def __str__(self):
        return f"{self.state} – {self.cycle}"


class Notification(models.Model):
    """One e-mail to one person about one reporting cycle: that it opened, or a reminder
    some days before it closes. The row makes sending idempotent: never twice."""

    cycle = models.ForeignKey(
        ReportingCycle,
        verbose_name=_("reporting cycle"),
        on_delete=models.PROTECT,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=NotificationKind.choices)
    days_before = models.PositiveSmallIntegerField(
        _("days before closing"), default=0, help_text=_("For reminders; 0 otherwise.")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="reporting_notifications",
    )
    state = models.ForeignKey(
        "states.State", verbose_name=_("State"), on_delete=models.PROTECT, related_name="+"
    )
    email = models.EmailField(_("e-mail address"))
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    created_at = models.DateTimeField(_("queued"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "kind", "days_before", "user"],
                name="one_notification_per_cycle_kind_and_person",
            ),
        ]

    def __str__(self):
        return f"{self.cycle} {self.kind} {self.days_before} – {self.email}"
