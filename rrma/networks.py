"""The public page of each territory's network: it composes members, projects and trainings."""

from django.db.models import Count
from django.shortcuts import get_object_or_404, render

from members import acting
from members.models import Organisation, Territory
from projects.models import Project
from trainings.models import Session


def network(request, territory):
    territory = get_object_or_404(Territory, slug=territory)
    organisations = Organisation.objects.public().filter(territory=territory)
    kinds = dict(Organisation.Kind.choices)
    by_kind = [
        {"kind": kinds[row["kind"]], "code": row["kind"], "count": row["n"]}
        for row in organisations.values("kind").annotate(n=Count("pk")).order_by("-n", "kind")
    ]
    coordinators = acting.coordinators_of(territory).order_by("last_name", "first_name")
    return render(
        request,
        "rrma/network.html",
        {
            "territory": territory,
            "coordinators": coordinators,
            "by_kind": by_kind,
            "total": sum(row["count"] for row in by_kind),
            "newest": organisations.order_by("-validated_at")[:5],
            "projects": Project.objects.public()
            .filter(lead__territory=territory)
            .order_by("-published_at")[:5],
            "sessions": Session.objects.published()
            .upcoming()
            .filter(training__territory=territory)
            .select_related("training")[:5],
        },
    )
