"""API conventions every endpoint follows (docs/api.md)."""

from django.core.exceptions import ValidationError
from django.http import Http404
from rest_framework import exceptions, renderers
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import BasePermission


class Pagination(PageNumberPagination):
    """``?page=N`` and ``?page_size=N`` (at most 500); responses carry count, next, previous."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class BrowsableAPIRenderer(renderers.BrowsableAPIRenderer):
    """The API in a browser (``?format=api``). Its forms for changing an object come filled
    with the object as the *write* serializer sees it, which may hold more than the reader
    may see (an offer's contact for an anonymous visitor). So such a form is shown only to
    whoever may make the change: the view finds the object again under the method's own
    action, as the change itself would (its ``get_queryset`` narrows to what the caller may
    edit), and not finding it means no form."""

    def show_form_for_method(self, view, method, request, obj):
        if not super().show_form_for_method(view, method, request, obj):
            return False
        if obj is None or not hasattr(view, "get_object"):
            return True
        try:
            view.get_object()
        except (Http404, exceptions.APIException):
            return False
        return True


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
