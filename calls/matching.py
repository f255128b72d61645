"""Which calls an organisation may answer, and why: one function, `call_match`.

Business rules (an organisation matches a published call when all hold):

1. **Territory**: the organisation's territory is one the call is open to (a call open to both
   territories matches organisations of either).
2. **Applicant**: the call names no kind of applicant (every kind may apply), or the
   organisation's kind is named, or an audience is named that organisations of its kind make
   up (a school matches a call for lycées or BTS sections; a vocational training structure a
   call for CFA): the coordinators know whether a given school is a lycée, the portal does not.
3. **Themes**: the call names no theme ("any theme"), or shares one with the organisation.
4. **Partner countries**: the call is open to partners from the whole Greater Caribbean (no
   condition), or names a country the organisation works with (its countries of
   intervention).

The reasons say which of the organisation's own data matched ("your themes: health"), so
that a member sees why the call is offered; rules that set no condition add no reason, unless
nothing else would be said.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext as _

from members.models import Country, Organisation, Territory, Theme

from .enums import AUDIENCE_KINDS, applicant_label
from .models import Call


@dataclass(frozen=True)
class Profile:
    """What matching reads of an organisation."""

    territory_id: int
    kind: str
    themes: frozenset[str] = field(default_factory=frozenset)
    countries: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def of(cls, organisation: Organisation) -> "Profile":
        """Reads the organisation's themes and countries (prefetched, or one query each)."""
        return cls(
            territory_id=organisation.territory_id,
            kind=organisation.kind,
            themes=frozenset(t.pk for t in organisation.themes.all()),
            countries=frozenset(c.pk for c in organisation.countries.all()),
        )


@dataclass(frozen=True)
class Match:
    call: Call
    reasons: tuple[str, ...]


def _labels(objects) -> str:
    return ", ".join(sorted(str(o) for o in objects))


@dataclass(frozen=True)
class Eligibility:
    """A call's conditions, read once from its lists (matched against many organisations)."""

    territories: dict[int, object]  # territory id: territory
    applicants: tuple[str, ...]
    themes: dict[str, object]  # theme code: theme
    countries: dict[str, object] | None  # None: the whole Greater Caribbean

    @classmethod
    def of(cls, call: Call) -> "Eligibility":
        cached = getattr(call, "_eligibility", None)
        if cached is None:
            cached = cls(
                territories={t.pk: t for t in call.territories.all()},
                applicants=tuple(a.pk for a in call.applicants.all()),
                themes={t.pk: t for t in call.themes.all()},
                countries=None if call.whole_caribbean else {c.pk: c for c in call.countries.all()},
            )
            call._eligibility = cached  # type: ignore[attr-defined]
        return cached


def call_match(call: Call, profile: Profile) -> Match | None:
    """The match of `call` with the organisation described by `profile`, with its reasons,
    or None when the organisation is not eligible (the rules in this module's docstring).
    Reads the call's territories, applicants, themes and countries once per call instance:
    prefetch them (`Call.objects.with_eligibility()`) when matching many calls."""
    rules = Eligibility.of(call)
    if profile.territory_id not in rules.territories:
        return None
    reasons = []

    if rules.applicants:
        if profile.kind in rules.applicants:
            reasons.append(_("your kind: %(kind)s") % {"kind": applicant_label(profile.kind)})
        else:
            audiences = [a for a in rules.applicants if profile.kind in AUDIENCE_KINDS.get(a, ())]
            if not audiences:
                return None
            reasons.append(
                _("for %(audiences)s (your kind: %(kind)s)")
                % {
                    "audiences": ", ".join(applicant_label(a) for a in audiences),
                    "kind": applicant_label(profile.kind),
                }
            )

    if rules.themes:
        shared = [t for code, t in rules.themes.items() if code in profile.themes]
        if not shared:
            return None
        reasons.append(_("your themes: %(themes)s") % {"themes": _labels(shared)})

    if rules.countries is not None:
        shared_countries = [c for code, c in rules.countries.items() if code in profile.countries]
        if not shared_countries:
            return None
        reasons.append(
            _("your partner countries: %(countries)s") % {"countries": _labels(shared_countries)}
        )

    if not reasons:
        territory = rules.territories[profile.territory_id]
        reasons.append(_("open to every applicant of %(territory)s") % {"territory": territory})
    return Match(call=call, reasons=tuple(reasons))


def matches_for(profile: Profile, calls: Iterable[Call]) -> list[Match]:
    """The calls (prefetched with their eligibility) the organisation matches, in order."""
    return [m for m in (call_match(call, profile) for call in calls) if m is not None]


def read_eligibility(calls: list[Call]) -> list[Call]:
    """Give each call its Eligibility from its lists' own tables: five queries of plain values
    whatever the number of calls (a prefetch would build a model instance and a manager per
    row and call, most of the time matching takes). Returns the calls."""
    ids = [call.pk for call in calls]
    territories = {t.pk: t for t in Territory.objects.all()}
    held: dict[str, dict[int, list]] = {}
    for name in ("territories", "applicants", "themes", "countries"):
        field = Call._meta.get_field(name)
        assert isinstance(field, models.ManyToManyField)  # noqa: S101
        own, target = field.m2m_field_name(), field.m2m_reverse_field_name()
        rows = field.remote_field.through._default_manager.filter(**{f"{own}__in": ids})  # type: ignore[union-attr]
        held[name] = defaultdict(list)
        for call_id, value in rows.values_list(f"{own}_id", f"{target}_id"):
            held[name][call_id].append(value)
    for call in calls:
        call._eligibility = Eligibility(  # type: ignore[attr-defined]
            territories={pk: territories[pk] for pk in held["territories"][call.pk]},
            applicants=tuple(held["applicants"][call.pk]),
            themes={code: Theme(code=code) for code in held["themes"][call.pk]},
            countries=None
            if call.whole_caribbean
            else {code: Country(code=code) for code in held["countries"][call.pk]},
        )
    return calls


def open_calls(now=None) -> list[Call]:
    """The published calls open now, soonest deadline first, ready to be matched."""
    return read_eligibility(list(Call.objects.public().open_now(now).order_by("deadline", "pk")))


def matching_calls(organisation: Organisation, *, now=None) -> list[Match]:
    """The published calls open now that the organisation matches, soonest deadline first:
    a bounded number of queries whatever the number of calls."""
    return matches_for(Profile.of(organisation), open_calls(now))
