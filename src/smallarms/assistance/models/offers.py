"""Offers: what a State or an organization offers, to whom, how much, when."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from smallarms.core.models import FreeTextField, LineField, exactly_one_owner
from smallarms.core.text import MESSAGE_MAX_CHARS

from ..choices import AssistanceKind, OfferStatus
from .money import amount_field, usd_field
from .postings import Posting


class Offer(Posting):
    """What a State or an organization (donor, UN entity, regional organization, NGO)
    offers: themes, kinds, who is eligible, how much, when, on what conditions."""

    owner_message = _("An offer comes either from a State or from an organization.")

    kinds = models.JSONField(_("kinds of assistance"), default=list, blank=True)
    eligible_areas = models.ManyToManyField(
        "states.Area", verbose_name=_("eligible regions"), blank=True, related_name="+"
    )
    eligible_states = models.ManyToManyField(
        "states.State", verbose_name=_("eligible States"), blank=True, related_name="+"
    )
    budget_min = amount_field(_("smallest amount"), null=True, blank=True)
    budget_max = amount_field(_("largest amount"), null=True, blank=True)
    budget_min_usd = usd_field(_("smallest amount in US dollars"))
    budget_max_usd = usd_field(_("largest amount in US dollars"))
    conditions = FreeTextField(_("conditions"), max_length=MESSAGE_MAX_CHARS, blank=True)
    contact_name = LineField(_("contact name"), blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=OfferStatus.choices, default=OfferStatus.OPEN
    )

    # What the provider writes, in the order it is asked (forms, API, export, services); the
    # rest is the system's.
    FIELDS = (
        "title",
        "description",
        "language",
        "working_languages",
        "themes",
        "kinds",
        "eligible_areas",
        "eligible_states",
        "budget_min",
        "budget_max",
        "currency",
        "starts_on",
        "ends_on",
        "conditions",
        "contact_name",
        "contact_email",
    )

    class Meta(Posting.Meta):
        verbose_name = _("assistance offer")
        verbose_name_plural = _("assistance offers")
        constraints = [
            exactly_one_owner("offer_comes_from_a_state_or_an_organization"),
            models.CheckConstraint(
                condition=Q(budget_min__isnull=True)
                | Q(budget_max__isnull=True)
                | Q(budget_max__gte=models.F("budget_min")),
                name="offer_budget_range_is_not_reversed",
            ),
        ]
        indexes = [models.Index(fields=["status", "-created_at"], name="offer_status_recent")]

    def get_absolute_url(self):
        return reverse("assistance:offer_detail", kwargs={"pk": self.pk})

    def clean(self):
        super().clean()
        low, high = self.budget_min, self.budget_max
        if low is not None and high is not None and high < low:
            raise ValidationError(
                {"budget_max": _("The largest amount is smaller than the smallest.")}
            )
        known = set(AssistanceKind.values)
        if not isinstance(self.kinds, list) or any(k not in known for k in self.kinds):
            raise ValidationError({"kinds": _("Choose among the kinds of assistance offered.")})
