"""Serializers of the assistance API. Reading shows what ``visible_to`` lets through;
writing only checks the shape of the input: the services validate and write."""

from django.conf import settings
from rest_framework import serializers

from smallarms.accounts import permissions
from smallarms.core.api.fields import SlugRelatedField
from smallarms.states.models import Area, Organization, State
from smallarms.themes.models import Theme

from ..choices import AssistanceKind
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


def visible_need_ids(serializer, needs) -> list[str]:
    """The ids of ``needs`` (a related manager) that the caller may see: a private need's
    existence is not shown to those who may not see it."""
    request = serializer.context.get("request")
    user = request.user if request else None
    return [str(pk) for pk in needs.visible_to(user).values_list("pk", flat=True)]


class OwnerMixin(serializers.Serializer):
    state = serializers.SlugRelatedField(
        slug_field="iso3", read_only=True, allow_null=True, help_text="ISO 3166 alpha-3."
    )
    organization = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)


class ObjectiveSerializer(serializers.ModelSerializer):
    class Meta:
        model = NeedObjective
        fields = ["id", *NeedObjective.FIELDS]


class NeedSerializer(OwnerMixin, serializers.ModelSerializer):
    beneficiary_states = serializers.SlugRelatedField(slug_field="iso3", many=True, read_only=True)
    themes = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    objectives = ObjectiveSerializer(many=True, read_only=True)
    source_report = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = Need
        fields = [
            "id", "state", "organization", *Need.FIELDS, "budget_usd", "status",
            "source_report", "source_question", "source_row", "objectives", "created_at",
            "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


class PostingWriteSerializer(serializers.ModelSerializer):
    """What needs and offers take alike: the owner (on creation), the languages, themes."""

    state = SlugRelatedField(
        slug_field="iso3", queryset=State.objects.all(), required=False, allow_null=True
    )
    organization = SlugRelatedField(
        slug_field="slug", queryset=Organization.objects.all(), required=False, allow_null=True
    )
    working_languages = serializers.ListField(
        child=serializers.ChoiceField(choices=settings.LANGUAGES), required=False
    )
    themes = SlugRelatedField(slug_field="code", queryset=Theme.objects.all(), many=True)


class NeedWriteSerializer(PostingWriteSerializer):
    """A need as a client posts or changes it."""

    beneficiary_states = SlugRelatedField(
        slug_field="iso3", queryset=State.objects.all(), many=True, required=False
    )

    class Meta:
        model = Need
        fields = ["state", "organization", *Need.FIELDS]


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
            "id", "state", "organization", *Offer.FIELDS, "budget_min_usd", "budget_max_usd",
            "status", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields

    def _sees_contact(self) -> bool:
        request = self.context.get("request")
        return bool(request and permissions.sees_offer_contact(request.user))

    def get_contact_name(self, offer) -> str | None:
        """Only for signed-in callers."""
        return offer.contact_name if self._sees_contact() else None

    def get_contact_email(self, offer) -> str | None:
        """Only for signed-in callers."""
        return offer.contact_email if self._sees_contact() else None


class OfferWriteSerializer(PostingWriteSerializer):
    """An offer as a client posts or changes it."""

    kinds = serializers.ListField(child=serializers.ChoiceField(choices=AssistanceKind.choices))
    eligible_areas = SlugRelatedField(
        slug_field="code", queryset=Area.objects.all(), many=True, required=False
    )
    eligible_states = SlugRelatedField(
        slug_field="iso3", queryset=State.objects.all(), many=True, required=False
    )

    class Meta:
        model = Offer
        fields = ["state", "organization", *Offer.FIELDS]


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
            "id", *Project.FIELDS, "funders", "budget_usd", "indicators", "created_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_needs(self, project) -> list[str]:
        """The needs met that the caller may see."""
        return visible_need_ids(self, project.needs)


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
            "id", "state", "organization", *FundingCall.FIELDS, "status", "criteria",
            "created_at",
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
            "id", "call", "is_rapid_response", "state", "organization", *Proposal.FIELDS,
            "status", "submitted_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_needs(self, proposal) -> list[str]:
        """The needs answered that the caller may see."""
        return visible_need_ids(self, proposal.needs)
