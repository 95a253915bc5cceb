"""The OpenAPI schema: every operation documents the error answers it can give, from what the
view is (docs/api.md, "Errors"), so that a new endpoint is described without extra work.

- 400 for an operation that takes a body or filters (a filterset): the messages keyed by the
  field or parameter (``ValidationError``);
- 401 for every operation: a token that is not valid, and, for operations that need a
  signed-in caller, no credentials at all (``WWW-Authenticate: Token``);
- 403 for writes: a browser session that did not send its CSRF token;
- 404 for an operation on one object, for a paginated list (a page past the last) and for
  writes (what the caller may not do, like what it may not see, is not found);
- anything else (409 of a stale revision, 400 of a refused action without a body) is
  declared by the view with ``extend_schema`` (``REFUSED`` below).
"""

from dataclasses import dataclass

from django import forms
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular import openapi
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.utils import OpenApiResponse
from rest_framework import permissions, serializers
from rest_framework.authentication import SessionAuthentication

WRITES = ("POST", "PUT", "PATCH", "DELETE")


class ErrorSerializer(serializers.Serializer):
    """Why the request was refused, in the language asked for."""

    detail = serializers.CharField()


class ValidationErrorSerializer(serializers.Serializer):
    """Its schema is written out below: the keys are the fields of the input."""


MESSAGES = {"type": "array", "items": {"type": "string"}}


class ValidationErrorSchema(OpenApiSerializerExtension):
    target_class = ValidationErrorSerializer

    def map_serializer(self, auto_schema, direction):
        return {
            "type": "object",
            "description": (
                "What is wrong with the input, keyed by the field or query parameter: a list "
                "of messages (for a list field, messages keyed by the position of each wrong "
                "item). `non_field_errors` concerns the input as a whole; `detail`, a body "
                "that could not be read."
            ),
            "properties": {"non_field_errors": MESSAGES, "detail": {"type": "string"}},
            "additionalProperties": {
                "oneOf": [
                    MESSAGES,
                    {"type": "object", "additionalProperties": MESSAGES},
                ]
            },
        }


REFUSED = OpenApiResponse(
    ValidationErrorSerializer,
    description="Refused: the reason under `non_field_errors` (or under the field concerned).",
)

CHALLENGE = {
    "WWW-Authenticate": {
        "schema": {"type": "string", "enum": ["Token"]},
        "description": "The scheme to authenticate with: `Authorization: Token sa_…`.",
        "required": True,
    }
}


@dataclass(frozen=True)
class ErrorAnswer:
    """An error answer shared by many operations: one component under
    ``components/responses``, referred to by each."""

    name: str
    serializer: type
    description: str
    headers: dict | None = None


INVALID = ErrorAnswer(
    "Invalid",
    ValidationErrorSerializer,
    "The input or a filter is not valid: the messages keyed by the field or parameter "
    "(`non_field_errors` for the input as a whole).",
)
SIGN_IN_NEEDED = ErrorAnswer(
    "SignInNeeded",
    ErrorSerializer,
    "Not signed in (no token or session), or the token is not valid or was revoked.",
    headers=CHALLENGE,
)
BAD_TOKEN = ErrorAnswer(
    "BadToken",
    ErrorSerializer,
    "The token sent is not valid or was revoked. (Without credentials, the operation "
    "answers as for anyone.)",
    headers=CHALLENGE,
)
CSRF_FAILED = ErrorAnswer(
    "CsrfFailed",
    ErrorSerializer,
    "A write in a browser session without its CSRF token (programs sending a token never "
    "get this).",
)
NOT_FOUND = ErrorAnswer(
    "NotFound",
    ErrorSerializer,
    "Not found, or not for this caller: what the caller may not see or do looks the same as "
    "what does not exist. For a list, also a page past the last.",
)


class AutoSchema(openapi.AutoSchema):
    def needs_sign_in(self) -> bool:
        """Whether an anonymous caller is answered 401 (``IsAuthenticated``, or an action
        the view names in ``sign_in_actions``, see ``core.api.SignInRequired``)."""
        if any(isinstance(p, permissions.IsAuthenticated) for p in self.view.get_permissions()):
            return True
        return getattr(self.view, "action", None) in getattr(self.view, "sign_in_actions", ())

    def get_auth(self):
        auths = [auth for auth in super().get_auth() if auth]
        if auths and not self.needs_sign_in():
            auths.append({})  # anonymous callers are welcome
        return auths

    def takes_filters(self) -> bool:
        view = self.view
        return bool(
            self._is_list_view()
            and (getattr(view, "filterset_class", None) or getattr(view, "filterset_fields", None))
            and any(issubclass(b, DjangoFilterBackend) for b in self.get_filter_backends())
        )

    def error_answers(self) -> dict[str, ErrorAnswer]:
        answers = {}
        if self._get_request_body() or self.takes_filters():
            answers["400"] = INVALID
        authenticators = self.view.get_authenticators()
        if authenticators:
            answers["401"] = SIGN_IN_NEEDED if self.needs_sign_in() else BAD_TOKEN
        if self.method in WRITES and any(
            isinstance(a, SessionAuthentication) for a in authenticators
        ):
            answers["403"] = CSRF_FAILED
        paginated = self._is_list_view() and self._get_paginator() is not None
        if "{" in self.path or paginated or self.method in WRITES:
            answers["404"] = NOT_FOUND
        return answers

    def _error_response(self, code: str, answer: ErrorAnswer, direction) -> dict:
        response = self._get_response_for_code(
            OpenApiResponse(answer.serializer, description=answer.description),
            code,
            direction=direction,
        )
        if answer.headers:
            response["headers"] = answer.headers
        component = ResolvedComponent(
            name=answer.name, type=ResolvedComponent.RESPONSE, schema=response, object=answer
        )
        self.registry.register_on_missing(component)
        return component.ref

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code, answer in self.error_answers().items():
            if code not in responses:
                responses[code] = self._error_response(code, answer, direction)
        return dict(sorted(responses.items()))


class BoundedFilterParameters(DjangoFilterExtension):
    """drf-spectacular's parameters of a filter set, with the bounds of each filter's form
    field (``core.filters``: the longest search, the range of a year), so that a client
    knows them and the schema test sends values beyond them too."""

    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        parameters = super().resolve_filter_field(
            auto_schema, model, filterset_class, field_name, filter_field
        )
        if not issubclass(filter_field.field_class, (forms.CharField, forms.IntegerField)):
            return parameters  # building other form fields may query the database
        field = filter_field.field
        for parameter in parameters:
            schema = parameter["schema"]
            if isinstance(field, forms.IntegerField):
                schema["type"] = "integer"
                if field.min_value is not None:
                    schema["minimum"] = field.min_value
                if field.max_value is not None:
                    schema["maximum"] = field.max_value
            elif field.max_length is not None:
                schema["maxLength"] = field.max_length
        return parameters
