"""National reporting: meetings and reporting cycles, report templates, national reports
(docs/reporting.md); one module per sub-domain."""

from .meetings import Meeting, Notification, ReportingCycle, Submission, meeting_code
from .reports import Answer, Attachment, Report, plain_text
from .templates import Question, ReportTemplate, TemplateSection, check_number, number_rule

__all__ = [
    "Answer",
    "Attachment",
    "Meeting",
    "Notification",
    "Question",
    "Report",
    "ReportTemplate",
    "ReportingCycle",
    "Submission",
    "TemplateSection",
    "check_number",
    "meeting_code",
    "number_rule",
    "plain_text",
]
