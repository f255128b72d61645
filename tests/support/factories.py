import factory
from django.utils import timezone

from support.enums import Mode, Status, Topic
from support.models import Message, SupportRequest
from tests.members.factories import OrganisationFactory


class SupportRequestFactory(factory.django.DjangoModelFactory):
    """A new request about an FCR file, of an active organisation of Guadeloupe, waiting on the
    coordinators since it was asked."""

    class Meta:
        model = SupportRequest

    organisation = factory.SubFactory(OrganisationFactory)
    topic = Topic.FUNDING_FCR
    description = "Nous montons un dossier FCR avec un lycée de la Dominique."
    preferred_mode = Mode.REMOTE
    status = Status.NEW
    created_at = factory.LazyFunction(timezone.now)
    awaiting_since = factory.SelfAttribute("created_at")


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Message

    request = factory.SubFactory(SupportRequestFactory)
    body = "Voici les pièces demandées."
