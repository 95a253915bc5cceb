from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


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


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned to the State")
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Superseded by a later version")


EDITABLE = (ReportStatus.DRAFT, ReportStatus.RETURNED)
PUBLIC = (ReportStatus.PUBLISHED, ReportStatus.SUPERSEDED)


class AnswerType(models.TextChoices):
    YES_NO_NA = "yes_no_na", _("Yes / no / not applicable")
    NUMBER = "number", pgettext_lazy("kind of answer", "Number")
    DATE = "date", _("Date")
    SINGLE_CHOICE = "single_choice", _("One choice")
    MULTIPLE_CHOICE = "multiple_choice", _("Several choices")
    TEXT = "text", _("Free text")
    TABLE = "table", _("Table")
    CONTACT = "contact", _("Contact person")
    ATTACHMENT = "attachment", _("Attachment")


YES_NO_NA_LABELS = {"yes": _("Yes"), "no": _("No"), "na": _("Not applicable")}


class ColumnType(models.TextChoices):
    TEXT = "text", _("Text")
    NUMBER = "number", pgettext_lazy("kind of answer", "Number")
    DATE = "date", _("Date")
    CHOICE = "choice", _("Choice")
    YES_NO = "yes_no", _("Yes / no")
