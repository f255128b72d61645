import phonenumbers
from django import template

register = template.Library()


@register.filter
def phone(value: str) -> str:
    """A stored E.164 number as people write it: +590 590 12 34 56."""
    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        return value
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
