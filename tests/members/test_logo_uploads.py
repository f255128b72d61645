"""Uploaded logos are decoded, checked and stored re-encoded under a random name
(toolbox/images.py): bombs, polyglots, drawings and documents are refused at the field."""

from io import BytesIO

import lxml.html
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from members.models import Organisation
from tests.members import image_files
from tests.members.factories import OrganisationFactory, member_of
from tests.members.test_registration import URL as REGISTER_URL
from tests.members.test_registration import form_data
from tests.pages import changed
from tests.pages import form_data as form_data_of
from toolbox.images import MAX_SIDE, ImageRefused, reencode_image

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def upload(content: bytes, name: str = "logo.png", content_type: str = "image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def register_with_logo(client, content, name="logo.png", content_type="image/png"):
    return client.post(REGISTER_URL, {**form_data(), "logo": upload(content, name, content_type)})


@pytest.fixture
def applicant(client, territories):
    user = member_of(OrganisationFactory(), role="admin")
    client.force_login(user)
    return user


def error_next_to_logo(response) -> str:
    """The message shown in the logo field's own box of the page."""
    page = lxml.html.fromstring(response.content)
    (field,) = page.xpath('//div[contains(@class, "field-error")][.//input[@id="id_logo"]]')
    return field.text_content()


def stored_logo() -> tuple[Organisation, bytes]:
    organisation = Organisation.objects.get(name="Association Caraïbe Avenir")
    with organisation.logo.open("rb") as stored:
        return organisation, stored.read()


def test_a_logo_is_stored_re_encoded_under_a_random_name(client, applicant):
    response = register_with_logo(client, image_files.png(), name="../../Mon logo.png")
    assert response.status_code == 302
    organisation, content = stored_logo()
    assert organisation.logo.name.startswith("logos/")
    assert "Mon logo" not in organisation.logo.name
    assert ".." not in organisation.logo.name
    assert organisation.logo.name.endswith(".png")
    assert Image.open(BytesIO(content)).size == (120, 80)


def test_two_uploads_of_the_same_file_get_different_names(client, applicant):
    names = set()
    for _ in range(2):
        field = Organisation._meta.get_field("logo")
        names.add(field.generate_filename(None, "logo.png"))
    assert len(names) == 2


def test_a_photograph_loses_its_gps_position_and_all_its_metadata(client, applicant):
    sent = image_files.jpeg_with_gps()
    assert Image.open(BytesIO(sent)).getexif().get_ifd(0x8825)  # the GPS block is there
    response = register_with_logo(client, sent, name="photo.jpg", content_type="image/jpeg")
    assert response.status_code == 302
    organisation, content = stored_logo()
    assert organisation.logo.name.endswith(".jpg")
    stored = Image.open(BytesIO(content))
    assert stored.format == "JPEG"
    assert not stored.getexif()
    assert not stored.getexif().get_ifd(0x8825)
    assert b"Exif" not in content
    assert b"PhoneMaker" not in content


def test_a_decompression_bomb_is_refused_before_being_decoded(client, applicant):
    bomb = image_files.png_bomb()
    assert len(bomb) < 16_000  # 12 KB for 10,000 × 10,000 pixels
    response = register_with_logo(client, bomb)
    assert response.status_code == 200
    assert "trop de pixels" in response.context["form"].errors["logo"][0]
    assert not Organisation.objects.filter(name="Association Caraïbe Avenir").exists()


@pytest.mark.parametrize(
    ("content", "name", "content_type", "message"),
    [
        (image_files.gif_js_polyglot(), "logo.gif", "image/gif", "autre chose que l’image"),
        (image_files.png_with_appended_archive(), "logo.png", "image/png", "autre chose"),
        (image_files.png_with_script_in_text_chunk(), "logo.png", "image/png", "autre chose"),
        (image_files.SVG, "logo.svg", "image/svg+xml", "SVG"),
        (image_files.SVG, "logo.png", "image/png", "SVG"),
        (image_files.TEXT, "logo.png", "image/png", "PNG, JPEG, GIF ou WebP"),
        (image_files.truncated_png(), "logo.png", "image/png", "PNG, JPEG, GIF ou WebP"),
    ],
    ids=[
        "gif-js-polyglot",
        "appended-archive",
        "script-in-png",
        "svg",
        "svg-named-png",
        "text",
        "truncated",
    ],
)
def test_what_is_not_a_plain_picture_is_refused_with_a_message_at_the_field(
    client, applicant, content, name, content_type, message
):
    response = register_with_logo(client, content, name, content_type)
    assert response.status_code == 200
    errors = response.context["form"].errors["logo"]
    assert message in errors[0]
    assert message in error_next_to_logo(response)
    assert not Organisation.objects.filter(name="Association Caraïbe Avenir").exists()


def test_a_logo_over_two_megabytes_is_refused_without_being_decoded(client, applicant):
    heavy = image_files.png() + b"\x00" * (2 * 1024 * 1024)
    response = register_with_logo(client, heavy)
    assert response.context["form"].errors["logo"] == ["Le logo doit peser moins de 2 Mo."]


def test_an_editor_replaces_the_logo_and_the_new_one_is_re_encoded_too(client, territories):
    organisation = OrganisationFactory(logo="logos/old.png")
    client.force_login(member_of(organisation, role="editor"))
    url = reverse("members:organisation_edit", args=[organisation.slug])
    photo = upload(image_files.jpeg_with_gps(), "photo.jpg", "image/jpeg")
    response = client.post(url, changed(form_data_of(client.get(url)), logo=[photo]))
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.logo.name != "logos/old.png"
    with organisation.logo.open("rb") as stored:
        assert not Image.open(stored).getexif()


def test_large_pictures_are_scaled_down_and_transparency_is_kept():
    output = BytesIO()
    Image.new("RGBA", (3000, 1500), (10, 20, 30, 0)).save(output, format="WEBP")
    encoded, extension = reencode_image(output.getvalue())
    image = Image.open(BytesIO(encoded))
    assert (extension, image.format) == ("png", "PNG")
    assert image.size == (MAX_SIDE, MAX_SIDE // 2)
    assert image.mode == "RGBA"
    assert image.getpixel((0, 0))[3] == 0


def test_the_pixel_limit_is_read_from_the_header_whatever_the_limit():
    with pytest.raises(ImageRefused) as refusal:
        reencode_image(image_files.png(size=(200, 200)), max_pixels=199 * 200)
    assert refusal.value.code == "too_many_pixels"


def test_an_animated_gif_keeps_its_first_frame_as_a_png():
    frames = [Image.new("P", (20, 20), colour) for colour in (1, 2, 3)]
    output = BytesIO()
    frames[0].save(output, format="GIF", save_all=True, append_images=frames[1:])
    encoded, extension = reencode_image(output.getvalue())
    assert extension == "png"
    assert Image.open(BytesIO(encoded)).size == (20, 20)
