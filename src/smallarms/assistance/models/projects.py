"""Funded projects: who receives, funds and carries out a piece of assistance, and what it
achieved (indicators and progress over time)."""

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from smallarms.core.models import (
    Authored,
    FreeTextField,
    LineField,
    OwnedByStateOrOrganization,
    VisibleQuerySet,
    ends_after_it_starts,
    exactly_one_owner,
    person_field,
)
from smallarms.core.text import MESSAGE_MAX_CHARS, TEXT_MAX_CHARS

from ..choices import ProjectStatus
from .matches import Match
from .money import amount_field, currency_field, usd_field
from .needs import Need, NeedObjective


class Project(Authored):
    """A funded piece of assistance: who receives, funds and carries it out, with what
    budget, when, which needs it meets, and what it achieved (its indicators)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    title = LineField(_("title"))
    description = FreeTextField(_("description"), max_length=TEXT_MAX_CHARS, blank=True)
    recipient_state = models.ForeignKey(
        "states.State",
        verbose_name=_("recipient State"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assistance_projects",
    )
    implementer = models.ForeignKey(
        "states.Organization",
        verbose_name=_("implementing organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="implemented_projects",
    )
    implementer_name = LineField(
        _("implementer"),
        blank=True,
        help_text=_("When the implementer is not an organization of the directory."),
    )
    budget_amount = amount_field(_("budget"), null=True, blank=True)
    currency = currency_field()
    budget_usd = usd_field(_("budget in US dollars"))
    starts_on = models.DateField(_("starts"), null=True, blank=True)
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    needs = models.ManyToManyField(
        Need, verbose_name=_("needs met"), blank=True, related_name="projects"
    )
    match = models.ForeignKey(
        Match,
        verbose_name=_("from the match"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
    )
    proposal = models.OneToOneField(
        "assistance.Proposal",
        verbose_name=_("from the proposal"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="project",
    )
    themes = models.ManyToManyField(
        "themes.Theme", verbose_name=_("themes"), blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.PLANNED
    )
    outcome = FreeTextField(_("outcome"), max_length=TEXT_MAX_CHARS, blank=True)

    # What the funders and implementer write, in the order it is asked (forms, API, export,
    # services).
    FIELDS = (
        "title",
        "description",
        "recipient_state",
        "implementer",
        "implementer_name",
        "budget_amount",
        "currency",
        "starts_on",
        "ends_on",
        "needs",
        "themes",
        "status",
        "outcome",
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-created_at"]
        constraints = [
            ends_after_it_starts("project_ends_after_it_starts"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("assistance:project_detail", kwargs={"pk": self.pk})

    def clean(self):
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end date is before the start date.")})

    @property
    def implementer_label(self) -> str:
        return str(self.implementer) if self.implementer_id else self.implementer_name


class ProjectFunder(OwnedByStateOrOrganization):
    """A State or an organization that funds a project, with how much (in the project's
    currency)."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="funders"
    )
    amount = amount_field(_("amount"), null=True, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("funder")
        verbose_name_plural = _("funders")
        constraints = [exactly_one_owner("funder_is_a_state_or_an_organization")]

    def __str__(self):
        return str(self.owner)


class ProjectIndicator(models.Model):
    """How a project's result is measured: baseline, target, unit — often the indicator of
    one of the needs' objectives."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="indicators"
    )
    name = LineField(_("indicator"), max_length=300)
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2, default=0)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    unit = LineField(_("unit"), max_length=60, blank=True)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    objective = models.ForeignKey(
        NeedObjective,
        verbose_name=_("objective of the need"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="indicators",
    )

    FIELDS = ("name", "baseline", "target", "unit", "target_date", "objective")

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["pk"]

    def __str__(self):
        return self.name

    def latest(self):
        """The latest progress report (by date, then by when it was written), or None."""
        reports = getattr(self, "_prefetched_objects_cache", {}).get("progress")
        if reports is not None:
            return max(reports, key=lambda r: (r.reported_on, r.created_at), default=None)
        return self.progress.order_by("-reported_on", "-created_at").first()

    def reached(self, value=None) -> bool:
        """Whether ``value`` (default: the latest reported) meets the target. A target
        below the baseline is a reduction (e.g. backlog of unmarked weapons)."""
        if value is None:
            latest = self.latest()
            if latest is None:
                return False
            value = latest.value
        if self.target >= self.baseline:
            return value >= self.target
        return value <= self.target

    def share_done(self, value=None) -> int:
        """How far from baseline to target, in percent (0–100)."""
        if value is None:
            latest = self.latest()
            value = latest.value if latest else self.baseline
        span = self.target - self.baseline
        if span == 0:
            return 100
        return max(0, min(100, int((value - self.baseline) * 100 / span)))


class ProgressReport(models.Model):
    """A value of a project's indicator on a date: the progress over time."""

    indicator = models.ForeignKey(
        ProjectIndicator,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="progress",
    )
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    reported_on = models.DateField(_("as of"))
    note = FreeTextField(_("note"), max_length=MESSAGE_MAX_CHARS, blank=True)
    reported_by = person_field(_("reported by"))
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    FIELDS = ("indicator", "value", "reported_on", "note")

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["reported_on", "created_at"]

    def __str__(self):
        return f"{self.indicator}: {self.value} ({self.reported_on})"
