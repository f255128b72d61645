import datetime

import phonenumbers
from django import template
from django.utils import timezone

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
