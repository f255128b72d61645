"""The news in Chromium: a coordinator writes a post through the real form (an image uploaded
with its alternative text, the optional fields left empty), publishes it and edits it; a
visitor then finds it in the list and reads its page. An image without its alternative text
is refused next to the field. No accessibility violation on any page.

Texts are looked up through the catalogues (gettext, in the portal's French): the strings new
with the news are translated by the lead afterwards, and the test reads them either way."""

import re

import pytest
from django.utils.translation import gettext as _
from playwright.sync_api import expect

from news.models import Post
from tests.browser.helpers import expect_error_summary, log_in, log_out
from tests.members import factories, image_files

pytestmark = pytest.mark.django_db(transaction=True)

BODY = """## Le bilan de l'année

- 38 nouvelles structures ;
- 11 formations.

Le compte rendu est sur [le site du réseau](https://www.example.org/karib-horizon)."""


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def coordinator(live_server, page, territories):
    user = factories.coordinator(territories["guadeloupe"])
    log_in(page, live_server, user, totp=True)
    return user


def choose_image(page, name: str, mime_type: str, content: bytes) -> None:
    page.locator("#id_image").set_input_files(
        files=[{"name": name, "mimeType": mime_type, "buffer": content}]
    )


def save(page):
    page.get_by_role("button", name=_("Save the post")).click()


def write_a_post(page, live_server, checks):
    page.goto(live_server.url + "/news/")
    checks.accessible()
    page.get_by_role("link", name=_("Write a post")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(_("New post"))
    checks.accessible()
    page.locator("#id_title").fill("Assemblée générale de Karib Horizon")
    page.locator("#id_summary").fill("Le bilan de l'année et la feuille de route 2027.")
    page.locator("#id_body").fill(BODY)
    choose_image(page, "assemblée.jpg", "image/jpeg", image_files.jpeg_with_gps())


def test_a_coordinator_writes_publishes_and_edits_a_post_that_a_visitor_then_reads(
    live_server, page, checks, coordinator
):
    write_a_post(page, live_server, checks)
    page.locator("#id_image_alt").fill("Les membres du réseau réunis au Mémorial ACTe.")
    save(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("Assemblée générale de Karib Horizon")
    expect(
        page.get_by_text(
            _("The post has been saved as a draft: publish it from its page when it is ready.")
        )
    ).to_be_visible()
    expect(
        page.get_by_text(_("This post is a draft: only the coordinators of its network see it."))
    ).to_be_visible()
    checks.accessible()
    post = Post.objects.get()
    assert (post.status, post.author, post.territory, post.published_at) == (
        "draft",
        coordinator,
        None,  # left empty: both networks
        None,  # left empty: dated when published
    )
    assert not post.themes.exists()
    assert re.fullmatch(r"news/[\w-]{22}\.jpg", post.image.name)
    assert post.image_alt == "Les membres du réseau réunis au Mémorial ACTe."
    expect(page.locator("article img")).to_have_attribute("alt", post.image_alt)
    prose = page.locator("article .prose")
    expect(prose.get_by_role("heading", level=2)).to_have_text("Le bilan de l'année")
    expect(prose.locator("li")).to_have_count(2)
    expect(prose.get_by_role("link", name="le site du réseau")).to_have_attribute(
        "rel", "nofollow noopener"
    )

    # Published from its page.
    page.get_by_role("button", name=_("Publish")).click()
    expect(page.get_by_text(_("The post is published."))).to_be_visible()
    checks.accessible()
    post.refresh_from_db()
    assert post.status == "published"
    assert post.published_at is not None

    # Edited: a new title and a theme; the image stays.
    page.get_by_role("link", name=_("Edit the post")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        _("Edit %(title)s") % {"title": "Assemblée générale de Karib Horizon"}
    )
    checks.accessible()
    expect(page.locator("#id_title")).to_have_value("Assemblée générale de Karib Horizon")
    page.locator("#id_title").fill("Assemblée générale 2026 de Karib Horizon")
    page.get_by_label("Santé", exact=True).check()
    save(page)
    expect(page.get_by_text(_("The post has been saved."))).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Assemblée générale 2026 de Karib Horizon"
    )
    checks.accessible()
    post.refresh_from_db()
    assert (post.title, [t.pk for t in post.themes.all()]) == (
        "Assemblée générale 2026 de Karib Horizon",
        ["health"],
    )
    assert post.image.name.startswith("news/")
    assert post.history.count() == 3  # creation, publication, edit

    # A visitor finds it in the list and reads it.
    log_out(page)
    page.goto(live_server.url + "/news/")
    results = page.locator("#news-results")
    card = results.locator("li.org-card", has_text="Assemblée générale 2026 de Karib Horizon")
    expect(card).to_be_visible()
    expect(card.locator("img")).to_have_attribute("alt", post.image_alt)
    expect(card).to_contain_text("Le bilan de l'année et la feuille de route 2027.")
    expect(
        page.locator('head link[rel="alternate"][type="application/atom+xml"]')
    ).to_have_attribute("href", "/news/feed/")
    checks.accessible()
    card.get_by_role("link", name="Assemblée générale 2026 de Karib Horizon").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Assemblée générale 2026 de Karib Horizon"
    )
    expect(page.get_by_role("button", name=_("Unpublish"))).to_have_count(0)
    expect(page.get_by_role("link", name=_("Edit the post"))).to_have_count(0)
    checks.accessible()


def test_an_image_without_its_alternative_text_is_refused_next_to_the_field(
    live_server, page, checks, coordinator
):
    write_a_post(page, live_server, checks)
    save(page)

    expect_error_summary(page, checks)
    message = _("Describe the image for people who cannot see it.")
    expect(page.locator(".error-summary")).to_contain_text(message)
    expect(page.locator("#id_image_alt_error")).to_contain_text(message)
    expect(page.locator("#id_title")).to_have_value("Assemblée générale de Karib Horizon")
    assert not Post.objects.exists()
