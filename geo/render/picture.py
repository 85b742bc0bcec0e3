"""The map as a picture to share: a PNG of one date and its layers, drawn on the server without tiles.

Everything is drawn in the story's metric CRS (story.json `crs`) so that the scale bar is honest. Text that
comes from the data (titles, names, event titles) is drawn by matplotlib as plain text: no mathtext, no TeX,
nothing interpreted. Each text goes through geo/render/script.py (Arabic joined and ordered as the text engine
needs) in the fonts geo/render/fonts.py picks for its script; a right-to-left language gets the mirrored layout
of geo/render/picture_layout.py.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import geopandas as gpd
import matplotlib as mpl

mpl.use("Agg")  # no display; must precede pyplot-free figure work in a fresh process

from matplotlib import patheffects
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.text import Text
from matplotlib.transforms import Bbox
from shapely.geometry import box, shape
from shapely.geometry.base import BaseGeometry

from geo.derive.metric import WGS84
from geo.kinds import kind_of
from geo.languages import DEFAULT, codes
from geo.load.situation import held_since
from geo.load.timeline import after_article, concerned_features, events_on, visible_features
from geo.model import Feature, LayerSpec, Story
from geo.render.fonts import families_for, style_for
from geo.render.mapview import legend_items
from geo.render.picture_layout import MAP_BOX, PictureLayout, picture_layout
from geo.render.region import far_ids, ground
from geo.render.script import Direction, direction_of, display_text
from geo.render.words import ENGLISH, Words

HIGHLIGHT = "#ff6f00"
BEHIND_EDGE = "#7f0000"
BACKGROUND = "#f7f5f0"
PAD_SHARE = 0.15
MIN_PAD_M = 12_000.0
SCALE_STEPS_KM = (5, 10, 20, 50, 100)
DPI = 100
LEGEND_TITLE_RATIO = 9.5 / 8.5  # the legend's title to its rows
LEGEND_MIN_PT = 6.0  # the smallest legend type, in points, when a long legend is made to fit
TEXT_STYLE: dict[str, Any] = {"usetex": False, "parse_math": False}


@dataclass(frozen=True)
class _Drawn:
    """One feature ready to draw: its spec, its geometry in metres and whether the date's event concerns it."""

    spec: LayerSpec
    feature: Feature
    geom: BaseGeometry
    highlighted: bool


def _plain(text: Text) -> Text:
    """Make sure a Text object draws its string literally."""
    text.set_usetex(False)
    text.set_parse_math(False)
    return text


def _written(text: Text, direction: Direction) -> Text:
    """A Text drawn literally, in fonts that have its letters, handed to the engine as it needs (script.py)."""
    words = text.get_text()
    text.set_fontfamily(families_for(words))
    text.set_fontstyle(style_for(words, text.get_fontstyle()))
    text.set_text(display_text(words, direction))
    return _plain(text)


def _to_metric(geoms: list[BaseGeometry], crs: str) -> list[BaseGeometry]:
    if not geoms:
        return []
    return list(gpd.GeoSeries(geoms, crs=WGS84).to_crs(crs))


def _prepare(story: Story, day: date, layers: list[str] | None) -> list[_Drawn]:
    shown = visible_features(story, day, layers)
    highlight = concerned_features(story, day)
    specs = {spec.id: spec for spec in story.layers}
    items = [(specs[lid], f) for lid, features in shown.items() for f in features]
    geoms = _to_metric([shape(f.geometry) for _, f in items], story.crs)
    return [_Drawn(spec, f, g, f.id in highlight) for (spec, f), g in zip(items, geoms, strict=True)
            if not g.is_empty]


def _bounds(geoms: Iterable[BaseGeometry]) -> tuple[float, float, float, float] | None:
    found = [g.bounds for g in geoms if not g.is_empty]
    if not found:
        return None
    return (min(b[0] for b in found), min(b[1] for b in found), max(b[2] for b in found), max(b[3] for b in found))


def _frame(story: Story, drawn: list[_Drawn], aspect: float) -> tuple[tuple[float, float, float, float],
                                                                     list[_Drawn]]:
    """The shown extent in metres (width/height = `aspect`), and the highlighted features left off the map."""
    far_away = far_ids(story)  # the map's rule too (geo/render/region.py): far features are named, not framed
    marked = [d for d in drawn if d.highlighted]
    near = [d for d in marked if d.feature.id not in far_away]
    far = [d for d in marked if d not in near]
    bounds = _bounds(d.geom for d in near)
    if bounds is None:  # the date's event concerns nothing near: the story's ground, as the map shows it
        shown = _to_metric([box(*(ground(story) or story.extent))], story.crs)
        bounds = _bounds(shown) or shown[0].bounds
    x0, y0, x1, y1 = bounds
    pad = max(PAD_SHARE * max(x1 - x0, y1 - y0), MIN_PAD_M)
    x0, y0, x1, y1 = x0 - pad, y0 - pad, x1 + pad, y1 + pad
    width, height = x1 - x0, y1 - y0
    if width / height < aspect:
        grow = (height * aspect - width) / 2
        x0, x1 = x0 - grow, x1 + grow
    else:
        grow = (width / aspect - height) / 2
        y0, y1 = y0 - grow, y1 + grow
    return (x0, y0, x1, y1), far


def _polygon_color(spec: LayerSpec, feature: Feature) -> str:
    if kind_of(spec.kind).by_controller:
        return spec.palette.get(str(feature.properties.get("controller", "")), spec.color)
    return spec.color


def _draw_area(ax: Any, d: _Drawn, rank: int, dashed: Any) -> None:
    kind, series = kind_of(d.spec.kind), gpd.GeoSeries([d.geom])
    color = _polygon_color(d.spec, d.feature)
    series.plot(ax=ax, facecolor=color, alpha=kind.fill_alpha, edgecolor="none", zorder=1 + rank * 1e-4)
    width = 2.5 if d.highlighted else kind.outline_px
    if width:
        series.boundary.plot(ax=ax, color=HIGHLIGHT if d.highlighted else color, linewidth=width, linestyle=dashed,
                             zorder=2)


def _draw_points(ax: Any, story: Story, day: date, d: _Drawn) -> None:
    points = list(getattr(d.geom, "geoms", [d.geom]))
    xs, ys = [p.x for p in points], [p.y for p in points]
    if kind_of(d.spec.kind).draw == "marker":
        behind = held_since(story.behind_lines.get(d.feature.id, ()), day) is not None
        ax.scatter(xs, ys, marker="D", s=70 if d.highlighted else 42, zorder=6,
                   facecolor="#ffffff" if behind else d.spec.color,
                   edgecolor=HIGHLIGHT if d.highlighted else (BEHIND_EDGE if behind else "#222222"),
                   linewidths=2.2 if d.highlighted or behind else 1.0)
    else:
        ax.scatter(xs, ys, marker="o", s=80 if d.highlighted else 36, zorder=7, facecolor=d.spec.color,
                   edgecolor=HIGHLIGHT if d.highlighted else "#222222", linewidths=2.2 if d.highlighted else 0.8)


def _draw_features(ax: Any, story: Story, day: date, drawn: list[_Drawn]) -> None:
    """Areas, then lines, then markers and dots (geo/kinds.py `order`); the highlighted on top of their kind."""
    ranked = sorted(enumerate(drawn), key=lambda x: (kind_of(x[1].spec.kind).order, x[1].highlighted, x[0]))
    for rank, d in ranked:
        kind = kind_of(d.spec.kind)
        dashed = (0, (5, 3)) if kind.dashed or d.feature.properties.get("approximate") else "solid"
        if kind.draw == "area" and d.geom.geom_type in ("Polygon", "MultiPolygon"):
            _draw_area(ax, d, rank, dashed)
        elif kind.draw in ("marker", "dot") or d.geom.geom_type in ("Point", "MultiPoint"):
            _draw_points(ax, story, day, d)
        else:
            series = gpd.GeoSeries([d.geom])
            target = series if d.geom.geom_type.endswith("LineString") else series.boundary
            if d.highlighted:
                target.plot(ax=ax, color=HIGHLIGHT, linewidth=5.0, alpha=0.85, zorder=3)
            target.plot(ax=ax, color=d.spec.color, linewidth=kind.line_px, linestyle=dashed, zorder=4)


def _labels(ax: Any, drawn: list[_Drawn], layout: PictureLayout) -> list[Text]:
    """Place names (minor ones only when highlighted), highlighted first; the caller drops collisions."""
    candidates = [d for d in drawn
                  if kind_of(d.spec.kind).labelled and (d.highlighted or not d.feature.properties.get("minor"))]
    candidates.sort(key=lambda d: (not d.highlighted, bool(d.feature.properties.get("minor"))))
    texts = []
    halo = [patheffects.withStroke(linewidth=3, foreground="white")]
    offset, align = layout.label_sides[0]
    for d in candidates:
        point = d.geom.representative_point()
        text = ax.annotate(d.feature.name, (point.x, point.y), xytext=offset, textcoords="offset points",
                           ha=align, va="center", fontsize=10 if d.highlighted else 9,
                           fontweight="bold" if d.highlighted else "normal", color="#111111", zorder=9,
                           annotation_clip=True, path_effects=halo, **TEXT_STYLE)
        texts.append(_written(text, layout.direction))
    return texts


def _declutter(ax: Any, renderer: Any, texts: list[Text], obstacles: list[Bbox], layout: PictureLayout) -> None:
    """Keep labels in priority order; try the other sides of the dot, else drop a label that would collide."""
    frame = ax.get_window_extent(renderer)
    x0, y0, x1, y1 = ax.get_xlim()[0], ax.get_ylim()[0], ax.get_xlim()[1], ax.get_ylim()[1]
    kept: list[Bbox] = list(obstacles)
    for text in texts:
        anchor_x, anchor_y = text.xy  # type: ignore[attr-defined]
        if not (x0 <= anchor_x <= x1 and y0 <= anchor_y <= y1):
            text.set_visible(False)
            continue
        placed = False
        for offset, align in layout.label_sides:
            text.set_position(offset)
            text.set_horizontalalignment(align)
            extent = text.get_window_extent(renderer).expanded(1.04, 1.1)
            inside = frame.x0 <= extent.x0 and extent.x1 <= frame.x1 and frame.y0 <= extent.y0 and extent.y1 <= frame.y1
            if inside and not any(extent.overlaps(other) for other in kept):
                kept.append(extent)
                placed = True
                break
        text.set_visible(placed)


def _scale_bar(ax: Any, direction: Direction, words: Words = ENGLISH) -> Rectangle:
    """A bar of 5, 10, 20, 50 or 100 km (the longest under a fifth of the map's width).

    It sits in the lower corner where lines start: left, or right for a right-to-left language.
    """
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    width_km = (x1 - x0) / 1000
    km = max([k for k in SCALE_STEPS_KM if k <= width_km / 5] or [SCALE_STEPS_KM[0]])
    rtl = direction == "rtl"
    left = x1 - 0.03 * (x1 - x0) - km * 1000 if rtl else x0 + 0.03 * (x1 - x0)
    base = y0 + 0.05 * (y1 - y0)
    height = 0.012 * (y1 - y0)
    backdrop = Rectangle((left - 0.01 * (x1 - x0), base - 0.025 * (y1 - y0)), km * 1000 + 0.02 * (x1 - x0),
                         0.085 * (y1 - y0), facecolor="white", alpha=0.8, edgecolor="none", zorder=10)
    ax.add_patch(backdrop)
    half = km * 500
    ax.add_patch(Rectangle((left, base), half, height, facecolor="#222222", edgecolor="#222222", zorder=11))
    ax.add_patch(Rectangle((left + half, base), half, height, facecolor="white", edgecolor="#222222", zorder=11))
    label = words.t("offscreen.km", km=words.number(km))
    _written(ax.text(left + km * 1000 if rtl else left, base + 2 * height, label, fontsize=9,
                     ha="right" if rtl else "left", va="bottom", zorder=11, gid="scale-label", **TEXT_STYLE),
             direction)
    return backdrop


def _legend_handle(row: dict[str, str], approximate: bool) -> Any:
    """The picture's handle for one of the map's legend rows (mapview.legend_items), drawn as its kind is."""
    kind = kind_of(row["kind"].split()[0])
    if kind.draw == "area":
        return Patch(facecolor=row["color"], alpha=kind.fill_alpha + 0.1,
                     edgecolor="none" if kind.by_controller else row["color"])
    if kind.draw in ("marker", "dot"):
        behind = row.get("state") == "behind"
        return Line2D([], [], marker=kind.legend["marker"], linestyle="none", markersize=7,
                      markerfacecolor="white" if behind else row["color"],
                      markeredgecolor=BEHIND_EDGE if behind else "#222222", markeredgewidth=2 if behind else 1)
    dashed = kind.dashed or approximate
    return Line2D([], [], color=row["color"], linewidth=2, linestyle=(0, (4, 2)) if dashed else "solid")


def _legend_rows(story: Story, drawn: list[_Drawn], day: date, frame: tuple[float, float, float, float],
                 words: Words = ENGLISH) -> tuple[list[Any], list[str]]:
    """The map's legend rows (one builder: mapview.legend_items) for what is in the picture's frame."""
    seen = box(*frame)
    drawn = [d for d in drawn if d.geom.intersects(seen)]
    by_layer: dict[str, list[_Drawn]] = {}
    for d in drawn:
        by_layer.setdefault(d.spec.id, []).append(d)
    specs = [spec for spec in story.layers if spec.id in by_layer]
    handles: list[Any] = []
    labels: list[str] = []
    for row in legend_items(specs, story.features, story.situation, words):
        features = by_layer[row["layer"]]
        if "controller" in row and not any(d.feature.properties.get("controller") == row["controller"]
                                           for d in features):
            continue
        if row.get("state") == "behind" and not any(
                held_since(story.behind_lines.get(d.feature.id, ()), day) for d in features):
            continue
        approximate = any(d.feature.properties.get("approximate") for d in features)
        handles.append(_legend_handle(row, approximate))
        labels.append(row["title"])
    if any(d.highlighted for d in drawn):
        handles.append(Line2D([], [], color=HIGHLIGHT, linewidth=4))
        labels.append(words.t("picture.concerned"))
    return handles, ["\n".join(textwrap.wrap(label, 34)) or " " for label in labels]


def _legend(fig: Figure, renderer: Any, handles: list[Any], labels: list[str], *, layout: PictureLayout,
            fontsize: float, floor_px: float, title: str) -> Legend:
    """The legend column beside the map, its type made smaller (to LEGEND_MIN_PT at least) to end above `floor_px`.

    `floor_px` is the off-map note's top, or else the map's bottom.

    Rows in Arabic are about twice as tall as in Latin script at the same size (Noto Sans Arabic's line height
    leaves room for stacked marks), so a legend that fits in English can run into the source line.
    """
    while True:
        legend = fig.legend(handles, labels, loc=layout.legend_loc,
                            bbox_to_anchor=(layout.panel_x, MAP_BOX[1] + MAP_BOX[3]), frameon=False,
                            fontsize=fontsize, title=title, title_fontsize=fontsize * LEGEND_TITLE_RATIO,
                            alignment=layout.text_align,
                            markerfirst=layout.marker_first, labelspacing=0.45, handlelength=1.6)
        for text in [*legend.get_texts(), legend.get_title()]:
            _written(text, layout.direction).set_multialignment(layout.text_align)
        box = legend.get_window_extent(renderer)
        if box.y0 >= floor_px or fontsize <= LEGEND_MIN_PT:
            return legend
        legend.remove()
        fontsize = max(LEGEND_MIN_PT, fontsize * min(0.95, (box.y1 - floor_px) / box.height))


def _subtitle(story: Story, day: date, words: Words = ENGLISH) -> str:
    events = events_on(story, day)
    precision = events[0].precision if events else "day"
    parts = [words.day(day, precision)]
    if events:
        parts.append(words.t("list.semicolon").join(e.title for e in events))
    line = " · ".join(parts)
    if after_article(story.article.date, day):
        line = words.t("picture.after", line=line)
    return textwrap.shorten(line, 150, placeholder=" …")


def source_line(story: Story, words: Words = ENGLISH) -> str:
    article = story.article
    published = words.day(article.date) if article.date else words.t("app.undated")
    return textwrap.shorten(words.t("picture.source", title=story.title, publisher=article.publisher, date=published,
                                    headline=article.headline), 230, placeholder=" …")


def picture_direction(direction: Direction | None = None, language: str | None = None) -> Direction:
    """The picture's reading direction: `direction` when given, else the language's (Babel), else left to right."""
    if direction is not None:
        return direction
    return direction_of(language) if language else "ltr"


def map_figure(story: Story, day: date, layers: list[str] | None = None, width_px: int = 1200,
               height_px: int = 630, *, direction: Direction | None = None, language: str | None = None) -> Figure:
    """The picture as a matplotlib Figure (Agg canvas): title, date, layers, labels, legend, scale, source.

    `direction` ('ltr' or 'rtl') or else `language` (a code such as 'ar', 'tr') sets the layout's side; by
    default, left to right.
    """
    layout = picture_layout(picture_direction(direction, language))
    words = Words(language if language in codes() else DEFAULT, dict(story.locales))  # the picture's words
    fig = Figure(figsize=(width_px / DPI, height_px / DPI), dpi=DPI, facecolor="white")
    canvas = FigureCanvasAgg(fig)
    scale = min(width_px / 1200, height_px / 630)
    ax = fig.add_axes(layout.map_box)
    ax.set_facecolor(BACKGROUND)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_edgecolor("#999999")
    drawn = _prepare(story, day, layers)
    aspect = (MAP_BOX[2] * width_px) / (MAP_BOX[3] * height_px)
    (x0, y0, x1, y1), far = _frame(story, drawn, aspect)
    _draw_features(ax, story, day, drawn)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal", adjustable="box")
    ax.set_autoscale_on(False)
    ax.set_xlabel("")
    ax.set_ylabel("")

    start, side = layout.text_x, layout.text_align
    _written(fig.text(start, 0.955, story.title, fontsize=18 * scale, fontweight="bold", va="center", ha=side,
                      gid="title", **TEXT_STYLE), layout.direction)
    _written(fig.text(start, 0.9, _subtitle(story, day, words), fontsize=12 * scale, color="#333333", va="center",
                      ha=side, gid="subtitle", **TEXT_STYLE), layout.direction)
    _written(fig.text(start, 0.03, source_line(story, words), fontsize=7.5 * scale, color="#555555", va="center",
                      ha=side, gid="source", **TEXT_STYLE), layout.direction)

    renderer = canvas.get_renderer()  # type: ignore[no-untyped-call]  # matplotlib leaves it untyped
    floor = MAP_BOX[1] * height_px  # the legend column's bottom, in pixels: the map's, or the off-map note's top
    if far:
        names = words.t("list.comma").join(dict.fromkeys(d.feature.name for d in far))
        note = "\n".join(textwrap.wrap(words.t("picture.off_map", names=names), 44))
        floor = _written(fig.text(layout.panel_x, MAP_BOX[1] + 0.005, note, fontsize=8.5 * scale, color=HIGHLIGHT,
                                  va="bottom", ha=side, fontstyle="italic", gid="off-map", **TEXT_STYLE),
                         layout.direction).get_window_extent(renderer).y1
    handles, labels = _legend_rows(story, drawn, day, (x0, y0, x1, y1), words)
    if handles:
        _legend(fig, renderer, handles, labels, layout=layout, fontsize=8.5 * scale, floor_px=floor,
                title=words.t("legend.button"))

    backdrop = _scale_bar(ax, layout.direction, words)
    _declutter(ax, renderer, _labels(ax, drawn, layout), [backdrop.get_window_extent(renderer)], layout)
    return fig


def map_png(story: Story, day: date, layers: list[str] | None = None, width_px: int = 1200,
            height_px: int = 630, *, direction: Direction | None = None, language: str | None = None) -> bytes:
    """The picture as PNG bytes, `width_px` × `height_px` (1200 × 630 is the common link-preview size)."""
    fig = map_figure(story, day, layers, width_px, height_px, direction=direction, language=language)
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=DPI, facecolor="white")
    return out.getvalue()
