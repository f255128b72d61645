import hashlib

from django.conf import settings
from django.http import JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from toolbox.http import paginate, render_list
from toolbox.public_cache import public_cached

from ..filters import FACETS, DirectoryFilter, facet_counts
from ..maps import Box, map_cells
from ..models import Organisation
from ..search import ByRelevance

# The parameters that change which organisations match (not their order or page).
_MATCHING = ("q", *FACETS)


def _option_groups(choices, counts: dict[str, int]) -> list[tuple[str, list]]:
    """A facet's options as (group label, [(value, label, count)]); "" labels the options
    outside any group (communes come grouped by territory, other facets are flat)."""

    def option(value, label):
        value = str(getattr(value, "value", value))
        return value, label, counts.get(value, 0)

    groups: list[tuple[str, list]] = []
    for value, label in choices:
        if value == "":
            continue
        if isinstance(label, list | tuple):
            groups.append((value, [option(v, lab) for v, lab in label]))
        elif groups and groups[-1][0] == "":
            groups[-1][1].append(option(value, label))
        else:
            groups.append(("", [option(value, label)]))
    return groups


def _matching(request) -> tuple[DirectoryFilter, object, str]:
    """The filter, the matching public organisations and a key naming that set."""
    filterset = DirectoryFilter(request.GET or None, queryset=Organisation.objects.public())
    valid = filterset.is_bound and filterset.is_valid()
    results = filterset.qs if valid else filterset.queryset.order_by("name")
    data = filterset.form.cleaned_data if valid else {}
    wanted = "&".join(f"{name}={data.get(name) or ''}" for name in _MATCHING)
    return filterset, results, hashlib.sha256(wanted.encode()).hexdigest()[:32]


def directory(request):
    """The public directory: active organisations, public fields only, filtered by GET.

    The page carries the current page of results and the facets; the map reads its positions
    from `directory_map`. Facet counts are the same for everyone: kept in the shared cache
    until public data change (toolbox/public_cache.py)."""
    filterset, results, key = _matching(request)
    counts = public_cached(f"directory-facets:{key}", lambda: facet_counts(results))
    # Every organisation has one territory: their counts add up to the total.
    total = sum(counts["territory"].values())
    rows = results.for_listing()
    data = filterset.form.cleaned_data if filterset.is_bound and filterset.is_valid() else {}
    if data.get("q") and not data.get("sort"):
        rows = ByRelevance(rows, filterset.search_terms, then="name", count=total)
    page = paginate(request, rows, count=total)
    form = filterset.form
    facets = [
        {
            "name": name,
            "label": form[name].label,
            "selected": str(form[name].value() or ""),
            "groups": _option_groups(form.fields[name].choices, counts[name]),
        }
        for name in FACETS
    ]
    query = request.GET.copy()
    for name in ("page", "sort"):
        query.pop(name, None)
    context = {
        "filter": filterset,
        "page": page,
        "counts": counts,
        "facets": facets,
        "map_data": {"source": f"{reverse('members:directory_map')}?{query.urlencode()}"},
        "tile_url": settings.MAP_TILE_URL,
    }
    return render_list(request, "members/directory.html", context, fragment="htmx")


@require_GET
def directory_map(request):
    """The positions of the directory's matching organisations, grouped for the map's view
    (members/maps.py): `zoom` (0–19) and `bbox` ("west,south,east,north") besides the
    directory's own filters."""
    _filterset, results, key = _matching(request)
    try:
        zoom = int(request.GET.get("zoom", "7"))
    except ValueError:
        zoom = 7
    box = Box.parse(request.GET.get("bbox"))
    cache_key = f"directory-map:{key}:{zoom}:{box}"
    data = public_cached(cache_key, lambda: map_cells(results, zoom=zoom, box=box))
    return JsonResponse(data)
