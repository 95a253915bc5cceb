"""Serializer fields the apps' APIs share."""

from django.core.validators import ProhibitNullCharactersValidator
from rest_framework import serializers


class SlugRelatedField(serializers.SlugRelatedField):
    """DRF's, refusing a NUL character as a text field does: PostgreSQL cannot compare text
    holding one, so the lookup would fail with a server error instead of a 400."""

    default_error_messages = {"null_characters": ProhibitNullCharactersValidator.message}

    def to_internal_value(self, data):
        if isinstance(data, str) and "\x00" in data:
            self.fail("null_characters")
        return super().to_internal_value(data)
