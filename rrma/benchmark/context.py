"""What every generator reads: the seed's sequence, today, the reference lists, and what
the generators before it made."""

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone

from members.demo_organisations import demo_phone
from members.models import Commune, Country, Organisation, Territory, User

from . import vocabulary as words


@dataclass
class Context:
    """What every generator reads: the seed's sequence, today, the reference lists."""

    scale: int
    rng: random.Random
    now: datetime
    accounts: dict[str, User]
    territories: dict[int, Territory]
    communes: dict[int, list[Commune]]
    countries: list[str]
    country_weights: list[int]
    phones: dict[str, list[str]]
    organisations: list[Organisation] = field(default_factory=list)
    # territory id -> [(user id, organisation id)] of the members of active organisations
    members: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    admins: dict[int, int] = field(default_factory=dict)  # organisation id -> its admin's id
    organisation_lists: dict[str, list] = field(default_factory=dict)  # through rows by list

    def coordinator(self, territory_id: int) -> int:
        slug = self.territories[territory_id].slug
        return self.accounts[f"coordination.{slug}@rrma.example"].pk

    def days_ago(self, days: float) -> datetime:
        return self.now - timedelta(days=days)


def make_context(scale: int, rng: random.Random, accounts: dict[str, User]) -> Context:
    territories = {t.pk: t for t in Territory.objects.all()}
    communes: dict[int, list[Commune]] = {pk: [] for pk in territories}
    for commune in Commune.objects.order_by("insee_code"):
        # The largest towns hold more organisations.
        communes[commune.territory_id] += [commune] * (4 if commune.name in words.MAIN_TOWNS else 1)
    countries = list(Country.objects.order_by("code").values_list("code", flat=True))
    phone_rng = random.Random(rng.random())  # noqa: S311
    return Context(
        scale=scale,
        rng=rng,
        now=timezone.now(),
        accounts=accounts,
        territories=territories,
        communes=communes,
        countries=countries,
        country_weights=[words.COUNTRY_WEIGHTS.get(c, 1) for c in countries],
        # Drawing a valid number takes a few tries: a pool of them is shared by the records.
        phones={
            t.slug: [demo_phone(phone_rng, t.slug) for _ in range(300)]
            for t in territories.values()
        },
    )
