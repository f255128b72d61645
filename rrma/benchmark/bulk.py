"""Bulk inserts that keep what `save()` would have written: dates, slugs, lists, history.

Rules:
- rows go in with `bulk_create`, in batches, and come back with their primary keys
  (PostgreSQL, SQLite 3.35 and later);
- the dates given are kept: `auto_now`/`auto_now_add` would stamp every row with the time of
  the insert, where a real census spreads over years;
- history is written as django-simple-history writes it on save: one historical row per
  change, and next to the last one the record's many-to-many lists as they stood.
"""

from collections import Counter
from contextlib import contextmanager

from django.db import reset_queries
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from members.search import SearchTextMixin

BATCH = 1000


def bulk(model, objs: list) -> list:
    """Insert `objs` in batches; returns them with their primary keys. Records searched by
    their search text get it as their `save()` writes it (its words join the vocabulary in
    `generate.after_bulk_insert`)."""
    if issubclass(model, SearchTextMixin):
        for obj in objs:
            obj.search_text = obj.build_search_text()
    model._base_manager.bulk_create(objs, batch_size=BATCH)
    # Under DEBUG every statement is kept in memory: the inserts of 50,000 records with their
    # texts would hold gigabytes by the end.
    reset_queries()
    return objs


def link(model, name: str, pairs) -> list:
    """Insert the rows of the many-to-many list `name` of `model`, from (owner pk, target pk)."""
    field = model._meta.get_field(name)
    through = field.remote_field.through
    owner, target = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
    return bulk(through, [through(**{owner: a, target: b}) for a, b in pairs])


@contextmanager
def dates_as_given(*models):
    """Keep the generated `created_at`/`updated_at` values of `models` while inserting."""
    fields = [
        f
        for model in models
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


class Slugs:
    """Unique slugs without a query per record, as `toolbox.text.unique_slug` makes them: the
    text's slug, then "-2", "-3"… for the next records of the same text."""

    def __init__(self, reserved=frozenset()):
        self.taken = set(reserved)
        self.next = Counter()

    def __call__(self, text: str, fallback: str) -> str:
        base = slugify(text)[:200] or fallback
        slug = base
        while slug in self.taken:
            self.next[base] = max(self.next[base], 1) + 1
            slug = f"{base}-{self.next[base]}"
        self.taken.add(slug)
        return slug


def history(model, instances, *, when, kind="+", by=None, reason=None, state=None) -> list:
    """One historical row per instance, dated `when(obj)`, written by the user id `by(obj)`,
    with the reason `reason` and the values `state(obj)` where they differed from today's."""
    model_history = model.history.model
    rows = []
    for obj in instances:
        values = {f.attname: getattr(obj, f.attname) for f in model_history.tracked_fields}
        if state is not None:
            values.update(state(obj))
        rows.append(
            model_history(
                history_date=when(obj),
                history_type=kind,
                history_user_id=by(obj) if by else None,
                history_change_reason=reason,
                **values,
            )
        )
    return bulk(model_history, rows)


def m2m_history(model, rows: list, lists: dict[str, list]) -> None:
    """The many-to-many `lists` of each record (through rows by field name) copied next to its
    historical row in `rows` (one per record, its last)."""
    model_history = model.history.model
    history_ids = {row.id: row.history_id for row in rows}
    for field in model_history._history_m2m_fields:
        copy_model = HistoricalRecords.m2m_models[field]
        through = field.remote_field.through
        owner = f"{field.m2m_field_name()}_id"
        attnames = [f.attname for f in through._meta.concrete_fields]
        copies = [
            copy_model(
                history_id=history_ids[getattr(row, owner)],
                **{name: getattr(row, name) for name in attnames},
            )
            for row in lists.get(field.name, [])
            if getattr(row, owner) in history_ids
        ]
        bulk(copy_model, copies)
