"""The demo data set: every app's demo data, loaded in dependency order."""

import polib
from django.conf import settings
from django.db import transaction

from members.demo import load_demo_accounts
from members.models import User


def demo_is_loaded() -> bool:
    return User.objects.exists()


@transaction.atomic
def load_demo_data() -> None:
    load_demo_accounts()


def compile_catalogues() -> None:
    """Compile the portal's .po catalogues into .mo files when they are missing or stale.

    Does what `compilemessages` does for the project's own catalogues, in pure Python, so the
    demo runs on a machine without GNU gettext. Deployments run `compilemessages` itself.
    """
    for locale_dir in settings.LOCALE_PATHS:
        for po_path in locale_dir.glob("*/LC_MESSAGES/*.po"):
            mo_path = po_path.with_suffix(".mo")
            if not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
                polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
