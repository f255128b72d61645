"""Uploaded images: decoded, checked and re-encoded before anything is stored.

Business rules (for every image people upload; today the organisations' logos):

- accepted: PNG, JPEG, GIF and WebP pictures that Pillow decodes; SVG drawings, documents and
  anything else are refused, whatever their name or declared type says;
- at most MAX_PIXELS pixels, read from the file's header before any decoding, so that a
  "decompression bomb" (a small file that unpacks to gigabytes) is refused without being
  unpacked;
- refused when the file hides something besides the picture: markup or script (an HTML/SVG
  payload), data after the picture's own end (PNG, GIF, WebP), or a GIF header written to be
  read as JavaScript too (the GIF/JS polyglot, `GIF89a/*…*/=…`);
- what is stored is not the file sent but a new one, encoded by Pillow from the decoded pixels:
  PNG (JPEG for photographs sent as JPEG), at most MAX_SIDE pixels a side, turned upright, with
  no metadata (EXIF and its GPS position, comments, XMP, colour profiles) and nothing appended
  (phones append videos after a JPEG's end: they are left out, not refused);
- under a random name, never the one sent (ReencodedImageField).
"""

import secrets
import struct
from io import BytesIO
from pathlib import PurePath

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

# 16.7 million pixels (4096 × 4096): more than any logo or phone photograph needs.
MAX_PIXELS = 4096 * 4096
# Stored images are scaled down to this many pixels a side at most.
MAX_SIDE = 1024
FORMATS = ("PNG", "JPEG", "GIF", "WEBP")
# What browsers would run or render as a document, were the file served as such.
MARKUP = (b"<script", b"<svg", b"<html", b"<body", b"<!doctype", b"<?php", b"<iframe")
SCRIPT_URL = b"javascript:"


class ImageRefused(Exception):
    """Why an upload is not an image the portal stores; `code` names the reason."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def _png_end(data: bytes) -> int | None:
    """Offset just after the IEND chunk (None if the chunks do not end with one)."""
    offset = 8
    while offset + 8 <= len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind = data[offset + 4 : offset + 8]
        offset += 12 + length
        if kind == b"IEND":
            return offset
    return None


def _gif_end(data: bytes) -> int | None:
    """Offset just after the trailer (0x3B), walking the GIF's blocks."""

    def skip_sub_blocks(offset: int) -> int:
        while offset < len(data) and data[offset]:
            offset += 1 + data[offset]
        return offset + 1

    offset = 13
    if len(data) < offset:
        return None
    if data[10] & 0x80:  # global colour table
        offset += 3 * 2 ** ((data[10] & 0x07) + 1)
    while offset < len(data):
        block = data[offset]
        if block == 0x3B:
            return offset + 1
        if block == 0x21:  # extension: label, then sub-blocks
            offset = skip_sub_blocks(offset + 2)
        elif block == 0x2C:  # image: descriptor, local colour table, LZW size, sub-blocks
            if offset + 10 > len(data):
                return None
            flags = data[offset + 9]
            offset += 10
            if flags & 0x80:
                offset += 3 * 2 ** ((flags & 0x07) + 1)
            offset = skip_sub_blocks(offset + 1)
        else:
            return None
    return None


def _webp_end(data: bytes) -> int | None:
    if len(data) < 12:
        return None
    (size,) = struct.unpack("<I", data[4:8])
    return 8 + size + (size & 1)


ENDS = {"PNG": _png_end, "GIF": _gif_end, "WEBP": _webp_end}


def _check_contents(data: bytes, image_format: str) -> None:
    lowered = data.lower()
    if any(marker in lowered for marker in MARKUP) or SCRIPT_URL in lowered:
        raise ImageRefused("hidden_content")
    # A GIF/JS polyglot opens a JavaScript comment right after "GIF89a", in the sizes.
    if image_format == "GIF" and (b"/*" in data[6:13] or b"//" in data[6:13]):
        raise ImageRefused("hidden_content")
    find_end = ENDS.get(image_format)
    if find_end is not None:
        end = find_end(data)
        if end is None or data[end:].strip(b"\x00"):
            raise ImageRefused("hidden_content")


def _open(data: bytes, formats=FORMATS) -> Image.Image:
    try:
        return Image.open(BytesIO(data), formats=formats)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        # Pillow's own limit, far above MAX_PIXELS (the warning is an exception only where
        # warnings are errors, as in the tests).
        raise ImageRefused("too_many_pixels") from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ImageRefused("not_an_image") from error


def reencode_image(
    data: bytes, *, max_pixels: int = MAX_PIXELS, max_side: int = MAX_SIDE
) -> tuple[bytes, str]:
    """The picture in `data`, checked and encoded anew (see the module): (bytes, extension).

    Raises ImageRefused with the reason's code: not_an_image, svg, too_many_pixels,
    hidden_content."""
    head = data[:1024].lstrip().lower()
    if head.startswith((b"<?xml", b"<svg")) or b"<svg" in head:
        raise ImageRefused("svg")
    image = _open(data)
    image_format = image.format
    width, height = image.size
    if width * height > max_pixels:
        raise ImageRefused("too_many_pixels")
    try:
        # Structure and checksums, still without decoding the pixels.
        image.verify()
    except Exception as error:  # Pillow raises many kinds for broken files
        raise ImageRefused("not_an_image") from error
    _check_contents(data, image_format)

    image = _open(data, formats=(image_format,))
    try:
        image.seek(0)
        image.load()
        upright = ImageOps.exif_transpose(image)
        upright.thumbnail((max_side, max_side))
        # Pillow writes some of what it read (a colour profile, comments) into what it saves:
        # keep nothing but the transparent colour of a palette.
        upright.info = {key: value for key, value in upright.info.items() if key == "transparency"}
        output = BytesIO()
        if image_format == "JPEG":
            upright.convert("RGB").save(output, format="JPEG", quality=85, optimize=True)
            extension = "jpg"
        else:
            if upright.mode not in ("1", "L", "LA", "P", "RGB", "RGBA"):
                upright = upright.convert("RGBA")
            upright.save(output, format="PNG", optimize=True)
            extension = "png"
    except (OSError, SyntaxError, ValueError) as error:
        # Truncated or corrupt pixel data, found while decoding.
        raise ImageRefused("not_an_image") from error
    finally:
        image.close()
    return output.getvalue(), extension


CONTENT_TYPES = {"png": "image/png", "jpg": "image/jpeg"}


class ReencodedImageFormField(forms.ImageField):
    """An image upload whose cleaned value is the re-encoded picture (see the module)."""

    # The content decides, not the name the file was sent with.
    default_validators = []
    default_error_messages = {
        "too_big": _("The image must weigh less than %(megabytes)s MB."),
        "not_an_image": _(
            "This file is not an image the portal accepts: send a PNG, JPEG, GIF or WebP picture."
        ),
        "svg": _("SVG drawings are not accepted: export the drawing as a PNG picture."),
        "too_many_pixels": _(
            "This image has too many pixels (at most %(megapixels)s million): reduce its "
            "size and send it again."
        ),
        "hidden_content": _(
            "This image holds something besides the picture (a script, or data appended to "
            "it): open it in an image editor, export it again and send the new file."
        ),
    }

    def __init__(
        self,
        *,
        max_bytes: int = 2 * 1024 * 1024,
        max_pixels: int = MAX_PIXELS,
        max_side: int = MAX_SIDE,
        **kwargs,
    ):
        self.max_bytes = max_bytes
        self.max_pixels = max_pixels
        self.max_side = max_side
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput):
            attrs["accept"] = "image/png,image/jpeg,image/gif,image/webp"
        return attrs

    def _refuse(self, code: str):
        params = {
            "megabytes": self.max_bytes // (1024 * 1024),
            "megapixels": round(self.max_pixels / 1_000_000),
        }
        raise ValidationError(self.error_messages[code], code=code, params=params)

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        if upload.size > self.max_bytes:
            self._refuse("too_big")
        content = b"".join(upload.chunks())
        try:
            encoded, extension = reencode_image(
                content, max_pixels=self.max_pixels, max_side=self.max_side
            )
        except ImageRefused as refusal:
            self._refuse(refusal.code)
        return SimpleUploadedFile(
            f"image.{extension}", encoded, content_type=CONTENT_TYPES[extension]
        )


class ReencodedImageField(models.ImageField):
    """A model's image: uploaded through ReencodedImageFormField, stored under a random name."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ReencodedImageFormField, **kwargs})

    def generate_filename(self, instance, filename):
        extension = PurePath(filename).suffix.lower()
        if extension not in (".png", ".jpg", ".jpeg", ".gif", ".webp"):
            extension = ""
        return super().generate_filename(instance, secrets.token_urlsafe(16) + extension)
