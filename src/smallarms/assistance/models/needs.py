"""Needs: what a State (or an organization acting for States) needs, written as a project
with measurable objectives."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from smallarms.core.models import (
    FreeTextField,
    LineField,
    VisibleQuerySet,
    ends_after_it_starts,
    exactly_one_owner,
)
from smallarms.core.text import NOTE_MAX_CHARS

from ..choices import AssistanceKind, NeedStatus, Priority
from .money import amount_field, usd_field
from .postings import Posting


class Need(Posting):
    """What a State (or an organization acting for States) needs to implement the PoA and
    the ITI: written as a project, with measurable objectives; public if the State says so."""

    owner_message = _("A need belongs either to a State or to an organization.")

    beneficiary_states = models.ManyToManyField(
        "states.State",
        verbose_name=_("beneficiary States"),
        blank=True,
        related_name="assistance_needs_benefiting",
    )
    kind = models.CharField(_("kind of assistance"), max_length=20, choices=AssistanceKind.choices)
    budget_amount = amount_field(_("estimated budget"), null=True, blank=True)
    budget_usd = usd_field(
        _("estimated budget in US dollars"),
        help_text=_("Converted at the latest exchange rate; empty when there is none."),
    )
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.MEDIUM
    )
    source_report = models.ForeignKey(
        "reporting.Report",
        verbose_name=_("national report"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assistance_needs",
    )
    source_question = models.CharField(_("report question"), max_length=40, blank=True)
    source_row = models.PositiveSmallIntegerField(_("row of the answer"), null=True, blank=True)
    # What the report's row said, normalized: a revised report does not add the same need
    # twice (services.from_report).
    source_fingerprint = models.CharField(
        _("fingerprint of the report row"), max_length=64, blank=True, editable=False
    )
    action_plan_reference = LineField(
        _("national action plan reference"), max_length=300, blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=NeedStatus.choices, default=NeedStatus.OPEN
    )
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_(
            "Public needs are seen by everyone; private ones by the State, the "
            "secretariat and the providers it is matched with."
        ),
    )

    # What the State writes, in the order it is asked (forms, API, export, services); the
    # rest is the system's.
    FIELDS = (
        "title",
        "description",
        "language",
        "working_languages",
        "themes",
        "kind",
        "budget_amount",
        "currency",
        "starts_on",
        "ends_on",
        "priority",
        "action_plan_reference",
        "beneficiary_states",
        "is_public",
    )

    class Meta(Posting.Meta):
        verbose_name = _("assistance need")
        verbose_name_plural = _("assistance needs")
        constraints = [
            exactly_one_owner("need_belongs_to_a_state_or_an_organization"),
            ends_after_it_starts("need_ends_after_it_starts"),
        ]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="need_status_recent"),
            models.Index(fields=["state", "source_fingerprint"], name="need_report_row"),
        ]

    def get_absolute_url(self):
        return reverse("assistance:need_detail", kwargs={"pk": self.pk})


class NeedObjective(models.Model):
    """A measurable objective of a need: what should change, how it is measured, from
    where to where, by when."""

    need = models.ForeignKey(
        Need, verbose_name=_("need"), on_delete=models.CASCADE, related_name="objectives"
    )
    objective = FreeTextField(_("objective"), max_length=NOTE_MAX_CHARS)
    indicator = LineField(_("indicator"), max_length=300)
    baseline = models.DecimalField(
        _("baseline"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    unit = LineField(_("unit"), max_length=60, blank=True)
    target_date = models.DateField(_("target date"), null=True, blank=True)

    FIELDS = ("objective", "indicator", "baseline", "target", "unit", "target_date")

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        ordering = ["pk"]

    def __str__(self):
        return self.indicator
