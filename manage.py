#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys

# Commands of the zero-configuration try-out: they run in development mode (see settings).
DEMO_COMMANDS = {"demo", "demo_totp"}


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rrma.settings")
    if sys.argv[1:2] and sys.argv[1] in DEMO_COMMANDS:
        os.environ["RRMA_DEMO"] = "1"
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        settings.INSTALLED_APPS  # noqa: B018  (loads the settings, which check the environment)
    except ImproperlyConfigured as error:
        # A missing production setting is a message for the operator, not a traceback.
        sys.exit(
            f"manage.py: {error}\n"
            "On a development machine, turn development mode on with DEBUG=true (in a .env file "
            "beside manage.py, or before the command): see the README."
        )
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
