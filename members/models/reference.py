"""Controlled lists, stored as small tables so that filters and counts are plain SQL.

Their rows are kept in step with members/reference/ after every migrate (members.signals);
their labels come from there too, translated.
"""

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

from .people import Territory

if TYPE_CHECKING:
    from members.reference.caribbean import Membership


class Theme(models.Model):
    code = models.SlugField(_("code"), primary_key=True, max_length=50)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["position"]

    def __str__(self):
        return str(self.label)

    @property
    def label(self):
        from members.reference.themes import THEMES

        return THEMES.get(self.code, self.code)


class Country(models.Model):
    """A country or territory of the Greater Caribbean (ISO 3166-1 alpha-2)."""

    code = models.CharField(_("ISO code"), primary_key=True, max_length=2)
    # Space-separated "organisation:status" tokens, e.g. "OECS:member CARICOM:member ACS:member"
    # (members.reference.caribbean.tokens), kept in step by members.signals.
    memberships = models.CharField(_("regional memberships"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("country or territory")
        verbose_name_plural = _("countries and territories")
        ordering = ["code"]

    def __str__(self):
        return str(self.label)

    @property
    def label(self):
        from members.reference.caribbean import COUNTRIES

        country = COUNTRIES.get(self.code)
        return country.name if country else self.code

    @property
    def membership_list(self) -> list["Membership"]:
        """Its memberships (caribbean.Membership: organisation, status, their labels), in the
        order of the organisations; read from the stored tokens, no query."""
        from members.reference.caribbean import parse

        return parse(self.memberships)


class Language(models.Model):
    code = models.CharField(_("ISO 639 code"), primary_key=True, max_length=3)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        ordering = ["position"]

    def __str__(self):
        return str(self.label)

    @property
    def label(self):
        from members.reference.languages import LANGUAGES

        return LANGUAGES.get(self.code, self.code)


class SustainableDevelopmentGoal(models.Model):
    number = models.PositiveSmallIntegerField(_("number"), primary_key=True)

    class Meta:
        verbose_name = _("sustainable development goal")
        verbose_name_plural = _("sustainable development goals")
        ordering = ["number"]

    def __str__(self):
        return f"{self.number}. {self.label}"

    @property
    def label(self):
        from members.reference.sdgs import SDGS

        return SDGS.get(self.number, "")


class Commune(models.Model):
    """A commune of Guadeloupe or Martinique, from the official list (members/reference)."""

    insee_code = models.CharField(_("INSEE code"), primary_key=True, max_length=5)
    name = models.CharField(_("name"), max_length=100)
    territory = models.ForeignKey(
        Territory, on_delete=models.PROTECT, related_name="communes", verbose_name=_("territory")
    )
    postal_codes = models.CharField(_("postal codes"), max_length=100, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5)

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def postal_code_list(self) -> list[str]:
        return self.postal_codes.split()
