"""What other domains hear from national reporting.

Both signals are sent inside the transaction of the step, so what a receiver writes is
committed with it or not at all. Receivers get ``report`` and ``acting_user``.

- ``report_started``: a new report has been prefilled from the State's previous one; a
  receiver may put more current data in (the contact directory's points of contact).
- ``report_submitted``: the report was submitted; receivers take what it says (the contact
  directory, assistance needs).
"""

from django.dispatch import Signal

report_started = Signal()
report_submitted = Signal()
