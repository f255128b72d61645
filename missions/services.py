"""Workflows on missions, and the obstacles report."""

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import Count, Q

from members.models import Country, Territory, User
from toolbox.text import normalize_text

from .enums import ObstacleKind
from .models import Mission, Obstacle

logger = logging.getLogger(__name__)


@transaction.atomic
def mission_save(
    *,
    mission: Mission,
    obstacles: Iterable[Obstacle] = (),
    removed_obstacles: Iterable[Obstacle] = (),
    by: User,
) -> Mission:
    """Save a mission with its obstacles, all or nothing; its author is who recorded it."""
    if mission.pk is None:
        mission.created_by = by
    mission.save()
    for obstacle in removed_obstacles:
        if obstacle.pk:
            obstacle.delete()
    for obstacle in obstacles:
        obstacle.mission = mission
        obstacle.save()
    logger.info("Mission %s saved by user %s", mission.pk, by.pk)
    return mission


def mission_delete(*, mission: Mission, by: User) -> None:
    """Delete a mission and its obstacles (they leave the report with it)."""
    pk = mission.pk
    mission.delete()
    logger.info("Mission %s deleted by user %s", pk, by.pk)


@dataclass(frozen=True)
class ReportRow:
    """What a country, a kind, or both together, count over the period."""

    country: str  # ISO code; "" in the totals by kind
    kind: str  # ObstacleKind; "" in the totals by country
    obstacles: int
    missions: int  # missions affected: meeting at least one such obstacle
    recorded: int = 0  # missions recorded (the totals by country only)
    notes: tuple[str, ...] = ()

    @property
    def country_label(self) -> str:
        return str(Country(code=self.country).label) if self.country else ""

    @property
    def kind_label(self) -> str:
        return str(ObstacleKind(self.kind).label) if self.kind else ""


@dataclass(frozen=True)
class ObstaclesReport:
    territories: list[Territory]
    start: date
    end: date
    rows: list[ReportRow] = field(default_factory=list)  # by country and kind
    by_kind: list[ReportRow] = field(default_factory=list)
    by_country: list[ReportRow] = field(default_factory=list)
    recorded: int = 0  # missions recorded over the period
    affected: int = 0  # of which met at least one obstacle
    obstacles: int = 0


def obstacles_report_compute(
    *,
    territories: Iterable[Territory],
    start: date,
    end: date,
    within=None,
    every_territory: bool = False,
) -> ObstaclesReport:
    """The obstacles met by the missions of the organisations of `territories` starting in the
    period (`MissionQuerySet.starting_between`): by country and kind, with the notes, then
    totals by kind, by country and overall.

    Business rules: "missions affected" counts each mission once, however many obstacles of
    the kind it met; a mission without obstacles counts as recorded, never as affected. Three
    queries, whatever the number of missions. `within`: the missions the reader may read
    (`Mission.objects.visible_to`), all by default; `every_territory`: `territories` are all
    there are."""
    territories = list(territories)
    scope = Mission.objects.all() if within is None else within
    # Both territories: no filter, rather than joining every mission to its organisation to
    # keep them all (most of the report's cost at 50,000 organisations, growing with them).
    if not every_territory:
        scope = scope.of_territories(territories)
    missions = scope.starting_between(start, end)
    obstacles = Obstacle.objects.of_missions(missions)
    notes: dict[tuple[str, str], list[str]] = {}
    for country, kind, note in (
        obstacles.exclude(note="")
        .order_by("mission__country", "kind", "mission__start_date", "pk")
        .values_list("mission__country", "kind", "note")
    ):
        texts = notes.setdefault((country, kind), [])
        if note not in texts:
            texts.append(note)
    rows = [
        ReportRow(
            country=row["mission__country"],
            kind=row["kind"],
            obstacles=row["obstacles"],
            missions=row["missions"],
            notes=tuple(notes.get((row["mission__country"], row["kind"]), ())),
        )
        for row in obstacles.by_country_and_kind()
    ]
    # A mission has one country: the totals by kind are sums over the countries' rows, and
    # the overall totals sums over the countries (a query less each on the year's missions).
    kinds: dict[str, list[int]] = {}
    for row in rows:
        sums = kinds.setdefault(row.kind, [0, 0])
        sums[0] += row.obstacles
        sums[1] += row.missions
    by_kind = [
        ReportRow(country="", kind=kind, obstacles=sums[0], missions=sums[1])
        for kind, sums in kinds.items()
    ]
    met = Q(obstacles__isnull=False)
    by_country = [
        ReportRow(
            country=row["country"],
            kind="",
            obstacles=row["obstacles"],
            missions=row["affected"],
            recorded=row["recorded"],
        )
        for row in missions.values("country")
        .annotate(
            recorded=Count("pk", distinct=True),
            affected=Count("pk", filter=met, distinct=True),
            obstacles=Count("obstacles"),
        )
        .order_by("country")
    ]
    # Countries in the order of their name in the current language, kinds in the list's.
    order = {kind: index for index, kind in enumerate(ObstacleKind.values)}
    rows.sort(key=lambda r: (normalize_text(r.country_label), order.get(r.kind, 99)))
    by_kind.sort(key=lambda r: order.get(r.kind, 99))
    by_country.sort(key=lambda r: normalize_text(r.country_label))
    return ObstaclesReport(
        territories=territories,
        start=start,
        end=end,
        rows=rows,
        by_kind=by_kind,
        by_country=by_country,
        recorded=sum(r.recorded for r in by_country),
        affected=sum(r.missions for r in by_country),
        obstacles=sum(r.obstacles for r in by_country),
    )
