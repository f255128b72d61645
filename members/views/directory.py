from django.conf import settings
from django.core.paginator import Paginator

from ..filters import FACETS, DirectoryFilter, facet_counts
from ..http import render_list
from ..models import Organisation

PAGE_SIZE = 20


def directory(request):
    """The public directory: active organisations, public fields only, filtered by GET."""
    filterset = DirectoryFilter(request.GET or None, queryset=Organisation.objects.public())
    results = (
        filterset.qs
        if filterset.is_bound and filterset.is_valid()
        else filterset.queryset.order_by("name")
    )
    page = Paginator(results.for_listing(), PAGE_SIZE).get_page(request.GET.get("page"))
    counts = facet_counts(results)
    points = [
        {
            "name": row["name"],
            "url": f"/organisations/{row['slug']}/",
            "lat": float(
                row["latitude"] if row["latitude"] is not None else row["commune__latitude"]
            ),
            "lon": float(
                row["longitude"] if row["longitude"] is not None else row["commune__longitude"]
            ),
            "commune": row["commune__name"],
        }
        for row in results.values(
            "name",
            "slug",
            "latitude",
            "longitude",
            "commune__name",
            "commune__latitude",
            "commune__longitude",
        )
    ]
    form = filterset.form
    facets = [
        {
            "name": name,
            "label": form[name].label,
            "selected": str(form[name].value() or ""),
            "options": [
                (
                    str(getattr(value, "value", value)),
                    label,
                    counts[name].get(str(getattr(value, "value", value)), 0),
                )
                for value, label in iter(form.fields[name].choices)
                if value != ""
            ],
        }
        for name in FACETS
    ]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter": filterset,
        "page": page,
        "counts": counts,
        "facets": facets,
        "map_points": points,
        "tile_url": settings.MAP_TILE_URL,
        "query_string": query.urlencode(),
    }
    return render_list(request, "members/directory.html", context, fragment="htmx")
