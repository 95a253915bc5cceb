"""The ``smallarms`` command: every Django management command plus the domain verbs."""

import os
import sys
import textwrap

# The project's own commands, in the order an operator meets them; ``smallarms help`` lists
# them with their help before pointing at Django's own.
COMMANDS = (
    "setup",
    "demo",
    "serve",
    "states",
    "themes",
    "reporting",
    "contacts",
    "assistance",
    "audit",
    "translations",
)


def overview() -> str:
    """What ``smallarms``, ``smallarms help`` and ``smallarms --help`` print."""
    from django.core.management import get_commands, load_command_class

    commands = get_commands()
    lines = [
        "Usage: smallarms <command> [options]",
        "",
        "The commands of smallarms (smallarms help <command> gives its verbs and options):",
    ]
    for name in COMMANDS:
        text = " ".join(str(load_command_class(commands[name], name).help).split())
        lines += textwrap.wrap(
            text, width=100, initial_indent=f"  {name:<13} ", subsequent_indent=" " * 16
        )
    lines += [
        "",
        "Django's own commands (migrate, createsuperuser, shell, check …) run as well:",
        "smallarms help --commands lists them all.",
    ]
    return "\n".join(lines)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smallarms.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        # Read the settings first: a missing or bad environment variable is one line that
        # names it, not a traceback from deep inside Django.
        from django.conf import settings

        settings.INSTALLED_APPS  # noqa: B018
    except ImproperlyConfigured as error:
        sys.stderr.write(f'smallarms: {error} See "Configuration" in the README.\n')
        sys.exit(2)
    arguments = sys.argv[1:]
    if arguments in ([], ["help"], ["--help"], ["-h"]):
        import django

        django.setup()
        sys.stdout.write(overview() + "\n")
        return
    execute_from_command_line(["smallarms", *arguments])


if __name__ == "__main__":
    main()
