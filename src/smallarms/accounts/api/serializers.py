from rest_framework import serializers

from ..models import Membership, User


class MembershipSerializer(serializers.ModelSerializer):
    role = serializers.CharField(source="role_id", read_only=True)
    role_name = serializers.CharField(source="role.name", read_only=True)
    state = serializers.SlugRelatedField(slug_field="iso3", read_only=True, allow_null=True)
    organization = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = Membership
        fields = ["role", "role_name", "state", "organization", "granted_at"]


class CurrentUserSerializer(serializers.ModelSerializer):
    roles = serializers.SerializerMethodField()
    two_factor_enabled = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["email", "full_name", "preferred_language", "roles", "two_factor_enabled"]

    def get_roles(self, user) -> list[dict]:
        memberships = user.memberships.active().select_related("role", "state", "organization")
        return MembershipSerializer(memberships, many=True).data

    def get_two_factor_enabled(self, user) -> bool:
        from ..permissions import has_two_factor

        return has_two_factor(user)
