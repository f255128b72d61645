"""Text helpers shared by the apps: unaccented search text and unique slugs."""

import unicodedata

from django.utils.text import slugify

# Ligatures that Unicode does not decompose ("Schœlcher" is searched as "schoelcher").
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})


def normalize_text(value: str) -> str:
    """Lower case without accents: what the search compares, on SQLite and PostgreSQL alike."""
    decomposed = unicodedata.normalize("NFKD", (value or "").translate(_LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def unique_slug(instance, text: str, *, fallback: str, reserved=frozenset()) -> str:
    """A slug of `text` unused by other rows of the instance's model, and not a reserved path."""
    base = slugify(text)[:200] or fallback
    model = type(instance)
    slug, n = base, 1
    while (
        slug in reserved
        or model._default_manager.filter(slug=slug).exclude(pk=instance.pk).exists()
    ):
        n += 1
        slug = f"{base}-{n}"
    return slug
