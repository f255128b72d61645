from django.db.models import Count
from django.shortcuts import render
from django.utils.translation import gettext as _

from members.models import Country
from toolbox.charts import Chart
from toolbox.http import paginate, render_list

from ..filters import ProjectFilter
from ..models import Project, public_projects


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
    countries = sorted(
        (
            c
            for c in Country.objects.annotate(
                project_count=Count(
                    "projects", filter=public_projects("projects__"), distinct=True
                ),
                # Partners based in the country that work on public projects.
                partner_count=Count(
                    "partners", filter=public_projects("partners__projects__"), distinct=True
                ),
            )
            if c.project_count
        ),
        key=lambda c: (-c.project_count, str(c)),
    )
    chart = Chart(
        key="by-country",
        title=_("Number of public projects by Caribbean country"),
        heading=_("Country or territory"),
        series=[_("Projects")],
        rows=[(str(c), [c.project_count]) for c in countries],
    )
    return render(
        request,
        "projects/by_country.html",
        {
            "chart": chart,
            "rows": [
                {"country": c, "projects": c.project_count, "partners": c.partner_count}
                for c in countries
            ],
            "total": sum(c.project_count for c in countries),
        },
    )
