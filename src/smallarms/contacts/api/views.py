from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotAuthenticated
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response

from smallarms.accounts import permissions
from smallarms.core.api import api_validation_error
from smallarms.core.api.views import RecordedReadMixin
from smallarms.states.models import Organization, State

from .. import services
from ..filters import ContactFilter
from ..models import Contact, ContactRevision
from .serializers import ContactCreateSerializer, ContactRevisionSerializer, ContactSerializer


class ContactViewSet(
    RecordedReadMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """The directory of points of contact. Everyone reads the public part (kind,
    institution, working languages, dates); signed-in officials of States and the
    secretariat also get names, posts, e-mail addresses, telephones and postal addresses.
    A State's national point of contact (an organization's assistance providers) and the
    secretariat add and change entries; a change must name the ``revision`` it was made
    on, and is refused with 409 when someone saved a later one. Saving confirms an entry.
    A read that carries personal details is recorded in the audit trail, as an export is."""

    filterset_class = ContactFilter
    sign_in_actions = ("create",)
    ordering_fields = ["last_confirmed_at", "updated_at", "kind"]
    ordering = ["state__name_en", "organization__name_en", "kind", "position"]
    http_method_names = ["get", "post", "patch", "head", "options"]
    # Recorded as the CSV and vCard exports are, when personal details are in the answer.
    read_name = "points-of-contact"

    def records_read(self, rows):
        return permissions.sees_contact_details(self.request.user)

    def get_queryset(self):
        queryset = Contact.objects.visible_to(self.request.user)
        if self.action in ("partial_update", "update", "confirm"):
            queryset = Contact.objects.visible_to(self.request.user, "edit")
        return queryset.select_related("state", "organization")

    def filter_queryset(self, queryset):
        # The filters choose the rows of the list (by default the entries valid today); an
        # entry itself is found by its id, a former one too, as its page finds it.
        if self.action != "list":
            return queryset
        return super().filter_queryset(queryset)

    def get_serializer_class(self):
        if self.action == "create":
            return ContactCreateSerializer
        if self.action == "history":
            return ContactRevisionSerializer
        return ContactSerializer

    def _fields(self, serializer):
        return {k: v for k, v in serializer.validated_data.items() if k in Contact.FIELDS}

    def perform_create(self, serializer):
        data = serializer.validated_data
        owner = {}
        if data.get("state"):
            owner["state"] = get_object_or_404(State, iso3=data["state"].upper())
        if data.get("organization"):
            owner["organization"] = get_object_or_404(Organization, slug=data["organization"])
        if len(owner) != 1:
            raise ApiValidationError(
                {"non_field_errors": [_("Give either state (ISO 3166 alpha-3) or organization.")]}
            )
        try:
            serializer.instance = services.create_contact(
                acting_user=self.request.user, **owner, **self._fields(serializer)
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            raise api_validation_error(error) from None

    @extend_schema(request=ContactCreateSerializer, responses={201: ContactSerializer})
    def create(self, request, *args, **kwargs):
        # Before the input is read, as the assistance API does: an anonymous write is 401.
        if not request.user.is_authenticated:
            raise NotAuthenticated
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.perform_create(serializer)
        data = ContactSerializer(serializer.instance, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(
        responses={
            200: ContactSerializer,
            409: OpenApiResponse(
                ContactSerializer,
                description="Someone saved a later revision: the entry as it is now, to merge "
                "the change into and send again with its revision.",
            ),
        }
    )
    def partial_update(self, request, *args, **kwargs):
        contact = self.get_object()
        serializer = self.get_serializer(contact, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        if "revision" not in serializer.validated_data:
            raise ApiValidationError(
                {"revision": [_("Give the revision of the entry your change is based on.")]}
            )
        try:
            contact = services.update_contact(
                acting_user=request.user,
                contact=contact,
                expected_revision=serializer.validated_data.get("revision"),
                **self._fields(serializer),
            )
        except services.EditConflict as conflict:
            # The entry as it is now, so the client can merge and retry on its revision.
            return Response(
                self.get_serializer(conflict.contact).data, status=status.HTTP_409_CONFLICT
            )
        except ValidationError as error:
            raise api_validation_error(error) from None
        return Response(self.get_serializer(contact).data)

    @extend_schema(request=None, responses={200: ContactSerializer})
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        """Confirm the entry as still correct, as of now."""
        contact = self.get_object()
        services.confirm_contacts(acting_user=request.user, contacts=[contact], via="api")
        contact.refresh_from_db()
        return Response(ContactSerializer(contact, context=self.get_serializer_context()).data)

    @extend_schema(responses={200: ContactRevisionSerializer(many=True)}, filters=False)
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def history(self, request, pk=None):
        """Every version of the entry, newest first, with its source (officials only)."""
        if not permissions.sees_contact_details(request.user):
            raise Http404
        contact = self.get_object()
        revisions = ContactRevision.objects.visible_to(request.user).filter(contact=contact)
        data = ContactRevisionSerializer(revisions.select_related("changed_by"), many=True).data
        self.record_read_of(contact, rows=len(data), history=True)
        return Response(data)
