"""National reporting: meetings and reporting cycles, report templates, national reports
(docs/reporting.md); one module per sub-domain."""

from .meetings import Meeting, Notification, ReportingCycle, Submission, meeting_code
from .reports import Answer, Attachment, Report, plain_text
from .templates import Question, ReportTemplate, TemplateSection

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
    "meeting_code",
    "plain_text",
]
