from django.db.models import Count, Q
from django.shortcuts import render

from members.models import Country, Organisation
from toolbox.http import paginate, render_list

from ..filters import ProjectFilter
from ..models import Project

LABEL_WIDTH, BAR_AREA, ROW_HEIGHT = 260, 380, 28


def catalogue(request):
    """Public projects, filtered by GET parameters; funders named, amounts never listed."""
    filterset = ProjectFilter(request.GET or None, queryset=Project.objects.public())
    results = filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
    results = results.order_by("-start_date", "title")
    page = paginate(request, results.for_listing())
    context = {"filter": filterset, "page": page}
    return render_list(request, "projects/catalogue.html", context)


def by_country(request):
    """Cooperation by Caribbean country: a chart and the same figures as a table."""
    public = Q(projects__published=True, projects__lead__status=Organisation.Status.ACTIVE)
    countries = sorted(
        (
            c
            for c in Country.objects.annotate(
                project_count=Count("projects", filter=public, distinct=True),
                # Partners based in the country that work on public projects.
                partner_count=Count(
                    "partners",
                    filter=Q(
                        partners__projects__published=True,
                        partners__projects__lead__status=Organisation.Status.ACTIVE,
                    ),
                    distinct=True,
                ),
            )
            if c.project_count
        ),
        key=lambda c: (-c.project_count, str(c)),
    )
    top = max((c.project_count for c in countries), default=1)
    rows = [
        {
            "country": c,
            "projects": c.project_count,
            "partners": c.partner_count,
            # Geometry of the SVG chart (viewBox units): labels, then bars up to 400 wide.
            "width": round(BAR_AREA * c.project_count / top),
            "value_x": LABEL_WIDTH + round(BAR_AREA * c.project_count / top) + 6,
            "y": index * ROW_HEIGHT,
        }
        for index, c in enumerate(countries)
    ]
    return render(
        request,
        "projects/by_country.html",
        {
            "rows": rows,
            "height": len(rows) * ROW_HEIGHT,
            "label_width": LABEL_WIDTH,
            "total": sum(r["projects"] for r in rows),
        },
    )
