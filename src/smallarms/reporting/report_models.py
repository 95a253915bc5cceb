"""Where a landed migration (``0003_report_attachments``) finds the function that names an
attachment's stored file. The models themselves are in ``models/``."""

from .models.reports import attachment_path  # noqa: F401
