"""Report templates as versioned data: sections, questions, answer types, help texts and
themes, all in the six languages (docs/reporting.md)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from smallarms.core.i18n import pick
from smallarms.core.models import VisibleQuerySet

from ..choices import YES_NO_NA_LABELS, AnswerType, ColumnType

# How many versions of a template ``Question.lineage`` follows back at most.
MAX_VERSIONS = 50

# What a number answer (or a table's number column) may be: ``{"minimum": 0, "maximum":
# 1000000, "whole": true}``, each key optional, as the template file says.
RANGE_KEYS = ("minimum", "maximum", "whole")


def _bound(value):
    return None if value is None else Decimal(str(value))


def number_rule(number_range: dict) -> str:
    """The rule of a number range as the sentence the editor shows beside the field and an
    answer outside it is refused with ("" for a number without a rule)."""
    low, high = _bound(number_range.get("minimum")), _bound(number_range.get("maximum"))
    whole = bool(number_range.get("whole"))
    values = {
        "minimum": "" if low is None else number_format(low, force_grouping=True),
        "maximum": "" if high is None else number_format(high, force_grouping=True),
    }
    if low is not None and high is not None:
        if whole:
            return gettext("Enter a whole number from {minimum} to {maximum}.").format(**values)
        return gettext("Enter a number from {minimum} to {maximum}.").format(**values)
    if low is not None:
        if whole:
            return gettext("Enter a whole number of at least {minimum}.").format(**values)
        return gettext("Enter a number of at least {minimum}.").format(**values)
    if high is not None:
        if whole:
            return gettext("Enter a whole number of at most {maximum}.").format(**values)
        return gettext("Enter a number of at most {maximum}.").format(**values)
    return gettext("Enter a whole number.") if whole else ""


def check_number(number: Decimal, number_range: dict) -> None:
    """Refuse ``number`` with the range's rule if it is outside the range."""
    low, high = _bound(number_range.get("minimum")), _bound(number_range.get("maximum"))
    if (
        (number_range.get("whole") and number != number.to_integral_value())
        or (low is not None and number < low)
        or (high is not None and number > high)
    ):
        raise ValidationError(number_rule(number_range), code="out_of_range")


class ReportTemplate(models.Model):
    """One version of a national report template. A version that a reporting cycle uses is
    frozen; changes go into a new version, whose questions map to the old ones so that
    prefill and comparison work across versions."""

    code = models.SlugField(_("code"), max_length=40)
    version = models.PositiveSmallIntegerField(_("version"))
    titles = models.JSONField(_("titles"))
    descriptions = models.JSONField(_("descriptions"), default=dict, blank=True)
    previous = models.ForeignKey(
        "self",
        verbose_name=_("previous version"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("report template")
        verbose_name_plural = _("report templates")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "version"], name="one_report_template_per_code_and_version"
            ),
        ]

    def __str__(self):
        return f"{self.title} (v{self.version})"

    def get_absolute_url(self):
        return reverse(
            "reporting:template_detail", kwargs={"code": self.code, "version": self.version}
        )

    @property
    def title(self) -> str:
        return pick(self.titles)

    @property
    def description(self) -> str:
        return pick(self.descriptions)

    @property
    def in_use(self) -> bool:
        """Frozen: a reporting cycle uses this version."""
        return self.pk is not None and self.cycles.exists()


class TemplateSection(models.Model):
    """A section of a template (General, PoA national level, ITI …)."""

    template = models.ForeignKey(
        ReportTemplate,
        verbose_name=_("template"),
        on_delete=models.CASCADE,
        related_name="sections",
    )
    code = models.SlugField(_("code"), max_length=40)
    position = models.PositiveSmallIntegerField(_("position"))
    titles = models.JSONField(_("titles"))
    intros = models.JSONField(_("introductions"), default=dict, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("template section")
        verbose_name_plural = _("template sections")
        ordering = ["template", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "code"], name="one_section_per_code_in_a_template"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        return pick(self.titles)

    @property
    def intro(self) -> str:
        return pick(self.intros)


class Question(models.Model):
    """A question of a template version, with its answer type, texts in six languages,
    whether it must be answered, when it is shown, and the themes it is about."""

    template = models.ForeignKey(
        ReportTemplate,
        verbose_name=_("template"),
        on_delete=models.CASCADE,
        related_name="questions",
    )
    section = models.ForeignKey(
        TemplateSection,
        verbose_name=_("section"),
        on_delete=models.CASCADE,
        related_name="questions",
    )
    code = models.CharField(_("code"), max_length=20)
    position = models.PositiveSmallIntegerField(_("position"))
    answer_type = models.CharField(_("answer type"), max_length=20, choices=AnswerType.choices)
    texts = models.JSONField(_("question"))
    helps = models.JSONField(_("help"), default=dict, blank=True)
    required = models.BooleanField(_("required"), default=False)
    personal = models.BooleanField(
        _("personal details"),
        default=False,
        help_text=_(
            "Answers name people and how to reach them: they are always restricted to "
            "officials, like the personal details of the contact directory."
        ),
    )
    units = models.JSONField(_("unit"), default=dict, blank=True)
    number_range = models.JSONField(
        _("range of a number"),
        default=dict,
        blank=True,
        help_text=_("{minimum, maximum, whole}, each optional: what a number answer may be."),
    )
    choices = models.JSONField(
        _("choices"), default=list, blank=True, help_text=_("[{code, label: {language: text}}]")
    )
    columns = models.JSONField(
        _("table columns"),
        default=list,
        blank=True,
        help_text=_(
            "[{code, type, label: {language: text}, choices}]; a number column may have "
            "a minimum, a maximum and whole."
        ),
    )
    show_if = models.JSONField(
        _("shown only if"),
        null=True,
        blank=True,
        help_text=_("{question: code, equals: value}: shown only when that answer has that value."),
    )
    themes = models.ManyToManyField(
        "themes.Theme", verbose_name=_("themes"), related_name="questions"
    )
    maps_to = models.ForeignKey(
        "self",
        verbose_name=_("same question in the previous version"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="successors",
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["template", "section__position", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "code"], name="one_question_per_code_in_a_template"
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.text}"

    @property
    def text(self) -> str:
        return pick(self.texts)

    @property
    def help(self) -> str:
        return pick(self.helps)

    @property
    def unit(self) -> str:
        return pick(self.units)

    @property
    def number_rule(self) -> str:
        return number_rule(self.number_range)

    @property
    def column_rules(self) -> list[tuple[str, str]]:
        """``(column label, rule)`` of each number column that has a rule."""
        return [
            (pick(column["label"]), number_rule(column))
            for column in self.columns
            if column["type"] == ColumnType.NUMBER and number_rule(column)
        ]

    @property
    def choice_labels(self) -> list[tuple[str, str]]:
        return [(choice["code"], pick(choice["label"])) for choice in self.choices]

    @property
    def column_labels(self) -> list[tuple[str, str, str]]:
        return [(column["code"], column["type"], pick(column["label"])) for column in self.columns]

    def lineage(self):
        """This question and, through ``maps_to``, the same question in earlier versions,
        newest first (at most ``MAX_VERSIONS``: a mapping that loops stops there)."""
        current, seen = self, 0
        while current is not None and seen < MAX_VERSIONS:
            yield current
            current, seen = current.maps_to, seen + 1

    def display(self, value) -> str:
        """An answer to this question as text for reading and CSV, in the reader's language."""
        if value in (None, "", [], {}):
            return ""
        kind = self.answer_type
        if kind in (AnswerType.YES_NO_NA, AnswerType.SINGLE_CHOICE):
            return self.value_label(value)
        if kind == AnswerType.MULTIPLE_CHOICE:
            return "; ".join(self.value_label(code) for code in value)
        if kind == AnswerType.CONTACT:
            return "; ".join(v for v in value.values() if v)
        if kind == AnswerType.TABLE:
            labels = {code: label for code, _type, label in self.column_labels}
            return " | ".join(
                ", ".join(f"{labels.get(k, k)}: {v}" for k, v in row.items()) for row in value
            )
        if kind == AnswerType.NUMBER and self.unit:
            return f"{value} {self.unit}"
        return str(value)

    def value_label(self, value) -> str:
        """How an answer value reads: "Yes", "Not applicable", a choice's label."""
        if self.answer_type == AnswerType.YES_NO_NA and value in YES_NO_NA_LABELS:
            return str(YES_NO_NA_LABELS[value])
        for code, label in self.choice_labels:
            if code == value:
                return label
        return str(value)

    def clean(self):
        if self.template_id and self.section_id and self.section.template_id != self.template_id:
            raise ValidationError(_("The section belongs to another template."))
