"""The public page of each territory's network: it composes members, projects and trainings."""

from django.db.models import Count
from django.http import Http404
from django.shortcuts import render

from members import acting
from members.models import Organisation, Territory
from projects.models import Project
from toolbox.public_cache import public_cached
from trainings.models import Session

# Items of each "newest" list and of the coming trainings.
LIST_SIZE = 5


def network_figures(slug: str) -> dict | None:
    """What the network page shows of the territory's public data, as plain values (None for an
    unknown territory): its record, its active organisations by kind (largest first), its
    newest members and public projects, its coming sessions of published trainings. A few
    grouped or limited queries, whatever the number of records."""
    territory = Territory.objects.filter(slug=slug).first()
    if territory is None:
        return None
    organisations = Organisation.objects.public().filter(territory=territory)
    rows = organisations.values("kind").annotate(n=Count("*")).order_by("-n", "kind")
    sessions = (
        Session.objects.published()
        .upcoming()
        .filter(training__territory=territory)
        .select_related("training__territory")
        .order_by("starts_at", "pk")[:LIST_SIZE]
    )
    projects = (
        Project.objects.public().filter(lead__territory=territory).order_by("-published_at", "pk")
    )
    return {
        "territory": {
            field: getattr(territory, field)
            for field in ("pk", "slug", "name", "lead_body", "contact_email", "website")
        },
        # The code only: the kind's label is translated when the page is shown.
        "by_kind": [{"code": row["kind"], "count": row["n"]} for row in rows],
        "newest": [
            {"name": o.name, "url": o.get_absolute_url()}
            for o in organisations.order_by("-validated_at", "pk")[:LIST_SIZE]
        ],
        "projects": [{"title": p.title, "url": p.get_absolute_url()} for p in projects[:LIST_SIZE]],
        "sessions": [
            {
                "title": s.training.title,
                "url": s.training.get_absolute_url(),
                "local_start": s.local_start,
            }
            for s in sessions
        ],
    }


def network(request, territory):
    # The same for every visitor: computed once per change of the public data (a session
    # that has started leaves the list when the cached value expires, within minutes).
    figures = public_cached(f"network:{territory}", lambda: network_figures(territory))
    if figures is None:
        raise Http404
    kinds = dict(Organisation.Kind.choices)
    territory = figures["territory"]
    by_kind = [{**row, "kind": kinds.get(row["code"], row["code"])} for row in figures["by_kind"]]
    # Not cached: roles are granted and revoked without changing the public data, and a
    # revoked coordinator leaves the page at once.
    coordinators = acting.coordinators_of(territory["pk"]).order_by("last_name", "first_name")
    return render(
        request,
        "rrma/network.html",
        {
            **figures,
            "coordinators": coordinators,
            "by_kind": by_kind,
            "total": sum(row["count"] for row in by_kind),
        },
    )
