"""The ``lien`` console script: Django's management entry point with Lien's settings."""

import os
import sys


def command_argv(argv: list[str]) -> list[str]:
    """``lien add-organisation`` (INTERFACES.md) runs Django's ``add_organisation`` command,
    and so does ``lien help add-organisation``."""
    position = 2 if len(argv) > 2 and argv[1] == "help" else 1
    return [
        arg.replace("-", "_") if i == position and not arg.startswith("-") else arg
        for i, arg in enumerate(argv)
    ]


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lien.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(command_argv(sys.argv))


if __name__ == "__main__":
    main()
