"""The coordinators' post pages: creation and edition with the rules of the form (each refusal
said next to its field, nothing saved), the image and its alternative text, the territories
one may write for, publication and withdrawal, and the history each of those writes."""

from datetime import UTC, datetime, timedelta

import lxml.html
import pytest
from django.contrib.messages import get_messages
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from news.enums import ChangeReason
from news.models import Post
from news.services import post_publish
from tests.members import factories, image_files
from tests.news.factories import PostFactory
from tests.pages import changed, form_data

pytestmark = pytest.mark.django_db

CREATE = reverse("news:post_create")


@pytest.fixture(autouse=True)
def english(client, settings):
    """The pages in English: their text is then the source text, whatever the catalogues."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture(autouse=True)
def storage(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def as_coordinator(client, coordinator_gp):
    client.force_login(coordinator_gp)
    return coordinator_gp


def edit_url(post):
    return reverse("news:post_edit", args=[post.slug])


def status_url(post):
    return reverse("news:post_status", args=[post.slug])


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def error_next_to(response, name) -> str:
    """The error shown in the same field block as the input named `name`."""
    page = lxml.html.fromstring(response.content)
    (block,) = page.xpath(
        '//div[contains(concat(" ", @class, " "), " field ")][.//*[@name=$name]]', name=name
    )
    return " ".join(e.text_content() for e in block.xpath('.//*[contains(@class, "errorlist")]'))


def new_post(territory=None, **values) -> dict:
    """What a coordinator types for a post (for both networks unless `territory` is given),
    with `values` replacing or adding fields."""
    data = {
        "title": "Assemblée générale de Karib Horizon",
        "summary": "Le bilan de l'année et la feuille de route.",
        "body": "## Le bilan\n\n- 38 nouveaux membres ;\n- 11 formations.",
        "territory": territory.pk if territory else "",
    }
    data.update(values)
    return {name: value for name, value in data.items() if value is not None}


def upload(name="photo.jpg", content=None, content_type="image/jpeg"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content or image_files.jpeg_with_gps(), content_type)


# Creation ---------------------------------------------------------------------------------


def test_a_coordinator_writes_a_post_for_their_territory_saved_as_an_undated_draft(
    client, as_coordinator, guadeloupe
):
    response = client.get(CREATE)
    assert response.status_code == 200
    choices = [label for _value, label in response.context["form"].fields["territory"].choices]
    assert choices == [_("Both networks (Guadeloupe and Martinique)"), "Guadeloupe"]

    response = client.post(CREATE, new_post(guadeloupe, themes=["health"]))

    post = Post.objects.get()
    assert response.status_code == 302
    assert (
        response["Location"]
        == post.get_absolute_url()
        == "/news/assemblee-generale-de-karib-horizon/"
    )
    assert messages_of(response) == [
        _("The post has been saved as a draft: publish it from its page when it is ready.")
    ]
    assert (post.status, post.author, post.territory, post.published_at) == (
        "draft",
        as_coordinator,
        guadeloupe,
        None,
    )
    assert (
        post.body_html
        == "<h2>Le bilan</h2>\n<ul>\n<li>38 nouveaux membres ;</li>\n<li>11 formations.</li>\n</ul>"
    )
    assert [t.pk for t in post.themes.all()] == ["health"]
    assert (post.image.name, post.image_alt) == ("", "")


def test_a_post_for_both_networks_has_no_territory(client, as_coordinator):
    assert client.post(CREATE, new_post()).status_code == 302
    assert Post.objects.get().territory is None


def test_a_post_for_the_other_territory_is_refused_next_to_the_territory(
    client, as_coordinator, martinique
):
    response = client.post(CREATE, new_post(martinique))

    assert response.status_code == 200
    assert response.context["form"].has_error("territory", "invalid_choice")
    assert error_next_to(response, "territory")
    assert not Post.objects.exists()


def test_a_publication_date_is_typed_in_local_time_and_stored_in_utc(client, as_coordinator):
    client.post(CREATE, new_post(published_at="2027-03-02T08:30"))

    assert Post.objects.get().published_at == datetime(2027, 3, 2, 12, 30, tzinfo=UTC)


def test_the_creation_is_one_history_entry_by_its_author_with_its_themes(client, as_coordinator):
    client.post(CREATE, new_post(themes=["health", "sport"]))

    post = Post.objects.get()
    (record,) = post.history.all()
    assert (record.history_type, record.history_user) == ("+", as_coordinator)
    assert record.history_change_reason is None
    assert sorted(row.theme_id for row in record.themes.all()) == ["health", "sport"]


REFUSALS = {
    "no title": ({"title": ""}, "title", "required"),
    "no summary": ({"summary": ""}, "summary", "required"),
    "summary too long": ({"summary": "x" * 501}, "summary", "max_length"),
    "body too long": ({"body": "x" * 20_001}, "body", "max_length"),
    "a NUL character": ({"title": "Titre\x00"}, "title", "unstorable_characters"),
    "publication date in year 1900": (
        {"published_at": "1900-01-01T00:00"},
        "published_at",
        "date_out_of_range",
    ),
    "a made-up theme": ({"themes": ["astrology"]}, "themes", "invalid_choice"),
}


@pytest.mark.parametrize(("values", "field", "code"), REFUSALS.values(), ids=REFUSALS.keys())
def test_a_bad_input_is_refused_next_to_its_field_and_nothing_is_saved(
    client, as_coordinator, values, field, code
):
    response = client.post(CREATE, new_post(**values))

    assert response.status_code == 200
    assert response.context["form"].has_error(field, code)
    assert error_next_to(response, field)
    assert not Post.objects.exists()


# The image ----------------------------------------------------------------------------------


def test_an_image_is_stored_re_encoded_with_its_alternative_text_and_its_size(
    client, as_coordinator
):
    data = new_post(image=upload(), image_alt="Les membres réunis au Mémorial ACTe.")
    assert client.post(CREATE, data).status_code == 302

    post = Post.objects.get()
    assert post.image.name.startswith("news/")
    assert post.image.name.endswith(".jpg")
    assert "photo" not in post.image.name
    assert (post.image_width, post.image_height, post.thumbnail_height) == (640, 480, 120)
    assert post.image_alt == "Les membres réunis au Mémorial ACTe."
    with post.image.open("rb") as stored:
        assert b"PhoneMaker" not in stored.read()  # no EXIF left
    page = lxml.html.fromstring(client.get(post.get_absolute_url()).content)
    (image,) = page.cssselect("article img")
    assert (image.get("alt"), image.get("width"), image.get("height")) == (
        "Les membres réunis au Mémorial ACTe.",
        "640",
        "480",
    )


def test_an_image_without_its_alternative_text_is_refused_next_to_the_text(client, as_coordinator):
    response = client.post(CREATE, new_post(image=upload(), image_alt="  "))

    assert response.context["form"].has_error("image_alt", "image_alt_missing")
    assert _("Describe the image for people who cannot see it.") in error_next_to(
        response, "image_alt"
    )
    assert not Post.objects.exists()


def test_a_file_that_is_no_image_is_refused_next_to_the_image(client, as_coordinator):
    response = client.post(
        CREATE,
        new_post(
            image=upload("photo.png", b"<svg onload=alert(1)></svg>", "image/png"),
            image_alt="Un dessin",
        ),
    )

    assert response.context["form"].has_error("image", "svg")
    assert not Post.objects.exists()


def test_removing_the_image_removes_its_alternative_text(client, as_coordinator):
    client.post(CREATE, new_post(image=upload(), image_alt="Une photo"))
    post = Post.objects.get()
    data = changed(form_data(client.get(edit_url(post))), image__clear="on")

    assert client.post(edit_url(post), data).status_code == 302

    post.refresh_from_db()
    assert (post.image.name, post.image_alt, post.image_width) == ("", "", None)


def test_the_database_refuses_an_image_without_alternative_text(territories):
    post = PostFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Post.objects.filter(pk=post.pk).update(image="news/photo.png", image_alt="")


# Edition ----------------------------------------------------------------------------------


def test_saving_the_edit_page_unchanged_keeps_the_post_as_it_was(client, as_coordinator):
    post = PostFactory(published_at=datetime(2026, 5, 4, 13, 0, tzinfo=UTC), themes=["health"])
    before = Post.objects.values().get()
    entries = post.history.count()

    response = client.post(edit_url(post), form_data(client.get(edit_url(post))))

    assert response.status_code == 302
    assert messages_of(response) == [_("The post has been saved.")]
    after = Post.objects.values().get()
    assert {k: v for k, v in after.items() if k != "updated_at"} == {
        k: v for k, v in before.items() if k != "updated_at"
    }
    assert [t.pk for t in post.themes.all()] == ["health"]
    assert post.history.count() == entries + 1


def test_an_edit_is_one_history_entry_by_the_editor(client, as_coordinator):
    post = PostFactory()
    slug = post.slug
    data = changed(form_data(client.get(edit_url(post))), title="Nouveau titre", themes="sport")

    client.post(edit_url(post), data)

    post.refresh_from_db()
    assert post.title == "Nouveau titre"
    assert post.slug == slug != "nouveau-titre", "the slug stays"
    latest = post.history.first()
    assert (latest.history_type, latest.history_user, latest.title) == (
        "~",
        as_coordinator,
        "Nouveau titre",
    )
    assert [row.theme_id for row in latest.themes.all()] == ["sport"]
    assert post.history.count() == 2


def test_a_published_post_keeps_a_publication_date(client, as_coordinator):
    post = PostFactory()
    published_at = post.published_at
    data = changed(form_data(client.get(edit_url(post))), published_at="")

    response = client.post(edit_url(post), data)

    assert response.context["form"].has_error("published_at", "published_without_date")
    post.refresh_from_db()
    assert post.published_at == published_at


def test_the_admin_lists_and_adds_posts(client, territories):
    PostFactory(title="Dans l'admin")
    client.force_login(factories.site_admin())

    response = client.get(reverse("admin:news_post_changelist"))
    assert response.status_code == 200
    assert "Dans l&#x27;admin" in response.text
    assert client.get(reverse("admin:news_post_add")).status_code == 200
    post = Post.objects.get()
    assert client.get(reverse("admin:news_post_history", args=[post.pk])).status_code == 200


def test_a_post_for_both_networks_is_edited_by_either_coordinator(
    client, coordinator_gp, coordinator_mq
):
    post = PostFactory(territory=None)
    for coordinator, title in [
        (coordinator_gp, "Par la Guadeloupe"),
        (coordinator_mq, "Par la Martinique"),
    ]:
        client.force_login(coordinator)
        data = changed(form_data(client.get(edit_url(post))), title=title)
        assert client.post(edit_url(post), data).status_code == 302
        post.refresh_from_db()
        assert (post.title, post.territory) == (title, None)


def test_a_coordinator_may_not_hand_a_post_over_to_the_other_territory(
    client, as_coordinator, martinique
):
    post = PostFactory(territory=None)
    data = changed(form_data(client.get(edit_url(post))), territory=martinique.pk)

    response = client.post(edit_url(post), data)

    assert response.context["form"].has_error("territory", "invalid_choice")
    post.refresh_from_db()
    assert post.territory is None


# Publication ------------------------------------------------------------------------------


def test_a_coordinator_publishes_a_draft_dated_now_then_withdraws_it(client, as_coordinator):
    post = PostFactory(draft=True)

    response = client.post(status_url(post), {"status": "published"})

    assert response["Location"] == post.get_absolute_url()
    assert messages_of(response) == [_("The post is published.")]
    post.refresh_from_db()
    assert post.status == "published"
    assert timezone.now() - post.published_at < timedelta(minutes=1)
    published = post.history.first()
    assert (published.history_user, published.history_change_reason) == (
        as_coordinator,
        ChangeReason.PUBLISHED,
    )
    published_at = post.published_at

    response = client.post(status_url(post), {"status": "draft"})

    assert messages_of(response)[-1] == _(
        "The post is withdrawn from publication: only its coordinators see it."
    )
    post.refresh_from_db()
    assert (post.status, post.published_at) == ("draft", published_at)
    withdrawn = post.history.first()
    assert withdrawn.history_change_reason == ChangeReason.UNPUBLISHED


def test_a_draft_with_a_later_date_is_scheduled_when_published(client, as_coordinator):
    later = timezone.now() + timedelta(days=3)
    post = PostFactory(draft=True, published_at=later)

    response = client.post(status_url(post), {"status": "published"})

    assert messages_of(response) == [
        _("The post is scheduled: it appears on its publication date.")
    ]
    post.refresh_from_db()
    assert (post.status, post.published_at, post.is_scheduled) == ("published", later, True)
    assert not Post.objects.public().exists()
    assert Post.objects.public(now=later).get() == post


def test_publishing_a_published_post_writes_nothing(as_coordinator, territories):
    post = PostFactory()
    published_at = post.published_at

    post_publish(post=post, by=as_coordinator)

    post.refresh_from_db()
    assert post.published_at == published_at
    assert not post.history.filter(history_change_reason=ChangeReason.PUBLISHED).exists()


@pytest.mark.parametrize("status", ["archived", "", "PUBLISHED"])
def test_an_unknown_status_is_a_bad_request(client, as_coordinator, status):
    post = PostFactory(draft=True)

    assert client.post(status_url(post), {"status": status}).status_code == 400
    post.refresh_from_db()
    assert post.status == "draft"


def test_a_coordinator_without_two_factor_is_sent_to_enrol_before_writing(client, guadeloupe):
    client.force_login(factories.coordinator(guadeloupe, two_factor=False))

    for response in (client.get(CREATE), client.post(CREATE, new_post())):
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/2fa/")
    assert not Post.objects.exists()
