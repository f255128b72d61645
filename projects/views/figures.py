"""Figures of the public projects that several pages show, counted in grouped queries and
cached for every visitor (toolbox.public_cache)."""

from django.db.models import Count, Exists, OuterRef

from toolbox.public_cache import public_cached

from ..models import CaribbeanPartner, Project, public_projects


def public_partners() -> Exists:
    """What the public list shows: partners of at least one public project (a filter of
    CaribbeanPartner). A semi-join on the partners' own table: each partner once, whatever
    the number of its projects, so neither DISTINCT nor a join of every project is needed."""
    return Exists(
        Project.caribbean_partners.through.objects.filter(
            public_projects("project__"), caribbeanpartner=OuterRef("pk")
        )
    )


def cooperation_by_country() -> dict[str, dict[str, int]]:
    """{"projects": {country code: public projects}, "partners": {country code: Caribbean
    partners}}, for every country with some.

    Business rules: a project counts once for each of its countries; a country's partners are
    the partners based there that work on at least one public project (whatever the countries
    of that project), the same partners as the public list of partners.

    Each figure is one grouped query over its own table (a project's countries, the partners),
    never a join of both: joined, every project-country row met every partner-project row of
    the same country (hundreds of millions of rows at 50,000 organisations).
    """
    projects = (
        Project.countries.through.objects.filter(public_projects("project__"))
        .values_list("country")
        .annotate(n=Count("*"))
        .order_by()
    )
    partners = (
        CaribbeanPartner.objects.filter(public_partners())
        .values_list("country")
        .annotate(n=Count("*"))
        .order_by()
    )
    return {"projects": dict(projects), "partners": dict(partners)}


def public_cooperation_by_country() -> dict[str, dict[str, int]]:
    """`cooperation_by_country`, the same for every visitor: computed once per change of the
    public data (toolbox.public_cache)."""
    return public_cached("projects:by-country", cooperation_by_country)
