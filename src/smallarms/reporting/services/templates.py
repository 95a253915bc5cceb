"""Importing, exporting and copying report templates. A template file is the JSON the
system ships in ``data/templates/`` (format: docs/reporting.md, "Templates as data"); an
import is checked whole and written whole, or refused with every problem named."""

import json
import math
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from smallarms.audit.choices import Event
from smallarms.audit.context import acting_as
from smallarms.audit.services import record
from smallarms.themes.models import Theme

from ..choices import AnswerType, ColumnType
from ..models import Question, ReportTemplate, TemplateSection
from ..models.templates import RANGE_KEYS

LANGUAGES = ("ar", "zh-hans", "en", "fr", "ru", "es")
SHIPPED = Path(__file__).resolve().parents[1] / "data" / "templates"


def _missing_languages(texts) -> list[str]:
    if not isinstance(texts, dict):
        return list(LANGUAGES)
    return [code for code in LANGUAGES if not str(texts.get(code) or "").strip()]


def validate(data) -> list[str]:
    """Every problem of a template file, each naming where it is. Empty: the file is good."""
    if not isinstance(data, dict):
        return [_("The file must hold one JSON object.")]
    problems = []
    if not str(data.get("code") or "").strip():
        problems.append(_("The template has no code."))
    if not isinstance(data.get("version"), int) or data["version"] < 1:
        problems.append(_("The version must be a whole number from 1."))
    _check_texts(problems, _("Title"), data.get("title"))
    known_themes = set(Theme.objects.values_list("code", flat=True))
    seen: dict[str, dict] = {}
    sections = data.get("sections") or []
    if not sections:
        problems.append(_("The template has no section."))
    section_codes = set()
    for s_index, section in enumerate(sections, start=1):
        where = _("Section {number}").format(number=s_index)
        code = section.get("code")
        if not code:
            problems.append(_("{where}: no code.").format(where=where))
        elif code in section_codes:
            problems.append(
                _("{where}: the code {code} is used twice.").format(where=where, code=code)
            )
        section_codes.add(code)
        _check_texts(problems, where, section.get("title"))
        for question in section.get("questions") or []:
            _check_question(problems, question, seen, known_themes)
            seen[question.get("code") or "?"] = question
    return problems


def _check_texts(problems, where, value, optional=False):
    if optional and not value:
        return
    missing = _missing_languages(value)
    if missing:
        problems.append(
            _("{where}: text missing in {languages}.").format(
                where=where, languages=", ".join(missing)
            )
        )


def _check_question(problems, question, seen, known_themes):
    """The problems of one question; ``seen``: the questions before it, by code."""
    q_code = question.get("code") or "?"
    where = _("Question {code}").format(code=q_code)
    if q_code in seen:
        problems.append(_("{where}: the code is used twice.").format(where=where))
    kind = question.get("type")
    if kind not in AnswerType.values:
        problems.append(_("{where}: unknown answer type {type}.").format(where=where, type=kind))
    _check_texts(problems, where, question.get("text"))
    _check_texts(problems, where, question.get("help"), optional=True)
    if not isinstance(question.get("personal", False), bool):
        problems.append(_("{where}: “personal” must be true or false.").format(where=where))
    themes = question.get("themes") or []
    if not themes:
        problems.append(_("{where}: no theme.").format(where=where))
    for theme in themes:
        if theme not in known_themes:
            problems.append(_("{where}: unknown theme {theme}.").format(where=where, theme=theme))
    choices = question.get("choices") or []
    if kind in (AnswerType.SINGLE_CHOICE, AnswerType.MULTIPLE_CHOICE) and not choices:
        problems.append(_("{where}: a choice question needs choices.").format(where=where))
    for choice in choices:
        _check_texts(problems, f"{where} / {choice.get('code')}", choice.get("label"))
    _check_range(problems, where, question, kind == AnswerType.NUMBER)
    columns = question.get("columns") or []
    if kind == AnswerType.TABLE and not columns:
        problems.append(_("{where}: a table needs columns.").format(where=where))
    for column in columns:
        _check_column(problems, f"{where} / {column.get('code')}", column)
    condition = question.get("show_if")
    if condition:
        earlier = seen.get(condition.get("question"))
        if earlier is None:
            problems.append(
                _("{where}: shown only if {other}, which is not an earlier question.").format(
                    where=where, other=condition.get("question")
                )
            )
        elif not _value_fits(earlier, condition.get("equals")):
            problems.append(
                _("{where}: {value} is not a possible answer to {other}.").format(
                    where=where, value=condition.get("equals"), other=earlier["code"]
                )
            )


def _check_column(problems, where, column):
    if column.get("type") not in ColumnType.values:
        problems.append(
            _("{where}: unknown column type {type}.").format(where=where, type=column.get("type"))
        )
    _check_texts(problems, where, column.get("label"))
    _check_range(problems, where, column, column.get("type") == ColumnType.NUMBER)
    if column.get("type") == ColumnType.CHOICE and not column.get("choices"):
        problems.append(_("{where}: a choice column needs choices.").format(where=where))


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _check_range(problems: list, where: str, item: dict, is_number: bool) -> None:
    """The range of a number question or column: ``minimum``, ``maximum``, ``whole``."""
    given = [key for key in RANGE_KEYS if key in item]
    if not given:
        return
    if not is_number:
        problems.append(
            _("{where}: “minimum”, “maximum” and “whole” are for numbers only.").format(where=where)
        )
        return
    low, high = item.get("minimum"), item.get("maximum")
    if any(value is not None and not _is_number(value) for value in (low, high)):
        problems.append(
            _("{where}: the minimum and the maximum must be numbers.").format(where=where)
        )
    elif low is not None and high is not None and low > high:
        problems.append(_("{where}: the minimum is above the maximum.").format(where=where))
    if not isinstance(item.get("whole", False), bool):
        problems.append(_("{where}: “whole” must be true or false.").format(where=where))


def _value_fits(question: dict, value) -> bool:
    if question.get("type") == AnswerType.YES_NO_NA:
        return value in ("yes", "no", "na")
    if question.get("type") in (AnswerType.SINGLE_CHOICE, AnswerType.MULTIPLE_CHOICE):
        return value in {choice["code"] for choice in question.get("choices") or []}
    return value is not None


def export(template: ReportTemplate) -> dict:
    """The template as a template file (the same format ``import_template`` reads)."""
    sections = []
    for section in template.sections.all():
        questions = []
        for question in section.questions.order_by("position").prefetch_related("themes"):
            entry = {
                "code": question.code,
                "type": question.answer_type,
                "text": question.texts,
                "help": question.helps or None,
                "required": question.required,
                "themes": sorted(theme.code for theme in question.themes.all()),
            }
            if question.units:
                entry["unit"] = question.units
            entry.update(question.number_range)
            if question.choices:
                entry["choices"] = question.choices
            if question.columns:
                entry["columns"] = question.columns
            if question.show_if:
                entry["show_if"] = question.show_if
            if question.maps_to_id:
                entry["maps_to"] = question.maps_to.code
            if question.personal:
                entry["personal"] = True
            questions.append(entry)
        sections.append(
            {
                "code": section.code,
                "title": section.titles,
                "intro": section.intros or None,
                "questions": questions,
            }
        )
    return {
        "code": template.code,
        "version": template.version,
        "title": template.titles,
        "description": template.descriptions,
        "sections": sections,
    }


def _comparable(data: dict) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)


@transaction.atomic
def import_template(data: dict, *, acting_user=None) -> tuple[ReportTemplate, bool]:
    """Create (or, if not yet in use, replace) the version the file describes.

    Returns the template and whether anything was written. Refuses the whole file, naming
    every problem, if anything in it is wrong.
    """
    problems = validate(data)
    if problems:
        raise ValidationError(problems)
    existing = ReportTemplate.objects.filter(code=data["code"], version=data["version"]).first()
    normalized = _normalize(data)
    if existing is not None:
        if _comparable(export(existing)) == _comparable(normalized):
            return existing, False
        if existing.in_use:
            raise ValidationError(
                _(
                    "Version {version} of this template is used by a reporting cycle and cannot "
                    "change. Import the changes as version {next}."
                ).format(version=existing.version, next=existing.version + 1)
            )
    with acting_as(acting_user):
        if existing is not None:
            existing.questions.all().delete()
            existing.sections.all().delete()
            template = existing
            template.titles = data["title"]
            template.descriptions = data.get("description") or {}
            template.save()
        else:
            template = ReportTemplate(
                code=data["code"],
                version=data["version"],
                titles=data["title"],
                descriptions=data.get("description") or {},
                previous=ReportTemplate.objects.filter(
                    code=data["code"], version__lt=data["version"]
                )
                .order_by("-version")
                .first(),
            )
            template.full_clean()
            template.save()
        _write_sections(template, normalized)
        record(
            Event.TEMPLATE_IMPORTED,
            obj=template,
            data={"code": template.code, "version": template.version},
        )
    return template, True


def _normalize(data: dict) -> dict:
    """The file as ``export`` would write it, so that an unchanged import is recognised."""
    sections = []
    for section in data["sections"]:
        questions = []
        for question in section["questions"]:
            entry = {
                "code": question["code"],
                "type": question["type"],
                "text": question["text"],
                "help": question.get("help") or None,
                "required": bool(question.get("required")),
                "themes": sorted(question["themes"]),
            }
            for key in ("unit", "choices", "columns", "show_if", "maps_to"):
                if question.get(key):
                    entry[key] = question[key]
            entry.update(_range_of(question))
            if question.get("personal") is True:
                entry["personal"] = True
            questions.append(entry)
        sections.append(
            {
                "code": section["code"],
                "title": section["title"],
                "intro": section.get("intro") or None,
                "questions": questions,
            }
        )
    return {
        "code": data["code"],
        "version": data["version"],
        "title": data["title"],
        "description": data.get("description") or {},
        "sections": sections,
    }


def _range_of(question: dict) -> dict:
    return {key: question[key] for key in RANGE_KEYS if question.get(key) is not None}


def _write_sections(template: ReportTemplate, data: dict):
    themes = {theme.code: theme for theme in Theme.objects.all()}
    previous = (
        {q.code: q for q in template.previous.questions.all()} if template.previous_id else {}
    )
    for s_position, section_data in enumerate(data["sections"], start=1):
        section = TemplateSection.objects.create(
            template=template,
            code=section_data["code"],
            position=s_position,
            titles=section_data["title"],
            intros=section_data.get("intro") or {},
        )
        for q_position, item in enumerate(section_data["questions"], start=1):
            question = Question(
                template=template,
                section=section,
                code=item["code"],
                position=q_position,
                answer_type=item["type"],
                texts=item["text"],
                helps=item.get("help") or {},
                required=item["required"],
                personal=item.get("personal", False),
                units=item.get("unit") or {},
                number_range=_range_of(item),
                choices=item.get("choices") or [],
                columns=item.get("columns") or [],
                show_if=item.get("show_if"),
                # The same question in the previous version: named in the file, else the
                # question with the same code.
                maps_to=previous.get(item.get("maps_to") or item["code"]),
            )
            question.full_clean(exclude=["themes"])
            question.save()
            question.themes.set([themes[code] for code in item["themes"]])


@transaction.atomic
def copy_as_new_version(template: ReportTemplate, *, acting_user) -> ReportTemplate:
    """A new version with the same content, for the secretariat to change before use."""
    data = export(template)
    data["version"] = (
        ReportTemplate.objects.filter(code=template.code).order_by("-version").first().version + 1
    )
    for section in data["sections"]:
        for question in section["questions"]:
            question["maps_to"] = question["code"]
    new, _written = import_template(data, acting_user=acting_user)
    return new


def load_shipped_templates(*, acting_user=None) -> list[tuple[ReportTemplate, bool]]:
    results = []
    for path in sorted(SHIPPED.glob("*.json")):
        with path.open(encoding="utf-8") as handle:
            results.append(import_template(json.load(handle), acting_user=acting_user))
    return results
