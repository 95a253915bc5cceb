"""A busy database answers 503 with ``Retry-After``, never 500 (docs/performance.md).

On SQLite every write transaction takes the database's one write lock (``BEGIN
IMMEDIATE``, core/env.py); a writer that waits longer than ``SQLITE_BUSY_TIMEOUT`` gets
"database is locked". On PostgreSQL a lock timeout, a serialization failure or a deadlock
aborts one of the transactions. Either way the transaction was rolled back whole and sending
the same request again is safe, so the person (or the editor's script, or an API client) is
told to try again in a moment rather than shown a server error.
"""

import logging

from django.db import OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 1

# SQLite's result codes SQLITE_BUSY and SQLITE_LOCKED.
SQLITE_BUSY_CODES = {5, 6}
SQLITE_BUSY_MESSAGES = ("database is locked", "database table is locked")
# PostgreSQL's lock_not_available, serialization_failure and deadlock_detected: the
# transaction was aborted and may be run again as it was.
POSTGRES_RETRYABLE_STATES = {"55P03", "40001", "40P01"}


def database_busy(error: BaseException | None) -> bool:
    """Whether ``error`` means that the database was too busy to run the transaction."""
    if not isinstance(error, OperationalError):
        return False
    cause = error.__cause__ or error
    if getattr(cause, "sqlstate", None) in POSTGRES_RETRYABLE_STATES:
        return True
    if getattr(cause, "sqlite_errorcode", None) in SQLITE_BUSY_CODES:
        return True
    return str(error).startswith(SQLITE_BUSY_MESSAGES)


def _wants_json(request) -> bool:
    if request.path.startswith("/api/") or request.content_type == "application/json":
        return True
    accept = request.headers.get("Accept", "")
    return "application/json" in accept and "text/html" not in accept


def busy_response(request, error) -> HttpResponse:
    logger.warning(
        "The database was busy: %s %s answered 503 (%s)", request.method, request.path, error
    )
    message = _("Many people are saving at this moment. Please try again in a few seconds.")
    if _wants_json(request):
        # The API's errors carry "detail" (REST framework's convention); the report editor's
        # answers carry "error".
        key = "detail" if request.path.startswith("/api/") else "error"
        response = JsonResponse({key: message}, status=503)
    else:
        # Rendered without the request's context: the context processors may read the
        # database that is busy.
        response = HttpResponse(
            loader.render_to_string("503.html", {"message": message}), status=503
        )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
