from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from smallarms.core.i18n import pick
from smallarms.core.models import FreeTextField, LineField, VisibleQuerySet
from smallarms.core.text import NOTE_MAX_CHARS

from .choices import AreaLevel, MembershipStatus, OrganizationKind, RegionalGroup


class Area(models.Model):
    """A geographic area of the UN M49 standard: a region, subregion or intermediate region."""

    code = models.CharField(_("M49 code"), max_length=3, primary_key=True)
    level = models.CharField(_("level"), max_length=20, choices=AreaLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    names = models.JSONField(_("names"), help_text=_("The name in each of the six languages."))

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("M49 area")
        verbose_name_plural = _("M49 areas")
        ordering = ["code"]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return pick(self.names)


class StateQuerySet(VisibleQuerySet):
    def members(self):
        return self.filter(un_member=True)


class State(models.Model):
    """A UN Member State or non-member observer State: who reports, asks and offers.

    The UN's own names are kept in the six official languages; other names a State has had
    or is known by live in the shipped data files and serve the State-name resolver.
    """

    iso3 = models.CharField(_("ISO 3166 alpha-3 code"), max_length=3, unique=True)
    iso2 = models.CharField(_("ISO 3166 alpha-2 code"), max_length=2, unique=True)
    m49 = models.CharField(_("M49 code"), max_length=3, unique=True)
    un_member = models.BooleanField(
        _("UN Member State"), help_text=_("False for the non-member observer States.")
    )
    regional_group = models.CharField(
        _("regional group"), max_length=20, choices=RegionalGroup.choices, blank=True
    )
    regional_group_note = FreeTextField(
        _("regional group note"), max_length=NOTE_MAX_CHARS, blank=True
    )
    region = models.ForeignKey(
        Area, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    subregion = models.ForeignKey(
        Area, verbose_name=_("subregion"), on_delete=models.PROTECT, related_name="+"
    )
    intermediate_region = models.ForeignKey(
        Area,
        verbose_name=_("intermediate region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    names = models.JSONField(
        _("names"), help_text=_("Short and formal names in each of the six languages.")
    )
    name_en = LineField(_("name in English"), max_length=120, db_index=True)
    search_text = models.TextField(
        _("search text"),
        editable=False,
        help_text=_("Every known name, normalized, for accent- and case-insensitive search."),
    )

    objects = StateQuerySet.as_manager()

    class Meta:
        verbose_name = _("State")
        verbose_name_plural = _("States")
        ordering = ["name_en"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(un_member=False) | ~models.Q(regional_group=""),
                name="member_state_has_regional_group",
            ),
        ]

    def __str__(self):
        return self.short_name

    def get_absolute_url(self):
        return reverse("states:state_detail", kwargs={"iso3": self.iso3})

    @property
    def short_name(self) -> str:
        return pick(self.names, "short")

    @property
    def formal_name(self) -> str:
        return pick(self.names, "formal")


class Organization(models.Model):
    """A regional or subregional organization, UN entity, international body, NGO or
    research institute active on small arms and light weapons."""

    slug = models.SlugField(_("identifier"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganizationKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="units",
    )
    names = models.JSONField(
        _("names"), help_text=_("Name and acronym in each of the six languages.")
    )
    name_en = LineField(_("name in English"), db_index=True)
    search_text = models.TextField(
        _("search text"),
        editable=False,
        help_text=_("Every name and acronym, normalized, for accent- and case-insensitive search."),
    )
    headquarters = LineField(_("headquarters"), max_length=120, blank=True)
    website = models.URLField(_("website"), blank=True)
    universal_membership = models.BooleanField(
        _("open to all States"),
        default=False,
        help_text=_("Members are not listed for organizations open to (nearly) every State."),
    )
    non_state_members_note = FreeTextField(
        _("members that are not UN Member or observer States"),
        max_length=NOTE_MAX_CHARS,
        blank=True,
    )
    membership_as_of = models.CharField(_("membership as of"), max_length=7, blank=True)
    members = models.ManyToManyField(
        State,
        verbose_name=_("member States"),
        through="OrganizationMembership",
        related_name="organizations",
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name_en"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("states:organization_detail", kwargs={"slug": self.slug})

    @property
    def name(self) -> str:
        return pick(self.names, "name")

    @property
    def acronym(self) -> str:
        return pick(self.names, "acronym")


class OrganizationMembership(models.Model):
    """A State's membership of an organization, with its status and, where known, since when."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    state = models.ForeignKey(
        State, verbose_name=_("State"), on_delete=models.CASCADE, related_name="memberships"
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=MembershipStatus.choices,
        default=MembershipStatus.MEMBER,
    )
    since = models.PositiveSmallIntegerField(_("member since"), null=True, blank=True)
    note = FreeTextField(_("note"), max_length=NOTE_MAX_CHARS, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "state"], name="one_membership_per_state_and_organization"
            ),
        ]

    def __str__(self):
        return f"{self.state} – {self.organization}"
