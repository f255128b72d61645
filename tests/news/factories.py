from datetime import timedelta

import factory
from django.utils import timezone

from members.models import Territory
from news.models import Post


class PostFactory(factory.django.DjangoModelFactory):
    """A public post of the Guadeloupe network, published an hour ago, without image nor theme.

    `territory` takes a territory slug (default: Guadeloupe; None: both networks); `themes`
    takes theme codes. `draft=True` makes an undated draft, `scheduled=True` a post published
    for tomorrow."""

    class Meta:
        model = Post
        skip_postgeneration_save = True

    class Params:
        draft = factory.Trait(status=Post.Status.DRAFT, published_at=None)
        scheduled = factory.Trait(
            published_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=1))
        )

    title = factory.Sequence(lambda n: f"Nouvelles du réseau {n}")
    summary = "Le réseau a tenu sa réunion trimestrielle avec ses partenaires caribéens."
    body = "## Au programme\n\n- les projets en cours ;\n- les prochains appels."
    territory = factory.LazyFunction(lambda: Territory.objects.get(slug="guadeloupe"))
    status = Post.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        if isinstance(kwargs.get("territory"), str):
            kwargs["territory"] = Territory.objects.get(slug=kwargs["territory"])
        return kwargs

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)
