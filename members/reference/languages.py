"""Working languages of Caribbean cooperation, keyed by ISO 639 code (639-1 where there is one,
else 639-3: "gcf" is the Antillean Creole of Guadeloupe and Martinique, "pap" Papiamento)."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

LANGUAGES: dict[str, Promise] = {
    "fr": _("French"),
    "en": _("English"),
    "es": _("Spanish"),
    "ht": _("Haitian Creole"),
    "gcf": _("Antillean Creole (Guadeloupe, Martinique)"),
    "pt": _("Portuguese"),
    "nl": _("Dutch"),
    "pap": _("Papiamento"),
}
