"""Cooperation projects, their Caribbean partners and funding plans, in bulk.

Rules, as in projects/demo.py:
- 67 projects per 100 organisations, led by active organisations (a few by archived ones);
  how many each leads does not grow with the census: most lead none or one, a few up to a
  dozen, and the demo member's organisations several (their pages are measured);
- the demo's shares of statuses, dates and texts; ideas and half of the projects in
  preparation are drafts, one in twenty of the others too;
- 1–3 Caribbean partners, mostly of the lead's countries; the project's countries are its
  partners'; 0–2 member organisations of its territory sharing a theme;
- a budget except for ideas, and its funding plan: the demo's funders and rules (nothing
  granted beyond what was requested, decisions dated before the start, own funds balance);
- one partner per three projects (at least the demo's 31), named in its country's language,
  one per name and country.
"""

from datetime import timedelta
from decimal import Decimal

from members.models import Organisation
from projects.demo import (
    FRENCH,
    LANGUAGES,
    PARTNERS,
    STATUSES,
    THEMES,
    budget_and_beneficiaries,
    describe,
    euros,
    in_country,
    join,
)
from projects.demo import dates as project_dates
from projects.enums import ChangeReason
from projects.models import RESERVED_SLUGS, CaribbeanPartner, FundingLine, Project
from toolbox.text import normalize_text

from . import vocabulary as words
from .bulk import Slugs, bulk, history, link, m2m_history
from .context import Context

F, PS = FundingLine.Funder, Project.Status
# Weights of the organisations as leads: fixed shares, so that no page's content grows with
# the census (the most active organisation leads about as much at 500 as at 50,000).
LEAD_WEIGHTS = [0] * 5 + [1] * 3 + [3, 8]
CENTS = Decimal("0.01")


def _partners(ctx: Context, count: int) -> list[CaribbeanPartner]:
    rng, made, seen = ctx.rng, [], set()

    def add(country: str, kind: str, name: str) -> bool:
        key = (normalize_text(" ".join(name.split())), country)
        if key in seen:
            return False
        seen.add(key)
        slug = "".join(w[0] for w in key[0].split() if len(w) > 3) or "partner"
        made.append(
            CaribbeanPartner(
                name=name,
                normalized_name=key[0],
                country_id=country,
                kind=kind,
                website=f"https://www.{slug}{len(made)}.example" if rng.random() < 0.8 else "",
                created_at=ctx.days_ago(rng.uniform(30, 2000)),
            )
        )
        return True

    for country, kind, name in PARTNERS:
        add(country, kind, name)
    codes = sorted(words.TOWNS)
    weights = [words.COUNTRY_WEIGHTS.get(c, 1) for c in codes]
    while len(made) < count:
        country = rng.choices(codes, weights)[0]
        language = words.PARTNER_LANGUAGE.get(country, "en")
        kind, pattern = rng.choice(words.PARTNER_NAMES[language])
        town = rng.choice(words.TOWNS[country])
        name = pattern.format(town=town, word=rng.choice(words.PARTNER_WORDS[language]))
        # Past the combinations of words, partners are told apart by their number.
        if not add(country, kind, name):
            add(country, kind, f"{name} {rng.randint(2, 99)}")
    return made


def _partner_lists(ctx: Context, partners: list[CaribbeanPartner]) -> None:
    pairs = []
    for partner in partners:
        languages = LANGUAGES.get(partner.country_id, "en").split()
        if "fr" not in languages and ctx.rng.random() < 0.35:
            languages.append("fr")
        pairs += [(partner.pk, code) for code in languages]
    through = {"languages": link(CaribbeanPartner, "languages", pairs)}
    rows = history(CaribbeanPartner, partners, when=lambda p: p.created_at)
    m2m_history(CaribbeanPartner, rows, through)


def _funding(ctx: Context, project: Project, lead: Organisation, countries, themes) -> list:
    """2 to 5 lines whose requested amounts add up to the budget, own funds balancing
    (projects.demo.funding_plan, without a query per line)."""
    rng, guadeloupe = ctx.rng, lead.territory.slug == "guadeloupe"
    fcr = F.FCR_GUADELOUPE if guadeloupe else F.FCR_MARTINIQUE
    total = int(project.total_budget) // 100
    main = F.INTERREG if total >= 1500 else fcr
    extras = [F.PARTNER, F.STATE, F.OTHER, F.INTERREG if main == fcr and total >= 800 else fcr]
    if set(countries) & {"HT", "DO", "CU", "SR", "CO"}:
        extras.append(F.AFD)
    if lead.kind != Organisation.Kind.LOCAL_AUTHORITY:
        extras += [F.REGION, F.DEPARTEMENT] if guadeloupe else [F.REGION]
    if set(themes) & {"education-training", "youth-mobility", "research-higher-education"}:
        extras.append(F.EU_OTHER)
    funders = [main, *rng.sample(extras, rng.choice([0, 1, 1, 2]))]
    weights = [rng.randint(5, 9)] + [rng.randint(1, 3) for _ in funders[1:]]
    external = total * (100 - rng.randint(10, 50)) // 100
    amounts = [external * w // sum(weights) for w in weights]
    funders.append(F.OWN)
    amounts.append(total - sum(amounts))
    decision = project.start_date - timedelta(days=rng.randint(30, 180))
    decided_until = {PS.PREPARATION: 0, PS.ONGOING: 1 if rng.random() < 0.3 else 9}.get(
        project.status, 9
    )
    lines = []
    for position, (funder, hundreds) in enumerate(zip(funders, amounts, strict=True)):
        decided = funder == F.OWN or position < decided_until
        granted = hundreds
        if decided and funder != F.OWN and rng.random() < 0.3:
            granted = hundreds * rng.randint(75, 95) // 100
        lines.append(
            FundingLine(
                project=project,
                funder=funder,
                amount_requested=euros(hundreds),
                amount_granted=euros(granted) if decided else None,
                decision_date=min(decision, ctx.now.date()) if decided else None,
            )
        )
    return lines


def _project(ctx, index, lead, partners_by_country, locals_by_theme, slugs):
    rng = ctx.rng
    status = rng.choice(STATUSES)
    countries = [c for c in lead.country_codes if c in partners_by_country] or ["HT"]
    chosen = []
    for _n in range(rng.choice([1, 1, 1, 2, 2, 3])):
        country = rng.choice(countries) if rng.random() < 0.7 else rng.choice(sorted(FRENCH))
        partner = rng.choice(partners_by_country[country])
        if partner not in chosen:
            chosen.append(partner)
    countries = list(dict.fromkeys(p.country_id for p in chosen))
    themes = rng.sample(lead.theme_codes, rng.randint(1, len(lead.theme_codes)))
    avec, en = join([FRENCH[c] for c in countries]), join([in_country(c) for c in countries])
    title_a, title_b, goals, aim, beneficiaries, results = THEMES[themes[0]]
    title = rng.choice([title_a, title_b]).format(avec=avec, en=en)
    pool = locals_by_theme.get((lead.territory_id, themes[0]), [])
    locals_ = [
        o for o in rng.sample(pool, min(len(pool), rng.choice([0, 0, 1, 1, 2]))) if o != lead
    ]
    names = ", ".join(p.name for p in chosen)
    start, end = project_dates(rng, status)
    description = describe(
        lead=lead,
        aim=aim,
        partners=chosen,
        local_partners=locals_,
        status=status,
        end=end,
        index=index,
    )
    budget, count = budget_and_beneficiaries(rng, status)
    draft = status == PS.IDEA or (status == PS.PREPARATION and rng.random() < 0.5)
    published = not draft and rng.random() > 0.05
    published_at = ctx.days_ago(rng.uniform(5, 1500)) if published else None
    created = (published_at or ctx.now) - timedelta(days=rng.uniform(1, 90))
    project = Project(
        title=title,
        slug=slugs(title, "project"),
        summary=f"{lead.name} et ses partenaires ({names}) s'associent pour {aim} {en}."[:500],
        description=description,
        lead=lead,
        status=status,
        start_date=start,
        end_date=end,
        beneficiaries=f"{beneficiaries} {en}.",
        beneficiaries_count=count,
        results=results.format(n=count) if status == PS.COMPLETED else "",
        total_budget=budget,
        amounts_public=rng.random() < 0.25,
        published=published,
        published_at=published_at,
        created_by_id=ctx.admins.get(lead.pk),
        created_at=created,
        updated_at=published_at or created,
    )
    project.search_text = project.build_search_text()
    goals = {goals[0], *rng.sample([goals[1], 17], rng.choice([0, 1, 1, 2]))}
    return project, {
        "caribbean_partners": [p.pk for p in chosen],
        "countries": countries,
        "themes": themes,
        "sdgs": sorted(goals),
        "local_partners": [o.pk for o in locals_],
    }


def projects(ctx: Context) -> None:
    """The projects, their partners, lists, funding plans and history."""
    rng, count = ctx.rng, ctx.scale * 67 // 100
    partners = bulk(CaribbeanPartner, _partners(ctx, max(len(PARTNERS), count // 3)))
    _partner_lists(ctx, partners)
    partners_by_country: dict[str, list] = {}
    for partner in partners:
        partners_by_country.setdefault(partner.country_id, []).append(partner)
    active = [o for o in ctx.organisations if o.status == Organisation.Status.ACTIVE]
    archived = [o for o in ctx.organisations if o.status == Organisation.Status.ARCHIVED]
    locals_by_theme: dict[tuple, list] = {}
    for org in active:
        for theme in org.theme_codes:
            locals_by_theme.setdefault((org.territory_id, theme), []).append(org)
    # The demo member's organisations (the first active ones) lead several projects.
    weights = [8] * 3 + [rng.choice(LEAD_WEIGHTS) for _ in active[3:]]
    leads = rng.choices(active, weights, k=count)
    leads = [rng.choice(archived) if archived and rng.random() < 0.03 else o for o in leads]
    slugs = Slugs(reserved=RESERVED_SLUGS)
    made = [
        _project(ctx, index, lead, partners_by_country, locals_by_theme, slugs)
        for index, lead in enumerate(leads)
    ]
    bulk(Project, [project for project, _lists in made])
    names = ("caribbean_partners", "countries", "themes", "sdgs", "local_partners")
    through = {
        name: link(Project, name, [(p.pk, value) for p, lists in made for value in lists[name]])
        for name in names
    }
    lines = [
        line
        for project, lists in made
        if project.total_budget
        for line in _funding(ctx, project, project.lead, lists["countries"], lists["themes"])
    ]
    bulk(FundingLine, lines)
    history(FundingLine, lines, when=lambda line: line.project.created_at)
    all_projects = [project for project, _lists in made]
    last = {
        row.id: row
        for row in history(
            Project, all_projects, when=lambda p: p.created_at, by=lambda p: p.created_by_id
        )
    }
    published = [p for p in all_projects if p.published]
    for row in history(
        Project,
        published,
        kind="~",
        when=lambda p: p.published_at,
        by=lambda p: p.created_by_id,
        reason=ChangeReason.PUBLISHED,
    ):
        last[row.id] = row
    m2m_history(Project, list(last.values()), through)
