"""Sets the audit context of each request: actor, request id and client address."""

import ipaddress
import re
import uuid

from django.conf import settings

from .context import request_context

REQUEST_ID_HEADER = "X-Request-ID"
_REQUEST_ID = re.compile(r"[A-Za-z0-9_-]{8,64}")


def request_id_of(request) -> str:
    """The caller's ``X-Request-ID`` when it is a sane token (so a proxy's id links its logs
    with ours), otherwise a new one."""
    incoming = request.headers.get(REQUEST_ID_HEADER, "")
    if _REQUEST_ID.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


def _valid_address(value: str) -> str:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return ""


def client_address_of(request) -> str:
    """``REMOTE_ADDR``; behind a trusted proxy (``SECURE_PROXY_SSL_HEADER`` set) the first
    ``X-Forwarded-For`` hop instead. Without a trusted proxy that header is anyone's to
    forge, so it is ignored."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded and (address := _valid_address(forwarded.split(",")[0])):
            return address
    return _valid_address(request.META.get("REMOTE_ADDR", ""))


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request_id_of(request)
        request.request_id = request_id
        with request_context(
            request, request_id=request_id, client_address=client_address_of(request)
        ):
            response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        return response
