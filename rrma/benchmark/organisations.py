"""The census: organisations in both territories, their lists and their history."""

import random
from datetime import timedelta
from decimal import Decimal

from stdnum import luhn

from members.enums import ChangeReason
from members.models import Commune, Organisation
from projects.demo import FRENCH, in_country, join
from projects.demo import THEMES as PROJECT_THEMES

from . import vocabulary as words
from .bulk import Slugs, bulk, history, link, m2m_history
from .context import Context

K, S = Organisation.Kind, Organisation.Status
# Status of a record, by a draw in [0, 1): below each bound.
STATUSES = [(0.85, S.ACTIVE), (0.93, S.PENDING), (0.98, S.ARCHIVED), (1.0, S.REFUSED)]
LANGUAGES_OF = {"HT": "ht", "CU": "es", "DO": "es", "VE": "es", "CO": "es", "PR": "es"}
# SIRET numbers for the kinds registered with INSEE (associations have an RNA number).
WITH_SIRET = {
    K.COMPANY,
    K.PUBLIC_INSTITUTION,
    K.LOCAL_AUTHORITY,
    K.SCHOOL,
    K.HIGHER_EDUCATION,
    K.VOCATIONAL_TRAINING,
}


def _status(rng: random.Random) -> str:
    draw = rng.random()
    return next(status for bound, status in STATUSES if draw < bound)


def _siret(index: int, rng: random.Random) -> str:
    siren = f"{20_000_000 + index:08d}"
    siren += luhn.calc_check_digit(siren)
    establishment = f"{rng.randint(1, 99):04d}"
    return siren + establishment + luhn.calc_check_digit(siren + establishment)


def _name(ctx: Context, kind: str, themes: list[str], commune: Commune, countries: list[str]):
    rng = ctx.rng
    country = next((c for c in countries if c in FRENCH), "HT")
    return rng.choice(words.NAMES[kind]).format(
        theme=rng.choice(words.THEMES[themes[0]][0]),
        place=rng.choice(words.PLACES),
        commune=commune.name,
        person=rng.choice(words.PEOPLE),
        country=FRENCH[country].removeprefix("la ").removeprefix("le "),
    )


def _description(ctx: Context, org: Organisation, themes: list[str], countries: list[str]):
    rng = ctx.rng
    french = [FRENCH[c] for c in countries if c in FRENCH] or ["Haïti"]
    values = {
        "commune": org.commune.name,
        "territory": org.territory.name,
        "subject": words.SUBJECTS.get(org.kind, "la structure"),
        "year": org.year_founded,
        "avec": join(french),
        "en": join([in_country(c) for c in countries if c in FRENCH] or ["en Haïti"]),
        "themes": ", ".join(words.THEMES[t][2] for t in themes),
        "n": rng.randint(5, 120),
        "theme_sentence": words.THEMES[themes[0]][2],
    }
    sentences = rng.sample(words.DESCRIPTIONS, rng.randint(2, 4))
    activities = " et ".join(words.THEMES[t][1] for t in themes[:2])
    short = f"{activities[0].upper()}{activities[1:]} avec {values['avec']}."[:280]
    return short, " ".join(s.format(**values) for s in sentences)


def _position(ctx: Context, org: Organisation):
    """Three in ten records have their own position, near their commune, inside the box."""
    if ctx.rng.random() >= 0.3:
        return None, None
    box = org.territory.bounds
    lat = min(max(float(org.commune.latitude) + ctx.rng.uniform(-0.02, 0.02), box.south), box.north)
    lon = min(max(float(org.commune.longitude) + ctx.rng.uniform(-0.02, 0.02), box.west), box.east)
    return Decimal(f"{lat:.5f}"), Decimal(f"{lon:.5f}")


def _dates(ctx: Context, org: Organisation) -> None:
    """Registrations spread over six years, more of them lately; a fifth of the validated
    records were last confirmed more than a year ago (stale)."""
    rng = ctx.rng
    if org.status == S.PENDING:
        org.created_at = ctx.days_ago(rng.uniform(1, 60))
        org.updated_at = org.created_at
        return
    org.created_at = ctx.days_ago(60 + 2130 * rng.random() ** 1.5)
    org.validated_at = org.created_at + timedelta(days=rng.uniform(1, 20))
    if org.status == S.REFUSED:
        org.validated_at = None
        org.updated_at = org.created_at + timedelta(days=rng.uniform(1, 20))
        return
    stale = rng.random() < 0.2
    confirmed = ctx.days_ago(rng.uniform(395, 600) if stale else rng.uniform(5, 330))
    org.confirmed_at = max(confirmed, org.validated_at)
    org.updated_at = min(ctx.now, org.confirmed_at + timedelta(days=rng.uniform(0, 30)))


def _organisation(ctx: Context, index: int, slugs: Slugs):
    rng = ctx.rng
    territory = ctx.territories[rng.choice(sorted(ctx.territories))]
    commune = rng.choice(ctx.communes[territory.pk])
    kind = rng.choices(list(words.KIND_WEIGHTS), list(words.KIND_WEIGHTS.values()))[0]
    themes = rng.sample(sorted(words.THEMES), rng.choice([1, 2, 2, 3]))
    countries = list(
        dict.fromkeys(
            rng.choices(ctx.countries, ctx.country_weights, k=rng.choice([1, 1, 2, 2, 3, 4]))
        )
    )
    name = _name(ctx, kind, themes, commune, countries)
    initials = "".join(w[0] for w in name.replace("–", " ").split() if w[0].isupper())
    acronym = initials if rng.random() < 0.35 and 2 <= len(initials) <= 6 else ""
    org = Organisation(
        name=name,
        acronym=acronym,
        kind=kind,
        territory=territory,
        commune=commune,
        status=_status(rng),
        year_founded=rng.randint(1960, 2024),
        postal_code=rng.choice(commune.postal_code_list),
    )
    org.slug = slugs(acronym or name, "organisation")
    org.short_description, org.description = _description(ctx, org, themes, countries)
    org.latitude, org.longitude = _position(ctx, org)
    label = org.slug[:40].strip("-")
    org.email, org.website = f"contact@{label}.example", f"https://www.{label}.example"
    org.facebook = f"https://www.facebook.com/{label}" if rng.random() < 0.2 else ""
    org.phone = rng.choice(ctx.phones[territory.slug])
    if kind == K.ASSOCIATION:
        org.rna = f"W9{'G' if territory.slug == 'guadeloupe' else 'M'}1{index:06d}"
    elif kind in WITH_SIRET and rng.random() < 0.6:
        org.siret = _siret(index, rng)
    if org.status == S.REFUSED:
        org.refusal_reason = rng.choice(words.REFUSALS)
    _dates(ctx, org)
    if org.validated_at:
        org.validated_by_id = ctx.coordinator(territory.pk)
    org.search_text = org.build_search_text()
    languages = ["fr", *dict.fromkeys(LANGUAGES_OF.get(c, "en") for c in countries[:2])]
    if rng.random() < 0.4:
        languages.append("gcf")
    goals = {PROJECT_THEMES[t][2][0] for t in themes} | set(
        rng.sample(range(1, 18), rng.randint(0, 2))
    )
    lists = {
        "themes": themes,
        "countries": countries,
        "languages": list(dict.fromkeys(languages)),
        "sdgs": sorted(goals),
    }
    # What the projects' generator chooses leads and partners by.
    org.theme_codes, org.country_codes = themes, countries
    return org, lists


def organisations(ctx: Context) -> None:
    """The census and its lists."""
    slugs = Slugs()
    made = [_organisation(ctx, index, slugs) for index in range(ctx.scale)]
    ctx.organisations = bulk(Organisation, [org for org, _lists in made])
    # Kept for the history, which copies them next to each record's last historical row.
    ctx.organisation_lists = {
        name: link(Organisation, name, [(org.pk, v) for org, lists in made for v in lists[name]])
        for name in ("themes", "countries", "languages", "sdgs")
    }


def organisations_history(ctx: Context) -> None:
    """A row at creation, by its admin, then one per coordinator's decision."""
    coordinator = lambda org: ctx.coordinator(org.territory_id)  # noqa: E731
    created = history(
        Organisation,
        ctx.organisations,
        when=lambda o: o.created_at,
        by=lambda o: ctx.admins.get(o.pk),
        state=lambda o: {
            "status": S.PENDING,
            "validated_by_id": None,
            "validated_at": None,
            "confirmed_at": None,
            "refusal_reason": "",
        },
    )
    last = {row.id: row for row in created}
    decided = [o for o in ctx.organisations if o.status != S.PENDING]
    for row in history(
        Organisation,
        [o for o in decided if o.status != S.REFUSED],
        kind="~",
        when=lambda o: o.validated_at,
        by=coordinator,
        reason=ChangeReason.VALIDATED,
        state=lambda o: {"status": S.ACTIVE},
    ):
        last[row.id] = row
    for status, reason in ((S.REFUSED, ChangeReason.REFUSED), (S.ARCHIVED, ChangeReason.ARCHIVED)):
        for row in history(
            Organisation,
            [o for o in decided if o.status == status],
            kind="~",
            when=lambda o: o.updated_at,
            by=coordinator,
            reason=reason,
        ):
            last[row.id] = row
    m2m_history(Organisation, list(last.values()), ctx.organisation_lists)
