"""The State-name resolver: any name a UN document has used for a State, to that State.

Names are compared after normalization (case, accents, apostrophes, punctuation, function
words such as "the", "of", "de"; parenthesised and inverted forms are turned around), and
then only by exact match against an index of known names. Nothing is guessed: a name that
matches no State, or more than one, is unresolved. That is why look-alikes (Niger and
Nigeria, the two Congos) can never be confused: "Niger" is not a prefix match of anything.

The index is built from the shipped data (the UN names in six languages, former names and
other names) and, for wider coverage of spreadsheet spellings, from the CLDR names (Babel)
and the ISO 3166 names and their translations (pycountry). A key claimed by two States is
dropped from the index and reported as ambiguous.
"""

import gettext
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

import pycountry
from babel import Locale

from . import reference

_APOSTROPHES = dict.fromkeys(map(ord, "'’‘ʼ`´′"), " ")
_ARABIC = str.maketrans({"ى": "ي", "ة": "ه", "ـ": None})
_PAREN = re.compile(r"^(?P<base>[^()]*?)\s*\((?P<inner>[^()]*)\)\s*(?P<rest>[^()]*)$")
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
_EXPANSIONS = {
    "st": "saint",
    "ste": "sainte",
    "rep": "republic",
    "dem": "democratic",
    "fed": "federal",
    "utd": "united",
}
# Function words of the six languages' Latin-script names; dropping them makes
# "the Gambia", "Gambia (the)" and "Gambia, The" one name. Content words always remain, so
# no two States can be made to collide by this.
_FUNCTION_WORDS = {
    "the", "of", "and",
    "la", "le", "les", "l", "de", "du", "des", "d", "et",
    "el", "los", "las", "del", "y",
}  # fmt: skip
# Reordering an inverted name needs the comma, which normalization removes, so it runs first.
_INVERTED = re.compile(r"^(?P<head>[^,]+),\s*(?P<tail>[^,]+)$")


def _fold(text: str) -> str:
    """Case, compatibility forms, apostrophes, accents and Arabic letter variants."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_APOSTROPHES)
    text = "".join(
        char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char)
    )
    return text.translate(_ARABIC).replace("&", " and ")


def _key(text: str) -> str:
    tokens = [_EXPANSIONS.get(token, token) for token in _NON_WORD.split(text) if token]
    content = [token for token in tokens if token not in _FUNCTION_WORDS]
    return "".join(content or tokens)


def keys(name: str) -> set[str]:
    """The index keys of a name: its normalized form and its turned-around forms."""
    text = _fold(name).strip()
    forms = {text}
    match = _PAREN.match(text)
    if match:
        base, inner, rest = match["base"], match["inner"], match["rest"]
        forms.add(f"{inner} {base} {rest}")
        forms.add(f"{base} {inner} {rest}")
    for form in list(forms):
        inverted = _INVERTED.match(form)
        if inverted:
            forms.add(f"{inverted['tail']} {inverted['head']}")
    return {key for key in map(_key, forms) if key}


@dataclass(frozen=True)
class Resolution:
    input: str
    iso3: str | None
    reason: str  # "resolved", "unknown" or "ambiguous"

    @property
    def resolved(self) -> bool:
        return self.iso3 is not None


class Resolver:
    def __init__(self, names: list[tuple[str, str]]):
        """``names`` is a list of (iso3, name)."""
        claims: dict[str, set[str]] = {}
        for iso3, name in names:
            for key in keys(name):
                claims.setdefault(key, set()).add(iso3)
        self.index = {key: next(iter(owners)) for key, owners in claims.items() if len(owners) == 1}
        self.ambiguous = {key: owners for key, owners in claims.items() if len(owners) > 1}

    def resolve(self, name: str) -> Resolution:
        found, ambiguous = set(), False
        for key in keys(name):
            if key in self.ambiguous:
                ambiguous = True
            elif key in self.index:
                found.add(self.index[key])
        if len(found) == 1 and not ambiguous:
            return Resolution(name, found.pop(), "resolved")
        if found or ambiguous:
            return Resolution(name, None, "ambiguous")
        return Resolution(name, None, "unknown")


_CLDR_LOCALES = {"ar": "ar", "zh-hans": "zh_Hans", "en": "en", "fr": "fr", "ru": "ru", "es": "es"}
_ISO_LOCALES = {"ar": "ar", "zh-hans": "zh_CN", "fr": "fr", "ru": "ru", "es": "es"}


def _library_names(iso2_to_iso3: dict[str, str]) -> list[tuple[str, str]]:
    names = []
    for locale in _CLDR_LOCALES.values():
        territories = Locale.parse(locale).territories
        names.extend(
            (iso3, territories[iso2]) for iso2, iso3 in iso2_to_iso3.items() if iso2 in territories
        )
    translations = {
        code: gettext.translation(
            "iso3166-1", pycountry.LOCALES_DIR, languages=[locale], fallback=True
        )
        for code, locale in _ISO_LOCALES.items()
    }
    for iso3 in iso2_to_iso3.values():
        country = pycountry.countries.get(alpha_3=iso3)
        if country is None:
            continue
        for attribute in ("name", "official_name", "common_name"):
            english = getattr(country, attribute, None)
            if english:
                names.append((iso3, english))
                names.extend((iso3, t.gettext(english)) for t in translations.values())
    return names


@cache
def default_resolver() -> Resolver:
    states = reference.states()
    names = [(s["iso3"], name) for s in states for _language, name in reference.all_names(s)]
    names += [(s["iso3"], s["iso3"]) for s in states]
    names += _library_names({s["iso2"]: s["iso3"] for s in states})
    return Resolver(names)


def resolve(name: str) -> Resolution:
    return default_resolver().resolve(name)
