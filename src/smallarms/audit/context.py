"""Who is acting, in which request, from which address: kept in context variables so the
audit trail can read them anywhere (a signal handler, a service) without passing them down.

The middleware sets them per request; ``acting_as(user)`` sets the actor for a service or a
management command.
"""

from contextlib import contextmanager
from contextvars import ContextVar

_UNSET = object()

_request: ContextVar = ContextVar("audit_request", default=None)
_actor: ContextVar = ContextVar("audit_actor", default=_UNSET)
_request_id: ContextVar[str] = ContextVar("audit_request_id", default="")
_client_address: ContextVar[str] = ContextVar("audit_client_address", default="")


@contextmanager
def acting_as(user):
    """Record what happens inside the block as done by ``user`` (``None``: the system)."""
    token = _actor.set(user)
    try:
        yield user
    finally:
        _actor.reset(token)


@contextmanager
def request_context(request, *, request_id: str, client_address: str):
    """Used by the middleware. The actor is read lazily from ``request.user``, so a sign-in
    in the middle of the request is seen and requests that record nothing cost no query."""
    tokens = (
        (_request, _request.set(request)),
        (_request_id, _request_id.set(request_id)),
        (_client_address, _client_address.set(client_address)),
    )
    try:
        yield
    finally:
        for var, token in reversed(tokens):
            var.reset(token)


def current_actor():
    actor = _actor.get()
    if actor is not _UNSET:
        return actor
    request = _request.get()
    user = getattr(request, "user", None) if request is not None else None
    if user is not None and user.is_authenticated:
        return user
    return None


def current_request_id() -> str:
    return _request_id.get()


def current_client_address() -> str:
    return _client_address.get()
