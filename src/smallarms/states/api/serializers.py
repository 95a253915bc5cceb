from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import Area, Organization, OrganizationMembership, State


class AreaSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="Name in the requested language.")

    class Meta:
        model = Area
        fields = ["code", "level", "name", "names"]


@extend_schema_field(
    {
        "type": "object",
        "description": "Keyed by language code (ar, zh-hans, en, fr, ru, es).",
        "additionalProperties": {
            "type": "object",
            "properties": {"short": {"type": "string"}, "formal": {"type": "string"}},
        },
    }
)
class StateNamesField(serializers.JSONField):
    pass


@extend_schema_field(
    {
        "type": "object",
        "description": "Keyed by language code (ar, zh-hans, en, fr, ru, es).",
        "additionalProperties": {
            "type": "object",
            "properties": {"name": {"type": "string"}, "acronym": {"type": "string"}},
        },
    }
)
class OrganizationNamesField(serializers.JSONField):
    pass


class StateSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:state-detail", lookup_field="iso3", read_only=True
    )
    short_name = serializers.CharField(read_only=True, help_text="In the requested language.")
    formal_name = serializers.CharField(read_only=True, help_text="In the requested language.")
    names = StateNamesField(read_only=True)
    region = AreaSerializer(read_only=True)
    subregion = AreaSerializer(read_only=True)
    intermediate_region = AreaSerializer(read_only=True, allow_null=True)

    class Meta:
        model = State
        fields = [
            "url",
            "iso3",
            "iso2",
            "m49",
            "un_member",
            "regional_group",
            "regional_group_note",
            "short_name",
            "formal_name",
            "names",
            "region",
            "subregion",
            "intermediate_region",
        ]


class MembershipSerializer(serializers.ModelSerializer):
    # Declared, not derived: the derived range depends on the database engine.
    since = serializers.IntegerField(read_only=True, allow_null=True, help_text="Year joined.")
    iso3 = serializers.CharField(source="state.iso3", read_only=True)
    name = serializers.CharField(source="state.short_name", read_only=True)

    class Meta:
        model = OrganizationMembership
        fields = ["iso3", "name", "status", "since", "note"]


class StateMembershipSerializer(serializers.ModelSerializer):
    since = serializers.IntegerField(read_only=True, allow_null=True, help_text="Year joined.")
    organization = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = OrganizationMembership
        fields = ["organization", "status", "since", "note"]


class StateDetailSerializer(StateSerializer):
    memberships = StateMembershipSerializer(many=True, read_only=True)

    class Meta(StateSerializer.Meta):
        fields = [*StateSerializer.Meta.fields, "memberships"]


class OrganizationSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:organization-detail", lookup_field="slug", read_only=True
    )
    name = serializers.CharField(read_only=True, help_text="In the requested language.")
    acronym = serializers.CharField(read_only=True, help_text="In the requested language.")
    names = OrganizationNamesField(read_only=True)
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    member_count = serializers.SerializerMethodField()

    class Meta:
        model = Organization
        fields = [
            "url",
            "slug",
            "kind",
            "name",
            "acronym",
            "names",
            "parent",
            "headquarters",
            "website",
            "universal_membership",
            "member_count",
        ]

    def get_member_count(self, organization) -> int:
        return len(organization.memberships.all())


class OrganizationDetailSerializer(OrganizationSerializer):
    members = MembershipSerializer(source="memberships", many=True, read_only=True)

    class Meta(OrganizationSerializer.Meta):
        fields = [
            *OrganizationSerializer.Meta.fields,
            "non_state_members_note",
            "membership_as_of",
            "members",
        ]
