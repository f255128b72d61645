"""Image files to upload, good and hostile, made on the fly (no binary fixture in the repo)."""

import struct
import zlib
from io import BytesIO

from PIL import ExifTags, Image

# The position of the Fort Saint-Charles, Basse-Terre: what a phone writes into a photograph.
GPS = {
    ExifTags.GPS.GPSLatitudeRef: "N",
    ExifTags.GPS.GPSLatitude: (15.0, 59.0, 38.0),
    ExifTags.GPS.GPSLongitudeRef: "W",
    ExifTags.GPS.GPSLongitude: (61.0, 43.0, 30.0),
}


def png(size=(120, 80), colour=(0, 120, 90)) -> bytes:
    output = BytesIO()
    Image.new("RGB", size, colour).save(output, format="PNG")
    return output.getvalue()


def jpeg_with_gps(size=(640, 480)) -> bytes:
    """A photograph as a phone saves it: EXIF with the camera and the GPS position."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Model] = "Phone 12"
    exif[ExifTags.IFD.GPSInfo] = GPS
    output = BytesIO()
    Image.new("RGB", size, (200, 60, 40)).save(output, format="JPEG", exif=exif)
    return output.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(side: int = 10_000) -> bytes:
    """A black-and-white PNG of side × side pixels (100 million for 10,000): about 12 KB that
    unpack to 12.5 MB of pixels, and to 100 MB or more once decoded in colour."""
    row = b"\x00" + b"\x00" * ((side + 7) // 8)
    compressor = zlib.compressobj(9)
    pixels = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", pixels)
        + _chunk(b"IEND", b"")
    )


def gif() -> bytes:
    output = BytesIO()
    Image.new("P", (16, 16), 1).save(output, format="GIF")
    return output.getvalue()


def gif_js_polyglot() -> bytes:
    """A GIF that is also a script: its size bytes open a JavaScript comment ("GIF89a/*"), and
    what follows the picture closes it and runs code (`<script src="logo.gif">`)."""
    picture = bytearray(gif())
    picture[6:8] = b"/*"  # the width, read as the start of a comment
    return bytes(picture) + b"*/=1;alert(document.cookie);"


def png_with_appended_archive() -> bytes:
    return png() + b"PK\x03\x04" + b"payload" * 20


def png_with_script_in_text_chunk() -> bytes:
    data = bytearray(png())
    end = data.rindex(b"IEND") - 4
    text = _chunk(b"tEXt", b"Comment\x00<script>alert(1)</script>")
    return bytes(data[:end]) + text + bytes(data[end:])


SVG = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b'<script>alert(1)</script><rect width="10" height="10"/></svg>'
)
TEXT = b"Ceci n'est pas une image.\n"


def truncated_png() -> bytes:
    return png(size=(400, 400))[:200]
