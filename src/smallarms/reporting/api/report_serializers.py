from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from smallarms.themes.api.serializers import SixLanguagesField

from ..report_models import Answer, Report
from ..template_models import Question, ReportTemplate, TemplateSection


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

    class Meta:
        model = Question
        fields = [
            "code", "answer_type", "required", "personal", "text", "texts", "helps", "units",
            "choices", "columns", "show_if", "themes", "maps_to",
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
        from ..report_services import public_answers

        answers = public_answers(report, self.context["request"].user)
        return AnswerSerializer(answers.order_by("question__code"), many=True).data
