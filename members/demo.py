"""Demo accounts, one per role, for trying the portal locally (`manage.py demo`).

Never loaded with DEBUG off: every demo account shares one published password, and the
privileged ones share one published two-factor secret.
"""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .enums import NetworkRole
from .models import Territory, User
from .services import role_grant

DEMO_PASSWORD = "antilles-demo-2026"
# Base32 TOTP secret shared by the privileged demo accounts (add it to any authenticator app,
# or run `manage.py demo_totp` for the current code).
DEMO_TOTP_SECRET = "RRMADEMOANTILLESGUADMART"

DEMO_ACCOUNTS = [
    # email, first name, last name, role, territory slug, superuser
    (
        "coordination.guadeloupe@rrma.example",
        "Maryse",
        "Lollia",
        NetworkRole.COORDINATOR,
        "guadeloupe",
        False,
    ),
    (
        "coordination.martinique@rrma.example",
        "Joël",
        "Sainte-Rose",
        NetworkRole.COORDINATOR,
        "martinique",
        False,
    ),
    ("etat@rrma.example", "Claire", "Duchemin", NetworkRole.STATE, None, False),
    ("admin.asso@rrma.example", "Rony", "Bellance", None, None, False),
    ("membre@rrma.example", "Lucie", "Marie-Sainte", None, None, False),
    ("admin@rrma.example", "Site", "Admin", None, None, True),
]


def validated(instance, relations: dict | None = None):
    """Save a demo record after the same checks as people's input (`full_clean`): the demo
    never holds a value the portal's own forms would refuse. Returns the saved instance.

    Its many-to-many `relations` are set with it, and its history begins with one "created"
    entry (setting each list would otherwise write one more entry, with copies of all its
    lists: most of the demo's loading time)."""
    system_filled = [f.name for f in instance._meta.fields if not f.editable or f.name == "slug"]
    instance.full_clean(exclude=system_filled)
    history = getattr(type(instance), "history", None)
    instance.skip_history_when_saving = True
    try:
        instance.save()
        for name, values in (relations or {}).items():
            getattr(instance, name).set(values)
    finally:
        del instance.skip_history_when_saving
    if history is not None:
        history.bulk_history_create([instance])
    return instance


def ensure_demo_allowed() -> None:
    if not settings.DEBUG:
        raise ImproperlyConfigured(
            "Demo accounts have a published password: they are never created with DEBUG off."
        )


def load_demo_networks() -> dict[str, Territory]:
    """Each network's lead body and contacts (its territory row exists from the migrations)."""
    territories = {t.slug: t for t in Territory.objects.all()}
    for territory in territories.values():
        territory.lead_body = f"Coordination du réseau régional multi-acteurs de {territory.name}"
        territory.contact_email = f"contact@rrma-{territory.slug}.example"
        territory.website = f"https://www.rrma-{territory.slug}.example"
        territory.save()
    return territories


def load_demo_accounts() -> list[User]:
    """Create the demo accounts (idempotent: existing ones are left as they are)."""
    ensure_demo_allowed()
    territories = load_demo_networks()
    users = []
    for email, first, last, role, territory, superuser in DEMO_ACCOUNTS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email,
                DEMO_PASSWORD,
                first_name=first,
                last_name=last,
                is_staff=superuser,
                is_superuser=superuser,
            )
            EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
        if role:
            role_grant(
                user=user,
                role=role,
                territory=territories.get(territory),
            )
        if (role or superuser) and not Authenticator.objects.filter(user=user).exists():
            TOTP.activate(user, DEMO_TOTP_SECRET)
            RecoveryCodes.activate(user)
        users.append(user)
    return users
