"""The directory's map reads grouped positions from its source and follows the filters; keyboard
users can skip its markers; Leaflet's own labels speak the page's language."""

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
    # At the zoom that shows both islands, the 25 neighbours are one numbered cluster.
    cluster = page.locator(".directory-map-cluster", has_text="25")
    expect(cluster).to_be_visible()
    expect(page.get_by_role("button", name="25 structures")).to_have_count(1)
    expect(page.locator("#directory-map:not([aria-busy])")).to_have_count(1)
    expect(page.get_by_role("button", name=re.compile("^Association Pointoise"))).to_have_count(0)
    expect(markers(page)).to_have_count(2)  # the cluster, and the Martinique school
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
    expect(popup.get_by_role("link", name="Association Pointoise 00")).to_be_visible()
    expect(popup.get_by_role("button", name="Fermer la bulle")).to_be_visible()
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


def test_a_link_before_the_map_takes_keyboard_users_past_its_markers(
    live_server, page, checks, many
):
    page.goto(live_server.url + "/directory/")
    expect(page.locator("#directory-map:not([aria-busy]) .leaflet-marker-icon")).to_have_count(2)
    # From the filters' last link, the next Tab reaches the skip link, shown once focused.
    page.get_by_role("search").get_by_role("link", name="Réinitialiser").focus()
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Passer la carte, aller à la liste des structures")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    checks.accessible()
    page.keyboard.press("Enter")
    expect(page.locator("#directory-results")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator(".org-list a").first).to_be_focused()

    # Without it, Tab goes through the map, its zoom buttons, markers and attribution links.
    skip.focus()
    stops = 0
    while stops < 50 and not page.evaluate("!!document.activeElement.closest('.org-list')"):
        page.keyboard.press("Tab")
        stops += 1
    assert stops >= 6


def test_leaflets_labels_speak_the_pages_language(live_server, page, checks, many):
    page.goto(live_server.url + "/directory/")
    zoom_in = page.locator(".leaflet-control-zoom-in")
    zoom_out = page.locator(".leaflet-control-zoom-out")
    expect(zoom_in).to_have_attribute("title", "Zoomer")
    expect(page.get_by_role("button", name="Dézoomer")).to_be_visible()
    attribution = page.locator(".leaflet-control-attribution")
    expect(attribution.get_by_role("link", name="Leaflet")).to_have_attribute(
        "title", "Une bibliothèque JavaScript de cartes interactives"
    )
    expect(
        attribution.get_by_role("link", name="© les contributeurs d’OpenStreetMap")
    ).to_have_attribute("href", "https://www.openstreetmap.org/copyright")
    checks.accessible()

    page.get_by_role("button", name=re.compile("Español")).click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(zoom_in).to_have_attribute("title", "Acercar")
    expect(zoom_out).to_have_attribute("aria-label", "Alejar")
    expect(page.get_by_role("button", name="25 organizaciones")).to_have_count(1)
    checks.accessible()

    page.get_by_role("button", name=re.compile("English")).click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(zoom_in).to_have_attribute("title", "Zoom in")
    expect(attribution.get_by_role("link", name="© OpenStreetMap contributors")).to_be_visible()
