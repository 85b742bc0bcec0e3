"""Read `layers/<id>.geojson` files: every good feature kept, every bad one reported and skipped.

The feature contract lives here: the properties every feature needs, the optional ones and their
types, the geometry each layer kind takes, and the budgets a layer must stay within.
"""

from __future__ import annotations

import itertools
import math
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import shapely

from geo.kinds import kind_of
from geo.load.budgets import BUDGETS, near
from geo.load.files import read_json
from geo.load.geometry_checks import geometry_problems, oriented, plain_geometry, vertex_count
from geo.model import Extent, Feature, LayerSpec, parse_date
from geo.paths import layer_file
from geo.problems import Problem, feature_label, quote

if TYPE_CHECKING:
    from pathlib import Path

REQUIRED_PROPS: dict[str, type] = {
    "id": str, "name": str, "layer": str, "summary": str, "source": str, "from_article": bool,
}
OPTIONAL_PROPS: dict[str, tuple[type, ...]] = {
    "approximate": (bool,), "accuracy_km": (int, float), "coord_source": (str,), "coord_note": (str,),
    "article_term": (str,), "governorate": (str,), "established": (str,), "derived": (str,),
    "controller": (str,), "settlements": (int,), "minor": (bool,),
    # written by `python -m geo draft` for an editor: see DRAFT_WARNING
    "draft": (bool,), "confidence": (int, float), "evidence": (str,), "reason": (str,), "place_type": (str,),
    "candidates": (list,),
}
DRAFT_WARNING = ("drafted by `geo draft`, not yet accepted by an editor: check it, rewrite its summary, then "
                 "remove 'draft' and 'evidence'")
EVIDENCE_WARNING = "still holds 'evidence' quoted from the article: remove it before publishing"


def draft_warnings(item: dict[str, Any]) -> list[str]:
    """A drafted feature or event is a warning until an editor accepts it (removes `draft`)."""
    if item.get("draft") is True:
        return [DRAFT_WARNING]
    return [EVIDENCE_WARNING] if item.get("evidence") else []


def _scalar(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


def _value_problems(key: str, value: Any) -> list[str]:
    """Any property value: a scalar or an array of scalars, strings within budget."""
    values = value if isinstance(value, list) else [value]
    if not all(_scalar(v) for v in values):
        return [f"property {key!r} is {quote(value)}; values must be text, numbers, booleans or arrays of them"]
    if any(isinstance(v, str) and len(v) > BUDGETS.string_chars for v in values):
        return [f"property {key!r} is longer than the budget of {BUDGETS.string_chars:,} characters"]
    if any(isinstance(v, float) and not math.isfinite(v) for v in values):
        return [f"property {key!r} is {quote(value)}, expected finite numbers (NaN, Infinity and numbers too "
                "large for a double are not)"]
    return []


def _property_problems(props: dict[str, Any], spec: LayerSpec, paragraphs: int) -> list[str]:
    found = [problem for key, value in props.items() for problem in _value_problems(str(key), value)]
    for key, kind in REQUIRED_PROPS.items():
        if key not in props:
            found.append(f"property {key!r} is missing")
        elif not isinstance(props[key], kind) or props[key] == "":
            found.append(f"property {key!r} has value {quote(props[key])}, expected a non-empty {kind.__name__}")
    for key, kinds in OPTIONAL_PROPS.items():
        value = props.get(key)
        if value is not None and (not isinstance(value, kinds) or isinstance(value, bool) != (bool in kinds)):
            names = " or ".join("number" if k in (int, float) else k.__name__ for k in kinds)
            found.append(f"property {key!r} has value {quote(value)}, expected a {names}")
    cited = props.get("paragraphs")
    if cited is not None and (not isinstance(cited, list) or not all(  # paragraphs 0: count unknown (reported)
            isinstance(p, int) and not isinstance(p, bool) and 1 <= p <= (paragraphs or p) for p in cited)):
        found.append(f"property 'paragraphs' is {quote(cited)}, expected an array of paragraph numbers "
                     + (f"from 1 to {paragraphs}" if paragraphs else "from 1"))
    if isinstance(props.get("layer"), str) and props["layer"] not in ("", spec.id):
        found.append(f"property 'layer' is {quote(props['layer'])} but the feature is in layer {spec.id!r}")
    if spec.kind == "control" and props.get("controller") not in spec.palette:
        found.append(f"property 'controller' is {quote(props.get('controller'))}, expected one of "
                     f"{', '.join(spec.palette)} (the story's controllers)")
    return found


def _dates(props: dict[str, Any], kind: str) -> tuple[date | None, date | None]:
    for key in ("valid_from", "valid_to"):
        if key not in props:
            raise ValueError(f"property {key!r} is missing (use null for 'always')")
    start, end = parse_date(props["valid_from"]), parse_date(props["valid_to"])
    if start and end and start > end:
        raise ValueError(f"valid_from {props['valid_from']} is after valid_to {props['valid_to']}")
    if kind_of(kind).needs_dates and (start is None or end is None):
        raise ValueError(f"a {kind} feature needs both valid_from and valid_to (who held what, when)")
    return start, end


def load_feature(
    raw: Any, spec: LayerSpec, extent: Extent | None, paragraphs: int = 0
) -> tuple[Feature | None, list[str], list[str]]:
    """Check one GeoJSON feature; return (feature or None, errors, warnings)."""
    if not isinstance(raw, dict) or raw.get("type") != "Feature":
        return None, ["is not a GeoJSON Feature object"], []
    props = raw.get("properties")
    if not isinstance(props, dict):
        return None, [f"'properties' is {quote(props)}, expected an object"], []
    errors = _property_problems(props, spec, paragraphs)
    geom_errors, warnings = geometry_problems(raw.get("geometry"), extent)
    allowed = kind_of(spec.kind).geometries
    if not geom_errors and allowed and raw["geometry"]["type"] not in allowed:
        geom_errors = [f"geometry type {raw['geometry']['type']!r} does not suit a {spec.kind} layer "
                       f"(expected {' or '.join(allowed)})"]
    errors += geom_errors
    start = end = None
    try:
        start, end = _dates(props, spec.kind)
    except ValueError as exc:
        errors.append(str(exc))
    if errors:
        return None, errors, warnings
    warnings = warnings + draft_warnings(props)
    geometry = plain_geometry(oriented(shapely.geometry.shape(raw["geometry"])))
    feature = Feature(
        id=props["id"], layer=spec.id, name=props["name"], geometry=geometry,
        properties=props, valid_from=start, valid_to=end,
    )
    return feature, [], warnings


def _budget_problems(name: str, kind: str, raw_features: list[Any]) -> tuple[list[Any], list[Problem]]:
    problems = []
    limit, what = ((BUDGETS.places_per_layer, "labelled places") if kind_of(kind).labelled
                   else (BUDGETS.features_per_layer, "features"))
    if len(raw_features) > limit:
        problems.append(Problem(name, f"has {len(raw_features):,} {what}; the budget is {limit:,} per layer, "
                                      "so the layer is not shown"))
        return [], problems
    if near(len(raw_features), limit):
        problems.append(Problem(name, f"has {len(raw_features):,} {what}, close to the budget of {limit:,}",
                                severity="warning"))
    return raw_features, problems


def drawn_vertices(features: list[Feature]) -> int:
    """Vertices on the map on the layer's busiest date: the map draws only the features of the shown date.

    Undated features count on every date; a layer with no dated feature counts whole.
    """
    counts = [(f, vertex_count(f.geometry)) for f in features]
    days = sorted({d for f in features for d in (f.valid_from, f.valid_to) if d is not None})
    if not days:
        return sum(n for _, n in counts)
    return max(sum(n for f, n in counts if f.exists_on(day)) for day in days)


def _vertex_problems(name: str, features: list[Feature]) -> tuple[list[Feature], list[Problem]]:
    vertices = drawn_vertices(features)
    if vertices > BUDGETS.vertices_per_layer:
        return [], [Problem(name, f"has {vertices:,} vertices on its busiest date; the budget is "
                                  f"{BUDGETS.vertices_per_layer:,} per layer, so the layer is not shown (simplify it)")]
    if near(vertices, BUDGETS.vertices_per_layer):
        return features, [Problem(name, f"has {vertices:,} vertices on its busiest date, close to the budget of "
                                        f"{BUDGETS.vertices_per_layer:,}", severity="warning")]
    return features, []


def load_layer(
    folder: Path, spec: LayerSpec, extent: Extent | None, problems: list[Problem], paragraphs: int = 0
) -> list[Feature]:
    """Read `layers/<id>.geojson`; bad features are skipped and reported, good ones kept."""
    name = layer_file(spec.id)
    data, problem = read_json(folder, name)
    if problem is not None:
        problems.append(problem)
        return []
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        problems.append(Problem(name, "is not a GeoJSON FeatureCollection"))
        return []
    if "crs" in data:
        problems.append(Problem(name, "has a 'crs' member, which RFC 7946 removed (coordinates must be WGS 84)"))
    raw_features = data.get("features")
    if not isinstance(raw_features, list):
        problems.append(Problem(name, f"'features' is {quote(raw_features)}, expected an array"))
        return []
    raw_features, found = _budget_problems(name, spec.kind, raw_features)
    problems += found
    features = []
    for index, raw in enumerate(raw_features):
        feature, errors, warnings = load_feature(raw, spec, extent, paragraphs)
        props = raw.get("properties") if isinstance(raw, dict) else None
        label = feature_label(index, props.get("id") if isinstance(props, dict) else None)
        problems += [Problem(name, w, label, "warning") for w in warnings]
        problems += [Problem(name, f"{e}; feature skipped", label) for e in errors]
        if feature is not None:
            features.append(feature)
    features, found = _vertex_problems(name, features)
    problems += found
    if spec.kind == "control":
        problems += control_problems(name, features)
    return features


def control_problems(name: str, features: list[Feature]) -> list[Problem]:
    """A control layer holds, on every date it covers, at most one feature per controller and no gap in time.

    A controller may hold nothing for a while (it then has no feature); the layer as a whole must cover
    one unbroken run of dates. Geometry (no overlaps, no holes in the study area) is checked by validate.
    """
    problems = []
    by_controller: dict[str, list[Feature]] = {}
    for feature in sorted(features, key=lambda f: f.valid_from or date.min):
        by_controller.setdefault(str(feature.properties.get("controller")), []).append(feature)
    for controller, ordered in by_controller.items():
        for before, after in itertools.pairwise(ordered):
            label = feature_label(features.index(after), after.id)
            if before.valid_to and after.valid_from and after.valid_from <= before.valid_to:
                problems.append(Problem(name, f"overlaps {before.id!r}: two {controller} features on "
                                              f"{after.valid_from}", label))
    covered_to: date | None = None
    for feature in sorted(features, key=lambda f: f.valid_from or date.min):
        start, end = feature.valid_from, feature.valid_to
        if start is None or end is None:
            continue
        if covered_to is not None and start > covered_to + timedelta(days=1):
            problems.append(Problem(name, f"leaves a gap: no feature from {covered_to + timedelta(days=1)} to "
                                          f"{start - timedelta(days=1)}", feature_label(features.index(feature),
                                                                                       feature.id)))
        covered_to = end if covered_to is None else max(covered_to, end)
    return problems


def unique_ids(features: dict[str, list[Feature]], problems: list[Problem]) -> dict[str, list[Feature]]:
    seen: dict[str, str] = {}
    kept: dict[str, list[Feature]] = {}
    for layer_id, layer_features in features.items():
        kept[layer_id] = []
        for feature in layer_features:
            if feature.id in seen:
                problems.append(Problem(
                    f"layers/{layer_id}.geojson",
                    f"id is already used in layers/{seen[feature.id]}.geojson; feature skipped",
                    f"feature id {quote(feature.id)}",
                ))
                continue
            seen[feature.id] = layer_id
            kept[layer_id].append(feature)
    return kept
