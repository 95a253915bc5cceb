"""Response headers every page, API answer and download carries (docs/security.md), the
answer to a busy database (docs/performance.md), and paths that name nothing."""

from django.conf import settings
from django.http import Http404
from django.utils.cache import add_never_cache_headers

from .busy import busy_response, database_busy


class NoStoreMiddleware:
    """Nothing the application answers is kept by a browser or a proxy cache.

    Every response a signed-in person gets holds their data, and every download (CSV, vCard,
    JSON, workbook, attachment, audit export) is data someone chose to take away: neither
    may stay on a shared computer's disk or in a proxy. Pages for anonymous visitors are
    not cacheable either, deliberately: almost every one carries a CSRF token tied to the
    visitor's cookie and the visitor's language, so no proxy could share it; several hold
    personal data reached by a secret link (password reset, invitation, contact
    confirmation, the second sign-in step); and the public directory names people, who must
    be able to disappear from it. Without validators a private cache would only save a
    reload. The one part worth caching, the static files, is served above this middleware
    by WhiteNoise, with far-future headers on names that change with their content.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Overrides whatever a view set: no page may opt out on its own.
        if "Cache-Control" in response:
            del response["Cache-Control"]
        add_never_cache_headers(response)
        return response


class PermissionsPolicyMiddleware:
    """``Permissions-Policy``: the browser features of ``PERMISSIONS_POLICY_DISABLED`` are
    off for every page and for anything it might embed (Django has no setting for it)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(f"{feature}=()" for feature in settings.PERMISSIONS_POLICY_DISABLED)

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.header)
        return response


class BusyDatabaseMiddleware:
    """A view (a page, the API, the editor's saves) that met a busy database answers 503
    with ``Retry-After`` instead of a server error (core/busy.py). A busy database met in
    another middleware (the session's save) is answered the same by ``handler500``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if database_busy(exception):
            return busy_response(request, exception)
        return None


class NulInPathMiddleware:
    """A path holding a NUL character names nothing: it answers 404 before any view looks it
    up. PostgreSQL cannot compare text holding one, so the lookup of an identifier (a
    meeting's code, an organization's slug) would otherwise fail with a server error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info:
            raise Http404
        return self.get_response(request)
