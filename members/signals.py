"""Keep the reference tables in step with members/reference/ after every migrate (and flush)."""

from django.db import transaction


def sync_reference_data(sender, using="default", **kwargs) -> None:
    from members.reference.caribbean import COUNTRIES, tokens
    from members.reference.communes import COMMUNES
    from members.reference.languages import LANGUAGES
    from members.reference.sdgs import SDGS
    from members.reference.themes import THEMES

    from .models import Commune, Country, Language, SustainableDevelopmentGoal, Territory, Theme

    with transaction.atomic(using=using):
        territories = {
            t["slug"]: Territory.objects.using(using).update_or_create(slug=t["slug"], defaults=t)[
                0
            ]
            for t in TERRITORIES
        }
        for position, code in enumerate(THEMES):
            Theme.objects.using(using).update_or_create(code=code, defaults={"position": position})
        # Memberships with their status ("OECS:member ACS:associate"): a change of the
        # reference module reaches the database here, without a data migration.
        for code, country in COUNTRIES.items():
            Country.objects.using(using).update_or_create(
                code=code, defaults={"memberships": tokens(country.memberships)}
            )
        for position, code in enumerate(LANGUAGES):
            Language.objects.using(using).update_or_create(
                code=code, defaults={"position": position}
            )
        for number in SDGS:
            SustainableDevelopmentGoal.objects.using(using).get_or_create(number=number)
        for slug, communes in COMMUNES.items():
            for commune in communes:
                Commune.objects.using(using).update_or_create(
                    insee_code=commune.insee_code,
                    defaults={
                        "name": commune.name,
                        "territory": territories[slug],
                        "postal_codes": " ".join(commune.postal_codes),
                        "latitude": commune.latitude,
                        "longitude": commune.longitude,
                    },
                )


TERRITORIES = [
    {
        "slug": "guadeloupe",
        "name": "Guadeloupe",
        "insee_code": "971",
        "timezone": "America/Guadeloupe",
    },
    {
        "slug": "martinique",
        "name": "Martinique",
        "insee_code": "972",
        "timezone": "America/Martinique",
    },
]
