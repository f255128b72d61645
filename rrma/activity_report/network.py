"""The network's own activity: members, trainings and events, advisory requests (see the
business rules in rrma/activity_report/__init__.py)."""

from datetime import date, timedelta
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from members.enums import ChangeReason
from members.models import Commune, Organisation
from members.models.organisations import public_organisations
from support.enums import Outcome, Status, Topic
from support.models import SupportRequest
from trainings.enums import EVENT_KINDS, HOLDS_A_SEAT, RegistrationStatus
from trainings.models import Registration, Session

from .figures import Figure, Section, Table, period_bounds


def _census_url(territory, **filters) -> str:
    query = {"territory": territory.slug, "status": Organisation.Status.ACTIVE, **filters}
    return f"{reverse('census')}?{urlencode(query)}"


def members_section(*, territory, start: date, end: date) -> Section:
    """Members: three queries (the organisations grouped by kind and commune, the communes'
    names, the confirmations)."""
    since, until = period_bounds(start, end)
    joined = Coalesce("validated_at", "created_at")
    rows = list(
        Organisation.objects.filter(public_organisations(), territory=territory)
        .alias(joined=joined)
        .filter(joined__lte=until)
        .values("kind", "commune")
        .annotate(n=Count("*"), new=Count("pk", filter=Q(joined__gte=since)))
        .order_by()
    )
    # The census counts today's records: its numbers are these only if the period reaches today.
    linked = end >= timezone.localdate()

    def link(**filters) -> str:
        return _census_url(territory, **filters) if linked else ""

    confirmed = (
        Organisation.history.filter(
            territory=territory,
            history_change_reason=ChangeReason.CONFIRMED,
            history_date__range=(since, until),
        )
        .values("id")
        .distinct()
        .count()
    )
    totals = Table(
        "members",
        _("Members"),
        _("Members"),
        [_("Number")],
        [
            (_("Member organisations"), [Figure(sum(r["n"] for r in rows), link())]),
            (_("New members during the period"), [Figure(sum(r["new"] for r in rows))]),
            (_("Records confirmed during the period"), [Figure(confirmed)]),
        ],
    )
    columns = [_("Members"), _("New members")]
    by_kind = Table("members_by_kind", _("Members by kind"), _("Kind"), columns)
    for code, label in Organisation.Kind.choices:
        kept = [r for r in rows if r["kind"] == code]
        if kept:
            by_kind.rows.append(
                (
                    str(label),
                    [
                        Figure(sum(r["n"] for r in kept), link(kind=code)),
                        Figure(sum(r["new"] for r in kept)),
                    ],
                )
            )
    by_commune = Table("members_by_commune", _("Members by commune"), _("Commune"), columns)
    counts: dict[int, list[int]] = {}
    for r in rows:
        total = counts.setdefault(r["commune"], [0, 0])
        total[0] += r["n"]
        total[1] += r["new"]
    for commune in Commune.objects.filter(pk__in=list(counts)).order_by("name"):
        n, new = counts[commune.pk]
        by_commune.rows.append((commune.name, [Figure(n, link(commune=commune.pk)), Figure(new)]))
    return Section("members", _("Members"), [totals, by_kind, by_commune])


def _rate(attended: int, marked: int) -> Decimal | None:
    return round(Decimal(100 * attended) / marked) if marked else None


def _hours(length: timedelta | None) -> Decimal:
    return round(Decimal((length or timedelta()).total_seconds()) / 3600, 1)


def trainings_section(*, territory, start: date, end: date) -> Section:
    """Trainings and events: three grouped queries (sessions, registrations, organisations)."""
    since, until = period_bounds(start, end)
    sessions = Session.objects.published().filter(
        training__territory=territory, starts_at__range=(since, until)
    )
    is_event = Q(training__kind__in=EVENT_KINDS)
    length = ExpressionWrapper(F("ends_at") - F("starts_at"), output_field=DurationField())
    held = sessions.aggregate(
        trainings=Count("pk", filter=~is_event),
        events=Count("pk", filter=is_event),
        training_length=Sum(length, filter=~is_event),
        event_length=Sum(length, filter=is_event),
    )
    seats = Registration.objects.filter(session__in=sessions)
    of_event = Q(session__training__kind__in=EVENT_KINDS)
    seated = Q(status__in=HOLDS_A_SEAT)
    attended = Q(status=RegistrationStatus.ATTENDED)
    marked = Q(status__in=[RegistrationStatus.ATTENDED, RegistrationStatus.ABSENT])
    people = seats.aggregate(
        trainings=Count("pk", filter=seated & ~of_event),
        events=Count("pk", filter=seated & of_event),
        trainings_attended=Count("pk", filter=attended & ~of_event),
        events_attended=Count("pk", filter=attended & of_event),
        trainings_marked=Count("pk", filter=marked & ~of_event),
        events_marked=Count("pk", filter=marked & of_event),
    )
    both = {
        key: people[f"trainings_{key}"] + people[f"events_{key}"] for key in ("attended", "marked")
    }
    hours = [_hours(held["training_length"]), _hours(held["event_length"])]

    def three(trainings, events) -> list[Figure]:
        return [Figure(trainings), Figure(events), Figure(trainings + events)]

    activity = Table(
        "trainings",
        _("Trainings and events"),
        _("Figure"),
        [_("Trainings"), _("Other events"), _("Total")],
        [
            (
                _("Sessions"),
                three(held["trainings"], held["events"]),
            ),
            (_("Hours"), [Figure(h, unit="h") for h in [*hours, sum(hours)]]),
            (
                _("Participants"),
                three(people["trainings"], people["events"]),
            ),
            (
                _("Attendance rate (sessions whose attendance was taken)"),
                [
                    *(
                        Figure(
                            _rate(people[f"{kind}_attended"], people[f"{kind}_marked"]), unit="%"
                        )
                        for kind in ("trainings", "events")
                    ),
                    Figure(_rate(both["attended"], both["marked"]), unit="%"),
                ],
            ),
        ],
    )
    by_kind = {
        row["organisation__kind"]: row
        for row in seats.filter(seated)
        .values("organisation__kind")
        .annotate(organisations=Count("organisation", distinct=True), participants=Count("*"))
        .order_by()
    }
    organisations = Table(
        "participants_by_kind",
        _("Participants' organisations by kind"),
        _("Kind"),
        [_("Organisations"), _("Participants")],
        [
            (
                str(label),
                [Figure(by_kind[code]["organisations"]), Figure(by_kind[code]["participants"])],
            )
            for code, label in Organisation.Kind.choices
            if code in by_kind
        ],
    )
    return Section("trainings", _("Trainings and events"), [activity, organisations])


def support_section(*, territory, start: date, end: date) -> Section:
    """Advisory requests: two grouped queries (asked by topic, ended by outcome)."""
    since, until = period_bounds(start, end)
    requests = SupportRequest.objects.filter(organisation__territory=territory)
    asked = dict(
        requests.filter(created_at__range=(since, until))
        .values_list("topic")
        .annotate(n=Count("*"))
        .order_by()
    )
    ended = {
        (row["status"], row["outcome"]): row["n"]
        for row in requests.filter(
            status__in=[Status.CLOSED, Status.WITHDRAWN], ended_at__range=(since, until)
        )
        .values("status", "outcome")
        .annotate(n=Count("*"))
        .order_by()
    }
    topics = Table(
        "support_by_topic",
        _("Advisory requests received, by topic"),
        _("Topic"),
        [_("Requests")],
        [(_("All topics"), [Figure(sum(asked.values()))])]
        + [(str(label), [Figure(asked[code])]) for code, label in Topic.choices if code in asked],
    )
    outcomes = Table(
        "support_by_outcome",
        _("Advisory requests ended, by outcome"),
        _("Outcome"),
        [_("Requests")],
        [
            (str(label), [Figure(ended[Status.CLOSED, code])])
            for code, label in Outcome.choices
            if (Status.CLOSED, code) in ended
        ],
    )
    closed_without = ended.get((Status.CLOSED, ""), 0)
    if closed_without:
        outcomes.rows.append((_("Closed, no outcome given"), [Figure(closed_without)]))
    withdrawn = sum(n for (status, _o), n in ended.items() if status == Status.WITHDRAWN)
    if withdrawn:
        outcomes.rows.append((_("Withdrawn by the organisation"), [Figure(withdrawn)]))
    return Section("support", _("Advisory requests"), [topics, outcomes])
