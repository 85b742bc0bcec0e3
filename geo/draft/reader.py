"""Read an article file: refuse what is not an English plain-text article, then find its parts.

An article is plain text: the headline on the first line, then the body (a byline, a dateline such as
"MOSCOW, February 4. /TASS/:" or "Amman, 11 September 2018", and a photo caption may be there). Its
paragraphs are counted by the project's rule (`geo.load.article.paragraphs`), so a draft cites them exactly as
the story's citations do. Every refusal is a `DraftError` that says what is wrong; nothing here raises
anything else for a bad file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from geo.load.article import paragraphs as body_paragraphs
from geo.load.timeline import MONTHS

MAX_BYTES = 500_000  # a long feature is some 60 KB; anything far larger is not one article
_RTL = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_HTML = re.compile(r"<\s*(html|head|body|div|p|span|script|meta|!doctype)\b", re.IGNORECASE)
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_PLACE = r"[A-Z][A-Za-z'’.-]+(?: [A-Z][A-Za-z'’.-]+){0,3}"
# "MOSCOW, February 4. /TASS/:" and "ANKARA, Oct 9, 2019 (Reuters) -"
_DATELINE_MONTH_DAY = re.compile(
    rf"^(?P<place>{_PLACE}),\s+(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}})(?:,?\s+(?P<year>\d{{4}}))?\.?\s*"
    r"(?:/(?P<agency>[A-Za-z][A-Za-z .-]{0,30})/|\((?P<agency2>[A-Za-z][A-Za-z .-]{0,30})\))?\s*[:.—–-]*\s*")
# "Amman, 11 September 2018" and "New York, 28 August 2018"
_DATELINE_DAY_MONTH = re.compile(
    rf"^(?P<place>{_PLACE}),\s+(?P<day>\d{{1,2}})\s+(?P<month>{_MONTH})\s+(?P<year>\d{{4}})\b[.:—–-]*\s*")
# "BEIRUT (Reuters) -" and "MOSCOW -": a place without a date
_DATELINE_PLACE = re.compile(r"^(?P<place>[A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+){0,3})(?:,\s+[A-Z][A-Za-z.]+)?"
                             r"\s*(?:\((?P<agency>[A-Za-z][A-Za-z .-]{0,30})\))?\s+[—–-]+\s+")
# a date on a line of its own: "27 Feb 2020", "Issued on: October 6, 2019"
_DATE_LINE = re.compile(rf"^(?:[A-Za-z ]+:\s*)?(?:(?P<day>\d{{1,2}})\s+(?P<month>{_MONTH})\s+(?P<year>\d{{4}})"
                        rf"|(?P<month2>{_MONTH})\s+(?P<day2>\d{{1,2}}),\s+(?P<year2>\d{{4}}))\s*$")


class DraftError(Exception):
    """An article or an output folder the drafting tool cannot use; the message says why."""


@dataclass(frozen=True)
class Dateline:
    """Where and when the article says it was filed; the year may be missing (it is inferred later)."""

    place: str = ""
    month: int | None = None
    day: int | None = None
    year: int | None = None
    publisher: str = ""
    text: str = ""  # the dateline as printed, to strip from the first paragraph


@dataclass(frozen=True)
class ArticleText:
    """An article's parts: headline, dateline and body paragraphs (paragraph 1 is index 0)."""

    headline: str
    dateline: Dateline
    paragraphs: list[str]


def _month(text: str) -> int:
    return next(i for i, name in enumerate(MONTHS, 1) if name.lower().startswith(text.lower().rstrip(".")[:3]))


def decode(data: bytes, name: str) -> str:
    """The article's text; refuses empty, binary, oversized, HTML and right-to-left files by name."""
    if len(data) > MAX_BYTES:
        raise DraftError(f"{name} is {len(data):,} bytes; an article is expected to be under {MAX_BYTES:,} bytes "
                         "(is this the right file?)")
    if b"\x00" in data:
        raise DraftError(f"{name} is a binary file (it holds NUL bytes), not a plain-text article")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DraftError(f"{name} is not UTF-8 text (byte {exc.start:,} cannot be read); save the article as "
                         "UTF-8 plain text") from None
    if not text.strip():
        raise DraftError(f"{name} is empty: there is no article to draft")
    if _HTML.search(text[:5000]):
        raise DraftError(f"{name} looks like HTML (it has tags such as <html> or <p>); save the article as plain "
                         "text: the headline on the first line, then the body")
    letters = [ch for ch in text if ch.isalpha()]
    if letters and sum(1 for ch in letters if _RTL.match(ch)) > 0.2 * len(letters):
        raise DraftError(f"{name} is written in a right-to-left script (Arabic or Hebrew); the drafting tool reads "
                         "English articles only")
    return text


def read_file(path: Path) -> ArticleText:
    """Read and split an article file; a DraftError says what is wrong with it."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
        size = path.stat().st_size
    except FileNotFoundError:
        raise DraftError(f"{path} does not exist") from None
    except IsADirectoryError:
        raise DraftError(f"{path} is a folder; give the article's text file") from None
    except OSError as exc:
        raise DraftError(f"{path} cannot be read ({exc.strerror})") from None
    if size > MAX_BYTES:
        raise DraftError(f"{path} is {size:,} bytes; an article is expected to be under {MAX_BYTES:,} bytes "
                         "(is this the right file?)")
    return split(decode(data, str(path)))


def _dateline(match: re.Match[str]) -> Dateline:
    groups = match.groupdict()
    year = groups.get("year")
    place = groups["place"]
    return Dateline(place=place.title() if place.isupper() else place, month=_month(groups["month"]),
                    day=int(groups["day"]), year=int(year) if year else None,
                    publisher=(groups.get("agency") or groups.get("agency2") or "").strip(), text=match.group(0))


def find_dateline(lines: list[str], first_paragraph: str) -> Dateline:
    """The dateline at the start of the first paragraph, or on a line of its own before it."""
    for pattern in (_DATELINE_MONTH_DAY, _DATELINE_DAY_MONTH):
        if match := pattern.match(first_paragraph):
            return _dateline(match)
    found = Dateline()
    if match := _DATELINE_PLACE.match(first_paragraph):
        place = match.group("place")
        found = Dateline(place=place.title(), publisher=(match.group("agency") or "").strip(), text=match.group(0))
    for line in lines:
        if line == first_paragraph:
            break
        if match := _DATELINE_DAY_MONTH.match(line):
            return _dateline(match)
        if match := _DATE_LINE.match(line):
            day, month, year = (match.group("day") or match.group("day2"), match.group("month") or
                                match.group("month2"), match.group("year") or match.group("year2"))
            return Dateline(place=found.place, month=_month(month), day=int(day), year=int(year),
                            publisher=found.publisher, text=found.text)
    return found


def split(text: str) -> ArticleText:
    """Headline, dateline and paragraphs of an article's text."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    lines = [line for line in lines if line]
    paragraphs = body_paragraphs("\n".join(lines))
    if not paragraphs:
        raise DraftError("the article has no body paragraph (a line that ends a sentence) after its headline")
    return ArticleText(headline=lines[0], dateline=find_dateline(lines[1:], paragraphs[0]), paragraphs=paragraphs)
