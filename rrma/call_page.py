"""A funding call's page: its eligibility spelled out, its documents, and, for its coordinators
and State services, the projects that answered it (calls and projects: the top floor's)."""

from decimal import Decimal

from django.db.models import Count, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import render
from django.utils.translation import gettext as _

from calls import permissions
from calls.enums import CallPhase
from calls.matching import Profile, call_match
from calls.models import Call
from members.views.access import object_for
from projects.models import FundingLine, Project
from toolbox.http import paginate


def _or(names: list[str]) -> str:
    """ "A, B or C" in the page's language."""
    if len(names) < 2:
        return "".join(names)
    return _("%(some)s or %(last)s") % {"some": ", ".join(names[:-1]), "last": names[-1]}


def eligibility(call: Call) -> list[tuple[str, str]]:
    """Who may apply, in sentences: (term, description) pairs.

    Business rules (as calls.matching reads them): holders of the territories named; the
    kinds of applicant named, every kind when none is; the themes named, any theme when none
    is; partners of the countries named, or of the whole Greater Caribbean."""
    territories = [t.name for t in call.territories.all()]
    applicants = [str(a) for a in call.applicants.all()]
    themes = [str(t) for t in call.themes.all()]
    if call.whole_caribbean:
        countries = _("Partners from the whole Greater Caribbean")
    else:
        named = sorted(str(c) for c in call.countries.all())
        countries = (
            _("Partners from %(countries)s") % {"countries": _or(named)}
            if named
            else _("No partner country named yet")
        )
    return [
        (_("Holders"), _("Holders in %(territories)s") % {"territories": _or(territories)}),
        (_("Applicants"), ", ".join(applicants) if applicants else _("Every kind of applicant")),
        (_("Themes"), ", ".join(themes) if themes else _("Any theme")),
        (_("Partner countries"), countries),
    ]


def applications(request, call: Call) -> dict | None:
    """The funding lines that answered the call, a page of them at a time with their projects
    and leads (one query), which of those projects the person may open (one more), and the
    totals and count of them all (one grouped query); None for people who may not read them
    (`can_read_applications`)."""
    user = request.user
    if not permissions.can_read_applications(user, call):
        return None
    answered = FundingLine.objects.filter(call=call)
    totals = answered.aggregate(
        count=Count("pk"),
        requested=Coalesce(Sum("amount_requested"), Decimal(0)),
        granted=Coalesce(Sum("amount_granted"), Decimal(0)),
    )
    page = paginate(
        request,
        answered.select_related("project__lead").order_by("project__title", "pk"),
        count=totals["count"],
    )
    projects = {line.project_id for line in page}
    openable = set(
        Project.objects.visible_to(user).filter(pk__in=projects).values_list("pk", flat=True)
    )
    return {
        "lines": page,
        "page": page,
        "openable": openable,
        "count": totals["count"],
        "requested": totals["requested"],
        "granted": totals["granted"],
    }


def matches(user, call: Call) -> list[tuple]:
    """(organisation, reasons) for each of the person's organisations that the call matches
    (calls.matching), while it may still be answered."""
    if not call.is_published or call.phase() == CallPhase.CLOSED:
        return []
    organisations = (
        permissions.alert_organisations(user)
        .prefetch_related("themes", "countries")
        .order_by("name")
    )
    found = []
    for organisation in organisations:
        match = call_match(call, Profile.of(organisation))
        if match is not None:
            found.append((organisation, match.reasons))
    return found


def call_detail(request, slug):
    """The call as the person may see it: published, or a draft they manage (404 otherwise)."""
    user = request.user
    call = object_for(request, Call.objects.visible_to(user).with_eligibility(), slug=slug)
    return render(
        request,
        "calls/call_detail.html",
        {
            "call": call,
            "phase": call.phase(),
            "Phase": CallPhase,
            "eligibility": eligibility(call),
            "documents": list(call.documents.all()),
            "can_manage": permissions.can_manage_call(user, call),
            "applications": applications(request, call),
            "matches": matches(user, call),
        },
    )
