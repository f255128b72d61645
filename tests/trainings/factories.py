from datetime import timedelta

import factory
from django.utils import timezone

from members.models import Territory
from tests.members.factories import OrganisationFactory, UserFactory
from trainings.models import Registration, Session, Training


class TrainingFactory(factory.django.DjangoModelFactory):
    """A published training of the Guadeloupe network."""

    class Meta:
        model = Training
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Monter un dossier FCR {n}")
    summary = "Les étapes d'un dossier de demande au Fonds de coopération régionale."
    territory = factory.LazyFunction(lambda: Territory.objects.get(slug="guadeloupe"))
    status = Training.Status.PUBLISHED

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create:
            self.themes.set(extracted if extracted is not None else ["local-governance"])


class SessionFactory(factory.django.DjangoModelFactory):
    """A session in ten days, 09:00–12:00 local time, open for registration."""

    class Meta:
        model = Session

    training = factory.SubFactory(TrainingFactory)
    starts_at = factory.LazyFunction(
        lambda: (timezone.now() + timedelta(days=10)).replace(
            hour=13, minute=0, second=0, microsecond=0
        )
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=3))
    venue = "Maison des associations"
    capacity = 10
    registration_deadline = factory.LazyAttribute(lambda o: o.starts_at - timedelta(days=2))


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    session = factory.SubFactory(SessionFactory)
    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    status = Registration.Status.CONFIRMED


class EventFactory(TrainingFactory):
    """A published network event of Guadeloupe: a general assembly (any `kind` but training)."""

    title = factory.Sequence(lambda n: f"Assemblée générale du réseau {n}")
    summary = "Le bilan de l'année, les comptes et les orientations du réseau."
    kind = Training.Kind.GENERAL_ASSEMBLY
