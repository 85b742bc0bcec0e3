"""Read `layers/<id>.geojson` files: every good feature kept, every bad one reported and skipped."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from geo.geometry_checks import Extent, geometry_problems, oriented, to_shape
from geo.model import REQUIRED_FEATURE_PROPS, Feature, LayerSpec, parse_date, read_json
from geo.problems import Problem, feature_label


def _property_problems(props: dict[str, Any], layer_id: str) -> list[str]:
    found = []
    for key, kind in REQUIRED_FEATURE_PROPS.items():
        if key not in props:
            found.append(f"property {key!r} is missing")
        elif not isinstance(props[key], kind) or props[key] == "":
            found.append(f"property {key!r} has value {props[key]!r}, expected a non-empty {kind.__name__}")
    if isinstance(props.get("layer"), str) and props["layer"] not in ("", layer_id):
        found.append(f"property 'layer' is {props['layer']!r} but the feature is in layer {layer_id!r}")
    return found


def _dates(props: dict[str, Any]) -> tuple[date | None, date | None]:
    for key in ("valid_from", "valid_to"):
        if key not in props:
            raise ValueError(f"property {key!r} is missing (use null for 'always')")
    start, end = parse_date(props["valid_from"]), parse_date(props["valid_to"])
    if start and end and start > end:
        raise ValueError(f"valid_from {props['valid_from']} is after valid_to {props['valid_to']}")
    return start, end


def load_feature(
    raw: Any, index: int, layer_id: str, extent: Extent | None
) -> tuple[Feature | None, list[str], list[str]]:
    """Check one GeoJSON feature; return (feature or None, errors, warnings)."""
    if not isinstance(raw, dict) or raw.get("type") != "Feature":
        return None, ["is not a GeoJSON Feature object"], []
    props = raw.get("properties")
    if not isinstance(props, dict):
        return None, ["has no properties object"], []
    errors = _property_problems(props, layer_id)
    geom_errors, warnings = geometry_problems(raw.get("geometry"), extent)
    errors += geom_errors
    try:
        start, end = _dates(props)
    except ValueError as exc:
        errors.append(str(exc))
    if errors:
        return None, errors, warnings
    geometry = oriented(to_shape(raw["geometry"])).__geo_interface__
    feature = Feature(
        id=props["id"], layer=layer_id, name=props["name"], geometry=_plain(geometry),
        properties=props, valid_from=start, valid_to=end,
    )
    return feature, [], warnings


def _plain(geometry: dict[str, Any]) -> dict[str, Any]:
    """Shapely's __geo_interface__ uses tuples; GeoJSON and json.dumps want lists."""
    def lists(value: Any) -> Any:
        return [lists(v) for v in value] if isinstance(value, (list, tuple)) else value

    return {"type": geometry["type"], "coordinates": lists(geometry["coordinates"])}


def load_layer(
    folder: Path, spec: LayerSpec, extent: Extent | None, problems: list[Problem]
) -> list[Feature]:
    """Read `layers/<id>.geojson`; bad features are skipped and reported, good ones kept."""
    name = f"layers/{spec.id}.geojson"
    data, problem = read_json(folder / name, folder)
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
        problems.append(Problem(name, "'features' is not an array"))
        return []
    features = []
    for index, raw in enumerate(raw_features):
        feature, errors, warnings = load_feature(raw, index, spec.id, extent)
        raw_id = raw.get("properties", {}).get("id") if isinstance(raw, dict) and isinstance(
            raw.get("properties"), dict) else None
        label = feature_label(index, raw_id)
        problems += [Problem(name, w, label, "warning") for w in warnings]
        problems += [Problem(name, f"{e}; feature skipped", label) for e in errors]
        if feature is not None:
            features.append(feature)
    return features


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
                    f"feature id {feature.id!r}",
                ))
                continue
            seen[feature.id] = layer_id
            kept[layer_id].append(feature)
    return kept


