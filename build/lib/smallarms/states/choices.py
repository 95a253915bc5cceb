from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionalGroup(models.TextChoices):
    """The five regional groups of UN Member States (docs/reference-data.md explains edge cases)."""

    AFRICAN = "african", _("African States")
    ASIA_PACIFIC = "asia_pacific", _("Asia-Pacific States")
    EASTERN_EUROPEAN = "eeg", _("Eastern European States")
    LATIN_AMERICAN_CARIBBEAN = "grulac", _("Latin American and Caribbean States")
    WESTERN_EUROPEAN_OTHER = "weog", _("Western European and other States")


class AreaLevel(models.TextChoices):
    REGION = "region", _("Region")
    SUBREGION = "subregion", _("Subregion")
    INTERMEDIATE = "intermediate", _("Intermediate region")


class OrganizationKind(models.TextChoices):
    REGIONAL = "regional", _("Regional organization")
    SUBREGIONAL = "subregional", _("Subregional organization")
    UN_ENTITY = "un_entity", _("United Nations entity")
    INTERNATIONAL = "international", _("International organization")
    NGO = "ngo", _("Non-governmental organization")
    RESEARCH = "research", _("Research institute")


class MembershipStatus(models.TextChoices):
    MEMBER = "member", _("Member")
    SUSPENDED = "suspended", _("Suspended")
