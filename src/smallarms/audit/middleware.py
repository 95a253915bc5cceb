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
        return str(ipaddress.ip_address(value.strip().removeprefix("[").removesuffix("]")))
    except ValueError:
        return ""


def from_trusted_proxy(request) -> bool:
    """Whether the request came through the reverse proxy the settings trust: the site is
    behind one (``SECURE_PROXY_SSL_HEADER`` on) and the peer is ``TRUSTED_PROXY``."""
    if not getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        return False
    trusted = settings.TRUSTED_PROXY
    return trusted == "*" or _valid_address(request.META.get("REMOTE_ADDR", "")) == trusted


def client_address_of(request) -> str:
    """``REMOTE_ADDR``; from the trusted proxy, the last ``X-Forwarded-For`` hop instead: the
    one that proxy added. Earlier hops, and the whole header from any other peer, are the
    client's to forge. This is the hop Waitress takes too (``smallarms serve`` trusts the
    same proxy): behind it, ``REMOTE_ADDR`` already is that hop."""
    if from_trusted_proxy(request):
        hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if address := _valid_address(hops[-1]):
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
