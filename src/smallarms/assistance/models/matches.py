"""Matches: a need and an offer that one side proposed to bring together, the other side's
answer, and their private conversation."""

import uuid

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from smallarms.core.models import FreeTextField, VisibleQuerySet, person_field
from smallarms.core.text import MESSAGE_MAX_CHARS, NOTE_MAX_CHARS

from ..choices import LIVE_MATCH, MatchSide, MatchStatus
from .needs import Need
from .offers import Offer


class Match(models.Model):
    """A need and an offer that one side proposed to bring together, and the other side's
    answer. Accepted, it opens a private conversation and may become a project."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    need = models.ForeignKey(
        Need, verbose_name=_("need"), on_delete=models.PROTECT, related_name="matches"
    )
    offer = models.ForeignKey(
        Offer, verbose_name=_("offer"), on_delete=models.PROTECT, related_name="matches"
    )
    proposed_by = person_field(_("proposed by"))
    proposed_by_side = models.CharField(
        _("proposed by the side of"), max_length=10, choices=MatchSide.choices
    )
    status = models.CharField(
        _("status"), max_length=20, choices=MatchStatus.choices, default=MatchStatus.PROPOSED
    )
    message = FreeTextField(
        _("message with the proposal"), max_length=MESSAGE_MAX_CHARS, blank=True
    )
    decided_by = person_field(_("answered by"), blank=True)
    decided_at = models.DateTimeField(_("answered"), null=True, blank=True)
    decline_reason = FreeTextField(_("reason for declining"), max_length=NOTE_MAX_CHARS, blank=True)
    created_at = models.DateTimeField(_("proposed"), auto_now_add=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["need", "offer"],
                condition=Q(status__in=LIVE_MATCH),
                name="one_live_match_per_need_and_offer",
            ),
        ]

    def __str__(self):
        return f"{self.need} ↔ {self.offer}"

    def get_absolute_url(self):
        return reverse("assistance:match_detail", kwargs={"pk": self.pk})

    @property
    def answering_side(self) -> str:
        return MatchSide.OFFER if self.proposed_by_side == MatchSide.NEED else MatchSide.NEED


class MatchMessage(models.Model):
    """One message of a match's private conversation."""

    match = models.ForeignKey(
        Match, verbose_name=_("match"), on_delete=models.CASCADE, related_name="messages"
    )
    author = person_field(_("author"))
    body = FreeTextField(_("message"), max_length=MESSAGE_MAX_CHARS)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.body[:60]
