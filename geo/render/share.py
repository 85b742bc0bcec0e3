"""ShareState <-> URL query parameters. Decoding is lenient (never raises); encoding round-trips.

Parameters (short and stable; documented in the README):
  story    the story's slug (stories/<slug>/); absent = the default story. Read by the app before the rest,
           since the other parameters are checked against that story
  date     the slider's date, ISO (YYYY-MM-DD); snapped to the story's last event on or before it;
           absent = the article's date
  layers   comma-separated layer ids that are switched on; absent = all, empty = none
  basemap  osm | light | none
  lat, lon, z   the map view (centre and zoom), present only when the user linked the view
  lang     the reader's language (en | ar | tr | ru); absent = the browser's Accept-Language, else English.
           Read by the app first, like `story`: the notices about the other parameters are in that language
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from urllib.parse import parse_qsl, urlencode, urlsplit

from geo.languages import DEFAULT, message
from geo.load.timeline import snap

PARAMETERS = ("date", "layers", "basemap", "lat", "lon", "z")  # a story's view (the static site reads these)
LINK_PARAMETERS = ("story", "lang", *PARAMETERS)  # the app's links; the README's table lists exactly these
MAX_VALUE_LENGTH = 500
ZOOM_RANGE = (1, 18)
VIEW_DECIMALS = 5


@dataclass(frozen=True)
class View:
    lat: float
    lon: float
    zoom: int


@dataclass(frozen=True)
class ShareState:
    """Everything a shared link restores."""

    date: date
    layers: tuple[str, ...]
    basemap: str
    view: View | None = None
    story: str | None = None  # the story's slug; the app decodes `story` itself (it picks the options)
    lang: str | None = None  # the reader's language when the link named it; the app decodes `lang` itself

    def to_query(self) -> dict[str, str]:
        query = {"story": self.story} if self.story else {}
        query |= {"lang": self.lang} if self.lang else {}
        query |= {"date": self.date.isoformat(), "layers": ",".join(self.layers), "basemap": self.basemap}
        if self.view is not None:
            query |= {"lat": f"{self.view.lat:.{VIEW_DECIMALS}f}", "lon": f"{self.view.lon:.{VIEW_DECIMALS}f}",
                      "z": str(self.view.zoom)}
        return query


@dataclass(frozen=True)
class ShareOptions:
    """What a valid state may hold, taken from the loaded story."""

    stops: Sequence[date]
    layers: Sequence[str]
    basemaps: Sequence[str]
    default_basemap: str
    default_date: date | None = None  # the article's date; the last stop when not given
    lang: str = DEFAULT  # the language of the notices

    def default(self) -> ShareState:
        return ShareState(date=self.default_date or self.stops[-1], layers=tuple(self.layers),
                          basemap=self.default_basemap)


@dataclass
class Decoded:
    state: ShareState
    notices: list[str] = field(default_factory=list)


def _last(value: str | Sequence[str] | None) -> str | None:
    """A repeated key counts once: its last value (as Streamlit's st.query_params does)."""
    if value is None or isinstance(value, str):
        return value
    return value[-1] if len(value) else None


def _date(raw: str, options: ShareOptions, notices: list[str]) -> date | None:
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        notices.append(message(options.lang, "notice.bad_date", value=repr(raw)))
        return None
    snapped = snap(day, options.stops)
    if snapped != day:
        notices.append(message(options.lang, "notice.snapped", asked=day.isoformat(), shown=snapped.isoformat()))
    return snapped


def _layers(raw: str, options: ShareOptions, notices: list[str]) -> tuple[str, ...]:
    asked = [part.strip() for part in raw.split(",") if part.strip()]
    unknown = [name for name in asked if name not in options.layers]
    if unknown:
        notices.append(message(options.lang, "notice.unknown_layers", names=", ".join(repr(u) for u in unknown)))
    return tuple(name for name in options.layers if name in asked)


def _number(raw: str | None) -> float | None:
    if raw is None:
        return None
    try:
        value = float(raw)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _view(params: Mapping[str, str | None], lang: str, notices: list[str]) -> View | None:
    raw = {key: params.get(key) for key in ("lat", "lon", "z")}
    if all(v is None for v in raw.values()):
        return None
    lat, lon, zoom = (_number(raw[k]) for k in ("lat", "lon", "z"))
    if lat is None or lon is None or zoom is None:
        notices.append(message(lang, "notice.bad_view"))
        return None
    clamped = View(
        lat=round(min(max(lat, -85.0), 85.0), VIEW_DECIMALS),
        lon=round(min(max(lon, -180.0), 180.0), VIEW_DECIMALS),
        zoom=int(min(max(round(zoom), ZOOM_RANGE[0]), ZOOM_RANGE[1])),
    )
    if (clamped.lat, clamped.lon, clamped.zoom) != (round(lat, VIEW_DECIMALS), round(lon, VIEW_DECIMALS), zoom):
        notices.append(message(lang, "notice.view_adjusted", lat=clamped.lat, lon=clamped.lon, zoom=clamped.zoom))
    return clamped


def from_query(params: Mapping[str, str | Sequence[str]], options: ShareOptions) -> Decoded:
    """The state a URL asks for; anything unusable falls back to the default, with a notice."""
    notices: list[str] = []
    flat: dict[str, str | None] = {}
    for key in PARAMETERS:
        value = _last(params.get(key))
        if value is not None and len(value) > MAX_VALUE_LENGTH:
            notices.append(message(options.lang, "notice.too_long", name=repr(key), max=MAX_VALUE_LENGTH))
            value = None
        flat[key] = value
    state = options.default()
    if flat["date"] is not None:
        day = _date(flat["date"], options, notices)
        state = replace(state, date=day) if day else state
    if flat["layers"] is not None:
        state = replace(state, layers=_layers(flat["layers"], options, notices))
    if flat["basemap"] is not None:
        if flat["basemap"] in options.basemaps:
            state = replace(state, basemap=flat["basemap"])
        else:
            notices.append(message(options.lang, "notice.bad_basemap", value=repr(flat["basemap"]),
                                   choices=", ".join(options.basemaps)))
    return Decoded(replace(state, view=_view(flat, options.lang, notices)), notices)


def link(base: str, state: ShareState) -> str:
    """The shareable address of `state` on the app at `base` (commas in the layer list kept readable)."""
    return f"{base}?{urlencode(state.to_query(), safe=',')}"


EMBED_HEIGHT = "min(80vh, 640px)"  # tall enough for the map and the event card, never taller than the screen


def embed_link(link: str) -> str:
    """`link` with Streamlit's `embed=true` (the app's map-first layout), added once."""
    query = urlsplit(link).query
    if ("embed", "true") in parse_qsl(query, keep_blank_values=True):
        return link
    return f"{link}{'&' if query else ('' if link.endswith('?') else '?')}embed=true"


def iframe_markup(src: str, title: str) -> str:
    """An <iframe> of `src` sized for a news page; the address and title are HTML-escaped.

    The app's embed (below) and the static site's embed pages (geo/render/site_pages.py) share it.
    """
    return (f'<iframe src="{html.escape(src, quote=True)}" title="{html.escape(title, quote=True)}" loading="lazy"\n'
            f'  style="width:100%;height:{EMBED_HEIGHT};border:0" allowfullscreen></iframe>')


def embed_snippet(link: str, title: str) -> str:
    """An <iframe> of `link` in the app's embed mode for a news page; the address and title are HTML-escaped."""
    return iframe_markup(embed_link(link), title)
