"""Cursor pagination of the API's lists, on the records' keys.

Business rules: a page holds `limit` records (1 to 100, 50 by default) in the order of their
keys; `next` is the address of the following page (null on the last one). The cursor is
opaque to clients (the last key read, encoded): a page costs the same query at the start of
the list as deep into it (no OFFSET), and records added meanwhile never shift a page.
"""

import base64
import binascii
from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import HttpRequest

DEFAULT_LIMIT = 50
MAX_LIMIT = 100
# The largest key a cursor may hold: PostgreSQL's bigint.
_MAX_KEY = 2**63 - 1


class BadCursor(ValueError):
    """A cursor the API did not write."""


def encode_cursor(key: int) -> str:
    return base64.urlsafe_b64encode(f"k{key}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise BadCursor(cursor) from None
    if not (text.startswith("k") and text[1:].isdigit() and int(text[1:]) <= _MAX_KEY):
        raise BadCursor(cursor)
    return int(text[1:])


def page(
    request: HttpRequest, queryset: QuerySet, *, cursor: str | None, limit: int
) -> tuple[list[Any], str | None]:
    """The records of one page, and the address of the next one (None on the last)."""
    if cursor:
        queryset = queryset.filter(pk__gt=decode_cursor(cursor))
    rows = list(queryset.order_by("pk")[: limit + 1])
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    query = request.GET.copy()
    query["cursor"] = encode_cursor(rows[-1].pk)
    address = (
        request.build_absolute_uri(request.path)
        + "?"
        + urlencode(sorted(query.lists()), doseq=True)
    )
    return rows, address
