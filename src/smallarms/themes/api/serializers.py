from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import Theme

SIX_LANGUAGES = {
    "type": "object",
    "description": "Keyed by language code (ar, zh-hans, en, fr, ru, es).",
    "additionalProperties": {"type": "string"},
}


@extend_schema_field(SIX_LANGUAGES)
class SixLanguagesField(serializers.JSONField):
    pass


class ThemeSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="In the requested language.")
    description = serializers.CharField(read_only=True, help_text="In the requested language.")
    names = SixLanguagesField(read_only=True)
    descriptions = SixLanguagesField(read_only=True)

    class Meta:
        model = Theme
        fields = ["code", "name", "description", "names", "descriptions"]
