"""Funding calls, the proposals that answer them (or rapid-response proposals without a call),
and the reviewers' scores."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from smallarms.core.models import (
    FreeTextField,
    LineField,
    OwnedByStateOrOrganization,
    VisibleQuerySet,
    at_most_one_owner,
    exactly_one_owner,
    person_field,
)
from smallarms.core.text import MESSAGE_MAX_CHARS, NOTE_MAX_CHARS, TEXT_MAX_CHARS

from ..choices import CallStatus, ProposalStatus
from .money import amount_field, currency_field
from .needs import Need


class FundingCall(OwnedByStateOrOrganization):
    """A call for proposals opened by the secretariat (no funder) or by a funding State or
    organization: aims, eligible themes and regions, budget, deadline, criteria."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    title = LineField(_("title"))
    aims = FreeTextField(_("aims"), max_length=TEXT_MAX_CHARS)
    themes = models.ManyToManyField(
        "themes.Theme", verbose_name=_("eligible themes"), blank=True, related_name="+"
    )
    eligible_areas = models.ManyToManyField(
        "states.Area", verbose_name=_("eligible regions"), blank=True, related_name="+"
    )
    budget_amount = amount_field(_("total budget"), null=True, blank=True)
    currency = currency_field()
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=20, choices=CallStatus.choices, default=CallStatus.OPEN
    )
    created_at = models.DateTimeField(_("opened"), auto_now_add=True)
    created_by = person_field(_("opened by"), blank=True)

    # What the funder writes (forms, API, export, services).
    FIELDS = ("title", "aims", "themes", "eligible_areas", "budget_amount", "currency", "deadline")

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("funding call")
        verbose_name_plural = _("funding calls")
        ordering = ["-deadline"]
        constraints = [
            at_most_one_owner("call_has_at_most_one_funder"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("assistance:call_detail", kwargs={"pk": self.pk})

    @property
    def funder(self):
        return self.state or self.organization


class CallCriterion(models.Model):
    """One criterion proposals to a call are scored on (0–10), with its weight."""

    call = models.ForeignKey(
        FundingCall, verbose_name=_("call"), on_delete=models.CASCADE, related_name="criteria"
    )
    name = LineField(_("criterion"))
    description = FreeTextField(_("description"), max_length=NOTE_MAX_CHARS, blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("evaluation criterion")
        verbose_name_plural = _("evaluation criteria")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["call", "name"], name="criterion_named_once_per_call")
        ]

    def __str__(self):
        return self.name


class Proposal(OwnedByStateOrOrganization):
    """A proposal answering a call (or, for an emergency, a rapid-response proposal made
    at any time), linked to the needs it answers. Awarded, it becomes a project."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    call = models.ForeignKey(
        FundingCall,
        verbose_name=_("call"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
    )
    is_rapid_response = models.BooleanField(_("rapid response"), default=False)
    title = LineField(_("title"))
    summary = FreeTextField(_("summary"), max_length=TEXT_MAX_CHARS)
    needs = models.ManyToManyField(
        Need, verbose_name=_("needs answered"), blank=True, related_name="proposals"
    )
    budget_amount = amount_field(_("budget requested"))
    currency = currency_field()
    starts_on = models.DateField(_("starts"), null=True, blank=True)
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ProposalStatus.choices,
        default=ProposalStatus.SUBMITTED,
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    submitted_by = person_field(_("submitted by"), blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    # What the proposer writes (forms, API, export, services).
    FIELDS = ("title", "summary", "needs", "budget_amount", "currency", "starts_on", "ends_on")

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-submitted_at"]
        constraints = [
            exactly_one_owner("proposal_comes_from_a_state_or_an_organization"),
            models.CheckConstraint(
                condition=Q(call__isnull=False) | Q(is_rapid_response=True),
                name="proposal_answers_a_call_or_is_rapid_response",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("assistance:proposal_detail", kwargs={"pk": self.pk})

    def clean(self):
        super().clean()
        if bool(self.state_id) == bool(self.organization_id):
            raise ValidationError(
                _("A proposal comes either from a State or from an organization.")
            )
        if self.call_id is None and not self.is_rapid_response:
            raise ValidationError(
                _("A proposal answers a call, unless it is a rapid-response proposal.")
            )


class ProposalScore(models.Model):
    """A reviewer's score (0–10) of a proposal on one criterion of its call."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        CallCriterion, verbose_name=_("criterion"), on_delete=models.CASCADE, related_name="+"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    comment = FreeTextField(_("comment"), max_length=MESSAGE_MAX_CHARS, blank=True)
    scored_at = models.DateTimeField(_("scored"), auto_now=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "criterion", "reviewer"],
                name="one_score_per_reviewer_and_criterion",
            ),
        ]

    def __str__(self):
        return f"{self.proposal} – {self.criterion}: {self.score}"
