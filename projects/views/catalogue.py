from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members.models import Country
from members.search import ByRelevance
from toolbox.charts import Chart
from toolbox.filters import FilterSet
from toolbox.http import paginate, render_list
from toolbox.public_cache import public_cached

from ..filters import MemberOfFilter, ProjectFilter
from ..models import Project
from .figures import public_cooperation_by_country

# The catalogue's order without a text search (a search comes by relevance, members.search):
# served by the index on published projects by (start_date DESC, title).
CATALOGUE_ORDER = ("-start_date", "title")


class KeysFirst:
    """The rows of an ordered queryset as a paginator reads them (`count()`, slices), each
    slice in two queries: the primary keys of the slice, in order, then those rows with what
    the list shows of them.

    Sorting and skipping the rows before a page then handles narrow rows (the sort keys,
    through their index), not every column of every project and its lead: at 20,000 projects
    page 400 sorted 16,000 wide rows on disk (116 ms) for the 20 it showed."""

    # What Django's paginator asks of a queryset before paginating it.
    ordered = True

    def __init__(self, queryset, listing):
        self._queryset, self._listing = queryset, listing

    def count(self) -> int:
        return self._queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list:
        keys = list(self._queryset.values_list("pk", flat=True)[index])
        rows = self._listing.in_bulk(keys)
        return [rows[key] for key in keys if key in rows]


def catalogue(request):
    """Public projects, filtered by GET parameters; funders named, amounts never listed.
    Latest started first; by relevance when searched for (members.search)."""
    filterset = ProjectFilter(request.GET or None, queryset=Project.objects.public())
    valid = filterset.is_bound and filterset.is_valid()
    results = filterset.qs if valid else filterset.queryset
    data = filterset.form.cleaned_data if valid else {}
    # Unfiltered, the number of public projects is the same for every visitor: counted once
    # per change. Filtered counts are not cached: any visitor could fill the shared cache
    # with combinations of filters.
    filtered = any(value not in (None, "") for value in data.values())
    count = None if filtered else public_cached("projects:public-count", results.count)
    searched = (data.get("q") or "").strip()
    if searched:
        rows = ByRelevance(results.for_listing(), filterset.search_terms, then="title")
    else:
        rows = KeysFirst(results.order_by(*CATALOGUE_ORDER), results.for_listing())
    page = paginate(request, rows, count=count)
    context = {"filter": filterset, "page": page}
    return render_list(request, "projects/catalogue.html", context, fragment="htmx")


class CountryFilter(FilterSet):
    """The countries of the cooperation by country: those of a regional organisation."""

    member_of = MemberOfFilter(field_name="code", empty_label=gettext_lazy("All"))

    class Meta:
        model = Country
        fields = []


def by_country(request):
    """Cooperation by Caribbean country: a chart and the same figures as a table, with each
    country's regional organisations; only those of one organisation when asked (filter
    `member_of`). The figures come from the cache; the countries in one query."""
    figures = public_cooperation_by_country()
    filterset = CountryFilter(request.GET or None, queryset=Country.objects.all())
    valid = filterset.is_bound and filterset.is_valid()
    countries = (filterset.qs if valid else filterset.queryset).in_bulk(list(figures["projects"]))
    rows = sorted(
        (
            {"country": country, "projects": n, "partners": figures["partners"].get(code, 0)}
            for code, n in figures["projects"].items()
            if (country := countries.get(code))
        ),
        key=lambda row: (-row["projects"], str(row["country"])),
    )
    chart = Chart(
        key="by-country",
        title=_("Number of public projects by Caribbean country"),
        heading=_("Country or territory"),
        series=[_("Projects")],
        rows=[(str(row["country"]), [row["projects"]]) for row in rows],
    )
    return render_list(
        request,
        "projects/by_country.html",
        {
            "filter": filterset,
            "organisation": filterset.form.cleaned_data.get("member_of") if valid else None,
            "chart": chart,
            "rows": rows,
            "total": sum(row["projects"] for row in rows),
        },
    )
