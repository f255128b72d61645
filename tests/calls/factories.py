from datetime import timedelta

import factory
from django.utils import timezone

from calls.models import Call, CallDocument, OrganisationAlert, SavedSearch, local_today
from members.models import Territory
from tests.members.factories import OrganisationFactory, UserFactory

# The smallest file every PDF reader opens: what a real upload starts and ends with.
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


class CallFactory(factory.django.DjangoModelFactory):
    """A published FCR Guadeloupe call, open since yesterday, its deadline in 40 days at 12:00
    local time; any applicant, any theme, partners from the whole Greater Caribbean.

    `territories` takes territory slugs (default: Guadeloupe); `applicants`, `themes` and
    `countries` take codes."""

    class Meta:
        model = Call
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Appel à projets FCR {n}")
    funder = Call.Funder.FCR_GUADELOUPE
    summary = "Soutenir les projets de coopération avec les pays de la Caraïbe."
    opens_on = factory.LazyFunction(lambda: local_today() - timedelta(days=1))
    deadline = factory.LazyFunction(
        lambda: (timezone.localtime() + timedelta(days=40)).replace(
            hour=12, minute=0, second=0, microsecond=0
        )
    )
    status = Call.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def territories(self, create, extracted, **kwargs):
        if create:
            slugs = extracted if extracted is not None else ["guadeloupe"]
            self.territories.set(Territory.objects.filter(slug__in=slugs))

    @factory.post_generation
    def applicants(self, create, extracted, **kwargs):
        if create and extracted:
            self.applicants.set(extracted)

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)

    @factory.post_generation
    def countries(self, create, extracted, **kwargs):
        if create and extracted:
            self.countries.set(extracted)


class CallDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CallDocument

    call = factory.SubFactory(CallFactory)
    title = "Règlement de l'appel"
    file = factory.django.FileField(filename="reglement.pdf", data=MINIMAL_PDF)
    size = len(MINIMAL_PDF)


class OrganisationAlertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganisationAlert

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)


class SavedSearchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SavedSearch

    email = factory.Sequence(lambda n: f"veille{n}@example.org")
    query = "territory=guadeloupe"
    confirmed_at = factory.LazyFunction(timezone.now)
