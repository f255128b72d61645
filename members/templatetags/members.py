from django import template

register = template.Library()


@register.filter
def facet_key(value) -> str:
    """The GET value of a filter option (model choices wrap it in an iterator value)."""
    return str(getattr(value, "value", value))


@register.filter
def get_count(counts: dict | None, value) -> int:
    return (counts or {}).get(facet_key(value), 0)
