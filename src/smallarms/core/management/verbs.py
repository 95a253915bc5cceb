"""Commands made of verbs, as every ``smallarms <app>`` command is:
``smallarms states resolve``, ``smallarms reporting load-templates``."""

from django.core.management.base import BaseCommand


class VerbCommand(BaseCommand):
    """``verbs`` maps each verb to its help, in the order ``--help`` lists them;
    ``add_verb_arguments`` adds a verb's own arguments; the verb runs ``handle_<verb>``
    (dashes as underscores) with the options."""

    verbs: dict[str, str] = {}

    def add_arguments(self, parser):
        subparsers = parser.add_subparsers(
            dest="verb", required=True, metavar="{" + ",".join(self.verbs) + "}"
        )
        for verb, text in self.verbs.items():
            self.add_verb_arguments(verb, subparsers.add_parser(verb, help=text))

    def add_verb_arguments(self, verb: str, parser):
        """Add the arguments of ``verb`` to its ``parser`` (none by default)."""

    def handle(self, *args, verb, **options):
        return getattr(self, "handle_" + verb.replace("-", "_"))(**options)
