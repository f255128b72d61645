"""Funding calls in bulk, and the funding lines that answered them.

Rules, as in calls/demo.py:
- 2 calls per 100 organisations: editions of the demo's ten (their texts and eligibility, the
  year in the title), deadlines from four years ago to a year ahead, each open for one to five
  months before it; 9 in 10 published, the others drafts;
- 1 in 4 of the FCR and Interreg funding lines names a published call of its funder.
"""

from datetime import datetime, time, timedelta

from calls.demo import CALLS
from calls.models import RESERVED_SLUGS, Call, local_zone
from members.models import Territory
from projects.enums import FUNDER_OF_CALL
from projects.models import FundingLine

from .bulk import BATCH, Slugs, bulk, history, link, m2m_history
from .context import Context


def _call(ctx: Context, index: int, slugs: Slugs, territories: dict[str, int]):
    rng = ctx.rng
    row = CALLS[index % len(CALLS)]
    (_key, title, funder, programme, where, applicants, themes, countries, rates, grants,
     _opens, _predeposit, (_days, hour), _published, summary, description, url) = row  # fmt: skip
    offset = rng.uniform(-4 * 365, 365)
    day = (ctx.now.astimezone(local_zone()) + timedelta(days=offset)).date()
    deadline = datetime.combine(day, time(hour), local_zone())
    opens_on = day - timedelta(days=rng.randint(30, 150))
    full_title = f"{title} ({day.year})"
    published = rng.random() < 0.9
    created = datetime.combine(opens_on, time(9), local_zone()) - timedelta(days=10)
    call = Call(
        title=full_title,
        slug=slugs(full_title, "call"),
        funder=funder,
        programme=programme,
        summary=summary,
        description=description,
        whole_caribbean=countries is None,
        cofinancing_min=rates[0],
        cofinancing_max=rates[1],
        grant_min=grants[0],
        grant_max=grants[1],
        opens_on=opens_on,
        deadline=deadline,
        official_url=url,
        status=Call.Status.PUBLISHED if published else Call.Status.DRAFT,
        published_at=min(created, ctx.now) if published else None,
        created_by_id=ctx.coordinator(territories[where[0]]),
        created_at=min(created, ctx.now),
        updated_at=min(created, ctx.now),
    )
    lists = {
        "territories": [territories[slug] for slug in where],
        "applicants": applicants,
        "themes": themes,
        "countries": countries or [],
    }
    return call, lists


def calls(ctx: Context) -> None:
    """The calls, their eligibility lists and history, then the lines that answered them."""
    territories = {t.slug: t.pk for t in Territory.objects.all()}
    slugs = Slugs(reserved=RESERVED_SLUGS)
    made = [_call(ctx, i, slugs, territories) for i in range(max(10, ctx.scale * 2 // 100))]
    all_calls = bulk(Call, [call for call, _lists in made])
    through = {
        name: link(Call, name, [(c.pk, v) for c, lists in made for v in lists[name]])
        for name in ("territories", "applicants", "themes", "countries")
    }
    m2m_history(Call, history(Call, all_calls, when=lambda c: c.created_at), through)
    _answer(ctx, [c for c in all_calls if c.status == Call.Status.PUBLISHED])


def _answer(ctx: Context, published: list[Call]) -> None:
    by_funder: dict[str, list[int]] = {}
    for call in published:
        funder = FUNDER_OF_CALL.get(call.funder)
        if funder in ("fcr-guadeloupe", "fcr-martinique", "interreg"):
            by_funder.setdefault(funder, []).append(call.pk)
    lines = list(FundingLine.objects.filter(funder__in=by_funder).only("pk", "funder"))
    chosen = [line for line in lines if ctx.rng.random() < 0.25]
    for line in chosen:
        line.call_id = ctx.rng.choice(by_funder[line.funder])
    FundingLine.objects.bulk_update(chosen, ["call"], batch_size=BATCH)
