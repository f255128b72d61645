from django.conf import settings

from toolbox.http import paginate, render_list

from ..filters import FACETS, DirectoryFilter, facet_counts
from ..models import Organisation


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


def directory(request):
    """The public directory: active organisations, public fields only, filtered by GET."""
    filterset = DirectoryFilter(request.GET or None, queryset=Organisation.objects.public())
    results = (
        filterset.qs
        if filterset.is_bound and filterset.is_valid()
        else filterset.queryset.order_by("name")
    )
    page = paginate(request, results.for_listing())
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
            "groups": _option_groups(form.fields[name].choices, counts[name]),
        }
        for name in FACETS
    ]
    context = {
        "filter": filterset,
        "page": page,
        "counts": counts,
        "facets": facets,
        "map_points": points,
        "tile_url": settings.MAP_TILE_URL,
    }
    return render_list(request, "members/directory.html", context, fragment="htmx")
