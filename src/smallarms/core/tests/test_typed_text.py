"""Text as it is kept: NFC, no invisible controls in names, a limit on every text, the same
by every door (core/text.py, ``LineField`` and ``FreeTextField`` in core/models.py)."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models

from smallarms.core.models import FreeTextField, LineField
from smallarms.core.text import NOT_TEXT, clean_line, clean_text

RLO, LRO, PDF, RLM, RLE, ZWSP, ZWNJ, ZWJ = (
    "\u202e", "\u202d", "\u202c", "\u200f", "\u202b", "\u200b", "\u200c", "\u200d",
)  # fmt: skip


def test_a_name_loses_its_direction_overrides_and_invisible_characters():
    # Stored "aynek" behind an override reads "kenya" on screen: the override goes, and
    # the stored letters are what everyone sees.
    assert clean_line(f"{RLO}aynek{PDF}") == "aynek"
    assert clean_line(f"Ken{ZWSP}ya\u00ad Police{RLM}\ufeff") == "Kenya Police"
    assert clean_line(f"{ZWNJ}Nairobi{ZWJ}") == "Nairobi"


def test_a_persian_name_keeps_the_non_joiner_between_its_letters():
    name = f"می{ZWNJ}خواهم"
    assert clean_line(name) == name


def test_a_name_is_one_line_in_the_composed_form():
    assert (
        clean_line("  Comisio\u0301n\n Nacional\t de\x07 Armas  ") == "Comisión Nacional de Armas"
    )
    assert clean_line("Comisio\u0301n") == "Comisi\u00f3n"


def test_a_free_text_keeps_its_lines_marks_and_embeddings_but_not_overrides():
    text = f"Line one\n\tLine two {RLE}عربي English{PDF} {RLM}۱۲{ZWJ}\r\nEnd"
    assert clean_text(text) == text
    assert clean_text(f"a{LRO}b{RLO}c\x00d\x1be") == "abcde"
    assert clean_text("cafe\u0301") == "caf\u00e9"


def test_a_lone_surrogate_is_refused_in_words():
    for clean in (clean_line, clean_text):
        with pytest.raises(ValidationError) as refused:
            clean("broken \ud800 text")
        assert refused.value.messages == [str(NOT_TEXT)]


# Text fields that are not typed by a person as a name or a free text, and why.
NOT_TYPED = {
    "accounts.User.password": "a hash",
    "accounts.User.first_name": "Django's; unused (full_name is the name)",
    "accounts.User.last_name": "Django's; unused (full_name is the name)",
    "accounts.LoginFailure.email": "what was tried, kept as sent for the throttle",
    "accounts.LoginFailure.client_network": "an address",
    "accounts.PasswordResetRequest.email": "what was asked, kept as sent for the throttle",
    "states.Area.code": "an M49 code (shipped)",
    "states.State.iso3": "a code (shipped)",
    "states.State.iso2": "a code (shipped)",
    "states.State.m49": "a code (shipped)",
    "states.Organization.membership_as_of": "a year and month (shipped)",
    "reporting.Meeting.code": "a code, checked against its kind and number",
    "assistance.Need.source_question": "the code of the report question it came from",
    "reporting.Question.code": "a code of the template file",
    "reporting.Attachment.content_type": "found from the file's content",
    "audit.Entry.event": "an event's code",
    "audit.Entry.actor_label": "written by the audit trail from the account",
    "audit.Entry.request_id": "generated",
    "audit.Entry.client_address": "an address",
    "audit.Entry.object_type": "a model's label",
    "audit.Entry.object_id": "a key",
    "audit.Entry.object_repr": "the object's name, cleaned where it was typed",
    "audit.Entry.previous_hash": "a hash",
    "audit.Entry.hash": "a hash",
}


def text_fields():
    for model in apps.get_models():
        if not model.__module__.startswith("smallarms."):
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField):
                yield f"{model._meta.label}.{field.name}", field


def test_every_text_a_person_types_is_a_line_or_a_free_text_with_a_limit():
    undeclared = []
    for name, field in text_fields():
        declared = (
            isinstance(field, LineField | FreeTextField)
            or field.choices
            or not field.editable  # derived from other fields (search words) or generated
            or isinstance(field, models.SlugField | models.EmailField | models.URLField)
            or any(isinstance(check, RegexValidator) for check in field.validators)  # a code
            or name in NOT_TYPED
        )
        if not declared:
            undeclared.append(name)
    assert undeclared == []
    free_texts = [field for _name, field in text_fields() if isinstance(field, FreeTextField)]
    assert len(free_texts) > 20
    assert all(field.max_length for field in free_texts)
    assert set(NOT_TYPED) <= {name for name, _field in text_fields()}  # no stale entry
