"""The choices of international cooperation and assistance (docs/assistance.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AssistanceKind(models.TextChoices):
    FINANCIAL = "financial", _("Financial")
    TECHNICAL = "technical", _("Technical")
    EQUIPMENT = "equipment", _("Equipment")
    TRAINING = "training", pgettext_lazy("kind of assistance", "Training")
    OTHER = "other", pgettext_lazy("kind of assistance", "Other")


class NeedStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("need status", "Open")
    IN_DISCUSSION = "in_discussion", _("In discussion")
    PARTLY_MET = "partly_met", _("Partly met")
    MET = "met", _("Met")
    WITHDRAWN = "withdrawn", pgettext_lazy("need status", "Withdrawn")


class OfferStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("offer status", "Open")
    CLOSED = "closed", pgettext_lazy("offer status", "Closed")
    WITHDRAWN = "withdrawn", pgettext_lazy("offer status", "Withdrawn")


class Priority(models.TextChoices):
    HIGH = "high", pgettext_lazy("priority", "High")
    MEDIUM = "medium", pgettext_lazy("priority", "Medium")
    LOW = "low", pgettext_lazy("priority", "Low")


class MatchStatus(models.TextChoices):
    PROPOSED = "proposed", pgettext_lazy("match status", "Proposed")
    ACCEPTED = "accepted", pgettext_lazy("match status", "Accepted")
    DECLINED = "declined", pgettext_lazy("match status", "Declined")
    WITHDRAWN = "withdrawn", pgettext_lazy("match status", "Withdrawn")


# A match that still binds the pair: no second one may be proposed meanwhile.
LIVE_MATCH = (MatchStatus.PROPOSED, MatchStatus.ACCEPTED)


class MatchSide(models.TextChoices):
    NEED = "need", _("The side of the need")
    OFFER = "offer", _("The side of the offer")


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("project status", "Planned")
    ONGOING = "ongoing", pgettext_lazy("project status", "Ongoing")
    COMPLETED = "completed", pgettext_lazy("project status", "Completed")
    CANCELLED = "cancelled", pgettext_lazy("project status", "Cancelled")


class CallStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("funding call status", "Open")
    CLOSED = "closed", pgettext_lazy("funding call status", "Closed")


class ProposalStatus(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("proposal status", "Submitted")
    AWARDED = "awarded", pgettext_lazy("proposal status", "Awarded")
    REJECTED = "rejected", pgettext_lazy("proposal status", "Not retained")
    WITHDRAWN = "withdrawn", pgettext_lazy("proposal status", "Withdrawn")
