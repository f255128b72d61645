"""The API's interactive documentation in Chromium: Swagger UI, from the portal's own static
files, runs under the portal's CSP (no violation reported), lists every operation, and one of
them is tried from the page. axe is not run: Swagger UI is a third party's page."""

import re

import pytest
from playwright.sync_api import expect

from tests.news.factories import PostFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_api_documentation_lists_and_runs_the_operations(
    live_server, page, checks, territories
):
    PostFactory(title="Assemblée du réseau")
    scripts = []
    page.on("request", lambda request: scripts.append(request.url))
    response = page.goto(f"{live_server.url}/api/v1/docs")
    assert response is not None
    assert response.status == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    operations = page.locator(".opblock-summary-path")
    expect(operations.first).to_be_visible()
    paths = set(operations.all_inner_texts())
    for name in ("organisations", "projects", "trainings", "events", "calls", "news"):
        assert f"/api/v1/{name}/" in {p.replace("\u200b", "") for p in paths}
    # Try one operation from the page: the request goes to the portal, the answer shows.
    page.locator("#operations-news-api_endpoints_news").click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    expect(page.locator(".response-col_description .microlight").first).to_contain_text(
        "Assemblée du réseau"
    )
    assert all(url.startswith(live_server.url) for url in scripts), "no third-party request"
    assert not checks.csp_errors, checks.csp_errors
    assert re.search(r"RRMA Antilles", page.title())
