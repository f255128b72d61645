"""Reflow (WCAG 1.4.10) and focus ring (WCAG 1.4.11, 2.4.11) in Chromium, on the demo data set.

At 320 CSS pixels wide the page never scrolls sideways: wide tables scroll in their own focusable
region, filters fold into a disclosure, long words break. Each page is photographed there (in
pytest's tmp_path, never committed) and passes axe. The focus ring stands out at 3:1 against the
backgrounds it appears on.
"""

import re

import pytest
from playwright.sync_api import expect

from members.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET
from members.models import Organisation, User
from projects.models import Project
from tests.browser.helpers import log_in, log_out

pytestmark = pytest.mark.django_db(transaction=True)

NARROW = {"width": 320, "height": 720}
WIDE = {"width": 1280, "height": 900}

# The elements reaching past the right edge of the viewport, outermost first: named in the
# failure message, so that a regression says what overflows.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const found = [];
  for (const el of document.querySelectorAll('body *')) {
    if (el.getBoundingClientRect().right <= width + 0.5) continue;
    let parent = el.parentElement, outermost = true;
    for (; parent && parent !== document.body; parent = parent.parentElement) {
      if (parent.getBoundingClientRect().right > width + 0.5) { outermost = false; break; }
    }
    if (outermost) found.push(el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''));
  }
  return {
    scrollWidth: document.documentElement.scrollWidth, clientWidth: width,
    culprits: found.slice(0, 8)
  };
}"""


def demo_log_in(page, live_server, email):
    user = User.objects.get(email=email)
    log_in(page, live_server, user, totp=True, password=DEMO_PASSWORD, secret=DEMO_TOTP_SECRET)


def assert_reflows(page, checks, tmp_path, name):
    """No horizontal scrolling at 320 px, a screenshot of the whole page, and axe."""
    page.wait_for_load_state("load")
    width = page.evaluate(OVERFLOW)
    page.screenshot(path=tmp_path / f"{name}-320.png", full_page=True)
    assert width["scrollWidth"] <= width["clientWidth"], (
        f"{page.url} scrolls sideways at 320 px: {width}"
    )
    checks.accessible()


def assert_scrolls_by_keyboard(page, region):
    """A wide table's region: named by its caption, focusable, and arrows scroll it."""
    expect(region).to_have_attribute("role", "region")
    expect(region).to_have_attribute("tabindex", "0")
    caption = page.locator(f"#{region.get_attribute('aria-labelledby').split()[-1]}")
    expect(caption).to_have_count(1)
    assert region.evaluate("el => el.scrollWidth > el.clientWidth"), "nothing to scroll"
    region.focus()
    region.press("ArrowRight")
    page.wait_for_function("el => el.scrollLeft > 0", arg=region.element_handle())


def test_state_services_read_the_census_and_their_dashboard_on_a_320_px_screen(
    live_server, page, checks, demo, tmp_path
):
    demo_log_in(page, live_server, "etat@rrma.example")
    page.set_viewport_size(NARROW)
    page.reload()
    assert_reflows(page, checks, tmp_path, "dashboard-state")
    assert_scrolls_by_keyboard(
        page, page.get_by_role("region", name="Chiffres clés du recensement par territoire")
    )

    page.goto(live_server.url + "/census/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Recensement des acteurs")
    # The filters fold away above the results, and open from their summary.
    filters = page.get_by_role("search", name="Filtrer le recensement")
    expect(filters).to_be_hidden()
    page.locator(".filters-panel > summary").click()
    expect(filters).to_be_visible()
    assert_reflows(page, checks, tmp_path, "census")
    assert_scrolls_by_keyboard(page, page.get_by_role("region", name="Structures du recensement"))

    # Wide, the filters stand beside the results, with no summary to open.
    page.set_viewport_size(WIDE)
    page.reload()
    expect(page.get_by_role("search", name="Filtrer le recensement")).to_be_visible()
    expect(page.locator(".filters-panel > summary")).to_be_hidden()
    checks.accessible()


def test_a_coordinator_reads_the_dashboard_on_a_320_px_screen(
    live_server, page, checks, demo, tmp_path
):
    demo_log_in(page, live_server, "coordination.guadeloupe@rrma.example")
    page.set_viewport_size(NARROW)
    page.reload()
    expect(page.get_by_role("heading", name="Coordination du réseau de Guadeloupe")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("Sessions à venir"))).to_be_visible()
    assert_reflows(page, checks, tmp_path, "dashboard-coordinator")
    log_out(page)


def test_the_public_pages_fit_a_320_px_screen(live_server, page, checks, demo, tmp_path):
    organisation = Organisation.objects.filter(status="active").order_by("-name").first()
    project = Project.objects.filter(published=True).order_by("title").first()
    page.set_viewport_size(NARROW)
    page.goto(live_server.url + "/projects/by-country/")
    assert_reflows(page, checks, tmp_path, "by-country")
    assert_scrolls_by_keyboard(
        page,
        page.get_by_role("region", name="Projets publics et partenaires caribéens par pays"),
    )
    page.goto(live_server.url + "/opendata/")
    assert_reflows(page, checks, tmp_path, "opendata")
    expect(page.get_by_role("region", name="Structures membres Champs")).to_be_visible()

    for name, path in [
        ("home", "/"),
        ("directory", "/directory/"),
        ("organisation", organisation.get_absolute_url()),
        ("project", project.get_absolute_url()),
        ("trainings", "/trainings/"),
        ("calls", "/calls/"),
        ("month", "/calls/month/"),
    ]:
        page.goto(live_server.url + path)
        assert_reflows(page, checks, tmp_path, name)


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two CSS rgb()/rgba() colours (opaque ones)."""

    def luminance(colour: str) -> float:
        red, green, blue = (int(v) / 255 for v in re.findall(r"[\d.]+", colour)[:3])

        def channel(c: float) -> float:
            return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

        return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


RING = """el => {
  const style = getComputedStyle(el);
  let bg = el.parentElement;
  while (bg && ['rgba(0, 0, 0, 0)', 'transparent'].includes(getComputedStyle(bg).backgroundColor)) {
    bg = bg.parentElement;
  }
  return {
    focused: el.matches(':focus-visible'),
    outline: style.outlineColor, width: style.outlineWidth, style: style.outlineStyle,
    shadow: style.boxShadow,
    background: bg ? getComputedStyle(bg).backgroundColor : 'rgb(255, 255, 255)'
  };
}"""


@pytest.mark.parametrize(
    "where",
    [
        ".networks-bar a",  # dark band
        ".site-header .main-nav a",  # sand
        ".site-search button",  # a button on sand
        "main a",  # white
        ".site-footer a",  # dark band
    ],
)
def test_the_focus_ring_stands_out_at_3_to_1_on_its_background(live_server, page, where):
    page.goto(live_server.url + "/")
    target = page.locator(where).first
    page.keyboard.press("Shift")  # focus from the keyboard: :focus-visible applies
    target.focus()
    ring = target.evaluate(RING)
    assert ring["focused"]
    assert ring["style"] == "solid"
    assert ring["width"] == "3px"
    # The ring is two-coloured: an outline around a 2px band drawn as a box-shadow.
    band = re.fullmatch(r"(rgba?\([^)]*\)) 0px 0px 0px 2px", ring["shadow"])
    assert band, ring["shadow"]
    ratios = [contrast(ring["outline"], ring["background"]), contrast(band[1], ring["background"])]
    assert max(ratios) >= 3, f"{where}: {ring}, ratios {ratios}"
