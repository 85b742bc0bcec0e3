"""Derive the story's zones and links from its source layers, in a metric CRS, reproducibly.

Inputs: the Natural Earth 1:10m topology of world-atlas (npm, pinned in package.json) for the
Turkey–Syria border and Syria's outline, the hand-sourced `places` and `observation_posts` layers,
and the situation tables in `control/`. Outputs: `border`, `buffer_zone`, `peace_spring`,
`patrol_strip`, `idlib_zone`, `evacuation_routes`, and (geo.build_situation) `control`,
`front_line`, `roads` and `m4_corridor`. Run `python -m geo build`; a test checks the committed
files match. The story loader checks every input first (`geo validate`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import LineString, MultiPoint, Point, box, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import substring

from geo.assets import NODE_MODULES
from geo.build_situation import area_on, control_layers, deployment_layers, front_band, road_layers
from geo.derive_settings import DeriveSettings, derive_settings
from geo.files import read_json, read_text
from geo.metric import rounded, to_metric, to_wgs84
from geo.model import Situation, Story
from geo.problems import Problem, StoryError
from geo.story import load_story
from geo.tables import Change, Deployment, Settlement, read_changes, read_deployments, read_settlements
from geo.topology import country_outline, shared_border

SIMPLIFY_M = 50.0
TOPOLOGY = NODE_MODULES / "world-atlas" / "countries-10m.json"
TOPOLOGY_BYTES = 20_000_000  # the 1:10m world topology is about 3.6 MB
INPUT_LAYERS = ("places", "observation_posts")
NE_SOURCE = "Natural Earth 1:10m admin-0 boundaries (public domain), via the npm package world-atlas 2.0.2"
SOCHI_MOU = ("Memorandum of Understanding between Turkey and the Russian Federation, Sochi, 22 October 2019 "
             "(full text: Daily Sabah, 2019-10-22; PA-X Peace Agreements Database, agreement 2274)")


class BuildError(Exception):
    """The build's inputs are unusable; `problems` says which file, feature or row, and why."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Inputs:
    """What the derived layers are computed from, all in WGS 84, and the story's metric CRS."""

    border: LineString
    syria: BaseGeometry
    places: dict[str, Point]
    posts: list[Point]
    settlements: list[Settlement]
    changes: list[Change]
    deployments: list[Deployment]
    crs: str
    situation: Situation
    settings: DeriveSettings

    def metric(self, geom: BaseGeometry) -> BaseGeometry:
        return to_metric(geom, self.crs)

    def wgs84(self, geom: BaseGeometry) -> BaseGeometry:
        return to_wgs84(geom, self.crs)


def points_of(story: Story, layer: str) -> dict[str, Point]:
    """A point layer the story loader has checked, by feature id."""
    return {f.id: shape(f.geometry) for f in story.features.get(layer, []) if f.geometry["type"] == "Point"}


def read_tables(folder: Path, story: Story, problems: list[Problem]) -> tuple[list[Settlement], list[Change]]:
    """The situation tables; bad rows are reported into `problems` and left out."""
    if story.situation is None:
        problems.append(Problem("story.json", "the situation tables need a usable 'situation' in story.json"))
        return [], []
    ids = story.situation.ids
    settlements = read_settlements(folder, ids, story.extent, problems)
    return settlements, read_changes(folder, {s.id for s in settlements}, story.situation.coverage, ids, problems)


def read_all_tables(folder: Path, story: Story, problems: list[Problem]) -> tuple[
        list[Settlement], list[Change], list[Deployment]]:
    """The situation tables and the (optional) deployments table."""
    settlements, changes = read_tables(folder, story, problems)
    if story.situation is None:
        return settlements, changes, []
    known = {s.id for s in settlements}
    return settlements, changes, read_deployments(folder, known, story.situation.coverage, problems)


def read_topology(path: Path) -> dict[str, Any]:
    """The world topology (npm world-atlas), read like any input; BuildError says what to install."""
    data, problem = read_json(path.parent, path.name, TOPOLOGY_BYTES)
    if problem is not None:
        hint = " (run `npm ci`: package.json pins world-atlas)" if problem.message == "file is missing" else ""
        raise BuildError([Problem(str(path), problem.message + hint)])
    if not isinstance(data, dict) or data.get("type") != "Topology":
        raise BuildError([Problem(str(path), "is not a TopoJSON topology")])
    return data


def load_inputs(folder: Path, topology_path: Path = TOPOLOGY) -> Inputs:
    """Load the story (through the confined reader), its tables and the topology; BuildError on any fault."""
    try:
        story = load_story(folder)
    except StoryError as exc:
        raise BuildError([Problem(exc.file, exc.reason)]) from None
    problems = [p for p in story.errors if p.file in {f"layers/{layer}.geojson" for layer in INPUT_LAYERS}]
    problems += [p for p in story.errors if p.file == "story.json"]
    settings = derive_settings(folder, problems)
    settlements, changes, deployments = read_all_tables(folder, story, problems)
    problems = [p for p in problems if p.severity == "error"]
    if problems or settings is None or story.situation is None:
        raise BuildError(problems or [Problem("story.json", "no usable 'derive' settings")])
    topology = read_topology(topology_path)
    try:
        border = shared_border(topology, settings.country, settings.neighbour)
        outline = country_outline(topology, settings.country)
    except (KeyError, ValueError) as exc:
        raise BuildError([Problem("story.json", f"'derive': {exc}")]) from None
    return Inputs(
        border=border, syria=outline, places=points_of(story, "places"),
        posts=list(points_of(story, "observation_posts").values()),
        settlements=settlements, changes=changes, deployments=deployments, crs=story.crs,
        situation=story.situation, settings=settings,
    )


def between_meridians(line: BaseGeometry, west: float, east: float) -> BaseGeometry:
    """The part of a line between two longitudes (WGS 84)."""
    return line.intersection(box(west, -90, east, 90))


def strip(inputs: Inputs, border_part: BaseGeometry, depth_m: float) -> BaseGeometry:
    """The band `depth_m` deep on the Syrian side of a stretch of border, square at its ends."""
    band = inputs.metric(border_part).buffer(depth_m, cap_style="flat")
    return inputs.wgs84(band.intersection(inputs.metric(inputs.syria)).simplify(SIMPLIFY_M))


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


def border_between(border: LineString, a: Point, b: Point) -> LineString:
    """The stretch of border between the points on it nearest to `a` and to `b`."""
    ends = sorted((border.project(a), border.project(b)))
    return substring(border, *ends)


def idlib_zone(inputs: Inputs) -> BaseGeometry:
    """Approximate outline: hull of the twelve posts and the border from the westernmost post to Bab al-Hawa."""
    westernmost = min(inputs.posts, key=lambda p: p.x)
    border_part = border_between(inputs.border, westernmost, inputs.places["bab-al-hawa"])
    points = [*inputs.posts, *[Point(c) for c in shapely.get_coordinates(border_part)]]
    hull = inputs.metric(MultiPoint(points).convex_hull).buffer(POST_MARGIN_M)
    return inputs.wgs84(hull.intersection(inputs.metric(inputs.syria)).simplify(SIMPLIFY_M))


def route(inputs: Inputs, origin: str, destination: str) -> BaseGeometry:
    """A schematic straight link between two places (not the road the buses took)."""
    return LineString([inputs.places[origin], inputs.places[destination]])


@dataclass(frozen=True)
class Derived:
    """One derived feature: its properties and the function that computes its geometry."""

    layer: str
    id: str
    name: str
    compute: Callable[[Inputs], BaseGeometry]
    summary: str
    source: str
    method: str
    valid_from: str | None = None
    valid_to: str | None = None
    from_article: bool = False
    paragraphs: tuple[int, ...] = ()
    approximate: bool = False

    def feature(self, inputs: Inputs) -> dict[str, Any]:
        props: dict[str, Any] = {
            "id": self.id, "name": self.name, "layer": self.layer,
            "valid_from": self.valid_from, "valid_to": self.valid_to,
            "summary": self.summary, "source": self.source, "from_article": self.from_article,
        }
        if self.paragraphs:
            props["paragraphs"] = list(self.paragraphs)
        if self.approximate:
            props["approximate"] = True
        props["derived"] = self.method
        return {"type": "Feature", "geometry": rounded(self.compute(inputs)), "properties": props}


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
        lambda i: route(i, "harasta", "idlib"),
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
        lambda i: route(i, "daraa", "idlib"),
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
    return front_band(inputs, SOCHI_2018_DAY, sum(SOCHI_2018_DEPTH_M) / 2, inputs.situation.front[1])


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
    "zone covered only rebel-held ground (addresses in data/README.md)",
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
    held = area_on(inputs, TOLL_DAY, inputs.situation.front[1])
    return inputs.wgs84(around.intersection(held).intersection(inputs.metric(inputs.syria)).simplify(SIMPLIFY_M))


def northern_aleppo_refuge(inputs: Inputs) -> BaseGeometry:
    """The Turkish-held ground west of the Euphrates (Afrin, Azaz, al-Bab) on the date of OCHA's count."""
    west_edge, south, _, north = inputs.syria.bounds
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
SITUATION_LAYERS = ("control", "front_line", "roads", "m4_corridor", "deployments")
DERIVED_LAYERS = (*dict.fromkeys(d.layer for d in DERIVED), *SITUATION_LAYERS)


def feature_collection(features: list[dict[str, Any]]) -> str:
    """GeoJSON text, one feature per line: diffable, and byte-identical for identical input."""
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features]
    return '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"


def build_layers(inputs: Inputs) -> dict[str, str]:
    """The text of every derived layer file, by layer id."""
    features = {layer: [d.feature(inputs) for d in DERIVED if d.layer == layer] for layer in DERIVED_LAYERS}
    features |= control_layers(inputs) | road_layers(inputs) | deployment_layers(inputs)
    return {layer: feature_collection(features[layer]) for layer in DERIVED_LAYERS}


def layer_file(layer: str) -> str:
    """Where a layer's file lives in a story folder."""
    return f"layers/{layer}.geojson"


def write_layers(folder: Path, topology_path: Path = TOPOLOGY) -> list[Path]:
    """Rebuild the derived layer files in `folder/layers`; BuildError when an input or a target is unusable."""
    built = build_layers(load_inputs(folder, topology_path))
    blocked = [Problem(layer_file(layer), "cannot be written: it is not a regular file (a directory or a link)")
               for layer in built if (folder / layer_file(layer)).is_symlink()
               or ((folder / layer_file(layer)).exists() and not (folder / layer_file(layer)).is_file())]
    if blocked:
        raise BuildError(blocked)
    written = []
    for layer, text in built.items():
        path = folder / layer_file(layer)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def stale_layers(folder: Path, topology_path: Path = TOPOLOGY) -> list[str]:
    """Derived layers whose committed file differs from a fresh build (or cannot be read)."""
    built = build_layers(load_inputs(folder, topology_path))
    stale = []
    for layer, text in built.items():
        committed, problem = read_text(folder, layer_file(layer))
        if problem is not None or committed != text:
            stale.append(layer)
    return stale
