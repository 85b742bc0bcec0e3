"""The Idlib story's own derivations: its zones, routes, roads and corridors (`python -m geo build` runs this).

Declared in story.json (`"derive": {"hook": "derive.py"}`); the library's contract is in geo/derive/derivation.py.
Every geometry is computed from the story's sourced layers and tables in its metric CRS (UTM 37N), and each
feature says how it was derived and how far off it may be (stories/idlib/README.md documents each).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import shapely
from shapely.geometry import LineString, MultiPoint, Point, box
from shapely.geometry.base import BaseGeometry
from shapely.ops import substring

from geo.derive.build_situation import (
    CONTROL_SIMPLIFY_M,
    area_on,
    control_periods,
    front_band,
    settlement_cells,
    situation_feature,
)
from geo.derive.derivation import (
    SIMPLIFY_M,
    Derived,
    Inputs,
    between_meridians,
    border_between,
    features_by_layer,
    straight_link,
    strip,
)
from geo.derive.metric import crs_name
from geo.load.situation import dissolve

Feature = dict[str, Any]
NE_SOURCE = "Natural Earth 1:10m admin-0 boundaries (public domain), via the npm package world-atlas 2.0.2"
SOCHI_MOU = ("Memorandum of Understanding between Turkey and the Russian Federation, Sochi, 22 October 2019 "
             "(full text: Daily Sabah, 2019-10-22; PA-X Peace Agreements Database, agreement 2274)")
M5_TOWNS = ("hama", "morek", "khan-shaykhun", "maarat-al-numan", "saraqib", "aleppo")
M4_TOWNS = ("latakia", "jisr-al-shughur", "ariha", "saraqib", "aleppo")
TRUMBA_WEST_OF_SARAQIB_M = 2_000.0  # fallback only: "Trumba, 2 km west of Saraqib" (reports; see README)
CORRIDOR_ENDS = ("trumba", "ain-al-havr")  # the protocol's end villages, sourced points in `places`
CORRIDOR_HALF_WIDTH_M = 6_000.0
MOSCOW_PROTOCOL = ("Additional Protocol to the Memorandum on Stabilization of the Situation in the Idlib "
                   "De-escalation Area, Moscow, 5 March 2020 (text: Russian Ministry of Foreign Affairs; "
                   "reported by Reuters, 2020-03-05, 'Russia and Turkey agree ceasefire deal for Syria's Idlib')")
ROADS_SOURCE = "Wikipedia, 'M5 highway (Syria)' and 'M4 highway (Syria)' (route through the named towns)"


def euphrates_east(inputs: Inputs) -> BaseGeometry:
    """The border east of the Euphrates (Jarabulus, on its west bank, marks the river)."""
    return between_meridians(inputs.border, inputs.places["jarabulus"].x, 180)


def peace_spring_span(inputs: Inputs) -> tuple[float, float]:
    return inputs.places["tal-abyad"].x, inputs.places["ras-al-ain"].x


def buffer_zone(inputs: Inputs) -> BaseGeometry:
    """30 km east of the Euphrates, outside the Peace Spring area (memorandum, point 5)."""
    west, east = peace_spring_span(inputs)
    outside = between_meridians(euphrates_east(inputs), -180, west).union(
        between_meridians(euphrates_east(inputs), east, 180))
    return strip(inputs, outside, 30_000)


def peace_spring(inputs: Inputs) -> BaseGeometry:
    """Between Tal Abyad and Ras al-Ain, 32 km deep (memorandum, point 3)."""
    west, east = peace_spring_span(inputs)
    return strip(inputs, between_meridians(inputs.border, west, east), 32_000)


QAMISHLI_RADIUS_M = 5_000  # modelling choice: the memorandum names the city, not its limits


def patrol_strip(inputs: Inputs) -> BaseGeometry:
    """10 km deep, west and east of the Peace Spring area, except Qamishli (memorandum, point 5)."""
    west, east = peace_spring_span(inputs)
    outside = between_meridians(euphrates_east(inputs), -180, west).union(
        between_meridians(euphrates_east(inputs), east, 180))
    band = strip(inputs, outside, 10_000)
    city = inputs.wgs84(inputs.metric(inputs.places["qamishli"]).buffer(QAMISHLI_RADIUS_M))
    return band.difference(city)


POST_MARGIN_M = 3_000  # the posts stood on the zone's inner edge; the outline passes just outside them


def idlib_zone(inputs: Inputs) -> BaseGeometry:
    """Approximate outline: hull of the twelve posts and the border from the westernmost post to Bab al-Hawa."""
    posts = list(inputs.points["observation_posts"].values())
    westernmost = min(posts, key=lambda p: p.x)
    border_part = border_between(inputs.border, westernmost, inputs.places["bab-al-hawa"])
    points = [*posts, *[Point(c) for c in shapely.get_coordinates(border_part)]]
    hull = inputs.metric(MultiPoint(points).convex_hull).buffer(POST_MARGIN_M)
    return inputs.wgs84(hull.intersection(inputs.metric(inputs.country)).simplify(SIMPLIFY_M))


DERIVED: tuple[Derived, ...] = (
    Derived(
        "border", "turkey-syria-border", "Turkey–Syria border",
        lambda i: i.border,
        "The land border between Turkey and Syria, about 900 km from the Mediterranean near Kessab to the "
        "tripoint with Iraq where the Khabur meets the Tigris. Reference line for the zones drawn from it.",
        NE_SOURCE,
        "Arcs shared by Syria and Turkey in world-atlas countries-10m.json (quantized to about 0.3 km).",
    ),
    Derived(
        "buffer_zone", "sochi-30km-zone", "30-km zone, Sochi memorandum on north-eastern Syria (2019)",
        buffer_zone,
        "Under the 22 October 2019 Sochi memorandum, Russian military police and Syrian border guards "
        "entered the Syrian side of the border from 23 October, outside the Peace Spring area, to see "
        "Kurdish YPG forces and their weapons pulled back 30 km within 150 hours.",
        "TASS, 2020-02-04, 'Putin, Erdogan hold telephone talks on Syria — Kremlin', para. 6; " + SOCHI_MOU,
        "Border east of the Euphrates (east of Jarabulus), minus the stretch between Tal Abyad and Ras al-Ain, "
        "buffered 30 km with square ends in UTM 37N and clipped to Syria.",
        valid_from="2019-10-23", from_article=True, paragraphs=(6,),
    ),
    Derived(
        "peace_spring", "peace-spring-area", "Operation Peace Spring area",
        peace_spring,
        "The strip Turkey and allied Syrian factions took in the offensive launched on 9 October 2019, "
        "between Tal Abyad and Ras al-Ain, about 120 km wide and up to 32 km deep; the Sochi memorandum "
        "froze it as it stood.",
        "Al Jazeera, 2019-10-09, 'In pictures: Turkey military operation in northeast Syria'; "
        "Hürriyet Daily News, 2019-10-25, 'Turkey holds 120 km on N Syria border east of Euphrates: VP Oktay'; "
        + SOCHI_MOU + ", point 3",
        "Border between the meridians of Tal Abyad and Ras al-Ain, buffered 32 km with square ends in "
        "UTM 37N and clipped to Syria. The real front line was irregular.",
        valid_from="2019-10-09", approximate=True,
    ),
    Derived(
        "patrol_strip", "joint-patrol-strip", "10-km joint patrol strip",
        patrol_strip,
        "Joint Russian–Turkish patrols 10 km deep west and east of the Peace Spring area, the city of "
        "Qamishli excepted; the first ran on 1 November 2019.",
        SOCHI_MOU + ", point 5; TASS, 2019-11, 'Third Russian-Turkish patrol' (first patrols 1 and 5 November)",
        "Border east of the Euphrates outside the Peace Spring stretch, buffered 10 km with square ends in "
        f"UTM 37N, clipped to Syria, minus a {QAMISHLI_RADIUS_M // 1000}-km circle around Qamishli.",
        valid_from="2019-11-01", approximate=True,
    ),
    Derived(
        "idlib_zone", "idlib-de-escalation-zone", "Idlib de-escalation zone",
        idlib_zone,
        "The northern de-escalation zone: Idlib governorate with the adjoining parts of Latakia, Hama and "
        "Aleppo, agreed by Russia, Turkey and Iran in Astana in 2017. Turkey's twelve observation posts "
        "ring it.",
        "TASS, 2020-02-04, 'Putin, Erdogan hold telephone talks on Syria — Kremlin', para. 8; Hürriyet Daily "
        "News, 2017-10-20, 'Turkish army sets up first observation post in Idlib'",
        "APPROXIMATE. Convex hull of the twelve observation posts and the border between the westernmost post "
        f"and Bab al-Hawa, grown by {POST_MARGIN_M // 1000} km in UTM 37N and clipped to Syria. Not an "
        "official boundary; none was published.",
        valid_from="2017-05-04", from_article=True, paragraphs=(2, 7, 8), approximate=True,
    ),
    Derived(
        "evacuation_routes", "route-eastern-ghouta", "Eastern Ghouta → Idlib",
        lambda i: straight_link(i, "harasta", "idlib"),
        "Fighters who refused to lay down arms in Eastern Ghouta, with their families, were bused to Idlib in "
        "March 2018 (Harasta from 22 March, Arbin, Zamalka and Jobar from 24 March). Douma's fighters went "
        "to Jarabulus instead.",
        "TASS, 2020-02-04, 'Putin, Erdogan hold telephone talks on Syria — Kremlin', para. 8; Al Jazeera, "
        "2018-03-25, 'Eastern Ghouta evacuations: Thousands to be bused to Idlib'",
        "Straight line from Harasta to Idlib city: schematic, not the road taken.",
        valid_from="2018-03-22", from_article=True, paragraphs=(8,),
    ),
    Derived(
        "evacuation_routes", "route-daraa", "Southern Syria (Daraa) → Idlib",
        lambda i: straight_link(i, "daraa", "idlib"),
        "After the government's summer 2018 offensive in the south, rebels and relatives who rejected the "
        "surrender terms left Daraa city for Idlib from 15 July 2018, and Quneitra from 20 July.",
        "TASS, 2020-02-04, 'Putin, Erdogan hold telephone talks on Syria — Kremlin', para. 8; The New Arab "
        "(AFP), 2018-07-15, 'Syria rebels begin evacuating cradle of uprising in Daraa'",
        "Straight line from Daraa city to Idlib city: schematic, not the road taken.",
        valid_from="2018-07-15", from_article=True, paragraphs=(8,),
    ),
)

SOCHI_2018_DAY = date(2018, 9, 17)
SOCHI_2018_DEPTH_M = (15_000, 20_000)  # "15-20 km deep in the de-escalation area" (the memorandum, as leaked)
SOCHI_2018_MOU = ("Memorandum on Stabilization of the Situation in the Idlib De-escalation Area, Sochi, 17 September "
                  "2018 (text as published by The National, c. 2018-09-18, 'Full text of Turkey-Russia memorandum on "
                  "Idlib revealed')")


def sochi_2018_zone(inputs: Inputs) -> BaseGeometry:
    """The demilitarized zone: the middle of its 15-20 km depth, on the opposition's side of the 17 Sep 2018 front."""
    return front_band(inputs, SOCHI_2018_DAY, sum(SOCHI_2018_DEPTH_M) / 2, inputs.story_situation.front[1])


DERIVED = (*DERIVED, Derived(
    "sochi_2018_zone", "sochi-2018-demilitarized-zone", "Demilitarized zone, Sochi memorandum on Idlib (2018)",
    sochi_2018_zone,
    "Agreed by Putin and Erdogan in Sochi on 17 September 2018: a strip 15 to 20 km deep on the opposition's side of "
    "the front around the Idlib pocket. Heavy weapons were to leave it by 10 October and radical groups such as "
    "Hayat Tahrir al-Sham by 15 October 2018. Turkey said the heavy weapons were out on 10 October; the radical "
    "groups never left. No official map was published. From 30 April 2019 government offensives overran it: "
    "compare the control layer.",
    SOCHI_2018_MOU + "; Reuters (via Daily Mail), 2018-10-17, wire report placing the zone '15-20 km deep into rebel "
    "territory'; The New Arab (AFP), 2018-09-29, report of the Jaysh al-Izza faction rejecting the deal because the "
    "zone covered only rebel-held ground (addresses in the story folder's README.md)",
    "APPROXIMATE. The government-opposition front line of 17 September 2018 as the control layer draws it, buffered "
    f"{sum(SOCHI_2018_DEPTH_M) / 2000:.1f} km (the middle of the 15-20 km depth, so the inner edge may be 2.5 km "
    "nearer or farther) in the story's metric CRS and kept to the opposition-held side. The front itself may be off "
    "by several kilometres (see the front line's accuracy).",
    valid_from=SOCHI_2018_DAY.isoformat(), paragraphs=(3,), approximate=True,
))
CAMPS_RADIUS_M = 8_000  # modelling choice: the camps cluster within a few km of Dana, Atmeh and the crossing
TOLL_DAY = date(2020, 2, 20)  # the date of OCHA's count of arrivals in Dana sub-district


def border_camps(inputs: Inputs) -> BaseGeometry:
    """Opposition-held ground within 8 km of Dana, Atmeh and the Bab al-Hawa crossing (the camps' cluster)."""
    around = shapely.union_all([inputs.metric(inputs.places[p]).buffer(CAMPS_RADIUS_M)
                                for p in ("dana", "atmeh", "bab-al-hawa")])
    held = area_on(inputs, TOLL_DAY, inputs.story_situation.front[1])
    return inputs.wgs84(around.intersection(held).intersection(inputs.metric(inputs.country)).simplify(SIMPLIFY_M))


def northern_aleppo_refuge(inputs: Inputs) -> BaseGeometry:
    """The Turkish-held ground west of the Euphrates (Afrin, Azaz, al-Bab) on the date of OCHA's count."""
    west_edge, south, _, north = inputs.country.bounds
    west = inputs.metric(box(west_edge - 1, south - 1, inputs.places["jarabulus"].x, north + 1))
    return inputs.wgs84(area_on(inputs, TOLL_DAY, "turkish_backed").intersection(west).simplify(SIMPLIFY_M))


DERIVED = (*DERIVED, Derived(
    "displacement", "displaced-border-camps", "Where people fled: the border camps (approx.)",
    border_camps,
    "Most people who fled the offensive from December 2019 stayed inside the shrinking pocket and moved north "
    "towards the Turkish border. UN OCHA counted about 267,000 of them in the Dana sub-district, around Dana, "
    "Sarmada and Atmeh, by 20 February 2020; the UN's monitoring (HNAP) counted 248,842 arrivals there in February "
    "alone. Tent settlements spread along the border wall at Atmeh and Kafr Lusin.",
    "UN OCHA, 2020-02-20, 'Recent Developments in Northwest Syria Flash Update - As of 20 February 2020'; HNAP (UN), "
    "'Mobility and Needs Monitoring, Syrian Arab Republic, February 2020'; The National (AFP), 2020-02-21, "
    "'Syrians in Idlib plot escape over Turkish border'",
    f"APPROXIMATE. Opposition-held ground on {TOLL_DAY.isoformat()} within {CAMPS_RADIUS_M // 1000} km of Dana, "
    "Atmeh and the Bab al-Hawa crossing, in the story's metric CRS: a stand-in for the Dana sub-district, whose "
    "boundary is not drawn here, so it may be off by several kilometres.",
    valid_from="2019-12-01", valid_to="2020-03-06", approximate=True,
), Derived(
    "displacement", "displaced-northern-aleppo", "Where people fled: Turkish-held northern Aleppo (approx.)",
    northern_aleppo_refuge,
    "A growing share of the displaced crossed into the Turkish-held districts of northern Aleppo (Afrin, Azaz, "
    "al-Bab): some 30,000 by 8 January 2020 and 45,000 by 14 January (OCHA), about 330,000 by 21 February (OCHA's "
    "spokesman in Geneva) and 410,000 of about 959,000 by 8 March (REACH, citing the UN's HNAP).",
    "UN OCHA, 2020-01-08, situation report No. 5; UN OCHA, 2020-01-14, 'Almost 350,000 people in north-west Syria "
    "fled their homes in the past six weeks'; UNOG, 2020-02-21, 'UNOG Bi-weekly press briefing: North-West Syria "
    "OCHA'; REACH Initiative, 2020-03-16, 'Northwest Syria: Situation Overview (16 March 2020)'",
    f"APPROXIMATE. The Turkish-held area of the control layer on {TOLL_DAY.isoformat()}, west of the Euphrates "
    "(the meridian of Jarabulus): as accurate as that layer, tens of kilometres at its edges.",
    valid_from="2019-12-01", valid_to="2020-03-06", approximate=True,
))


def _road(inputs: Inputs, towns: Sequence[str]) -> LineString:
    by_id = {s.id: Point(s.lon, s.lat) for s in inputs.settlements}
    return LineString([by_id[t] for t in towns])


def corridor_ends(inputs: Inputs, road: LineString) -> tuple[float, float]:
    """Where the corridor starts and ends along the (metric) schematic M4, as distances from Latakia.

    Each end is the point of the road nearest the protocol's village (Trumba in the east, Ain al-Havr in the west), both
    sourced points in `places`. A village missing from `places` falls back to what reports say of it: Trumba 2 km west
    of Saraqib along the road, Ain al-Havr the M4's last point in opposition-held ground when the protocol took effect.
    """
    east_village, west_village = (inputs.places.get(v) for v in CORRIDOR_ENDS)
    if east_village is not None:
        east = road.project(inputs.metric(east_village))
    else:
        points, _ = settlement_cells(inputs)
        east = road.project(points["saraqib"]) - TRUMBA_WEST_OF_SARAQIB_M
    if west_village is not None:
        west = road.project(inputs.metric(west_village))
    else:
        _, cells = settlement_cells(inputs)
        held = road.intersection(dissolve(cells, control_periods(inputs)[-1].settlements_of("opposition")))
        west = min(road.project(Point(c)) for c in shapely.get_coordinates(held))
    return west, east


def corridor_ends_text(inputs: Inputs) -> str:
    """How the corridor's two ends were placed, for the feature's `derived` text."""
    east = ("its point nearest Trumba" if "trumba" in inputs.places
            else "2 km west of Saraqib (Trumba, whose point is missing)")
    west = ("its point nearest Ain al-Havr" if "ain-al-havr" in inputs.places
            else "its last point in opposition-held ground on 6 March 2020 (Ain al-Havr, whose point is missing)")
    return (f"{east} to {west} (the villages as placed by Wikipedia's map module 'Syrian Civil War detailed map', "
            "see `places`)")


def corridor(inputs: Inputs) -> BaseGeometry:
    """6 km either side of the M4 from Trumba west to Ain al-Havr (Moscow protocol, art. 2)."""
    road = inputs.metric(_road(inputs, M4_TOWNS))
    west, east = corridor_ends(inputs, road)
    band = substring(road, west, east).buffer(CORRIDOR_HALF_WIDTH_M, cap_style="flat")
    return inputs.wgs84(band.intersection(inputs.metric(inputs.country)).simplify(CONTROL_SIMPLIFY_M))


def road_layers(inputs: Inputs) -> dict[str, list[Feature]]:
    """The M5 and M4 (schematic) and the Moscow protocol's security corridor."""
    names = {s.id: s.name for s in inputs.settlements}
    def road(fid: str, name: str, towns: Sequence[str], summary: str) -> Feature:
        return situation_feature("roads", fid, name, _road(inputs, towns), {
            "valid_from": None, "valid_to": None, "summary": summary, "source": ROADS_SOURCE,
            "from_article": False, "approximate": True,
            "derived": "Schematic: straight lines through " + ", ".join(names[t] for t in towns) + ".",
        })
    return {
        "roads": [
            road("m5", "M5 highway (schematic)", M5_TOWNS,
                 "Damascus–Aleppo motorway, the prize of the 2019–2020 offensives: the government took its "
                 "last rebel-held stretch in February 2020."),
            road("m4", "M4 highway (schematic)", M4_TOWNS,
                 "Latakia–Aleppo motorway through Jisr al-Shughur and Ariha; its reopening was part of the 2018 "
                 "Sochi deal and the centre of the March 2020 Moscow protocol."),
        ],
        "m4_corridor": [situation_feature("m4_corridor", "m4-security-corridor", "M4 security corridor",
                                 corridor(inputs), {
            "valid_from": "2020-03-05", "valid_to": None,
            "summary": "Agreed in Moscow on 5 March 2020: a corridor 6 km deep on each side of the M4, with joint "
                       "Russian–Turkish patrols from 15 March between Trumba and Ain al-Havr.",
            "source": MOSCOW_PROTOCOL, "from_article": False, "approximate": True,
            "derived": f"The schematic M4 from {corridor_ends_text(inputs)}, buffered "
                       f"{CORRIDOR_HALF_WIDTH_M / 1000:.0f} km with square ends in {crs_name(inputs.crs)} and "
                       "clipped to the country. The ends are as good as the villages' points (about 1 km) plus the "
                       "schematic road's own offset from the real one.",
        })],
    }


def derive(inputs: Inputs) -> dict[str, list[Feature]]:
    """The story's own layers, by layer id (the library adds control, front_line and deployments)."""
    return features_by_layer(DERIVED, inputs) | road_layers(inputs)
