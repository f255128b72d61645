"""Controlled list of cooperation themes: slug (English kebab-case) -> English label."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

THEMES: dict[str, Promise] = {
    "education-training": _("Education and vocational training"),
    "health": _("Health"),
    "water-sanitation": _("Water and sanitation"),
    "agriculture-food-security": _("Agriculture and food security"),
    "environment-climate": _("Environment and climate"),
    "biodiversity-oceans": _("Biodiversity and oceans"),
    "disaster-risk-humanitarian": _("Disaster risk reduction and humanitarian action"),
    "culture-heritage": _("Culture and heritage"),
    "sport": _("Sport"),
    "youth-mobility": _("Youth and mobility"),
    "gender-equality": _("Gender equality"),
    "local-governance": _("Local governance and decentralisation"),
    "economic-development": _("Economic development and social economy"),
    "sustainable-tourism": _("Sustainable tourism"),
    "research-higher-education": _("Research and higher education"),
    "digital": _("Digital"),
    "global-citizenship-education": _("Global citizenship education"),
    "energy": _("Energy"),
}
