"""Checking a row of the file with the registration form's own rules, and telling whether it
is new, a duplicate (of a record of the census, or of an earlier line) or invalid.

Business rules:

- every row goes through `members.forms.OrganisationForm` (and its contact person through
  `ContactPersonForm`): identifiers, phone numbers normalised, commune in the territory,
  postal code one of the commune's, lengths, addresses, URLs — the same checks and messages
  as a person registering;
- before that, what a spreadsheet writes freely is matched to the controlled vocabularies
  (`imports.matching`): the commune by name, postal code or INSEE code (a postal code shared
  by several communes asks which one), the kind, the themes and countries by label, synonym
  or code, accents and case ignored; a piece of a list that matches nothing is left out and
  said (a warning), unless nothing is left of a required list;
- a record with the same SIRET or RNA number (in either territory), or a close name in the
  same commune, is a duplicate, shown with the existing record; so is a line repeating an
  earlier line of the file (same name in the same commune); two lines with the same
  identifier cannot both be imported: the second may only be skipped;
- when the file gives no short description, the first 280 characters of its description
  stand for it, cut at a word.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.utils.translation import gettext as _

from members.forms import ContactPersonForm, OrganisationForm
from members.models import Organisation, Territory
from members.validators import normalize_rna, normalize_siret
from toolbox.text import normalize_text

from .enums import RowDecision, RowKind
from .fields import TEXT_FIELDS
from .matching import CommuneIndex, match_countries, match_kind, match_themes
from .models import ImportRow

# Names this alike (difflib ratio, accents and case ignored) in one commune: a duplicate.
CLOSE_NAME = 0.85
# A word held by more names of a commune than this does not single a name out.
FREQUENT_WORD = 50
SHORT_DESCRIPTION_LENGTH = 280
_WORD = re.compile(r"[a-z0-9]{3,}")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
# The form's message when the SIRET or RNA number is taken: a duplicate here, not an error.
ALREADY_REGISTERED = "already_registered"


def _words(normalised_name: str) -> set[str]:
    """The starts of a name's words: names a letter apart at a word's end still share one."""
    return {word[:5] for word in _WORD.findall(normalised_name)}


@dataclass
class Census:
    """What the census holds that a row may repeat, read once for a whole file: the SIRET and
    RNA numbers of both territories, and the names of the territory's records by commune."""

    by_siret: dict[str, int] = field(default_factory=dict)
    by_rna: dict[str, int] = field(default_factory=dict)
    # commune INSEE code -> [(normalised name, its words, pk)]
    by_commune: dict[str, list[tuple[str, set[str], int]]] = field(default_factory=dict)
    # commune INSEE code -> the words more than FREQUENT_WORD names of the commune hold
    frequent_words: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, territory: Territory) -> "Census":
        census = cls()
        others = Organisation.objects.exclude(status=Organisation.Status.REFUSED)
        for pk, siret, rna in others.exclude(siret="", rna="").values_list("pk", "siret", "rna"):
            if siret:
                census.by_siret[siret] = pk
            if rna:
                census.by_rna[rna] = pk
        for pk, name, commune in others.filter(territory=territory).values_list(
            "pk", "name", "commune_id"
        ):
            wanted = normalize_text(name)
            census.by_commune.setdefault(commune, []).append((wanted, _words(wanted), pk))
        for commune, names in census.by_commune.items():
            counts = Counter(word for _name, words, _pk in names for word in words)
            census.frequent_words[commune] = {w for w, n in counts.items() if n > FREQUENT_WORD}
        return census

    def close_name(self, name: str, commune: str) -> int | None:
        """The record of the commune whose name is closest to `name`, if close enough."""
        wanted = normalize_text(name)
        # Words most names of the commune hold ("association", "solidarite") would have
        # every name compared: the others are enough to find a close name.
        frequent = self.frequent_words.get(commune, set())
        words = (_words(wanted) - frequent) or _words(wanted)
        best, best_pk = CLOSE_NAME, None
        for other, other_words, pk in self.by_commune.get(commune, ()):
            # Only names sharing a word are compared (a commune may hold thousands).
            if other != wanted and not words & other_words:
                continue
            ratio = 1.0 if other == wanted else SequenceMatcher(None, other, wanted).ratio()
            if ratio >= best:
                best, best_pk = ratio, pk
        return best_pk

    def add(self, organisation: Organisation) -> None:
        """A record just created by the import: later lines are compared with it too."""
        if organisation.siret:
            self.by_siret[organisation.siret] = organisation.pk
        if organisation.rna:
            self.by_rna[organisation.rna] = organisation.pk
        wanted = normalize_text(organisation.name)
        self.by_commune.setdefault(organisation.commune_id, []).append(
            (wanted, _words(wanted), organisation.pk)
        )


@dataclass
class FileSeen:
    """What the lines already analysed of the file hold: identifiers and names by commune."""

    siret: dict[str, int] = field(default_factory=dict)
    rna: dict[str, int] = field(default_factory=dict)
    names: dict[tuple[str, str], int] = field(default_factory=dict)


@dataclass
class Context:
    """Everything the analysis of a file's rows reads once."""

    territory: Territory
    default_kind: str
    communes: CommuneIndex
    census: Census
    seen: FileSeen

    @classmethod
    def of(cls, territory: Territory, *, default_kind: str = "") -> "Context":
        return cls(
            territory=territory,
            default_kind=default_kind,
            communes=CommuneIndex(territory),
            census=Census.of(territory),
            seen=FileSeen(),
        )


@dataclass
class Checked:
    """A row as the forms read it: the record's form data and form, its contact person's."""

    data: dict
    record: OrganisationForm
    contact: ContactPersonForm | None


def _short_description(values: dict[str, str]) -> str:
    short = values.get("short_description", "")
    if short:
        return short
    description = values.get("description", "")
    if len(description) <= SHORT_DESCRIPTION_LENGTH:
        return description
    cut = description[: SHORT_DESCRIPTION_LENGTH - 1].rsplit(" ", 1)[0]
    return f"{cut}…"


def _year(text: str) -> str:
    found = _YEAR.search(text)
    return found.group(1) if found else text


def _listed(kind: str, matched, errors: dict, warnings: dict) -> list[str]:
    if matched.unknown:
        message = (
            _("Not recognised, left out: %(values)s.")
            if matched.codes
            else _("Not recognised: %(values)s.")
        ) % {"values": ", ".join(f"“{value}”" for value in matched.unknown)}
        (warnings if matched.codes or kind == "countries" else errors)[kind] = [message]
    return matched.codes


def _form_data(row: ImportRow, values: dict[str, str], context: Context, errors, warnings):
    data = {key: values.get(key, "") for key in ["name", *TEXT_FIELDS]}
    data["short_description"] = _short_description(values)
    data["year_founded"] = _year(values.get("year_founded", ""))
    # The commune: chosen by the coordinator among those of a shared postal code, or found.
    row.commune_choices = []
    if row.chosen_commune:
        data["commune"] = row.chosen_commune
    else:
        found = context.communes.match(
            name=values.get("commune", ""),
            postal_code=values.get("postal_code", ""),
            insee_code=values.get("insee_code", ""),
        )
        if found.commune is not None:
            data["commune"] = found.commune.insee_code
        else:
            data["commune"] = ""
            row.commune_choices = [commune.insee_code for commune in found.candidates]
            errors["commune"] = [found.error]
    kind_text = values.get("kind", "")
    kind = match_kind(kind_text) if kind_text else context.default_kind
    if kind_text and not kind:
        errors["kind"] = [
            _("Not recognised. The kinds are: %(kinds)s.")
            % {"kinds": ", ".join(str(label) for label in Organisation.Kind.labels)}
        ]
    data["kind"] = kind or ""
    data["themes"] = _listed("themes", match_themes(values.get("themes", "")), errors, warnings)
    countries = match_countries(values.get("countries", ""))
    data["countries"] = _listed("countries", countries, errors, warnings)
    return data


def _contact_form(values: dict[str, str], errors: dict) -> ContactPersonForm | None:
    contact = {
        name: values.get(f"contact_{name}", "") for name in ("name", "role", "email", "phone")
    }
    if not any(contact.values()):
        return None
    form = ContactPersonForm(data=contact)
    if not form.is_valid():
        for name, messages in form.errors.items():
            errors[f"contact_{name}"] = list(messages)
    return form


def row_check(row: ImportRow, context: Context) -> Checked | None:
    """Analyse `row` (unsaved): its kind, errors, warnings, duplicate and default decision,
    and the forms that read it (valid when the row may be created)."""
    values = row.values()
    errors: dict[str, list[str]] = {}
    warnings: dict[str, list[str]] = {}
    data = _form_data(row, values, context, errors, warnings)
    form = OrganisationForm(data=data)
    form.is_valid()
    same_identifier = None
    for name, problems in form.errors.as_data().items():
        if name in errors:
            continue
        messages = [str(m) for p in problems if p.code != ALREADY_REGISTERED for m in p.messages]
        if messages:
            errors[name if name != "__all__" else "name"] = messages
        elif form.identifier_matches:
            same_identifier = form.identifier_matches[0]
    contact = _contact_form(values, errors)

    siret = normalize_siret(data["siret"])
    rna = normalize_rna(data["rna"])
    seen = context.seen
    # A number an earlier line of the file gave: that line's record, which cannot be created
    # twice.
    repeats = next(
        (
            known[number]
            for key, number, known in (("siret", siret, seen.siret), ("rna", rna, seen.rna))
            if number and number in known and key not in errors
        ),
        None,
    )
    name_key = (normalize_text(data["name"]), data["commune"])
    row.duplicate_line = seen.names.get(name_key) if all(name_key) else None
    if row.duplicate_line is None and all(name_key):
        seen.names[name_key] = row.line
    for number, known in ((siret, seen.siret), (rna, seen.rna)):
        if number:
            known.setdefault(number, row.line)

    if same_identifier is None and "siret" not in errors and "rna" not in errors:
        pk = context.census.by_siret.get(siret) or context.census.by_rna.get(rna)
        same_identifier = Organisation(pk=pk) if pk else None
    row.errors, row.warnings = errors, warnings
    row.same_identifier = same_identifier is not None or repeats is not None
    row.duplicate_of_id = same_identifier.pk if same_identifier else None
    row.duplicate_reason = ""
    if same_identifier is not None:
        row.duplicate_reason = _("Same SIRET or RNA number")
    elif repeats is not None:
        row.duplicate_line = repeats
        row.duplicate_reason = _("Same SIRET or RNA number as line %(line)s") % {"line": repeats}
    elif data["commune"] and data["name"]:
        row.duplicate_of_id = context.census.close_name(data["name"], data["commune"])
        if row.duplicate_of_id:
            row.duplicate_reason = _("A close name in the same commune")
    if errors:
        row.kind, row.decision = RowKind.INVALID, RowDecision.SKIP
    elif row.duplicate_of_id:
        row.kind, row.decision = RowKind.DUPLICATE, RowDecision.MERGE
    elif row.duplicate_line:
        row.kind, row.decision = RowKind.DUPLICATE, RowDecision.SKIP
        row.duplicate_reason = row.duplicate_reason or _("Repeats line %(line)s") % {
            "line": row.duplicate_line
        }
    else:
        row.kind, row.decision = RowKind.NEW, RowDecision.CREATE
    return Checked(data=data, record=form, contact=contact)
