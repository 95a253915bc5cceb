"""The ``smallarms`` command: every Django management command plus the domain verbs."""

import os
import sys


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
    execute_from_command_line(["smallarms", *sys.argv[1:]])


if __name__ == "__main__":
    main()
