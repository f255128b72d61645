"""Advisory support's figures for the statistics page (rrma/statistics.py), per territory.

What each figure counts (business rules):
- requests per topic: those asked during the period;
- outcomes: those closed during the period, by outcome;
- delays: over the requests asked during the period, the median time from the request to the
  coordinators' first answer the organisation saw (in hours), and to its closure or withdrawal
  (in days); requests not answered or not ended yet are left out of each median.
"""

from datetime import datetime
from statistics import median

from django.db.models import Count, F
from django.utils.translation import gettext as _

from toolbox.charts import Chart

from .enums import Outcome, Status, Topic
from .models import SupportRequest


def _pivot(rows, territories, labels) -> list:
    counts = {(row["code"], row["territory_pk"]): row["n"] for row in rows}
    result = []
    for code, label in labels:
        values = [counts.get((code, t.pk), 0) for t in territories]
        if any(values):
            result.append((str(label), values))
    return result


def _median(values) -> float | None:
    return median(values) if values else None


def support_charts(*, territories, since: datetime, until: datetime) -> list[Chart]:
    """Three charts in three grouped queries; the medians read two dates per request asked
    during the period (a network receives some hundreds a year)."""
    territories = list(territories)
    names = [t.name for t in territories]
    requests = SupportRequest.objects.filter(organisation__territory__in=territories)
    asked = requests.filter(created_at__range=(since, until))
    by_topic = (
        asked.values(code=F("topic"), territory_pk=F("organisation__territory"))
        .annotate(n=Count("*"))
        .order_by()
    )
    by_outcome = (
        requests.filter(status=Status.CLOSED, ended_at__range=(since, until))
        .values(code=F("outcome"), territory_pk=F("organisation__territory"))
        .annotate(n=Count("*"))
        .order_by()
    )
    answers: dict[int, list[float]] = {t.pk: [] for t in territories}
    endings: dict[int, list[float]] = {t.pk: [] for t in territories}
    for territory, created, answered, ended in asked.values_list(
        "organisation__territory", "created_at", "first_answer_at", "ended_at"
    ):
        if answered:
            answers[territory].append((answered - created).total_seconds() / 3600)
        if ended:
            endings[territory].append((ended - created).total_seconds() / 86400)
    delays = [
        (label, values)
        for label, values in (
            (
                _("Median time to the first answer (hours)"),
                [_median(answers[t.pk]) for t in territories],
            ),
            (_("Median time to closure (days)"), [_median(endings[t.pk]) for t in territories]),
        )
        if any(value is not None for value in values)
    ]
    return [
        Chart(
            "support_by_topic",
            _("Support requests by topic"),
            _("Topic"),
            names,
            _pivot(by_topic, territories, Topic.choices),
        ),
        Chart(
            "support_outcomes",
            _("Support requests closed, by outcome"),
            _("Outcome"),
            names,
            _pivot(by_outcome, territories, Outcome.choices),
        ),
        Chart("support_delays", _("Support: delays"), _("Delay"), names, delays),
    ]
