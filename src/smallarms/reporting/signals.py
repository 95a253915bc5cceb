"""What other domains hear from national reporting.

``report_submitted`` is sent inside the submission's transaction, so what a receiver writes
(the contact directory, assistance needs) is committed with the submission or not at all.
Receivers get ``report`` and ``acting_user``.
"""

from django.dispatch import Signal

report_submitted = Signal()
