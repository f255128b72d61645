"""Saved searches of the calendar: saved for an address confirmed first (double opt-in),
except a member's own verified address; then, weekly, the published calls not closed each
selects, published since its last email (or its confirmation). Unconfirmed, they are deleted
after UNCONFIRMED_KEPT."""

from datetime import datetime, timedelta

from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from members import acting
from members.emails import send_notification
from members.models import User

from ..filters import CallFilter
from ..models import Call, SavedSearch
from .emails import Recipient, alert_email, claimed

UNCONFIRMED_KEPT = timedelta(days=7)
QUERY_MAX_LENGTH = 1000  # SavedSearch.query
# Results are weekly (settings.PERIODIC_TASKS); a day of slack for a scheduler that ran late
# last week, so that a manual run the same week sends nothing twice.
INTERVAL = timedelta(days=6)


class SearchError(ValueError):
    """A search that cannot be saved (message translated)."""


def search_query_clean(query: str) -> str:
    """The calendar's filters of a query string, written one way (CallFilter.query_string).
    Raises SearchError when the filters do not validate, or make too long a search."""
    filters = CallFilter(QueryDict(query), queryset=Call.objects.none())
    cleaned = filters.query_string() if filters.is_valid() else ""
    if not filters.is_valid() or len(cleaned) > QUERY_MAX_LENGTH:
        raise SearchError(
            _("This search cannot be saved: change its filters on the calendar, then try again.")
        )
    return cleaned


def _readable(field, value) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list | tuple | models.QuerySet):
        return ", ".join(_readable(field, v) for v in value)
    if isinstance(value, models.Model):
        return str(value)
    labels = {str(k): label for k, label in getattr(field, "choices", ()) if isinstance(k, str)}
    return str(labels.get(str(value), value))


def search_description(query: str) -> list[tuple[str, str]]:
    """What a saved search selects, as (filter, value) pairs people read, in the current
    language; empty for every call (or for filters that no longer validate)."""
    form = CallFilter(QueryDict(query), queryset=Call.objects.none()).form
    if not form.is_valid():
        return []
    return [
        (str(form.fields[name].label or name), _readable(form.fields[name], value))
        for name, value in form.cleaned_data.items()
        if name in form.data and value not in (None, "", [], ())
    ]


def _search_recipient(search: SavedSearch) -> Recipient:
    language = search.user.language if search.user else search.language
    return Recipient(email=search.email, language=language)


def _search_context(search: SavedSearch, *, base_url: str) -> dict:
    # Described in the recipient's language (send_notification renders in it).
    with translation.override(_search_recipient(search).language):
        description = search_description(search.query)
    return {
        "search": search,
        "description": description,
        "search_url": f"{base_url}{search.get_absolute_url()}",
    }


@transaction.atomic
def search_save(
    *, query: str, email: str = "", user: User | None = None, language: str, base_url: str
) -> SavedSearch:
    """Save a search of the calendar (`query`, see search_query_clean) for an address.

    A member with a verified address saves it for that address, confirmed at once; anyone else
    names an address, which receives a link to confirm (double opt-in) and nothing else until
    then. The same search for the same address is kept once: saved again unconfirmed, it sends
    the link again (valid UNCONFIRMED_KEPT from then); saved again confirmed, nothing."""
    query = search_query_clean(query)
    member = user if user is not None and acting.is_verified_member(user) else None
    if member is not None:
        email, language = member.email, member.language
    email = email.strip().lower()
    if not email:
        raise SearchError(_("Give the address the new calls should be sent to."))
    search = _one_search(email, query)
    if member is not None:
        search.user = member
        search.language = language
        search.confirmed_at = search.confirmed_at or timezone.now()
        search.save()
        return search
    if search.confirmed_at is not None:
        return search
    search.language = language
    search.created_at = timezone.now()
    search.save()
    confirm_url = base_url + reverse("calls:search_confirm", args=[search.token])
    send_notification(
        template="calls/email/search_confirmation",
        recipients=[_search_recipient(search)],
        context={**_search_context(search, base_url=base_url), "confirm_url": confirm_url},
        base_url=base_url,
    )
    return search


def _one_search(email: str, query: str) -> SavedSearch:
    """The row of this address and search, created if need be. One per address and search is
    a database constraint: of two saves at once, the second finds the row the first wrote."""
    try:
        with transaction.atomic():
            return SavedSearch.objects.get_or_create(email=email, query=query)[0]
    except IntegrityError:
        return SavedSearch.objects.get(email=email, query=query)


def search_confirm(*, search: SavedSearch) -> SavedSearch:
    """The address confirmed it wants the search's results (from the emailed link)."""
    SavedSearch.objects.filter(pk=search.pk, confirmed_at__isnull=True).update(
        confirmed_at=timezone.now()
    )
    search.refresh_from_db()
    return search


def unconfirmed_searches_purge(*, now: datetime | None = None) -> int:
    cutoff = (now or timezone.now()) - UNCONFIRMED_KEPT
    deleted, _counts = SavedSearch.objects.filter(
        confirmed_at__isnull=True, created_at__lt=cutoff
    ).delete()
    return deleted


def search_results_send(now: datetime, base_url: str) -> int:
    due = Q(last_sent_at__isnull=True) | Q(last_sent_at__lte=now - INTERVAL)
    # A search saved from an account stops with it (deleted, or deactivated).
    searches = list(
        SavedSearch.objects.confirmed()
        .filter(due)
        .exclude(user__is_active=False)
        .select_related("user")
    )
    if not searches:
        return 0
    # One query per distinct search, then the calls they select, read once.
    candidates = Call.objects.public().not_closed(now)
    selected: dict[str, set[int]] = {}
    for query in {search.query for search in searches}:
        filters = CallFilter(QueryDict(query), queryset=candidates)
        # A search whose filters no longer validate (a theme removed) selects nothing.
        valid = filters.is_valid()
        selected[query] = set(filters.qs.values_list("pk", flat=True)) if valid else set()
    ids = set().union(*selected.values())
    calls = list(Call.objects.filter(pk__in=ids).order_by("deadline", "pk"))
    sent = 0
    for search in sorted(searches, key=lambda s: s.pk):
        since = search.last_sent_at or search.confirmed_at
        new = [
            call
            for call in calls
            if call.pk in selected[search.query]
            and call.published_at is not None
            and (since is None or call.published_at > since)
        ]
        with transaction.atomic():
            if not claimed(SavedSearch, search.pk, "last_sent_at", search.last_sent_at, now):
                continue
            if new:
                sent += alert_email(
                    template="search_results",
                    recipient=_search_recipient(search),
                    token=search.token,
                    context={**_search_context(search, base_url=base_url), "calls": new},
                    base_url=base_url,
                )
    return sent
