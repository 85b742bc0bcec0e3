"""Link previews for the proxy: one PNG per slider stop and an nginx include that names them.

A crawler that fetches a share link (`/?date=2019-10-23`) runs no JavaScript, so Streamlit's page tells it
nothing. `deploy/nginx/story-map.conf` writes og:/twitter: meta tags into the page's `<head>` with
`sub_filter`, from the variables this module's `previews.conf` defines:

- `$storymap_previews_folder`: this folder (absolute), which serves `/previews/<YYYY-MM-DD>.png`;
- `$storymap_preview_date`: `$arg_date` when it is a stop, else the opening date (the article's);
- `$storymap_preview_title`, `$storymap_preview_description`: that date's texts, escaped for an HTML
  attribute and safe inside a double-quoted nginx string.
"""

from __future__ import annotations

import html
import io
import re
import textwrap
from datetime import date
from pathlib import Path

from geo.load.story import check_publishable
from geo.load.timeline import events_on, format_date, opening_date, stops
from geo.model import Story
from geo.render.picture import DPI, map_figure

INCLUDE = "previews.conf"
DESCRIPTION_CHARS = 300
# Characters nginx's parser treats specially even inside a double-quoted string, and their HTML entities
# (a `$` would start a variable: map values are evaluated). `;`, `{`, `}` and `#` are plain text inside quotes.
_NGINX_ENTITIES = {"\\": "&#92;", "$": "&#36;"}
# A folder name nginx can take as it is inside double quotes.
_SAFE_PATH = re.compile(r"^/[^\"\\$\x00-\x1f\x7f]*$")


def attribute(text: str) -> str:
    r"""`text` for an HTML attribute value written into an nginx double-quoted string.

    HTML-escapes `& < > " '`; `\` and `$` become entities; line breaks and other control characters become
    spaces (runs of white space are collapsed).
    """
    text = " ".join(re.sub(r"[\x00-\x1f\x7f]", " ", text).split())
    text = html.escape(text, quote=True)
    return "".join(_NGINX_ENTITIES.get(ch, ch) for ch in text)


def description(story: Story, day: date) -> str:
    """'23 October 2019: <the event titles of that date>' (plain text, before escaping)."""
    events = events_on(story, day)
    when = format_date(day, events[0].precision if events else "day")
    if not events:
        return when
    titles = "; ".join(" ".join(e.title.split()) for e in events)
    return textwrap.shorten(f"{when}: {titles}", DESCRIPTION_CHARS, placeholder=" …")


def preview_png(story: Story, day: date, language: str | None = None) -> bytes:
    """The 1200 × 630 picture of `day` with every layer, saved with PNG optimisation (laid out for `language`)."""
    fig = map_figure(story, day, [spec.id for spec in story.layers], language=language)
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=DPI, facecolor="white", pil_kwargs={"optimize": True})
    return out.getvalue()


def _map(source: str, target: str, default: str, rows: list[tuple[str, str]]) -> str:
    body = "".join(f"    {key} {value};\n" for key, value in rows)
    return f"map {source} {target} {{\n    default {default};\n{body}}}\n"


def previews_conf(story: Story, folder: Path) -> str:
    """The nginx include (http level) for previews written to `folder`."""
    folder_text = str(folder.resolve())
    if not _SAFE_PATH.match(folder_text):
        raise ValueError(f"the previews folder's path has characters nginx cannot take: {folder_text!r}")
    choices = stops(story)
    opening = opening_date(story, choices)
    title = f'"{attribute(story.title)}"'
    texts = {day: f'"{attribute(description(story, day))}"' for day in choices}
    return (
        f"# Link previews for deploy/nginx/story-map.conf, written by `python -m geo previews`: do not edit.\n"
        f"# {len(choices)} dates; a date that is not one of them (or none) gets the opening date, "
        f"{opening.isoformat()}.\n"
        + _map("$host", "$storymap_previews_folder", f'"{folder_text}"', [])
        + _map("$arg_date", "$storymap_preview_date", opening.isoformat(),
               [(day.isoformat(), day.isoformat()) for day in choices])
        + _map("$storymap_preview_date", "$storymap_preview_title", title, [])
        + _map("$storymap_preview_date", "$storymap_preview_description", texts[opening],
               [(day.isoformat(), texts[day]) for day in choices])
    )


def write_previews(story: Story, folder: Path) -> list[Path]:
    """One `<YYYY-MM-DD>.png` per slider stop and `previews.conf` in `folder`; the paths written."""
    check_publishable(story)
    folder.mkdir(parents=True, exist_ok=True)
    conf = previews_conf(story, folder)  # refuses an unusable folder before any picture is drawn
    written = []
    for day in stops(story):
        path = folder / f"{day.isoformat()}.png"
        path.write_bytes(preview_png(story, day))
        written.append(path)
    include = folder / INCLUDE
    include.write_text(conf, encoding="utf-8")
    written.append(include)
    return written
