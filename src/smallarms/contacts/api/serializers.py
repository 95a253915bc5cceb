from rest_framework import serializers

from smallarms.accounts import permissions

from ..choices import WORKING_LANGUAGES, ContactKind
from ..models import PERSONAL_FIELDS, Contact, ContactRevision
from ..services import MAX_EMAILS, MAX_TELEPHONES


class ContactSerializer(serializers.ModelSerializer):
    """A directory entry. The personal fields (``person_name``, ``title``, ``emails``,
    ``telephones``, ``postal_address``) are present only for signed-in officials of States
    and the secretariat; everyone else gets the public part."""

    url = serializers.HyperlinkedIdentityField(view_name="api:contact-detail", read_only=True)
    state = serializers.SlugRelatedField(slug_field="iso3", read_only=True, allow_null=True)
    organization = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    kind = serializers.ChoiceField(choices=ContactKind.choices)
    kind_name = serializers.CharField(source="get_kind_display", read_only=True)
    emails = serializers.ListField(
        child=serializers.CharField(max_length=254), required=False, max_length=MAX_EMAILS
    )
    telephones = serializers.ListField(
        child=serializers.CharField(max_length=40), required=False, max_length=MAX_TELEPHONES
    )
    working_languages = serializers.ListField(
        child=serializers.ChoiceField(choices=WORKING_LANGUAGES), required=False
    )
    is_stale = serializers.BooleanField(read_only=True)
    is_current = serializers.BooleanField(read_only=True)

    class Meta:
        model = Contact
        fields = [
            "id",
            "url",
            "state",
            "organization",
            *Contact.FIELDS,
            "kind_name",
            "last_confirmed_at",
            "is_stale",
            "is_current",
            "revision",
            "updated_at",
        ]
        read_only_fields = ["id", "last_confirmed_at", "updated_at"]
        extra_kwargs = {"revision": {"required": False}}

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if not permissions.sees_contact_details(getattr(request, "user", None)):
            for name in PERSONAL_FIELDS:
                data.pop(name, None)
        return data


class ContactCreateSerializer(ContactSerializer):
    """To add an entry: give the owner as ``state`` (ISO 3166 alpha-3) or ``organization``."""

    state = serializers.CharField(required=False, allow_blank=True, write_only=True)
    organization = serializers.CharField(required=False, allow_blank=True, write_only=True)


class ContactRevisionSerializer(serializers.ModelSerializer):
    """One version of an entry and where it came from (officials and the secretariat only)."""

    report = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    changed_by = serializers.SlugRelatedField(slug_field="email", read_only=True, allow_null=True)

    class Meta:
        model = ContactRevision
        fields = ["number", "data", "source", "report", "changed_by", "changed_at"]
