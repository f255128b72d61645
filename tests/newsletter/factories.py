import factory
from django.utils import timezone

from members.models import Territory
from newsletter.models import Issue, Subscriber


class SubscriberFactory(factory.django.DjangoModelFactory):
    """A confirmed subscriber of Kari'On (Guadeloupe), every section, in French.

    `territories` takes territory slugs (default: Guadeloupe); `sections` the sections wanted
    (default: all)."""

    class Meta:
        model = Subscriber
        skip_postgeneration_save = True

    class Params:
        unconfirmed = factory.Trait(confirmed_at=None)

    email = factory.Sequence(lambda n: f"lecteur{n}@example.org")
    language = "fr"
    confirmed_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def territories(self, create, extracted, **kwargs):
        if create:
            slugs = extracted if extracted is not None else ["guadeloupe"]
            self.territories.set(Territory.objects.filter(slug__in=slugs))

    @factory.post_generation
    def sections(self, create, extracted, **kwargs):
        if create and extracted is not None:
            for section in ("news", "calls", "trainings", "events"):
                setattr(self, f"wants_{section}", section in extracted)
            self.save()


class IssueFactory(factory.django.DjangoModelFactory):
    """A draft issue of Kari'On (Guadeloupe). `posts`, `calls`, `trainings` take objects."""

    class Meta:
        model = Issue
        skip_postgeneration_save = True

    territory = factory.LazyFunction(lambda: Territory.objects.get(slug="guadeloupe"))
    subject = factory.Sequence(lambda n: f"Les nouvelles du mois {n}")
    intro = "Bonjour à toutes et à tous,\n\nVoici les nouvelles du réseau."

    @factory.post_generation
    def posts(self, create, extracted, **kwargs):
        if create and extracted:
            self.posts.set(extracted)

    @factory.post_generation
    def calls(self, create, extracted, **kwargs):
        if create and extracted:
            self.calls.set(extracted)

    @factory.post_generation
    def trainings(self, create, extracted, **kwargs):
        if create and extracted:
            self.trainings.set(extracted)


def sent_issue(**kwargs) -> Issue:
    """An issue already sent (numbered, public), without deliveries: the next number of its
    territory."""
    issue = IssueFactory(**kwargs)
    number = Issue.objects.filter(territory=issue.territory).exclude(number=None).count() + 1
    Issue.objects.filter(pk=issue.pk).update(
        status=Issue.Status.SENT, number=number, sent_at=timezone.now()
    )
    issue.refresh_from_db()
    return issue
