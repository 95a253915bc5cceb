"""``smallarms translations compile | check``: the interface catalogues of the six languages.

Compiling uses polib, so no system gettext is needed to install or test the project. The
check is what CI runs: every text the code marks for translation is in every catalogue,
every catalogue complete, nothing fuzzy, and every placeholder of the English text present
in the translation. (Adding new texts to the catalogues is Django's ``makemessages``,
which needs GNU gettext.)
"""

import io
import re
from pathlib import Path

import polib
from babel.messages.extract import extract
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation.template import templatize

SOURCE_LANGUAGE = "en"
_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w*)\}|%[sd]")


def catalogues():
    for locale_dir in settings.LOCALE_PATHS:
        yield from sorted(locale_dir.glob("*/LC_MESSAGES/*.po"))


# The translation functions the code calls, as Babel's extractor reads them (argument
# positions of the message, its plural and its context).
KEYWORDS = {
    "_": None,
    "gettext": None,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "npgettext_lazy": ((1, "c"), 2, 3),
}
SOURCE = Path(__file__).resolve().parents[3]


def code_messages(root: Path = SOURCE) -> dict[tuple[str | None, str], str]:
    """Every (context, text) the code and its templates mark for translation, with where
    it is first found: Python read by Babel, templates through Django's own ``templatize``
    (what ``makemessages`` does), tests and migrations aside."""
    found = {}
    for path in sorted(root.rglob("*")):
        if {"tests", "migrations"} & set(path.parts) or path.suffix not in (".py", ".html", ".txt"):
            continue
        if path.suffix == ".py":
            data = path.read_bytes()
        elif "templates" in path.parts:
            code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
            # Only the calls matter; the tokenizer must not trip on the template's indentation.
            data = "\n".join(line.lstrip() for line in code.splitlines()).encode()
        else:
            continue
        for lineno, message, _comments, context in extract(
            "python", io.BytesIO(data), keywords=KEYWORDS
        ):
            msgid = message[0] if isinstance(message, tuple) else message
            if msgid:
                found.setdefault((context, msgid), f"{path.relative_to(root)}:{lineno}")
    return found


def compile_catalogues(*, stale_only=False) -> int:
    """Compile each ``.po`` to its ``.mo`` (only those missing or older, with ``stale_only``);
    returns how many were written."""
    written = 0
    for path in catalogues():
        compiled = path.with_suffix(".mo")
        if stale_only and compiled.exists() and compiled.stat().st_mtime >= path.stat().st_mtime:
            continue
        polib.pofile(str(path)).save_as_mofile(str(compiled))
        written += 1
    return written


def placeholders(text: str) -> list[str]:
    return sorted(m.group(0) for m in _PLACEHOLDER.finditer(text))


def problems(catalogue: polib.POFile) -> list[str]:
    found = []
    for entry in catalogue:
        if entry.obsolete:
            continue
        where = f"msgid {entry.msgid!r}"
        if "fuzzy" in entry.flags:
            found.append(f"{where}: fuzzy")
            continue
        pairs = (
            [(entry.msgid, text) for text in entry.msgstr_plural.values()]
            if entry.msgid_plural
            else [(entry.msgid, entry.msgstr)]
        )
        if any(not text for _source, text in pairs):
            found.append(f"{where}: not translated")
            continue
        # A plural form may use the placeholders of either English form (Russian uses its
        # first form for 21 and 31 too); a plain entry must keep exactly the English ones.
        allowed = set(placeholders(entry.msgid)) | set(placeholders(entry.msgid_plural or ""))
        for _source, text in pairs:
            if not set(placeholders(text)) <= allowed or (
                not entry.msgid_plural and placeholders(text) != placeholders(entry.msgid)
            ):
                found.append(f"{where}: placeholders differ in {text!r}")
    return found


class Command(BaseCommand):
    help = "Compile the translation catalogues (.po to .mo), or check that they are complete."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("verb", choices=["compile", "check"])

    def handle(self, *args, verb, **options):
        paths = list(catalogues())
        if not paths:
            raise CommandError("No translation catalogues found.")
        if verb == "compile":
            self.stdout.write(f"Compiled {compile_catalogues()} catalogues.")
            return
        languages = {path.parent.parent.name for path in paths}
        expected = {code.replace("-hans", "_Hans") for code, _ in settings.LANGUAGES}
        missing = sorted(expected - languages - {SOURCE_LANGUAGE})
        failures = [f"{code}: no catalogue" for code in missing]
        in_code = code_messages()
        for path in paths:
            if path.parent.parent.name == SOURCE_LANGUAGE:
                continue
            catalogue = polib.pofile(str(path))
            failures += [f"{path}: {problem}" for problem in problems(catalogue)]
            known = {(entry.msgctxt, entry.msgid) for entry in catalogue if not entry.obsolete}
            failures += [
                f"{path}: {where}: not in the catalogue (run makemessages): {msgid!r}"
                for (context, msgid), where in in_code.items()
                if (context, msgid) not in known
            ]
            self.stdout.write(f"{path.parent.parent.name}: {len(catalogue)} messages")
        if failures:
            self.stderr.write("\n".join(failures))
            raise CommandError(f"{len(failures)} translation problem(s).")
        self.stdout.write("All catalogues complete.")
