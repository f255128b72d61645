"""The directory's map as data: positions grouped on a grid the size of the map's view.

Business rules:

- An organisation stands at its own position, or at its commune's when it gave none.
- The positions of the matching organisations are grouped in square cells of about
  `CELL_PIXELS` on screen at the map's zoom: a cell holding one organisation is its marker
  (name and link), a cell holding several is a cluster (how many, and the commune when they
  all lie in one) that the map zooms into.
- The answer is bounded whatever the number of organisations: the cells are never smaller
  than the visible box divided into `MAX_CELLS`, so one answer holds `MAX_CELLS` cells at most
  (about 30 KB before compression); positions outside the visible box are not sent.
- Public data only (the directory's own queryset): the same answer for everyone.
"""

import math
from dataclasses import dataclass

from django.db.models import Avg, Count, F, FloatField, Max, Min
from django.db.models.functions import Cast, Coalesce, Floor

CELL_PIXELS = 60
MAX_CELLS = 400
MIN_ZOOM, MAX_ZOOM = 0, 19
# Leaflet's tiles: 256 pixels for the 360 degrees of longitude at zoom 0.
_TILE_PIXELS = 256


@dataclass(frozen=True)
class Box:
    """The visible part of the map, in degrees."""

    south: float
    west: float
    north: float
    east: float

    @classmethod
    def parse(cls, text: str | None) -> "Box | None":
        """ "west,south,east,north" as Leaflet's `toBBoxString()` writes it; None if invalid."""
        try:
            west, south, east, north = (float(part) for part in (text or "").split(","))
        except ValueError:
            return None
        box = cls(south=south, west=west, north=north, east=east)
        finite = all(math.isfinite(v) for v in (south, west, north, east))
        if not finite or not (-90 <= south < north <= 90 and -180 <= west < east <= 180):
            return None
        return box


def cell_degrees(zoom: int, box: Box | None) -> float:
    """The side of a cell: CELL_PIXELS at this zoom, or larger when the box would otherwise
    hold more than MAX_CELLS of them."""
    size = CELL_PIXELS * 360 / (_TILE_PIXELS * 2**zoom)
    if box is not None:
        area = (box.north - box.south) * (box.east - box.west)
        size = max(size, math.sqrt(area / MAX_CELLS))
    return size


def map_cells(queryset, *, zoom: int, box: Box | None) -> dict:
    """The grouped positions of `queryset`'s organisations: `bounds` of all of them
    ([south, west, north, east], or null when none), `total`, and `cells`, each
    [latitude, longitude, count, name or null, url or null, commune INSEE code or null]."""
    zoom = min(max(zoom, MIN_ZOOM), MAX_ZOOM)
    size = cell_degrees(zoom, box)
    positioned = queryset.order_by().annotate(
        lat=Coalesce(Cast("latitude", FloatField()), Cast("commune__latitude", FloatField())),
        lon=Coalesce(Cast("longitude", FloatField()), Cast("commune__longitude", FloatField())),
    )
    bounds = positioned.aggregate(
        south=Min("lat"), west=Min("lon"), north=Max("lat"), east=Max("lon"), total=Count("pk")
    )
    if box is not None:
        positioned = positioned.filter(
            lat__gte=box.south, lat__lte=box.north, lon__gte=box.west, lon__lte=box.east
        )
    rows = (
        positioned.annotate(row=Floor(F("lat") / size), column=Floor(F("lon") / size))
        .values("row", "column")
        .annotate(
            n=Count("pk"),
            mean_lat=Avg("lat"),
            mean_lon=Avg("lon"),
            name=Min("name"),
            slug=Min("slug"),
            first_commune=Min("commune_id"),
            last_commune=Max("commune_id"),
        )
        .order_by("row", "column")[:MAX_CELLS]
    )
    cells = []
    for r in rows:
        alone = r["n"] == 1
        cells.append(
            [
                round(r["mean_lat"], 5),
                round(r["mean_lon"], 5),
                r["n"],
                r["name"] if alone else None,
                f"/organisations/{r['slug']}/" if alone else None,
                r["first_commune"] if r["first_commune"] == r["last_commune"] else None,
            ]
        )
    total = bounds.pop("total")
    return {
        "total": total,
        "bounds": [bounds[k] for k in ("south", "west", "north", "east")] if total else None,
        "cells": cells,
    }
