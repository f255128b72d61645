"""The history of an organisation's record, in words people read (not field names and ids):
the record's own changes and those of its contact persons, newest first, in the territory's
local time."""

from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise
from zoneinfo import ZoneInfo

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .enums import ChangeReason
from .models import (
    Commune,
    ContactPerson,
    Country,
    Language,
    Organisation,
    SustainableDevelopmentGoal,
    Territory,
    Theme,
    User,
)

MAX_ENTRIES = 100
# A validation or a refusal says who decided and when: the fields recording it are not listed.
DECISION_FIELDS = {"validated_by", "validated_at", "refusal_reason"}


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class Entry:
    date: datetime  # in the territory's local time
    who: User | None
    what: str  # what happened, in words
    subject: str  # what changed: "" for the record itself, else "Contact person: Name"
    changes: list[Change]
    reason: str = ""  # a refusal's reason


def _labels():
    """Labels of every referenced row, read once (the reference tables are small)."""
    return {
        "themes": {t.pk: str(t) for t in Theme.objects.all()},
        "countries": {c.pk: str(c) for c in Country.objects.all()},
        "languages": {lang.pk: str(lang) for lang in Language.objects.all()},
        "sdgs": {g.pk: str(g) for g in SustainableDevelopmentGoal.objects.all()},
        "commune": {c.pk: c.name for c in Commune.objects.all()},
        "territory": {t.pk: t.name for t in Territory.objects.all()},
    }


class _Shower:
    def __init__(self, labels, users, tz):
        self.labels, self.users, self.tz = labels, users, tz

    def __call__(self, field, value) -> str:
        if value in (None, "", []):
            return "—"
        if field.many_to_many:
            target = field.m2m_reverse_field_name()
            names = self.labels[field.name]
            return ", ".join(sorted(names.get(row[target], str(row[target])) for row in value))
        if field.name in self.labels:
            return self.labels[field.name].get(value, str(value))
        if field.name == "validated_by":
            return self.users.get(value, str(value))
        if field.choices:
            return str(dict(field.choices).get(value, value))
        if isinstance(field, models.DateTimeField):
            return date_format(timezone.localtime(value, self.tz), "SHORT_DATETIME_FORMAT")
        if isinstance(field, models.BooleanField):
            return str(_("yes") if value else _("no"))
        return str(value)


def _what(record, model) -> str:
    if record.history_change_reason in ChangeReason.values:
        return str(ChangeReason(record.history_change_reason).label)
    if record.history_type == "+":
        return str(_("Registration") if model is Organisation else _("Addition"))
    if record.history_type == "-":
        return str(_("Deletion"))
    return str(_("Modification"))


def _diffs(records):
    """(record, its changes against the version before it, or None for the first)."""
    ordered = list(reversed(records))  # oldest first
    pairs = [(ordered[0], None)] if ordered else []
    pairs += [(newer, newer.diff_against(older)) for older, newer in pairwise(ordered)]
    return pairs


def history_entries(organisation: Organisation) -> list[Entry]:
    """Newest first: who changed what, from what, to what (a bounded number of queries)."""
    tz = ZoneInfo(organisation.territory.timezone)
    records = list(
        organisation.history.select_related("history_user").order_by(
            "-history_date", "-history_id"
        )[: MAX_ENTRIES + 1]
    )
    contacts = list(
        ContactPerson.history.filter(organisation_id=organisation.pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[: MAX_ENTRIES + 1]
    )
    by_contact: dict[int, list] = {}
    for record in contacts:
        by_contact.setdefault(record.id, []).append(record)
    diffs = [(Organisation, r, d) for r, d in _diffs(records)]
    for versions in by_contact.values():
        diffs += [(ContactPerson, r, d) for r, d in _diffs(versions)]
    user_ids = {
        value
        for _model, _record, diff in diffs
        if diff
        for change in diff.changes
        if change.field == "validated_by"
        for value in (change.old, change.new)
        if value
    }
    show = _Shower(_labels(), {u.pk: str(u) for u in User.objects.filter(pk__in=user_ids)}, tz)
    entries = []
    for model, record, diff in diffs:
        what = _what(record, model)
        decision = record.history_change_reason in (ChangeReason.VALIDATED, ChangeReason.REFUSED)
        changes = [
            Change(
                label=str(model._meta.get_field(c.field).verbose_name),
                old=show(model._meta.get_field(c.field), c.old),
                new=show(model._meta.get_field(c.field), c.new),
            )
            for c in (diff.changes if diff else [])
            if not (decision and c.field in DECISION_FIELDS)
        ]
        entries.append(
            Entry(
                date=timezone.localtime(record.history_date, tz),
                who=record.history_user,
                what=what,
                subject=""
                if model is Organisation
                else str(_("Contact person: %(name)s") % {"name": record.name}),
                changes=changes,
                reason=record.refusal_reason
                if record.history_change_reason == ChangeReason.REFUSED
                else "",
            )
        )
    entries.sort(key=lambda entry: entry.date, reverse=True)
    return entries[:MAX_ENTRIES]
