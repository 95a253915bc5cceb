"""The assistance API: needs, offers, matches (and their messages), projects (and their
progress), funding calls and proposals. Reads go through ``visible_to``; writes through
the same services as the pages. What the caller may not see answers 404."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from smallarms.accounts import permissions
from smallarms.assistance.services import matches, needs, offers, projects
from smallarms.core.api.schema import REFUSED
from smallarms.core.api.views import OwnedModelViewSet, RecordedReadMixin, call_service

from ..filters import FundingCallFilter, MatchFilter, NeedFilter, OfferFilter, ProjectFilter
from ..models import (
    FundingCall,
    Match,
    Need,
    Offer,
    Project,
    ProjectIndicator,
    Proposal,
)
from . import serializers as s


@extend_schema_view(
    create=extend_schema(request=s.NeedWriteSerializer, responses={201: s.NeedSerializer}),
    partial_update=extend_schema(request=s.NeedWriteSerializer, responses={200: s.NeedSerializer}),
)
class NeedViewSet(OwnedModelViewSet):
    """Assistance needs: public ones for everyone; private ones for the State's national
    point of contact and reporting officers (an organization's need: its providers), the
    providers matched with it and the secretariat. The national point of contact (an
    organization's providers) posts and changes them."""

    model = Need
    serializer_class = s.NeedSerializer
    write_serializer_class = s.NeedWriteSerializer
    filterset_class = NeedFilter
    ordering_fields = ["created_at", "budget_usd", "priority"]
    ordering = ["-created_at"]
    select_related = ("state", "organization")
    prefetch_related = ("themes", "beneficiary_states", "objectives")

    def create_object(self, **data):
        return needs.create_need(acting_user=self.request.user, **data)

    def update_object(self, need, **data):
        return needs.update_need(acting_user=self.request.user, need=need, **data)


@extend_schema_view(
    create=extend_schema(request=s.OfferWriteSerializer, responses={201: s.OfferSerializer}),
    partial_update=extend_schema(
        request=s.OfferWriteSerializer, responses={200: s.OfferSerializer}
    ),
)
class OfferViewSet(RecordedReadMixin, OwnedModelViewSet):
    """Assistance offers, public (contact details only for signed-in callers). A State's
    or organization's assistance providers (and a State's national point of contact) post
    and change them. A read that carries the contact details is recorded in the audit
    trail, as the CSV of offers is."""

    # Named as the CSV export is; recorded when the contact person's details are given.
    read_name = "assistance-offers"

    def records_read(self, rows):
        return permissions.sees_offer_contact(self.request.user)

    model = Offer
    serializer_class = s.OfferSerializer
    write_serializer_class = s.OfferWriteSerializer
    filterset_class = OfferFilter
    ordering_fields = ["created_at", "budget_max_usd"]
    ordering = ["-created_at"]
    select_related = ("state", "organization")
    prefetch_related = ("themes", "eligible_areas", "eligible_states")

    def create_object(self, **data):
        return offers.create_offer(acting_user=self.request.user, **data)

    def update_object(self, offer, **data):
        return offers.update_offer(acting_user=self.request.user, offer=offer, **data)


class MatchViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Matches between a need and an offer, seen by the people of both sides and the
    secretariat. Either side proposes (POST); the other side accepts or declines."""

    filterset_class = MatchFilter
    sign_in_actions = ("create",)
    ordering_fields = ["created_at"]
    ordering = ["-created_at"]

    def get_queryset(self):
        return Match.objects.visible_to(self.request.user).select_related("need", "offer")

    def get_serializer_class(self):
        if self.action == "create":
            return s.MatchProposeSerializer
        if self.action == "messages":
            return s.MessageSerializer
        if self.action == "decline":
            return s.DeclineSerializer
        return s.MatchSerializer

    @extend_schema(request=s.MatchProposeSerializer, responses={201: s.MatchSerializer})
    def create(self, request, *args, **kwargs):
        serializer = s.MatchProposeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        need = get_object_or_404(Need.objects.visible_to(request.user), pk=data["need"])
        offer = get_object_or_404(Offer.objects.visible_to(request.user), pk=data["offer"])
        match = call_service(
            matches.propose_match,
            acting_user=request.user,
            need=need,
            offer=offer,
            message=data["message"],
        )
        return Response(s.MatchSerializer(match).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: s.MatchSerializer, 400: REFUSED})
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """Accept a proposal of the other side."""
        match = call_service(
            matches.accept_match, acting_user=request.user, match=self.get_object()
        )
        return Response(s.MatchSerializer(match).data)

    @extend_schema(request=s.DeclineSerializer, responses={200: s.MatchSerializer})
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        """Decline a proposal of the other side, optionally with a reason."""
        serializer = s.DeclineSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        match = call_service(
            matches.decline_match,
            acting_user=request.user,
            match=self.get_object(),
            reason=serializer.validated_data["reason"],
        )
        return Response(s.MatchSerializer(match).data)

    @extend_schema(methods=["get"], request=None, responses={200: s.MessageSerializer(many=True)})
    @extend_schema(
        methods=["post"], request=s.MessageSerializer, responses={201: s.MessageSerializer}
    )
    @action(detail=True, methods=["get", "post"], filterset_class=None, pagination_class=None)
    def messages(self, request, pk=None):
        """The match's private conversation; POST adds a message."""
        match = self.get_object()
        if request.method == "POST":
            serializer = s.MessageSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            message = call_service(
                matches.post_message,
                acting_user=request.user,
                match=match,
                body=serializer.validated_data["body"],
            )
            return Response(s.MessageSerializer(message).data, status=status.HTTP_201_CREATED)
        messages = match.messages.select_related("author")
        return Response(s.MessageSerializer(messages, many=True).data)


class ProjectViewSet(viewsets.ReadOnlyModelViewSet):
    """Funded projects and their results: public, except those meeting only private needs
    (seen like the needs). Funders, implementers and the recipient State's national point
    of contact report progress."""

    filterset_class = ProjectFilter
    sign_in_actions = ("progress",)
    ordering_fields = ["created_at", "budget_usd"]
    ordering = ["-created_at"]

    def get_queryset(self):
        return (
            Project.objects.visible_to(self.request.user)
            .select_related("recipient_state", "implementer")
            .prefetch_related(
                "funders__state", "funders__organization", "themes", "indicators__progress"
            )
        )

    def get_serializer_class(self):
        if self.action == "progress":
            return s.ProgressWriteSerializer
        return s.ProjectSerializer

    @extend_schema(request=s.ProgressWriteSerializer, responses={201: s.ProgressSerializer})
    @action(detail=True, methods=["post"])
    def progress(self, request, pk=None):
        """Report the value of one of the project's indicators on a date."""
        project = self.get_object()
        serializer = s.ProgressWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        indicator = get_object_or_404(
            ProjectIndicator.objects.filter(project=project), pk=data.pop("indicator")
        )
        report = call_service(
            projects.report_progress, acting_user=request.user, indicator=indicator, **data
        )
        return Response(s.ProgressSerializer(report).data, status=status.HTTP_201_CREATED)


class FundingCallViewSet(viewsets.ReadOnlyModelViewSet):
    """Funding calls of the secretariat and of funders, with their criteria. Public."""

    serializer_class = s.CallSerializer
    filterset_class = FundingCallFilter
    ordering_fields = ["deadline", "created_at"]
    ordering = ["-deadline"]

    def get_queryset(self):
        return (
            FundingCall.objects.visible_to(self.request.user)
            .select_related("state", "organization")
            .prefetch_related("themes", "eligible_areas", "criteria")
        )


class ProposalViewSet(viewsets.ReadOnlyModelViewSet):
    """Proposals: seen by their proposer, the call's funder (its reviewers) and the
    secretariat only."""

    serializer_class = s.ProposalSerializer
    ordering_fields = ["submitted_at"]
    ordering = ["-submitted_at"]
    filter_backends = []

    def get_queryset(self):
        return (
            Proposal.objects.visible_to(self.request.user)
            .select_related("state", "organization")
            .prefetch_related("needs")
            .order_by("-submitted_at")
        )
