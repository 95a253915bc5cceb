"""Candidates: a need and an offer that fit each other, with the score and its reasons —
written only by ``services.matching`` (the scoring itself is ``assistance.matching``)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .needs import Need
from .offers import Offer


class Candidate(models.Model):
    """A need and an offer that fit each other, with the score and its reasons — kept
    current by ``candidates.refresh_for_need/offer`` so that ranked lists are one query."""

    # No single-column indexes: the composite ones below start with these columns, and a
    # full recomputation writes every row again (docs/matching.md).
    need = models.ForeignKey(
        Need,
        verbose_name=_("need"),
        on_delete=models.CASCADE,
        related_name="candidates",
        db_index=False,
    )
    offer = models.ForeignKey(
        Offer,
        verbose_name=_("offer"),
        on_delete=models.CASCADE,
        related_name="candidates",
        db_index=False,
    )
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    reasons = models.JSONField(_("reasons"), default=list)
    computed_at = models.DateTimeField(_("computed"), auto_now=True)

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        constraints = [
            models.UniqueConstraint(fields=["need", "offer"], name="candidate_once_per_pair"),
        ]
        indexes = [
            models.Index(fields=["need", "-score"], name="candidate_need_score"),
            models.Index(fields=["offer", "-score"], name="candidate_offer_score"),
        ]

    def __str__(self):
        return f"{self.need} ↔ {self.offer} ({self.score})"
