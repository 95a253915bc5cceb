"""International cooperation and assistance: needs, offers, their candidates and matches,
funded projects and their results, funding calls and proposals (docs/assistance.md).

Who sees what is decided in ``accounts.permissions`` (the one module of rules); every model
here is read through its ``visible_to(user, action)``.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from smallarms.core.models import VisibleQuerySet

from .choices import (
    LIVE_MATCH,
    AssistanceKind,
    CallStatus,
    MatchSide,
    MatchStatus,
    NeedStatus,
    OfferStatus,
    Priority,
    ProjectStatus,
    ProposalStatus,
)

currency_code = RegexValidator(
    r"^[A-Z]{3}$", _("Enter a currency as its three-letter ISO 4217 code, e.g. USD or EUR.")
)


class OwnedByStateOrOrganization(models.Model):
    """A State or an organization, exactly one: who posts a need, makes an offer …"""

    state = models.ForeignKey(
        "states.State",
        verbose_name=_("State"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    organization = models.ForeignKey(
        "states.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        abstract = True

    @property
    def owner(self):
        return self.state or self.organization

    @property
    def owner_key(self) -> tuple[str, int]:
        if self.state_id:
            return ("state", self.state_id)
        return ("organization", self.organization_id)


def _one_owner(name: str):
    return models.CheckConstraint(
        condition=(Q(state__isnull=False, organization__isnull=True))
        | (Q(state__isnull=True, organization__isnull=False)),
        name=name,
    )


def _languages_default():
    return []


# Needs -----------------------------------------------------------------------------------


class Need(OwnedByStateOrOrganization):
    """What a State (or an organization acting for States) needs to implement the PoA and
    the ITI: written as a project, with measurable objectives; public if the State says so."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    state = models.ForeignKey(
        "states.State",
        verbose_name=_("State"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assistance_needs",
    )
    organization = models.ForeignKey(
        "states.Organization",
        verbose_name=_("organization acting for States"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assistance_needs",
    )
    beneficiary_states = models.ManyToManyField(
        "states.State",
        verbose_name=_("beneficiary States"),
        blank=True,
        related_name="assistance_needs_benefiting",
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    language = models.CharField(
        _("language of the text"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    working_languages = models.JSONField(
        _("working languages"), default=_languages_default, blank=True
    )
    themes = models.ManyToManyField(
        "themes.Theme", verbose_name=_("themes"), blank=True, related_name="assistance_needs"
    )
    kind = models.CharField(_("kind of assistance"), max_length=20, choices=AssistanceKind.choices)
    budget_amount = models.DecimalField(
        _("estimated budget"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    currency = models.CharField(
        _("currency"), max_length=3, default="USD", validators=[currency_code]
    )
    budget_usd = models.DecimalField(
        _("estimated budget in US dollars"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
        help_text=_("Converted at the latest exchange rate; empty when there is none."),
    )
    starts_on = models.DateField(_("starts"), null=True, blank=True)
    ends_on = models.DateField(_("ends"), null=True, blank=True)
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
    # twice (services.needs_from_report).
    source_fingerprint = models.CharField(
        _("fingerprint of the report row"), max_length=64, blank=True, editable=False
    )
    action_plan_reference = models.CharField(
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
    created_at = models.DateTimeField(_("posted"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("posted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("assistance need")
        verbose_name_plural = _("assistance needs")
        ordering = ["-created_at"]
        constraints = [
            _one_owner("need_belongs_to_a_state_or_an_organization"),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="need_ends_after_it_starts",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="need_status_recent"),
            models.Index(fields=["state", "source_fingerprint"], name="need_report_row"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("assistance:need_detail", kwargs={"pk": self.pk})

    def clean(self):
        super().clean()
        if bool(self.state_id) == bool(self.organization_id):
            raise ValidationError(_("A need belongs either to a State or to an organization."))
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end date is before the start date.")})
        codes = {code for code, _name in settings.LANGUAGES}
        if any(code not in codes for code in self.working_languages or []):
            raise ValidationError(
                {"working_languages": _("Choose among the six official languages.")}
            )


class NeedObjective(models.Model):
    """A measurable objective of a need: what should change, how it is measured, from
    where to where, by when."""

    need = models.ForeignKey(
        Need, verbose_name=_("need"), on_delete=models.CASCADE, related_name="objectives"
    )
    objective = models.TextField(_("objective"))
    indicator = models.CharField(_("indicator"), max_length=300)
    baseline = models.DecimalField(
        _("baseline"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    target_date = models.DateField(_("target date"), null=True, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        ordering = ["pk"]

    def __str__(self):
        return self.indicator


# Offers ----------------------------------------------------------------------------------


class Offer(OwnedByStateOrOrganization):
    """What a State or an organization (donor, UN entity, regional organization, NGO)
    offers: themes, kinds, who is eligible, how much, when, on what conditions."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    state = models.ForeignKey(
        "states.State",
        verbose_name=_("providing State"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assistance_offers",
    )
    organization = models.ForeignKey(
        "states.Organization",
        verbose_name=_("providing organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assistance_offers",
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    language = models.CharField(
        _("language of the text"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    working_languages = models.JSONField(
        _("working languages"), default=_languages_default, blank=True
    )
    themes = models.ManyToManyField(
        "themes.Theme", verbose_name=_("themes"), blank=True, related_name="assistance_offers"
    )
    kinds = models.JSONField(_("kinds of assistance"), default=list, blank=True)
    eligible_areas = models.ManyToManyField(
        "states.Area", verbose_name=_("eligible regions"), blank=True, related_name="+"
    )
    eligible_states = models.ManyToManyField(
        "states.State", verbose_name=_("eligible States"), blank=True, related_name="+"
    )
    budget_min = models.DecimalField(
        _("smallest amount"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    budget_max = models.DecimalField(
        _("largest amount"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    currency = models.CharField(
        _("currency"), max_length=3, default="USD", validators=[currency_code]
    )
    budget_min_usd = models.DecimalField(
        _("smallest amount in US dollars"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
    )
    budget_max_usd = models.DecimalField(
        _("largest amount in US dollars"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
    )
    starts_on = models.DateField(_("available from"), null=True, blank=True)
    ends_on = models.DateField(_("available until"), null=True, blank=True)
    conditions = models.TextField(_("conditions"), blank=True)
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=OfferStatus.choices, default=OfferStatus.OPEN
    )
    created_at = models.DateTimeField(_("posted"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("posted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("assistance offer")
        verbose_name_plural = _("assistance offers")
        ordering = ["-created_at"]
        constraints = [
            _one_owner("offer_comes_from_a_state_or_an_organization"),
            models.CheckConstraint(
                condition=Q(budget_min__isnull=True)
                | Q(budget_max__isnull=True)
                | Q(budget_max__gte=models.F("budget_min")),
                name="offer_budget_range_is_not_reversed",
            ),
        ]
        indexes = [models.Index(fields=["status", "-created_at"], name="offer_status_recent")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("assistance:offer_detail", kwargs={"pk": self.pk})

    def clean(self):
        super().clean()
        if bool(self.state_id) == bool(self.organization_id):
            raise ValidationError(_("An offer comes either from a State or from an organization."))
        low, high = self.budget_min, self.budget_max
        if low is not None and high is not None and high < low:
            raise ValidationError(
                {"budget_max": _("The largest amount is smaller than the smallest.")}
            )
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end date is before the start date.")})
        known = set(AssistanceKind.values)
        if not isinstance(self.kinds, list) or any(k not in known for k in self.kinds):
            raise ValidationError({"kinds": _("Choose among the kinds of assistance offered.")})
        codes = {code for code, _name in settings.LANGUAGES}
        if any(code not in codes for code in self.working_languages or []):
            raise ValidationError(
                {"working_languages": _("Choose among the six official languages.")}
            )


class ExchangeRate(models.Model):
    """How many US dollars one unit of a currency is worth from a date on: kept by the
    secretariat so that budgets in different currencies can be compared."""

    currency = models.CharField(_("currency"), max_length=3, validators=[currency_code])
    usd_per_unit = models.DecimalField(
        _("US dollars per unit"),
        max_digits=18,
        decimal_places=8,
        validators=[MinValueValidator(0)],
    )
    valid_from = models.DateField(_("valid from"))
    source = models.CharField(
        _("source"), max_length=200, blank=True, help_text=_("Where the rate comes from.")
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        ordering = ["currency", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["currency", "valid_from"], name="one_exchange_rate_per_currency_and_day"
            ),
            models.CheckConstraint(
                condition=Q(usd_per_unit__gt=0), name="exchange_rate_is_positive"
            ),
        ]

    def __str__(self):
        return f"{self.currency} {self.usd_per_unit} ({self.valid_from})"


# Candidates (written only by candidates.py) ---------------------------------------------


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


# Matches ---------------------------------------------------------------------------------


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
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    proposed_by_side = models.CharField(
        _("proposed by the side of"), max_length=10, choices=MatchSide.choices
    )
    status = models.CharField(
        _("status"), max_length=20, choices=MatchStatus.choices, default=MatchStatus.PROPOSED
    )
    message = models.TextField(_("message with the proposal"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("answered"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
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
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.body[:60]


# Projects --------------------------------------------------------------------------------


class Project(models.Model):
    """A funded piece of assistance: who receives, funds and carries it out, with what
    budget, when, which needs it meets, and what it achieved (its indicators)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
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
    implementer_name = models.CharField(
        _("implementer"),
        max_length=200,
        blank=True,
        help_text=_("When the implementer is not an organization of the directory."),
    )
    budget_amount = models.DecimalField(
        _("budget"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    currency = models.CharField(
        _("currency"), max_length=3, default="USD", validators=[currency_code]
    )
    budget_usd = models.DecimalField(
        _("budget in US dollars"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
    )
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
        "themes.Theme", verbose_name=_("themes"), blank=True, related_name="assistance_projects"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.PLANNED
    )
    outcome = models.TextField(_("outcome"), blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="project_ends_after_it_starts",
            ),
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
    amount = models.DecimalField(
        _("amount"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("funder")
        verbose_name_plural = _("funders")
        constraints = [_one_owner("funder_is_a_state_or_an_organization")]

    def __str__(self):
        return str(self.owner)


class ProjectIndicator(models.Model):
    """How a project's result is measured: baseline, target, unit — often the indicator of
    one of the needs' objectives."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="indicators"
    )
    name = models.CharField(_("indicator"), max_length=300)
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2, default=0)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    objective = models.ForeignKey(
        NeedObjective,
        verbose_name=_("objective of the need"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="indicators",
    )

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
    note = models.TextField(_("note"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["reported_on", "created_at"]

    def __str__(self):
        return f"{self.indicator}: {self.value} ({self.reported_on})"


# Funding calls ---------------------------------------------------------------------------


class FundingCall(models.Model):
    """A call for proposals opened by the secretariat (no funder) or by a funding State or
    organization: aims, eligible themes and regions, budget, deadline, criteria."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    title = models.CharField(_("title"), max_length=200)
    aims = models.TextField(_("aims"))
    state = models.ForeignKey(
        "states.State",
        verbose_name=_("funding State"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    organization = models.ForeignKey(
        "states.Organization",
        verbose_name=_("funding organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="funding_calls",
        help_text=_("Empty: a call of the secretariat."),
    )
    themes = models.ManyToManyField(
        "themes.Theme", verbose_name=_("eligible themes"), blank=True, related_name="+"
    )
    eligible_areas = models.ManyToManyField(
        "states.Area", verbose_name=_("eligible regions"), blank=True, related_name="+"
    )
    budget_amount = models.DecimalField(
        _("total budget"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    currency = models.CharField(
        _("currency"), max_length=3, default="USD", validators=[currency_code]
    )
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=20, choices=CallStatus.choices, default=CallStatus.OPEN
    )
    created_at = models.DateTimeField(_("opened"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("funding call")
        verbose_name_plural = _("funding calls")
        ordering = ["-deadline"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__isnull=True) | Q(organization__isnull=True),
                name="call_has_at_most_one_funder",
            ),
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
    name = models.CharField(_("criterion"), max_length=200)
    description = models.TextField(_("description"), blank=True)
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
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"))
    needs = models.ManyToManyField(
        Need, verbose_name=_("needs answered"), blank=True, related_name="proposals"
    )
    budget_amount = models.DecimalField(
        _("budget requested"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    currency = models.CharField(
        _("currency"), max_length=3, default="USD", validators=[currency_code]
    )
    starts_on = models.DateField(_("starts"), null=True, blank=True)
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ProposalStatus.choices,
        default=ProposalStatus.SUBMITTED,
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-submitted_at"]
        constraints = [
            _one_owner("proposal_comes_from_a_state_or_an_organization"),
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
    comment = models.TextField(_("comment"), blank=True)
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
