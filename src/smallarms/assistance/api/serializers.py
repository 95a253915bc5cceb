"""Serializers of the assistance API. Reading shows what ``visible_to`` lets through;
writing only checks the shape of the input: the services validate and write."""

import uuid

from rest_framework import serializers

from smallarms.states.models import Area, Organization, State
from smallarms.themes.models import Theme

from ..choices import AssistanceKind, Priority
from ..models import (
    FundingCall,
    Match,
    MatchMessage,
    Need,
    NeedObjective,
    Offer,
    ProgressReport,
    Project,
    ProjectFunder,
    ProjectIndicator,
    Proposal,
)


class OwnerMixin(serializers.Serializer):
    state = serializers.SlugRelatedField(
        slug_field="iso3", read_only=True, allow_null=True, help_text="ISO 3166 alpha-3."
    )
    organization = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)


class ObjectiveSerializer(serializers.ModelSerializer):
    class Meta:
        model = NeedObjective
        fields = ["id", "objective", "indicator", "baseline", "target", "unit", "target_date"]


class NeedSerializer(OwnerMixin, serializers.ModelSerializer):
    beneficiary_states = serializers.SlugRelatedField(slug_field="iso3", many=True, read_only=True)
    themes = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    objectives = ObjectiveSerializer(many=True, read_only=True)
    source_report = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = Need
        fields = [
            "id", "state", "organization", "beneficiary_states", "title", "description",
            "language", "working_languages", "themes", "kind", "budget_amount", "currency",
            "budget_usd", "starts_on", "ends_on", "priority", "status", "is_public",
            "source_report", "source_question", "source_row", "action_plan_reference",
            "objectives", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


class NeedWriteSerializer(serializers.Serializer):
    """A need as a client posts or changes it."""

    state = serializers.SlugRelatedField(
        slug_field="iso3", queryset=State.objects.all(), required=False, allow_null=True
    )
    organization = serializers.SlugRelatedField(
        slug_field="slug", queryset=Organization.objects.all(), required=False, allow_null=True
    )
    beneficiary_states = serializers.SlugRelatedField(
        slug_field="iso3", queryset=State.objects.all(), many=True, required=False
    )
    title = serializers.CharField(max_length=200)
    description = serializers.CharField()
    language = serializers.CharField(max_length=10, default="en")
    working_languages = serializers.ListField(child=serializers.CharField(), required=False)
    themes = serializers.SlugRelatedField(
        slug_field="code", queryset=Theme.objects.all(), many=True
    )
    kind = serializers.ChoiceField(choices=AssistanceKind.choices)
    budget_amount = serializers.DecimalField(
        max_digits=14, decimal_places=2, required=False, allow_null=True
    )
    currency = serializers.CharField(max_length=3, default="USD")
    starts_on = serializers.DateField(required=False, allow_null=True)
    ends_on = serializers.DateField(required=False, allow_null=True)
    priority = serializers.ChoiceField(choices=Priority.choices, default=Priority.MEDIUM)
    action_plan_reference = serializers.CharField(max_length=300, required=False, allow_blank=True)
    is_public = serializers.BooleanField(default=False)


class OfferSerializer(OwnerMixin, serializers.ModelSerializer):
    themes = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    eligible_areas = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    eligible_states = serializers.SlugRelatedField(slug_field="iso3", many=True, read_only=True)
    kinds = serializers.ListField(child=serializers.CharField(), read_only=True)
    contact_name = serializers.SerializerMethodField()
    contact_email = serializers.SerializerMethodField()

    class Meta:
        model = Offer
        fields = [
            "id", "state", "organization", "title", "description", "language",
            "working_languages", "themes", "kinds", "eligible_areas", "eligible_states",
            "budget_min", "budget_max", "currency", "budget_min_usd", "budget_max_usd",
            "starts_on", "ends_on", "conditions", "contact_name", "contact_email", "status",
            "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields

    def _signed_in(self) -> bool:
        request = self.context.get("request")
        return bool(request and request.user.is_authenticated)

    def get_contact_name(self, offer) -> str | None:
        """Only for signed-in callers."""
        return offer.contact_name if self._signed_in() else None

    def get_contact_email(self, offer) -> str | None:
        """Only for signed-in callers."""
        return offer.contact_email if self._signed_in() else None


class OfferWriteSerializer(serializers.Serializer):
    state = serializers.SlugRelatedField(
        slug_field="iso3", queryset=State.objects.all(), required=False, allow_null=True
    )
    organization = serializers.SlugRelatedField(
        slug_field="slug", queryset=Organization.objects.all(), required=False, allow_null=True
    )
    title = serializers.CharField(max_length=200)
    description = serializers.CharField()
    language = serializers.CharField(max_length=10, default="en")
    working_languages = serializers.ListField(child=serializers.CharField(), required=False)
    themes = serializers.SlugRelatedField(
        slug_field="code", queryset=Theme.objects.all(), many=True
    )
    kinds = serializers.ListField(child=serializers.ChoiceField(choices=AssistanceKind.choices))
    eligible_areas = serializers.SlugRelatedField(
        slug_field="code", queryset=Area.objects.all(), many=True, required=False
    )
    eligible_states = serializers.SlugRelatedField(
        slug_field="iso3", queryset=State.objects.all(), many=True, required=False
    )
    budget_min = serializers.DecimalField(
        max_digits=14, decimal_places=2, required=False, allow_null=True
    )
    budget_max = serializers.DecimalField(
        max_digits=14, decimal_places=2, required=False, allow_null=True
    )
    currency = serializers.CharField(max_length=3, default="USD")
    starts_on = serializers.DateField(required=False, allow_null=True)
    ends_on = serializers.DateField(required=False, allow_null=True)
    conditions = serializers.CharField(required=False, allow_blank=True)
    contact_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    contact_email = serializers.EmailField(required=False, allow_blank=True)


class MatchSerializer(serializers.ModelSerializer):
    need = serializers.PrimaryKeyRelatedField(read_only=True)
    offer = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Match
        fields = [
            "id", "need", "offer", "proposed_by_side", "status", "message", "decided_at",
            "decline_reason", "created_at",
        ]  # fmt: skip
        read_only_fields = fields


class MatchProposeSerializer(serializers.Serializer):
    need = serializers.UUIDField()
    offer = serializers.UUIDField()
    message = serializers.CharField(required=False, allow_blank=True, default="")


class DeclineSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class MessageSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()

    class Meta:
        model = MatchMessage
        fields = ["id", "author", "body", "created_at"]
        read_only_fields = ["id", "author", "created_at"]

    def get_author(self, message) -> str:
        author = message.author
        return (author.full_name or author.email) if author else ""


class ProgressSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProgressReport
        fields = ["id", "value", "reported_on", "note", "created_at"]


class IndicatorSerializer(serializers.ModelSerializer):
    progress = ProgressSerializer(many=True, read_only=True)
    reached = serializers.SerializerMethodField()

    class Meta:
        model = ProjectIndicator
        fields = [
            "id", "name", "baseline", "target", "unit", "target_date", "objective", "reached",
            "progress",
        ]  # fmt: skip

    def get_reached(self, indicator) -> bool:
        return indicator.reached()


class FunderSerializer(OwnerMixin, serializers.ModelSerializer):
    class Meta:
        model = ProjectFunder
        fields = ["state", "organization", "amount"]
        read_only_fields = fields


class ProjectSerializer(serializers.ModelSerializer):
    recipient_state = serializers.SlugRelatedField(
        slug_field="iso3", read_only=True, allow_null=True
    )
    implementer = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    funders = FunderSerializer(many=True, read_only=True)
    themes = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    needs = serializers.SerializerMethodField()
    indicators = IndicatorSerializer(many=True, read_only=True)

    class Meta:
        model = Project
        fields = [
            "id", "title", "description", "recipient_state", "funders", "implementer",
            "implementer_name", "budget_amount", "currency", "budget_usd", "starts_on",
            "ends_on", "needs", "themes", "status", "outcome", "indicators", "created_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_needs(self, project) -> list[str]:
        """The needs met that the caller may see."""
        request = self.context.get("request")
        user = request.user if request else None
        return [str(pk) for pk in Need.objects.visible_to(user).filter(projects=project)
                .values_list("pk", flat=True)]  # fmt: skip


class ProgressWriteSerializer(serializers.Serializer):
    indicator = serializers.IntegerField()
    value = serializers.DecimalField(max_digits=14, decimal_places=2)
    reported_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class CallSerializer(OwnerMixin, serializers.ModelSerializer):
    themes = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    eligible_areas = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    criteria = serializers.SerializerMethodField()

    class Meta:
        model = FundingCall
        fields = [
            "id", "title", "aims", "state", "organization", "themes", "eligible_areas",
            "budget_amount", "currency", "deadline", "status", "criteria", "created_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_criteria(self, call) -> list[dict]:
        return [{"id": c.pk, "name": c.name, "weight": c.weight} for c in call.criteria.all()]


class ProposalSerializer(OwnerMixin, serializers.ModelSerializer):
    call = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    needs = serializers.SerializerMethodField()

    class Meta:
        model = Proposal
        fields = [
            "id", "call", "is_rapid_response", "state", "organization", "title", "summary",
            "needs", "budget_amount", "currency", "starts_on", "ends_on", "status",
            "submitted_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_needs(self, proposal) -> list[uuid.UUID]:
        """The needs the proposal answers that the caller may see: a private need stays
        hidden from the call's reviewers as it is on the proposal's page."""
        request = self.context.get("request")
        user = request.user if request else None
        return list(
            Need.objects.visible_to(user).filter(proposals=proposal).values_list("pk", flat=True)
        )
