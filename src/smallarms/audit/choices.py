from django.db import models
from django.utils.translation import gettext_lazy as _


class Event(models.TextChoices):
    """What an audit entry records. The codes are stored and hashed: never rename one.
    Later capabilities add their own events here (submit, publish, match accepted …)."""

    CREATED = "created", _("Created")
    UPDATED = "updated", _("Updated")
    DELETED = "deleted", _("Deleted")
    LOGIN_SUCCEEDED = "login_succeeded", _("Signed in")
    LOGIN_FAILED = "login_failed", _("Sign-in failed")
    LOGIN_LOCKED = "login_locked", _("Sign-in locked")
    LOGIN_REFUSED_LOCKED = "login_refused_locked", _("Sign-in refused while locked")
    LOGOUT = "logout", _("Signed out")
    PASSWORD_RESET_REQUESTED = "password_reset_requested", _("Password reset requested")
    PASSWORD_CHANGED = "password_changed", _("Password changed")
    TWO_FACTOR_ENABLED = "two_factor_enabled", _("Two-factor authentication turned on")
    TWO_FACTOR_DISABLED = "two_factor_disabled", _("Two-factor authentication turned off")
    RECOVERY_CODES_GENERATED = "recovery_codes_generated", _("Recovery codes generated")
    ROLE_GRANTED = "role_granted", _("Role granted")
    ROLE_REVOKED = "role_revoked", _("Role revoked")
    INVITATION_SENT = "invitation_sent", _("Invitation sent")
    INVITATION_ACCEPTED = "invitation_accepted", _("Invitation accepted")
    TOKEN_CREATED = "token_created", _("API token created")
    TOKEN_REVOKED = "token_revoked", _("API token revoked")
    EXPORT = "export", _("Export")
    DOWNLOAD = "download", _("Download")
    # Personal or confidential data read through the API: the door beside the export.
    READ = "read", _("Read through the API")
    SUBMISSIONS_IMPORTED = "submissions_imported", _("Submissions imported")
    NOTIFICATION_SENT = "notification_sent", _("Notification sent")
    TEMPLATE_IMPORTED = "template_imported", _("Report template imported")
    REPORT_STARTED = "report_started", _("National report started")
    REPORT_SUBMITTED = "report_submitted", _("National report submitted")
    REPORT_RETURNED = "report_returned", _("National report returned to the State")
    REPORT_PUBLISHED = "report_published", _("National report published")
    CONTACTS_CONFIRMED = "contacts_confirmed", _("Points of contact confirmed")
    CONTACTS_UPDATED_FROM_REPORT = (
        "contacts_updated_from_report",
        _("Points of contact updated from a national report"),
    )
    CONTACTS_CONFIRMATION_REQUESTED = (
        "contacts_confirmation_requested",
        _("Confirmation of points of contact requested"),
    )
    NEED_POSTED = "need_posted", _("Assistance need posted")
    NEED_WITHDRAWN = "need_withdrawn", _("Assistance need withdrawn")
    NEEDS_FROM_REPORT = "needs_from_report", _("Assistance needs taken from a national report")
    OFFER_POSTED = "offer_posted", _("Assistance offer posted")
    OFFER_CLOSED = "offer_closed", _("Assistance offer closed")
    EXCHANGE_RATE_SET = "exchange_rate_set", _("Exchange rate recorded")
    MATCH_PROPOSED = "match_proposed", _("Match proposed")
    MATCH_ACCEPTED = "match_accepted", _("Match accepted")
    MATCH_DECLINED = "match_declined", _("Match declined")
    MATCH_WITHDRAWN = "match_withdrawn", _("Match proposal withdrawn")
    MATCH_MESSAGE_POSTED = "match_message_posted", _("Message posted in a match")
    PROJECT_RECORDED = "project_recorded", _("Funded project recorded")
    PROGRESS_REPORTED = "progress_reported", _("Project progress reported")
    CALL_OPENED = "call_opened", _("Funding call opened")
    CALL_CLOSED = "call_closed", _("Funding call closed")
    PROPOSAL_SUBMITTED = "proposal_submitted", _("Proposal submitted")
    PROPOSAL_SCORED = "proposal_scored", _("Proposal scored")
    PROPOSAL_AWARDED = "proposal_awarded", _("Proposal awarded")
    PROPOSAL_REJECTED = "proposal_rejected", _("Proposal not retained")
