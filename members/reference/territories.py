"""Where each territory lies: the box (south, north, west, east, in degrees) that holds all of
its land, islands and islets included, with about a kilometre to spare.

Guadeloupe: from Les Saintes (15.83° N) to the Pointe de la Grande Vigie (16.51° N), from the
west coast of Basse-Terre (61.81° W) to La Désirade (61.00° W). Martinique: from the Pointe des
Salines (14.40° N) to Grand-Rivière (14.87° N), from Le Prêcheur (61.23° W) to the Caravelle
peninsula (60.82° W). Every commune's main town (members/reference/communes.py) is inside.
"""

from typing import NamedTuple


class Box(NamedTuple):
    south: float
    north: float
    west: float
    east: float

    def contains(self, latitude: float, longitude: float) -> bool:
        return self.south <= latitude <= self.north and self.west <= longitude <= self.east


# Keyed by INSEE department code.
BOUNDS = {
    "971": Box(south=15.80, north=16.55, west=-61.85, east=-60.95),
    "972": Box(south=14.37, north=14.90, west=-61.25, east=-60.80),
}
