"""The public page of each territory's network: it composes members, projects and trainings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, F, FilteredRelation, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from members import acting, permissions
from members.forms import NetworkForm
from members.models import Organisation, Territory
from members.views.access import object_for
from news.latest import latest_posts
from projects.models import Project
from toolbox.public_cache import public_cached
from toolbox.text import normalize_text
from trainings.models import Session

# Items of each "newest" list and of the coming trainings.
LIST_SIZE = 5


def network_figures(slug: str) -> dict | None:
    """What the network page shows of the territory's public data, as plain values (None for an
    unknown territory): its record, its active organisations by kind (largest first), its
    newest members and public projects, its coming sessions of published trainings and events,
    its latest news (with those of both networks), its working groups. A few
    grouped or limited queries, whatever the number of records."""
    territory, groups = _territory_and_groups(slug)
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
            for field in (
                "pk",
                "slug",
                "name",
                "network_name",
                "lead_body",
                "presentation",
                "contact_email",
                "website",
                "facebook",
                "linkedin",
                "instagram",
                "youtube",
            )
        }
        # Files by their addresses: a cached value holds no file object.
        | {
            name: getattr(territory, name).url if getattr(territory, name) else ""
            for name in ("logo", "charter", "statutes")
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
        "working_groups": groups,
        "news": latest_posts(territory=territory),
    }


def _territory_and_groups(slug: str):
    """The territory and its active working groups ({name, url}, in the alphabet of their
    names), in one query: a row per group (one without a group when it has none)."""
    rows = list(
        Territory.objects.filter(slug=slug)
        .annotate(
            active_group=FilteredRelation(
                "working_groups", condition=Q(working_groups__is_active=True)
            ),
            group_name=F("active_group__name"),
            group_slug=F("active_group__slug"),
        )
        .order_by("group_slug")
    )
    if not rows:
        return None, []
    groups = [
        {
            "name": row.group_name,
            "url": reverse("working_group", kwargs={"territory": slug, "slug": row.group_slug}),
        }
        for row in rows
        if row.group_slug
    ]
    return rows[0], sorted(groups, key=lambda group: normalize_text(group["name"]))


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
            # The predicate reads the territory's key only: no need to load it again.
            "can_edit": permissions.can_edit_network(request.user, Territory(pk=territory["pk"])),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def network_edit(request, territory):
    """The network's page as its coordinators edit it (`can_edit_network`); every change is
    in the territory's history."""
    territory = object_for(
        request, Territory.objects.all(), permissions.can_edit_network, slug=territory
    )
    form = NetworkForm(request.POST or None, request.FILES or None, instance=territory)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The network's page has been saved."))
        return redirect("network", territory=territory.slug)
    return render(request, "rrma/network_form.html", {"form": form, "territory": territory})
