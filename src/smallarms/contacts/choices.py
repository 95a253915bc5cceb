from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ContactKind(models.TextChoices):
    """What a directory entry is for. The first three are what the PoA and the ITI ask each
    State to designate; the technical contacts are where tracing and assistance go first."""

    POA_POINT_OF_CONTACT = "poa_point_of_contact", _("National point of contact on the PoA")
    ITI_POINT_OF_CONTACT = "iti_point_of_contact", _("National point of contact on the ITI")
    COORDINATION_BODY = "coordination_body", _("National coordination body")
    PERMANENT_MISSION = "permanent_mission", _("Permanent mission contact")
    MARKING_AND_RECORDS = "marking_and_records", _("Technical contact: marking and record-keeping")
    STOCKPILE_MANAGEMENT = "stockpile_management", _("Technical contact: stockpile management")
    TRACING = "tracing", _("Technical contact: tracing")
    BORDER_AND_CUSTOMS = "border_and_customs", _("Technical contact: border and customs")
    REGIONAL_POINT_OF_CONTACT = "regional_point_of_contact", _("Regional point of contact")


# Kinds an organization's entries may have; the others are a State's.
ORGANIZATION_KINDS = (
    ContactKind.REGIONAL_POINT_OF_CONTACT,
    ContactKind.MARKING_AND_RECORDS,
    ContactKind.STOCKPILE_MANAGEMENT,
    ContactKind.TRACING,
    ContactKind.BORDER_AND_CUSTOMS,
)
STATE_KINDS = tuple(kind for kind in ContactKind if kind != ContactKind.REGIONAL_POINT_OF_CONTACT)


class ChangeSource(models.TextChoices):
    """Where a version of an entry came from."""

    DIRECT = "direct", pgettext_lazy("source of a change", "Entered directly")
    REPORT = "report", pgettext_lazy("source of a change", "National report")
    IMPORT = "import", pgettext_lazy("source of a change", "Import")


# Languages a point of contact may work in: the six official languages first, then the
# other languages in which States most often correspond with the United Nations. Names come
# from Babel in the reader's language.
WORKING_LANGUAGES = (
    "ar",
    "zh",
    "en",
    "fr",
    "ru",
    "es",
    "pt",
    "de",
    "it",
    "nl",
    "tr",
    "fa",
    "sw",
    "ja",
    "ko",
    "id",
    "ms",
    "th",
    "vi",
    "hi",
    "ur",
    "bn",
    "uk",
    "kk",
    "ky",
    "uz",
    "tg",
    "hy",
    "ka",
    "az",
    "pl",
    "ro",
    "el",
    "he",
    "am",
    "ha",
    "so",
)
