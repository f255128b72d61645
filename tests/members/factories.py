import factory
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP

from members.models import Commune, Membership, Organisation, RoleGrant, Territory, User

PASSWORD = "a-long-test-password-2026"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


class UserFactory(factory.django.DjangoModelFactory):
    """A member: an active account with a verified primary email address."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, primary=True, verified=True)

    @factory.post_generation
    def two_factor(self, create, extracted, **kwargs):
        if create and extracted:
            TOTP.activate(self, TOTP_SECRET)
            RecoveryCodes.activate(self)


class RoleGrantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleGrant

    user = factory.SubFactory(UserFactory)
    role = RoleGrant.Role.COORDINATOR
    territory = factory.LazyFunction(lambda: Territory.objects.get(slug="guadeloupe"))


def coordinator(territory: Territory, *, two_factor: bool = True, **kwargs) -> User:
    user = UserFactory(two_factor=two_factor, **kwargs)
    RoleGrantFactory(user=user, role=RoleGrant.Role.COORDINATOR, territory=territory)
    return user


def state_services(*, two_factor: bool = True, **kwargs) -> User:
    user = UserFactory(two_factor=two_factor, **kwargs)
    RoleGrantFactory(user=user, role=RoleGrant.Role.STATE, territory=None)
    return user


def site_admin(*, two_factor: bool = True, **kwargs) -> User:
    return UserFactory(two_factor=two_factor, is_staff=True, is_superuser=True, **kwargs)


def has_totp(user: User) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class OrganisationFactory(factory.django.DjangoModelFactory):
    """An active organisation of Guadeloupe, in Pointe-à-Pitre, working on health with Haiti."""

    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Association Solidarité Caraïbe {n}")
    kind = Organisation.Kind.ASSOCIATION
    territory = factory.LazyFunction(lambda: Territory.objects.get(slug="guadeloupe"))
    commune = factory.LazyAttribute(
        lambda o: Commune.objects.filter(territory=o.territory).order_by("insee_code").first()
    )
    short_description = "Actions de solidarité avec la Caraïbe."
    status = Organisation.Status.ACTIVE

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create:
            self.themes.set(extracted if extracted is not None else ["health"])

    @factory.post_generation
    def countries(self, create, extracted, **kwargs):
        if create:
            self.countries.set(extracted if extracted is not None else ["HT"])


def member_of(organisation: Organisation, role: str = "editor", **kwargs) -> User:
    user = UserFactory(**kwargs)
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user
