"""``smallarms translations compile | check``: the interface catalogues of the six languages.

Compiling uses polib, so no system gettext is needed to install or test the project. The
check is what CI runs: every catalogue complete, nothing fuzzy, and every placeholder of the
English text present in the translation.
"""

import re

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

SOURCE_LANGUAGE = "en"
_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w*)\}|%[sd]")


def catalogues():
    for locale_dir in settings.LOCALE_PATHS:
        yield from sorted(locale_dir.glob("*/LC_MESSAGES/*.po"))


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
            for path in paths:
                polib.pofile(str(path)).save_as_mofile(str(path.with_suffix(".mo")))
            self.stdout.write(f"Compiled {len(paths)} catalogues.")
            return
        languages = {path.parent.parent.name for path in paths}
        expected = {code.replace("-hans", "_Hans") for code, _ in settings.LANGUAGES}
        missing = sorted(expected - languages - {SOURCE_LANGUAGE})
        failures = [f"{code}: no catalogue" for code in missing]
        for path in paths:
            if path.parent.parent.name == SOURCE_LANGUAGE:
                continue
            catalogue = polib.pofile(str(path))
            failures += [f"{path}: {problem}" for problem in problems(catalogue)]
            self.stdout.write(f"{path.parent.parent.name}: {len(catalogue)} messages")
        if failures:
            self.stderr.write("\n".join(failures))
            raise CommandError(f"{len(failures)} translation problem(s).")
        self.stdout.write("All catalogues complete.")
