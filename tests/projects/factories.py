from decimal import Decimal

import factory

from members.models import Country
from projects.models import CaribbeanPartner, FundingLine, Project
from tests.members.factories import OrganisationFactory


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaribbeanPartner

    name = factory.Sequence(lambda n: f"Dominica Youth Council {n}")
    country = factory.LazyFunction(lambda: Country.objects.get(code="DM"))
    kind = CaribbeanPartner.Kind.NGO


class ProjectFactory(factory.django.DjangoModelFactory):
    """A published, ongoing project with Dominica, led by an active Guadeloupe organisation."""

    class Meta:
        model = Project
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Échanges de jeunes Guadeloupe–Dominique {n}")
    summary = "Chantiers de jeunes volontaires entre la Guadeloupe et la Dominique."
    lead = factory.SubFactory(OrganisationFactory)
    status = Project.Status.ONGOING
    start_date = factory.Faker("date_between", start_date="-3y", end_date="-1y")
    total_budget = Decimal("100000.00")
    published = True

    @factory.post_generation
    def countries(self, create, extracted, **kwargs):
        if create:
            self.countries.set(extracted if extracted is not None else ["DM"])

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create:
            self.themes.set(extracted if extracted is not None else ["youth-mobility"])


class FundingLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingLine

    project = factory.SubFactory(ProjectFactory)
    funder = FundingLine.Funder.FCR_GUADELOUPE
    amount_requested = Decimal("60000.00")
