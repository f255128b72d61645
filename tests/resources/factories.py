import factory

from members.models import Territory
from resources.models import Resource
from tests.resources import files


class ResourceFactory(factory.django.DjangoModelFactory):
    """A published public guide of Guadeloupe in French: a PDF of its own.

    `themes` takes theme codes; give `url="https://…"` and `file=""` for a link instead."""

    class Meta:
        model = Resource
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Guide du montage d'un dossier FCR {n}")
    description = "Les étapes du dépôt d'une demande au Fonds de coopération régionale."
    kind = Resource.Kind.GUIDE
    territory = factory.LazyFunction(lambda: Territory.objects.get(slug="guadeloupe"))
    file = factory.django.FileField(filename="document.pdf", data=files.PDF)
    file_type = factory.LazyAttribute(lambda r: "application/pdf" if r.file else "")
    file_size = factory.LazyAttribute(lambda r: len(files.PDF) if r.file else None)

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)


def members_only(**kwargs) -> Resource:
    return ResourceFactory(audience=Resource.Audience.MEMBERS, **kwargs)


def link(**kwargs) -> Resource:
    """A recording of a past training, on a video site."""
    values = {
        "title": "Replay de la formation Interreg Caraïbes",
        "kind": Resource.Kind.VIDEO,
        "file": "",
        "url": "https://videos.rrma-antilles.example/replays/interreg",
    }
    return ResourceFactory(**(values | kwargs))
