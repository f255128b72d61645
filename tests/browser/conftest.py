"""Browser tests: Playwright drives Debian's headless Chromium against pytest-django's live server.

Without Chromium they skip with a reason, except under CI (CI=true), where they must run.
"""

import os
import shutil
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# The accessibility standard the portal commits to (RGAA follows WCAG 2.1 A and AA).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if Path(item.fspath).is_relative_to(here):
            item.add_marker(pytest.mark.browser)
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("CI") == "true":
        raise pytest.UsageError(f"CI must run the browser tests, but {CHROMIUM} is missing.")
    skip = pytest.mark.skip(
        reason=f"Chromium not found at {CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)"
    )
    for item in items:
        if Path(item.fspath).is_relative_to(here):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "fr-FR", "timezone_id": "America/Guadeloupe"}


class PageChecks:
    """Fails the test on an accessibility violation or a Content-Security-Policy report."""

    def __init__(self, page):
        self.page = page
        self.axe = Axe()
        self.csp_errors: list[str] = []
        self.visited: list[str] = []
        page.on("console", self._console)

    def _console(self, message):
        if message.type == "error" and "Content Security Policy" in message.text:
            self.csp_errors.append(message.text)

    def accessible(self) -> None:
        """Run axe-core on the current page: zero WCAG 2.1 A/AA violation allowed."""
        self.page.wait_for_load_state("load")
        results = self.axe.run(
            self.page,
            options={
                "runOnly": {"type": "tag", "values": WCAG_TAGS},
                "resultTypes": ["violations"],
            },
        )
        self.visited.append(self.page.url)
        violations = results.response["violations"]
        report = "\n".join(
            f"- {v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(node["target"][0] for node in v["nodes"][:5])
            for v in violations
        )
        assert not violations, f"axe violations on {self.page.url}:\n{report}"
        assert not self.csp_errors, f"CSP violations on {self.page.url}: {self.csp_errors}"


@pytest.fixture(autouse=True)
def _totp_tolerance(settings):
    # A code computed at the very end of its 30-second window may arrive in the next one.
    settings.MFA_TOTP_TOLERANCE = 1


@pytest.fixture
def checks(page) -> PageChecks:
    return PageChecks(page)


@pytest.fixture(scope="session")
def live_server(django_db_setup, live_server):
    """pytest-django's live server, started after the test database exists, so that it stops
    (and closes its connections) before the database is destroyed at the end of the run.
    Otherwise a run whose first test is a browser test tears the database down while the
    server still holds a connection to it (PostgreSQL refuses: "being accessed by other
    users")."""
    return live_server


@pytest.fixture(autouse=True)
def _cache_emptied_after(transactional_db, live_server):
    """Browser tests commit what they write, the cache table included (it is no model, so the
    flush after each of them leaves it): their rate-limit counters would carry over to the
    next tests of the same worker. Each browser test empties every cache when it ends: every
    alias, not only those this thread opened (the live server's thread wrote the counters)."""
    yield
    from django.conf import settings
    from django.core.cache import caches

    for alias in settings.CACHES:
        caches[alias].clear()
