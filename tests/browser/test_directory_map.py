"""The directory's map reads grouped positions from its source and follows the filters."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from members.models import Commune
from tests.members.factories import OrganisationFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def many(territories):
    pap = Commune.objects.get(insee_code="97120")  # Pointe-à-Pitre
    fdf = Commune.objects.get(insee_code="97209")  # Fort-de-France
    for n in range(25):
        OrganisationFactory(
            name=f"Association Pointoise {n:02}",
            territory=territories["guadeloupe"],
            commune=pap,
            latitude=pap.latitude + Decimal(n) / 2000,
            longitude=pap.longitude,
        )
    OrganisationFactory(
        name="Lycée du Nord Caraïbe", territory=territories["martinique"], commune=fdf
    )


def markers(page):
    return page.locator("#directory-map .leaflet-marker-icon")


def test_the_map_shows_clusters_that_open_into_markers_and_follows_the_filters(
    live_server, page, checks, many
):
    page.goto(live_server.url + "/directory/")
    expect(page.get_by_text("26 structures trouvées")).to_be_visible()
    cluster = page.locator(".directory-map-cluster", has_text="25")
    expect(cluster).to_be_visible()
    expect(page.get_by_role("button", name="25 structures")).to_have_count(1)
    checks.accessible()

    # Activating a cluster zooms in on it (and asks for the cells of the new view) until its
    # organisations stand apart.
    first = page.get_by_role("button", name="Association Pointoise 00")
    clusters = page.locator(".directory-map-cluster")
    settled = page.locator("#directory-map:not([aria-busy])")
    for _ in range(8):
        # The map is busy from a change of view until its cells are drawn: count only then
        # (counting during a redraw saw the clusters of the view just left).
        expect(settled).to_have_count(1)
        if first.count():
            break
        with page.expect_response(lambda r: "map.json" in r.url and "bbox=" in r.url):
            clusters.first.click()
    first.click()
    popup = page.locator(".leaflet-popup")
    expect(popup.get_by_role("link")).to_have_text("Association Pointoise 00")
    expect(popup).to_have_css("opacity", "1")  # faded in: axe reads the final colours
    checks.accessible()

    # Filtering (htmx) redraws the map for the new results only.
    page.locator("#id_territory").select_option("martinique")
    expect(page.get_by_text("1 structure trouvée")).to_be_visible()
    expect(page.get_by_role("button", name="Lycée du Nord Caraïbe")).to_be_visible()
    expect(markers(page)).to_have_count(1)
    assert re.search(r"territory=martinique", page.url)
    checks.accessible()


def test_a_search_with_typos_finds_the_organisation(live_server, page, checks, many):
    page.goto(live_server.url + "/directory/")
    page.get_by_label("Rechercher", exact=True).fill("asociation pointoize")
    page.get_by_label("Rechercher", exact=True).press("Enter")
    expect(page.get_by_text("25 structures trouvées")).to_be_visible()
    expect(page.locator("#id_sort")).to_have_value("")  # by relevance
    checks.accessible()
