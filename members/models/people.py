import secrets
from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members import acting
from members.enums import NetworkRole
from toolbox.images import ReencodedImageField


class UserManager(DjangoUserManager["User"]):
    """People sign in with their email address; there is no username."""

    use_in_migrations = True

    def _create_user_object(self, username, email, password, **extra_fields):
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.password = ""
        if password is not None:
            user.set_password(password)
        else:
            user.set_unusable_password()
        return user

    # People have no username: the signatures differ from Django's on purpose.
    def create_user(self, email, password=None, **extra_fields):  # type: ignore[override]
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        user = self._create_user_object(None, email, password, **extra_fields)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra_fields):  # type: ignore[override]
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self.create_user(email, password, **extra_fields)

    def get_by_email(self, email: str) -> "User":
        """The user with this address, whatever its case (raises DoesNotExist)."""
        return self.model._default_manager.get(email__iexact=email.strip())


class User(AbstractUser):
    """A person with an account. The email address is the login and is unique, case aside."""

    username = None  # type: ignore[assignment]  # the email address is the login
    email = models.EmailField(_("email address"), unique=True)
    # The language of the emails the person receives: the last one they chose on the portal.
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects: ClassVar[UserManager] = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ci"),
        ]

    def __str__(self):
        return self.get_full_name() or self.email


class TerritoryQuerySet(models.QuerySet):
    """The territories a person works on, written on the primitives of members.acting."""

    def coordinated_by(self, user):
        """The territories the person coordinates (after two-factor)."""
        return self.filter(pk__in=acting.coordinated_territory_ids(user))

    def moderated_by(self, user):
        """Territories whose queue and trainings the person runs (`can_coordinate`): their
        coordinators', and every territory for site admins."""
        return self.all() if acting.acts_as_site_admin(user) else self.coordinated_by(user)

    def censused_by(self, user):
        """Territories whose census the person reads (`can_read_census`): both for State
        services and site admins, their own for coordinators."""
        return self.all() if acting.reads_both_territories(user) else self.coordinated_by(user)


def network_document_path(instance, filename: str) -> str:
    # A random name: the one sent is never used (it may say anything, or be a path).
    return f"networks/{secrets.token_hex(16)}.pdf"


class Territory(models.Model):
    """One of the two regional networks; created by a data migration, never by users."""

    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    insee_code = models.CharField(_("INSEE department code"), max_length=3, unique=True)
    timezone = models.CharField(_("time zone"), max_length=64)
    # The network's own identity and how to reach it, edited by its coordinators and shown on
    # its public page.
    network_name = models.CharField(
        _("network name"), max_length=200, blank=True, help_text=_("e.g. Karib Horizon")
    )
    lead_body = models.CharField(_("lead body"), max_length=200, blank=True)
    presentation = models.TextField(_("presentation"), blank=True)
    logo = ReencodedImageField(_("logo"), upload_to="networks/", blank=True)
    charter = models.FileField(_("charter"), upload_to=network_document_path, blank=True)
    statutes = models.FileField(_("statutes"), upload_to=network_document_path, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    facebook = models.URLField(_("Facebook page"), blank=True)
    linkedin = models.URLField(_("LinkedIn page"), blank=True)
    instagram = models.URLField(_("Instagram account"), blank=True)
    youtube = models.URLField(_("YouTube channel"), blank=True)

    objects = TerritoryQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("territory")
        verbose_name_plural = _("territories")
        ordering = ["insee_code"]

    def __str__(self):
        return self.name

    @property
    def bounds(self):
        """The box holding all of the territory's land (members/reference/territories.py)."""
        from members.reference.territories import BOUNDS

        return BOUNDS[self.insee_code]


class RoleGrant(models.Model):
    """A network-wide role given to a person by a deployment's operators (`grant_role`).

    Business rules: a coordinator grant names exactly one territory (coordinating both takes two
    grants); a State services grant names none, since State services read both territories.
    A person holds each grant at most once. Organisation roles (admin, editor) are not grants:
    they live on the person's membership of that organisation.
    """

    Role = NetworkRole

    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="role_grants",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    territory = models.ForeignKey(
        Territory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_grants",
        verbose_name=_("territory"),
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        ordering = ["role", "territory__insee_code"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(role=NetworkRole.COORDINATOR, territory__isnull=False)
                    | models.Q(role=NetworkRole.STATE, territory__isnull=True)
                ),
                name="rolegrant_territory_matches_role",
            ),
            models.UniqueConstraint(
                fields=["user", "territory"],
                condition=models.Q(role=NetworkRole.COORDINATOR),
                name="rolegrant_one_coordinator_grant_per_territory",
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(role=NetworkRole.STATE),
                name="rolegrant_one_state_grant",
            ),
        ]

    def __str__(self):
        if self.territory_id:
            return f"{self.get_role_display()} — {self.territory}"
        return str(self.get_role_display())
