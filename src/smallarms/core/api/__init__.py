"""API conventions every endpoint follows (docs/api.md)."""

from django.core.exceptions import ValidationError
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import BasePermission


class Pagination(PageNumberPagination):
    """``?page=N`` and ``?page_size=N`` (at most 500); responses carry count, next, previous."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class SignInRequired(BasePermission):
    """Anyone may call the API (what they see is ``visible_to`` them), except the actions a
    view names in ``sign_in_actions``: those answer 401 to an anonymous caller, before
    anything else. The schema documents the 401 from the same attribute."""

    def has_permission(self, request, view):
        if request.user and request.user.is_authenticated:
            return True
        return getattr(view, "action", None) not in getattr(view, "sign_in_actions", ())


def api_validation_error(error: ValidationError) -> ApiValidationError:
    """A service's ValidationError as the API's 400 answer: messages keyed by field, or
    under ``non_field_errors``."""
    if hasattr(error, "error_dict"):
        return ApiValidationError(error.message_dict)
    return ApiValidationError({"non_field_errors": error.messages})


# The largest values of the integer columns of SQLite and PostgreSQL. Django derives a
# field's range from the database in use, so without this the schema would depend on it.
_ENGINE_LIMITS = {32767, 2147483647, 9223372036854775807}


def engine_independent_integers(result, generator, request, public):
    """drf-spectacular post-processing hook: drop database-derived integer maxima, so that
    the committed schema is the same whichever database generated it."""

    def walk(node):
        if isinstance(node, dict):
            if node.get("type") == "integer" and node.get("maximum") in _ENGINE_LIMITS:
                node.pop("maximum")
                if node.get("format") == "int64":
                    node.pop("format")
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(result)
    return result
