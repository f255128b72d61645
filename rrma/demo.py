"""The demo data set: every app's demo data, loaded in dependency order."""

from django.db import transaction

from members.demo import load_demo_accounts
from members.models import User


def demo_is_loaded() -> bool:
    return User.objects.exists()


@transaction.atomic
def load_demo_data() -> None:
    load_demo_accounts()
