from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingKind(models.TextChoices):
    """The meetings of the PoA process (docs/reporting.md)."""

    BIENNIAL_MEETING = "bms", _("Biennial Meeting of States")
    EXPERT_MEETING = "mge", _("Meeting of Governmental Experts")
    REVIEW_CONFERENCE = "revcon", _("Review Conference")


# The prefix of a meeting's code: BMS8, MGE2, RevCon4. Codes are identifiers, not translated.
CODE_PREFIXES = {
    MeetingKind.BIENNIAL_MEETING: "BMS",
    MeetingKind.EXPERT_MEETING: "MGE",
    MeetingKind.REVIEW_CONFERENCE: "RevCon",
}


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")


class CycleStatus(models.TextChoices):
    PLANNED = "planned", _("Not yet open")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class SubmissionSource(models.TextChoices):
    SYSTEM = "system", _("Submitted in this system")
    RECORDED = "recorded", _("Recorded from earlier records")


class NotificationKind(models.TextChoices):
    OPENED = "opened", _("Reporting cycle opened")
    REMINDER = "reminder", _("Reminder before the closing date")
