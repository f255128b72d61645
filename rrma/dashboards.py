"""Where each person lands after logging in: one dashboard, with a panel per role they hold.

- everyone: their organisations (flagging records to confirm), the open funding calls each
  active one matches ("calls for you", with the reasons), their organisations' projects,
  their coming training registrations, their pending join requests and invitations, and the
  join requests awaiting their answer as an organisation's admin, their organisations' open
  support requests;
- coordinators (after 2FA): per territory, the moderation queue, the coming sessions with their
  fill rates, the active records not confirmed for a year, and the support requests: open,
  not taken yet, and those waiting on their answer too long (flagged, the oldest first);
- State services and site admins (after 2FA): the census's headline figures for both
  territories and its latest changes.

Business rule: the dashboard summarises, it does not list. Each list that grows with the
data (records to moderate, records to refresh, coming sessions, a person's organisations,
registrations and requests to answer) shows how many there are and its first `LIST_SIZE`
(the oldest waiting first), with a link to the page that lists them all; so the page, and its
number of queries, stay the same whatever the number of records.
"""

from datetime import datetime, time

from django.contrib.auth.decorators import login_required
from django.db.models import Count, F, Q
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from calls.matching import Profile, matches_for, open_calls
from calls.models import Call
from members import permissions
from members.enums import ChangeReason, OrganisationStatus
from members.models import Invitation, JoinRequest, Membership, Organisation, Territory
from projects.models import Project
from support.models import SupportRequest, answer_delay
from trainings.models import Registration, Session, Training

from .census import census_territories

LIST_SIZE = 10
# What a change to a record was, from its history entry's reason or, failing that, its type.
CHANGES = {
    **dict(ChangeReason.choices),
    "+": _("Registration"),
    "~": _("Modification"),
    "-": _("Deletion"),
}


def _first(panel: dict, name: str, queryset, size: int = LIST_SIZE) -> None:
    """Put the queryset's first `size` rows in panel[name] and how many it holds in
    panel[name + "_count"] (no COUNT query when the first rows are all there is)."""
    rows = list(queryset[: size + 1])
    panel[name] = rows[:size]
    panel[f"{name}_count"] = len(rows) if len(rows) <= size else queryset.count()


def _member_panel(user) -> dict:
    mine = user.memberships.values("organisation")
    administered = mine.filter(role=Membership.Role.ADMIN)
    now = timezone.now()
    panel = {
        "projects": Project.objects.filter(lead__in=mine).order_by("-updated_at", "pk")[:LIST_SIZE],
        "join_requests": user.join_requests.filter(status=JoinRequest.Status.PENDING)
        .select_related("organisation")
        .order_by("-created_at")[:LIST_SIZE],
        "invitations": [
            invitation
            for invitation in Invitation.objects.filter(
                email__iexact=user.email, accepted_at__isnull=True
            )
            .select_related("organisation")
            .order_by("-pk")[:LIST_SIZE]
            if invitation.is_valid(now)
        ],
        "can_register": permissions.can_register_organisation(user),
    }
    _first(
        panel,
        "memberships",
        user.memberships.select_related("organisation__territory").order_by(
            "organisation__name", "pk"
        ),
    )
    _first(
        panel,
        "registrations",
        Registration.objects.active()
        .filter(user=user, session__ends_at__gte=now)
        # The territory gives the session's local time.
        .select_related("session__training__territory")
        .order_by("session__starts_at", "pk"),
    )
    _first(
        panel,
        "requests_to_answer",
        JoinRequest.objects.filter(organisation__in=administered, status=JoinRequest.Status.PENDING)
        .select_related("organisation", "user")
        .order_by("created_at", "pk"),
    )
    panel["support_requests"], panel["support_requests_count"] = [], 0
    if panel["memberships"]:
        _first(
            panel,
            "support_requests",
            SupportRequest.objects.open()
            .filter(organisation__in=mine)
            .select_related("organisation")
            .order_by("-created_at", "-pk"),
        )
    panel["calls"] = _calls_for_you(panel["memberships"])
    return panel


# Calls shown per organisation on the dashboard; the calendar lists them all.
CALLS_PER_ORGANISATION = 5


def _calls_for_you(memberships) -> list[dict]:
    """For each active organisation shown, the open calls it matches with their reasons
    (calls.matching): the open calls and their eligibility are read once (5 queries), the
    organisations' themes and countries once, whatever the number of organisations."""
    organisations = [m.organisation for m in memberships if m.organisation.is_public]
    if not organisations:
        return []
    calls = open_calls()
    if not calls:
        return [{"organisation": o, "matches": [], "count": 0} for o in organisations]
    profiles = {
        o.pk: Profile.of(o)
        for o in Organisation.objects.filter(pk__in=[o.pk for o in organisations]).prefetch_related(
            "themes", "countries"
        )
    }
    panels = []
    for organisation in organisations:
        matches = matches_for(profiles[organisation.pk], calls)
        panels.append(
            {
                "organisation": organisation,
                "matches": matches[:CALLS_PER_ORGANISATION],
                "count": len(matches),
            }
        )
    return panels


def _by_territory(queryset, territory: str = "territory") -> dict:
    """{territory pk: number of rows}, in one grouped query."""
    return dict(queryset.values_list(territory).annotate(n=Count("*")).order_by())


def _coordinator_panels(user) -> list[dict]:
    territories = list(Territory.objects.coordinated_by(user))
    if not territories:
        return []
    pending = Organisation.objects.filter(
        territory__in=territories, status=Organisation.Status.PENDING
    )
    stale = Organisation.objects.public().filter(territory__in=territories).needing_confirmation()
    coming = (
        Session.objects.upcoming()
        .filter(training__territory__in=territories)
        .exclude(training__status=Training.Status.CANCELLED)
    )
    calls = Call.objects.filter(territories__in=territories)
    open_calls = _by_territory(calls.public().open_now(), "territories")
    draft_calls = _by_territory(calls.filter(status=Call.Status.DRAFT), "territories")
    # Counted once for every territory the person coordinates.
    pending_counts = _by_territory(pending)
    stale_counts = _by_territory(stale)
    coming_counts = _by_territory(coming, "training__territory")
    overdue = SupportRequest.objects.filter(organisation__territory__in=territories).overdue()
    support = _support_counts(territories)
    panels = []
    for territory in territories:
        sessions = (
            coming.filter(training__territory=territory)
            .select_related("training__territory")
            .with_counts()
            .order_by("starts_at", "pk")[:LIST_SIZE]
        )
        panels.append(
            {
                "territory": territory,
                # The oldest waiting first: the queue's order.
                "pending": pending.filter(territory=territory).order_by("created_at", "pk")[
                    :LIST_SIZE
                ],
                "pending_count": pending_counts.get(territory.pk, 0),
                "sessions": [
                    {"session": s, "fill_rate": round(100 * s.confirmed_count / s.capacity)}
                    for s in sessions
                ],
                "session_count": coming_counts.get(territory.pk, 0),
                "stale": stale.filter(territory=territory)
                .select_related("commune")
                .order_by("confirmed_at", "name", "pk")[:LIST_SIZE],
                "stale_count": stale_counts.get(territory.pk, 0),
                **support.get(territory.pk, {"support_open": 0, "support_new": 0, "overdue": 0}),
                "support_overdue": overdue.filter(organisation__territory=territory)
                .select_related("organisation")
                .order_by("awaiting_since", "pk")[:LIST_SIZE],
                "open_calls": open_calls.get(territory.pk, 0),
                "draft_calls": draft_calls.get(territory.pk, 0),
            }
        )
    return panels


def _support_counts(territories) -> dict:
    """{territory pk: open requests, new ones, those waiting too long}, in one grouped query."""
    since = timezone.now() - answer_delay()
    rows = (
        SupportRequest.objects.open()
        .filter(organisation__territory__in=territories)
        .values(territory=F("organisation__territory"))
        .annotate(
            support_open=Count("*"),
            support_new=Count("pk", filter=Q(status=SupportRequest.Status.NEW)),
            overdue=Count("pk", filter=Q(awaiting_since__lt=since)),
        )
        .order_by()
    )
    return {row.pop("territory"): row for row in rows}


def _state_panel(user) -> dict | None:
    if not permissions.can_read_both_territories(user):
        return None
    # The start of the year in local time: a comparison the index on sessions' start serves
    # (a `__date` lookup would convert every row's time first).
    year_start = datetime.combine(
        timezone.localdate().replace(month=1, day=1),
        time.min,
        tzinfo=timezone.get_current_timezone(),
    )
    by_status: dict = {}
    for territory, status, n in (
        Organisation.objects.filter(
            status__in=[OrganisationStatus.ACTIVE, OrganisationStatus.PENDING]
        )
        .values_list("territory", "status")
        .annotate(n=Count("*"))
        .order_by()
    ):
        by_status[territory, status] = n
    stale = _by_territory(Organisation.objects.public().needing_confirmation())
    projects = _by_territory(
        Project.objects.exclude(status__in=[Project.Status.COMPLETED, Project.Status.ABANDONED]),
        "lead__territory",
    )
    sessions = _by_territory(
        Session.objects.published().filter(starts_at__gte=year_start), "training__territory"
    )
    participants = _by_territory(
        Registration.objects.filter(
            status__in=Registration.HOLDS_A_SEAT,
            session__in=Session.objects.published(),
            session__starts_at__gte=year_start,
        ),
        "session__training__territory",
    )
    figures = [
        {
            "territory": t,
            "active": by_status.get((t.pk, OrganisationStatus.ACTIVE), 0),
            "pending": by_status.get((t.pk, OrganisationStatus.PENDING), 0),
            "stale": stale.get(t.pk, 0),
            "projects": projects.get(t.pk, 0),
            "sessions": sessions.get(t.pk, 0),
            "participants": participants.get(t.pk, 0),
        }
        for t in census_territories(user)
    ]
    # Saving a record and its lists writes several history entries at once: the latest entry
    # of each record stands for them.
    entries = Organisation.history.select_related("territory").order_by("-history_date")
    changes, seen = [], set()
    for entry in entries[: LIST_SIZE * 6]:
        if entry.id in seen:
            continue
        seen.add(entry.id)
        what = CHANGES.get(entry.history_change_reason or "", CHANGES[entry.history_type])
        changes.append({"entry": entry, "what": what})
        if len(changes) == LIST_SIZE:
            break
    return {
        "figures": figures,
        "changes": changes,
        "new_projects": Project.objects.order_by("-created_at", "-pk")[:5],
    }


@login_required
def dashboard(request):
    user = request.user
    member = _member_panel(user)
    coordinator_panels = _coordinator_panels(user)
    state = _state_panel(user)
    return render(
        request,
        "rrma/dashboard.html",
        {
            "member": member,
            "coordinator_panels": coordinator_panels,
            "state": state,
            "list_size": LIST_SIZE,
            # Staff who belong to no organisation have no use for the member panels.
            "show_member": bool(
                member["memberships"] or member["invitations"] or member["join_requests"]
            )
            or not (coordinator_panels or state),
        },
    )
