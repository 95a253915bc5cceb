"""The ``smallarms`` command: every Django management command plus the domain verbs."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smallarms.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["smallarms", *sys.argv[1:]])


if __name__ == "__main__":
    main()
