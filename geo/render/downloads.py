"""What a reader can take away: the visible features as GeoJSON and the timeline as CSV."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date

from geo.load.timeline import visible_features
from geo.model import Story

CSV_COLUMNS = ("date", "precision", "title", "summary", "from_article", "paragraphs", "features", "source",
               "date_source")
# OWASP CSV injection: a cell (or a line inside one) starting with these is a formula to a spreadsheet.
# The full-width forms are included because some spreadsheets fold them to ASCII on import.
FORMULA_STARTS = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# C0 controls except tab, LF and CR; DEL; C1 controls (U+0085 included: some readers break lines on it).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_LINE_BREAK = re.compile("(\r\n|[\r\n\u2028\u2029])")
_LEADING_BLANKS = re.compile("[\\s\u200b\u200c\u200d\u2060\ufeff]*")  # whitespace and zero-width characters


def visible_geojson(story: Story, day: date, layers: list[str]) -> str:
    """An RFC 7946 FeatureCollection of what the map shows on `day` with `layers` switched on."""
    features = [
        {"type": "Feature", "geometry": f.geometry, "properties": f.properties}
        for layer_features in visible_features(story, day, layers).values() for f in layer_features
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, indent=1)


def _starts_formula(line: str) -> bool:
    """True when a spreadsheet could read `line` as a formula: a trigger, also after leading blanks."""
    blanks = _LEADING_BLANKS.match(line)
    return line.startswith(("\t", "\r")) or line[blanks.end() if blanks else 0:].startswith(FORMULA_STARTS)


def _cell(value: object) -> str:
    """A CSV cell a spreadsheet shows as text, never evaluates as a formula.

    Control characters (except tab, CR and LF) become U+FFFD; the cell, and every line inside it, that
    would start a formula gets a leading apostrophe, so a line break cannot smuggle one in either.
    """
    parts = _LINE_BREAK.split(_CONTROL.sub("\ufffd", str(value)))
    for index in range(2, len(parts), 2):  # parts: line, break, line, break, line...
        if _starts_formula(parts[index]):
            parts[index] = "'" + parts[index]
    text = "".join(parts)
    return "'" + text if _starts_formula(text) else text


def timeline_csv(story: Story) -> str:
    """The story's events, one row each, oldest first; every cell quoted, CRLF line endings (RFC 4180)."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for event in story.events:
        writer.writerow([_cell(v) for v in (
            event.date.isoformat(), event.precision, event.title, event.summary,
            "yes" if event.from_article else "no", " ".join(map(str, event.paragraphs)),
            " ".join(event.features), event.source, event.date_source,
        )])
    return out.getvalue()
