"""Helpers for content stored in the six UN languages.

Reference data and templates keep their text as ``{language code: text}`` objects. These
helpers pick the text for the active language, falling back to English, which every
shipped record has.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
FALLBACK_LANGUAGE = "en"
# The languages named in the reader's language, for tables of names in all six.
LANGUAGE_LABELS = [
    ("ar", _("Arabic")),
    ("zh-hans", _("Chinese")),
    ("en", _("English")),
    ("fr", _("French")),
    ("ru", _("Russian")),
    ("es", _("Spanish")),
]


def active_language() -> str:
    code = translation.get_language() or FALLBACK_LANGUAGE
    code = code.lower()
    if code in LANGUAGE_CODES:
        return code
    if code.startswith("zh"):
        return "zh-hans"
    base = code.split("-")[0]
    return base if base in LANGUAGE_CODES else FALLBACK_LANGUAGE


def pick(texts: dict | None, key: str | None = None, language: str | None = None) -> str:
    """The text in ``language`` (default: the active one), else English, else ''.

    ``texts`` is ``{lang: text}``, or ``{lang: {key: text}}`` when ``key`` is given.
    """
    if not texts:
        return ""
    for code in (language or active_language(), FALLBACK_LANGUAGE):
        value = texts.get(code)
        if key is not None and isinstance(value, dict):
            value = value.get(key)
        if value:
            return value
    return ""


def language_name(code: str, language: str | None = None) -> str:
    """The name of any language (ISO 639-1 code) in the reader's language, from Babel's
    CLDR data: "Portugais" for ``pt`` to a French reader."""
    from babel import Locale, UnknownLocaleError

    reader = (language or active_language()).replace("zh-hans", "zh_Hans")
    try:
        name = Locale.parse(reader).languages.get(code)
    except (UnknownLocaleError, ValueError):
        name = None
    return name or code
