import datetime

import phonenumbers
from django import template
from django.utils import formats, timezone, translation
from django.utils.html import format_html

from members.models import CONTENT_LANGUAGE

register = template.Library()


@register.filter
def phone(value: str) -> str:
    """A stored E.164 number as people write it: +590 590 12 34 56."""
    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        return value
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


@register.filter
def machine_datetime(value: datetime.datetime | None) -> str:
    """The value of a `<time datetime>`: local time to the second with its offset.

    Django's "c" format adds microseconds, which the HTML standard does not accept there.
    """
    if not value:
        return ""
    return timezone.localtime(value).replace(microsecond=0).isoformat()


@register.filter
def lang_attr(language: str) -> str:
    """` lang="es"` on the element of a passage whose language is not the page's (WCAG 3.1.2),
    nothing otherwise."""
    if not language or language == translation.get_language():
        return ""
    return format_html(' lang="{}"', language)


@register.simple_tag
def content_lang() -> str:
    """The `lang` attribute of what the networks' members wrote (in French), on a page in
    another language."""
    return lang_attr(CONTENT_LANGUAGE)


def _language_format(name: str, default: str) -> str:
    """A date format the portal adds to Django's (toolbox/formats), in the active language."""
    for module in formats.get_format_modules(translation.get_language() or ""):
        if hasattr(module, name):
            return getattr(module, name)
    return default


@register.filter
def long_date(value: datetime.date | None) -> str:
    """ "mardi 1 décembre 2026", "Tuesday 1 December 2026", "martes 1 de diciembre de 2026"."""
    if not value:
        return ""
    return formats.date_format(value, _language_format("LONG_DATE_FORMAT", "l j F Y"))


@register.filter
def long_datetime(value: datetime.datetime | None) -> str:
    """The long date and the time, in the value's own time zone (a session's territory)."""
    if not value:
        return ""
    return f"{long_date(value)}, {formats.time_format(value, 'TIME_FORMAT')}"


@register.filter
def zoned_datetime(value: datetime.datetime | None, name: str = "DATETIME_FORMAT") -> str:
    """A date and time in the territories' time with its offset from UTC, "3 December 2026,
    14:30 UTC−4": a partner reads the times of the portal in their own zone."""
    if not value:
        return ""
    local = timezone.localtime(value)
    return f"{formats.date_format(local, name)} {utc_offset(local)}"


@register.filter
def utc_offset(value: datetime.datetime | None) -> str:
    """ "UTC−4": the offset from UTC of a local time, so that a reader elsewhere in the
    Caribbean (Cuba is UTC−5, Haiti UTC−5 or −4) converts it."""
    offset = value.utcoffset() if value else None
    if offset is None:
        return ""
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "\u2212"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")
