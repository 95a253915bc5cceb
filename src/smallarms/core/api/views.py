"""Generic API views an app configures (as its pages configure ``core.views.generic``):
rows read through ``visible_to(user, action)``, writes through the services, whose
refusals answer 404 (may not) or 400 (with every message)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response

from smallarms.audit.choices import Event
from smallarms.audit.services import record

from . import api_validation_error


def call_service(function, /, *args, **kwargs):
    """Run a service; its refusals become 404 (may not) or 400 (with the messages)."""
    try:
        return function(*args, **kwargs)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        raise api_validation_error(error) from None


class RecordedReadMixin:
    """Records a ``read`` audit event when a list or a detail gives the caller what the
    public does not get (personal details, restricted answers, the audit trail): the API is
    a door to the same data as the CSV, vCard and download, which are recorded too.

    ``read_name`` names what is read, as its export does (``points-of-contact``);
    ``records_read(rows)`` says whether the serialized ``rows`` are worth an entry.
    The entry is written after the rows are read, so a read of the audit trail does not
    list itself.
    """

    read_name = ""

    def records_read(self, rows: list) -> bool:
        return True

    def read_details(self, row: dict) -> dict:
        """What else a detail's entry keeps (never a secret)."""
        return {}

    def read_filters(self) -> dict:
        return {key: value for key, value in self.request.GET.items() if value}

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        data = response.data
        rows = data.get("results", []) if isinstance(data, dict) else list(data)
        if response.status_code == status.HTTP_200_OK and self.records_read(rows):
            record(
                Event.READ,
                data={
                    "read": self.read_name,
                    "via": "api",
                    "filters": self.read_filters(),
                    "rows": len(rows),
                },
            )
        return response

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        data = self.get_serializer(instance).data
        if self.records_read([data]):
            self.record_read_of(instance, rows=1, **self.read_details(data))
        return Response(data)

    def record_read_of(self, instance, *, rows, **details):
        """One object read (its detail, or a list that belongs to it such as its history)."""
        record(
            Event.READ,
            obj=instance,
            data={"read": self.read_name, "via": "api", **details, "rows": rows},
        )


class VisibleModelViewSet(viewsets.ReadOnlyModelViewSet):
    """A model's list and detail, read through ``visible_to(user, action)``; an action of the
    viewset reads with the rule's action named in ``row_actions`` ("view" otherwise)."""

    model = None
    row_actions: dict = {}
    select_related: tuple = ()
    prefetch_related: tuple = ()

    def get_queryset(self):
        action = self.row_actions.get(self.action, "view")
        queryset = self.model.objects.visible_to(self.request.user, action)
        if self.select_related:
            queryset = queryset.select_related(*self.select_related)
        if self.prefetch_related:
            queryset = queryset.prefetch_related(*self.prefetch_related)
        return queryset

    def read(self, obj, status_code=status.HTTP_200_OK) -> Response:
        serializer = self.serializer_class(obj, context=self.get_serializer_context())
        return Response(serializer.data, status=status_code)


class OwnedModelViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, VisibleModelViewSet):
    """A model held by a State or an organization: read, created (the owner given as
    ``state`` or ``organization``) and changed (PATCH) through its services, which decide
    who may. ``serializer_class`` reads, ``write_serializer_class`` takes the input."""

    write_serializer_class = None
    sign_in_actions = ("create",)
    row_actions = {"partial_update": "edit", "update": "edit"}
    http_method_names = ["get", "post", "patch", "head", "options"]

    def create_object(self, **data):
        raise NotImplementedError

    def update_object(self, obj, **data):
        raise NotImplementedError

    def get_serializer_class(self):
        if self.action in ("create", "partial_update", "update"):
            return self.write_serializer_class
        return self.serializer_class

    def create(self, request, *args, **kwargs):
        serializer = self.write_serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if bool(data.get("state")) == bool(data.get("organization")):
            raise ApiValidationError(
                {"non_field_errors": [_("Give either state (ISO 3166 alpha-3) or organization.")]}
            )
        obj = call_service(self.create_object, **data)
        return self.read(obj, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        obj = self.get_object()
        serializer = self.write_serializer_class(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("state", None), data.pop("organization", None)
        return self.read(call_service(self.update_object, obj, **data))
