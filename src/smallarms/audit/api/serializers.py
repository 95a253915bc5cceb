from rest_framework import serializers

from ..models import Entry


class EntrySerializer(serializers.ModelSerializer):
    event_label = serializers.CharField(read_only=True, help_text="In the requested language.")
    actor = serializers.IntegerField(
        source="actor_id", read_only=True, allow_null=True, help_text="The person's id."
    )
    actor_label = serializers.CharField(read_only=True, help_text="The person's e-mail then.")

    class Meta:
        model = Entry
        fields = [
            "sequence",
            "occurred_at",
            "event",
            "event_label",
            "actor",
            "actor_label",
            "request_id",
            "client_address",
            "object_type",
            "object_id",
            "object_repr",
            "before",
            "after",
            "data",
            "previous_hash",
            "hash",
        ]
        read_only_fields = fields
