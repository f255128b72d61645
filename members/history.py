"""The history of an organisation's record, in words people read (not field names and ids)."""

from dataclasses import dataclass

from django.db import models
from django.utils.formats import date_format

from .models import (
    Commune,
    Country,
    Language,
    Organisation,
    SustainableDevelopmentGoal,
    Territory,
    Theme,
    User,
)

MAX_ENTRIES = 100


@dataclass
class Change:
    label: str
    old: str
    new: str


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


def _show(field, value, labels, users) -> str:
    if value in (None, "", []):
        return "—"
    if field.many_to_many:
        target = field.m2m_reverse_field_name()
        return ", ".join(
            sorted(labels[field.name].get(row[target], str(row[target])) for row in value)
        )
    if field.name in labels:
        return labels[field.name].get(value, str(value))
    if field.name == "validated_by":
        return users.get(value, str(value))
    if field.choices:
        return str(dict(field.choices).get(value, value))
    if isinstance(field, models.DateTimeField):
        return date_format(value, "SHORT_DATETIME_FORMAT")
    return str(value)


def history_entries(organisation: Organisation) -> list[dict]:
    """Newest first: who changed what, from what, to what (a bounded number of queries)."""
    records = list(
        organisation.history.select_related("history_user").order_by("-history_date")[
            : MAX_ENTRIES + 1
        ]
    )
    labels = _labels()
    diffs = [
        (newer, newer.diff_against(older) if older is not None else None)
        for newer, older in zip(records[:MAX_ENTRIES], [*records[1:], None], strict=False)
    ]
    user_ids = {
        value
        for _record, diff in diffs
        if diff
        for change in diff.changes
        if change.field == "validated_by"
        for value in (change.old, change.new)
        if value
    }
    users = {u.pk: str(u) for u in User.objects.filter(pk__in=user_ids)}
    entries = []
    for record, diff in diffs:
        changes = [
            Change(
                label=str(Organisation._meta.get_field(c.field).verbose_name),
                old=_show(Organisation._meta.get_field(c.field), c.old, labels, users),
                new=_show(Organisation._meta.get_field(c.field), c.new, labels, users),
            )
            for c in (diff.changes if diff else [])
        ]
        entries.append({"record": record, "changes": changes})
    return entries
