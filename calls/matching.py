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

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from members.models import Organisation

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


def call_match(call: Call, profile: Profile) -> Match | None:
    """The match of `call` with the organisation described by `profile`, with its reasons,
    or None when the organisation is not eligible (the rules in this module's docstring).
    Reads the call's territories, applicants, themes and countries: prefetch them
    (`Call.objects.with_eligibility()`) when matching many calls."""
    reasons = []
    territories = list(call.territories.all())
    if profile.territory_id not in {t.pk for t in territories}:
        return None

    applicants = [a.pk for a in call.applicants.all()]
    if applicants:
        if profile.kind in applicants:
            reasons.append(_("your kind: %(kind)s") % {"kind": applicant_label(profile.kind)})
        else:
            audiences = [a for a in applicants if profile.kind in AUDIENCE_KINDS.get(a, ())]
            if not audiences:
                return None
            reasons.append(
                _("for %(audiences)s (your kind: %(kind)s)")
                % {
                    "audiences": ", ".join(applicant_label(a) for a in audiences),
                    "kind": applicant_label(profile.kind),
                }
            )

    themes = list(call.themes.all())
    if themes:
        shared = [t for t in themes if t.pk in profile.themes]
        if not shared:
            return None
        reasons.append(_("your themes: %(themes)s") % {"themes": _labels(shared)})

    if not call.whole_caribbean:
        shared_countries = [c for c in call.countries.all() if c.pk in profile.countries]
        if not shared_countries:
            return None
        reasons.append(
            _("your partner countries: %(countries)s") % {"countries": _labels(shared_countries)}
        )

    if not reasons:
        territory = next(t for t in territories if t.pk == profile.territory_id)
        reasons.append(
            _("open to every applicant of %(territory)s") % {"territory": territory.name}
        )
    return Match(call=call, reasons=tuple(reasons))


def matches_for(profile: Profile, calls: Iterable[Call]) -> list[Match]:
    """The calls (prefetched with their eligibility) the organisation matches, in order."""
    return [m for m in (call_match(call, profile) for call in calls) if m is not None]


def matching_calls(organisation: Organisation, *, now=None) -> list[Match]:
    """The published calls open now that the organisation matches, soonest deadline first:
    a bounded number of queries whatever the number of calls (prefetched eligibility)."""
    calls = Call.objects.public().open_now(now).with_eligibility().order_by("deadline", "pk")
    return matches_for(Profile.of(organisation), calls)
