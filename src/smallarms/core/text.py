"""Text a person typed, as it is kept (one Unicode form, no invisible controls, a limit) and
as it is sorted.

What was typed is kept as typed — its scripts, its line breaks, its direction — with these
exceptions, the same whichever door the text comes in by (a page, the API, a workbook, the
shipped data):

- Every text is stored in Unicode's composed form (NFC), so that the same word typed on two
  keyboards is the same text for search, comparison and sorting.
- Control characters other than tab and the line breaks are removed: no keyboard types
  them, PostgreSQL cannot store NUL, and a spreadsheet export cannot hold the others.
- A *line* — a name, a title, an institution, a file name — loses every invisible format
  character: the direction marks, embeddings, overrides and isolates, zero-width spaces,
  word joiners, soft hyphens, byte-order marks. Otherwise a name can be made to read as
  another (an override shows "Kenya" for what is stored as "aynek"). Zero-width joiners
  and non-joiners between two letters stay: Persian and Urdu spelling needs them, and
  they change no letter's order. Runs of white space become one space; the ends are
  trimmed.
- A *free text* — a description, a message, an answer — keeps its direction marks,
  embeddings and isolates, which a writer mixing Arabic and Latin script uses; only the
  overrides (LRO and RLO), which no script needs and which show text in an order other
  than the one stored, are removed.
- A lone surrogate, which JSON can carry but which is no character at all, is refused
  with a message rather than stored or dropped.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Limits that fit each use; a field names the one it uses.
NAME_MAX_CHARS = 200  # a name, a title
NOTE_MAX_CHARS = 2_000  # a note, a reason, a short description of a criterion or objective
MESSAGE_MAX_CHARS = 5_000  # a message, a comment, a condition
TEXT_MAX_CHARS = 20_000  # a description, an aim, an answer

_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_OVERRIDES = re.compile("[\u202d\u202e]")
_JOINERS = "\u200c\u200d"
_SPACES = re.compile(r"\s+")
_SURROGATE = re.compile("[\ud800-\udfff]")

NOT_TEXT = _("This text holds a code that is not a character (a lone surrogate); type it again.")


def _refuse_surrogates(value: str) -> None:
    if _SURROGATE.search(value):
        raise ValidationError(NOT_TEXT, code="surrogate")


def clean_text(value: str) -> str:
    """A free text as it is kept (see the module's description)."""
    _refuse_surrogates(value)
    return _OVERRIDES.sub("", _CONTROLS.sub("", unicodedata.normalize("NFC", value)))


def _is_letter(character: str) -> bool:
    return unicodedata.category(character)[0] in "LM"


def clean_line(value: str) -> str:
    """A one-line text as it is kept (see the module's description)."""
    _refuse_surrogates(value)
    value = _CONTROLS.sub(" ", unicodedata.normalize("NFC", value))
    kept = []
    for index, character in enumerate(value):
        if unicodedata.category(character) == "Cf":
            between_letters = (
                character in _JOINERS
                and 0 < index < len(value) - 1
                and _is_letter(value[index - 1])
                and _is_letter(value[index + 1])
            )
            if not between_letters:
                continue
        kept.append(character)
    return _SPACES.sub(" ", "".join(kept)).strip()


def sort_key(text: str) -> str:
    """Case- and accent-insensitive: "Équateur" sorts with "Equateur", before "Érythrée"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))
