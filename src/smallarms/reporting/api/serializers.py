from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from smallarms.themes.api.serializers import SixLanguagesField

from .. import statistics
from ..models import (
    Answer,
    Meeting,
    Question,
    Report,
    ReportingCycle,
    ReportTemplate,
    TemplateSection,
)
from ..services.reports import public_answers


@extend_schema_field(
    {
        "type": "object",
        "description": "The official title keyed by language code (ar, zh-hans, en, fr, ru, es).",
        "additionalProperties": {"type": "string"},
    }
)
class TitlesField(serializers.JSONField):
    pass


class MeetingSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:meeting-detail", lookup_field="code", read_only=True
    )
    title = serializers.CharField(read_only=True, help_text="In the requested language.")
    titles = TitlesField(read_only=True)
    number = serializers.IntegerField(read_only=True)
    # Plain strings, not enums: other components already name enums "status" and "kind".
    kind = serializers.CharField(
        read_only=True,
        help_text="bms (Biennial Meeting of States), mge (Meeting of Governmental Experts) "
        "or revcon (Review Conference).",
    )
    status = serializers.CharField(
        read_only=True, help_text="planned (until its first day) or held."
    )
    chair_state = serializers.SlugRelatedField(slug_field="iso3", read_only=True, allow_null=True)
    reporting_cycle = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = [
            "url",
            "code",
            "kind",
            "number",
            "title",
            "titles",
            "starts_on",
            "ends_on",
            "status",
            "venue",
            "chair_name",
            "chair_state",
            "reporting_cycle",
        ]

    def get_reporting_cycle(self, meeting) -> str | None:
        """The code of the meeting's reporting cycle (the meeting's own), or null."""
        return meeting.code if hasattr(meeting, "reporting_cycle") else None


class CountsByGroupSerializer(serializers.Serializer):
    """Member States that reported, by UN regional group."""

    african = serializers.IntegerField()
    asia_pacific = serializers.IntegerField()
    eeg = serializers.IntegerField()
    grulac = serializers.IntegerField()
    weog = serializers.IntegerField()


class CycleUrlField(serializers.HyperlinkedIdentityField):
    def get_url(self, obj, view_name, request, format):
        return self.reverse(
            view_name, kwargs={"code": obj.meeting.code}, request=request, format=format
        )


@extend_schema_field(
    {
        "type": "object",
        "description": "Member States that reported, by M49 region code (002, 009, 019, 142, 150).",
        "additionalProperties": {"type": "integer"},
    }
)
class CountsByRegionField(serializers.DictField):
    pass


class CycleSerializer(serializers.ModelSerializer):
    url = CycleUrlField(view_name="api:reporting-cycle-detail", read_only=True)
    code = serializers.CharField(source="meeting.code", read_only=True)
    meeting = serializers.HyperlinkedRelatedField(
        view_name="api:meeting-detail", lookup_field="code", read_only=True
    )
    status = serializers.CharField(read_only=True, help_text="planned, open or closed.")
    submitted = serializers.IntegerField(
        read_only=True,
        help_text="Member States that submitted a report (in the system or recorded).",
    )
    states = serializers.SerializerMethodField(help_text="Member States of the United Nations.")
    rate = serializers.SerializerMethodField(help_text="submitted / states, 4 decimals.")

    class Meta:
        model = ReportingCycle
        fields = [
            "url",
            "code",
            "meeting",
            "opens_on",
            "closes_on",
            "dates_approximate",
            "status",
            "submitted",
            "states",
            "rate",
        ]

    def _states(self) -> int:
        if "states" not in self.context:
            self.context["states"] = statistics.member_state_count()
        return self.context["states"]

    def get_states(self, cycle) -> int:
        return self._states()

    def get_rate(self, cycle) -> float:
        return statistics.rate(cycle.submitted, self._states())


class CycleDetailSerializer(CycleSerializer):
    by_regional_group = serializers.SerializerMethodField()
    by_region = serializers.SerializerMethodField()

    class Meta(CycleSerializer.Meta):
        fields = [*CycleSerializer.Meta.fields, "by_regional_group", "by_region"]

    def _stats(self, cycle) -> dict:
        key = f"stats:{cycle.pk}"
        if key not in self.context:
            self.context[key] = statistics.cycle_stats(cycle)
        return self.context[key]

    @extend_schema_field(CountsByGroupSerializer)
    def get_by_regional_group(self, cycle) -> dict:
        return self._stats(cycle)["by_regional_group"]

    @extend_schema_field(CountsByRegionField)
    def get_by_region(self, cycle) -> dict:
        return self._stats(cycle)["by_region"]


class QuestionSerializer(serializers.ModelSerializer):
    text = serializers.CharField(read_only=True, help_text="In the requested language.")
    texts = SixLanguagesField(read_only=True)
    helps = SixLanguagesField(read_only=True)
    units = SixLanguagesField(read_only=True)
    themes = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    maps_to = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    choices = serializers.JSONField(read_only=True)
    columns = serializers.JSONField(read_only=True)
    show_if = serializers.JSONField(read_only=True, allow_null=True)
    number_range = serializers.JSONField(
        read_only=True,
        help_text='What a number answer may be: {"minimum": 0, "maximum": 1000, "whole": true}, '
        "each key optional (a number column of a table says the same in its column).",
    )
    number_rule = serializers.CharField(
        read_only=True, help_text="The range as a sentence, in the requested language."
    )

    class Meta:
        model = Question
        fields = [
            "code", "answer_type", "required", "personal", "text", "texts", "helps", "units",
            "number_range", "number_rule", "choices", "columns", "show_if", "themes", "maps_to",
        ]  # fmt: skip


class SectionSerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True)
    titles = SixLanguagesField(read_only=True)
    questions = QuestionSerializer(many=True, read_only=True)

    class Meta:
        model = TemplateSection
        fields = ["code", "title", "titles", "questions"]


class TemplateSerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True)
    titles = SixLanguagesField(read_only=True)
    in_use = serializers.BooleanField(read_only=True)

    class Meta:
        model = ReportTemplate
        fields = ["code", "version", "title", "titles", "in_use"]


class TemplateDetailSerializer(TemplateSerializer):
    sections = SectionSerializer(many=True, read_only=True)

    class Meta(TemplateSerializer.Meta):
        fields = [*TemplateSerializer.Meta.fields, "sections"]


@extend_schema_field(
    {"description": "The stored value: text, number as text, date, choice code(s), a contact "
     "object or a list of table rows.", "nullable": True}
)  # fmt: skip
class AnswerValueField(serializers.JSONField):
    pass


class AnswerSerializer(serializers.ModelSerializer):
    question = serializers.CharField(source="question.code", read_only=True)
    value = AnswerValueField(read_only=True, allow_null=True)

    class Meta:
        model = Answer
        fields = ["question", "value", "language", "restricted", "revision", "updated_at"]


class ReportSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:report-detail", read_only=True)
    state = serializers.SlugRelatedField(slug_field="iso3", read_only=True)
    cycle = serializers.CharField(source="cycle.code", read_only=True)
    template = serializers.SerializerMethodField()

    class Meta:
        model = Report
        fields = [
            "url", "id", "state", "cycle", "revision", "status", "language", "template",
            "submitted_at", "published_at",
        ]  # fmt: skip

    def get_template(self, report) -> dict:
        return {"code": report.template.code, "version": report.template.version}


class ReportDetailSerializer(ReportSerializer):
    answers = serializers.SerializerMethodField()

    class Meta(ReportSerializer.Meta):
        fields = [*ReportSerializer.Meta.fields, "answers"]

    @extend_schema_field(AnswerSerializer(many=True))
    def get_answers(self, report):
        answers = public_answers(report, self.context["request"].user)
        return AnswerSerializer(answers.order_by("question__code"), many=True).data
