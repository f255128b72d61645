"""The search for close names in the census, at the scale of a commune of many records."""

import pytest

from imports.analysis import FREQUENT_WORD, Census
from members.models import Commune
from tests.members.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_a_close_name_is_found_among_names_sharing_frequent_words(martinique):
    lamentin = Commune.objects.get(territory=martinique, name="Le Lamentin")
    for number in range(FREQUENT_WORD + 10):
        OrganisationFactory(
            name=f"Association solidarité numéro {number}", territory=martinique, commune=lamentin
        )
    karibe = OrganisationFactory(
        name="Association Karibe Lamentin", territory=martinique, commune=lamentin
    )
    census = Census.of(martinique)
    assert {"assoc", "solid"} <= census.frequent_words[lamentin.pk]
    assert census.close_name("Association Karib Lamentin", lamentin.pk) == karibe.pk
    assert census.close_name("Association solidarité numero 7", lamentin.pk) is not None
    assert census.close_name("Association des pêcheurs", lamentin.pk) is None
