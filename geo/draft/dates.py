"""Find the date expressions of an article and read each against its dateline, with a precision.

`dateparser` reads what it reads right: full dates ("11 September 2018", "September 17, 2018"), a month
and year, and the plain relative words ("yesterday", "last month", "last year", "three days ago"). Our own
rules cover what it was measured to get wrong or not to read at all (tests/draft/test_draft_dates.py measures
each case against dateparser itself):

- a weekday: "on Tuesday" in a report dated Tuesday is that day; dateparser, told to prefer the past,
  reads it as the Tuesday a week before (and, told to prefer the current period, reads a month and day
  without a year as this year even when that lies months ahead);
- a month and day without a year ("October 22" in a February report): the year that puts it nearest the
  dateline, so last October rather than next;
- parts and ranges dateparser does not read: "early February", "late last year", "last week", "between
  1 and 25 February", "the night of 7 to 8 June".

Expressions that are not dates of events are kept with the reason (a resolution's year, "resolution 2254
(2015)"), and times of day are never matched. Where the reading is uncertain, the reason says so.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dateparser.date import DateDataParser

MONTH_NAMES = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTH_NAMES |= {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
MONTH_NAMES["sept"] = 9
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_M = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|" \
     r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
_D = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_Y = r"(?:19|20)\d\d"
_W = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_PART = r"(?:early|mid|late|the end of|end of|the beginning of|beginning of|the start of|start of)"
_FUTURE = re.compile(r"\b(will|shall|is to|are to|is due|are due|scheduled|next|planned|plans to|would begin)\b",
                     re.IGNORECASE)

# (name, pattern); tried in this order, and a later match may not overlap an earlier one.
PATTERNS: list[tuple[str, re.Pattern[str]]] = [(name, re.compile(pattern)) for name, pattern in [
    ("day_range", rf"\b(?i:between|from)\s+(?P<d1>{_D})\s+(?:and|to)\s+(?P<d2>{_D})\s+(?P<m>{_M})"
                  rf"(?:,?\s+(?P<y>{_Y}))?"),
    ("day_range", rf"\b(?i:the\s+)?(?i:night)\s+of\s+(?P<d1>{_D})\s+(?:to|and|-)\s+(?P<d2>{_D})\s+(?P<m>{_M})"
                  rf"(?:,?\s+(?P<y>{_Y}))?"),
    ("day_range", rf"\b(?P<d1>{_D})\s*[-–]\s*(?P<d2>{_D})\s+(?P<m>{_M})(?:,?\s+(?P<y>{_Y}))?"),
    ("full", rf"\b{_D}\s+{_M},?\s+{_Y}\b"),
    ("full", rf"\b{_M}\s+{_D},?\s+{_Y}\b"),
    ("part", rf"\b(?P<part>(?i:{_PART}))[\s-]+(?:(?P<m>{_M})(?:\s+(?P<y>{_Y}))?|(?P<rel>last|this|next)\s+"
             rf"(?P<unit>year|month)|(?P<y2>{_Y}))\b"),
    ("month_year", rf"\b{_M}\s+(?:of\s+)?{_Y}\b"),
    ("day_month", rf"\b(?P<d>{_D})\s+(?P<m>{_M})(?![\w])"),
    ("day_month", rf"\b(?P<m>{_M})\s+(?P<d>{_D})\b(?!\s*(?:%|per\s?cent|km|kilomet|people|hours|days))"),
    ("weekday", rf"\b(?P<rel>(?i:last|next|this|on|since|by|until|from))?\s*(?P<w>{_W})(?:['’]s)?\b"),
    ("relative", r"(?i)\b(?:earlier\s+|later\s+)?(?:this|last|next)\s+(?:week|month|year)\b|\b(?:yesterday|today|"
                 r"tomorrow)\b|\b(?:a|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+(?:days?|weeks?|"
                 r"months?|years?)\s+ago\b"),
    ("month", rf"\b(?P<rel>(?i:in|since|last|this|from|until|by|of|during|early|late))\s+(?P<m>{_M})(?![\w])"),
    ("year", rf"(?<![\d.,:/-])(?P<y>{_Y})(?![\d.,:/-]?\d)(?!\s*(?:people|civilians|km|troops|soldiers|"
             r"families|children|persons|hours|metres|meters))"),
]]
# "one day later", "the same day", "the next day": read against the date named just before, in the paragraph
_ANCHORED = re.compile(r"(?i)\b(?:(?P<n>one|a|two|three|\d)\s+days?\s+(?P<dir>later|earlier|before|after)|"
                       r"the\s+(?P<rel>same|next|following|previous)\s+day)\b")
_ANCHOR_SHIFT = {"same": 0, "next": 1, "following": 1, "previous": -1}
_RESOLUTION_YEAR = re.compile(r"\bresolutions?\s+\d{3,4}(?:\s*,?\s*(?:and\s+)?\d{3,4})*\s*\($", re.IGNORECASE)
_NUMBER_WORDS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                 "nine": 9, "ten": 10}


@dataclass(frozen=True)
class DateMention:
    """One date expression: where it is, what it reads as, and whether it dates an event."""

    paragraph: int  # 1-based, as the story cites paragraphs
    start: int
    end: int
    text: str
    first: date
    last: date  # == first for a single day
    precision: str  # "day", "month", "year" or "range"
    rule: str  # "dateparser" or the name of our own rule
    event: bool = True
    note: str = ""  # why the reading is uncertain, or why it is not an event

    @property
    def iso(self) -> str:
        """The reading as text: 2020-02-04, 2019-10, 2017, or 2020-02-01/2020-02-10."""
        if self.precision == "day":
            return self.first.isoformat()
        if self.precision == "month":
            return self.first.isoformat()[:7]
        if self.precision == "year":
            return str(self.first.year)
        return f"{self.first.isoformat()}/{self.last.isoformat()}"


@lru_cache(maxsize=8)
def _parser(base: date) -> DateDataParser:
    from dateparser.date import DateDataParser  # noqa: PLC0415 - loads its language data: only when drafting

    return DateDataParser(languages=["en"], settings={
        "RELATIVE_BASE": datetime(base.year, base.month, base.day), "PREFER_DATES_FROM": "past",
        "RETURN_TIME_AS_PERIOD": True, "STRICT_PARSING": False})


def dateparser_reading(text: str, base: date) -> tuple[date, str] | None:
    """Dateparser's reading (a date and its period: day, week, month or year), or None."""
    data = _parser(base).get_date_data(text)
    if data.date_obj is None or data.period == "time":
        return None
    return data.date_obj.date(), str(data.period)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def nearest_year(month: int, day: int, base: date, future: bool = False) -> tuple[date, str]:
    """The month and day in the year that puts it nearest the dateline (our rule; see the module's doc).

    News mostly looks back: a day ahead of the dateline counts three times its distance, unless the
    sentence speaks of the future ("will", "is to", "scheduled").
    """
    options = []
    for year in (base.year - 1, base.year, base.year + 1):
        try:
            options.append(date(year, month, day))
        except ValueError:  # 29 February
            continue

    def distance(day: date) -> int:
        days = (day - base).days
        return days if days >= 0 and future else 3 * days if days > 0 else -days

    chosen = min(options, key=distance)
    note = "after the dateline: a planned date?" if chosen > base else ""
    return chosen, note


def weekday_date(weekday: int, base: date, relation: str, future: bool) -> date:
    """A weekday read against the dateline (our rule): the report's own day, else the last one before it."""
    if relation == "next" or (future and relation != "last"):
        ahead = (weekday - base.weekday()) % 7
        return base + timedelta(days=ahead or 7)
    back = (base.weekday() - weekday) % 7
    if relation == "last" and back == 0:
        back = 7
    return base - timedelta(days=back)


def _month_of(month: int, base: date, relation: str, future: bool) -> date:
    if relation == "last":
        year = base.year - 1 if month >= base.month else base.year
    elif future or relation in ("until", "by"):
        year = base.year if month >= base.month else base.year + 1
    else:
        year = base.year if month <= base.month else base.year - 1
    return date(year, month, 1)


def _part(part: str, first: date, last: date) -> tuple[date, date]:
    """Early, mid or late in a span: its first, middle or last third (of a year: Jan-Apr, May-Aug, Sep-Dec)."""
    if first.month == 1 and last.month == 12 and first.year == last.year:
        thirds = [(date(first.year, 1, 1), date(first.year, 4, 30)), (date(first.year, 5, 1), date(first.year, 8, 31)),
                  (date(first.year, 9, 1), date(first.year, 12, 31))]
    else:
        span = (last - first).days + 1
        cut1, cut2 = first + timedelta(days=span // 3), first + timedelta(days=2 * span // 3)
        thirds = [(first, cut1 - timedelta(days=1)), (cut1, cut2 - timedelta(days=1)), (cut2, last)]
    part = part.lower()
    if part.startswith(("early", "the beginning", "beginning", "the start", "start")):
        return thirds[0]
    return thirds[1] if part.startswith("mid") else thirds[2]


def _number(text: str) -> int:
    return int(text) if text.isdigit() else _NUMBER_WORDS[text.lower()]


def _read_relative(text: str, base: date) -> tuple[date, date, str, str]:
    lowered = text.lower()
    if "week" in lowered and "ago" not in lowered:
        monday = base - timedelta(days=base.weekday())
        shift = {"last": -7, "next": 7}.get(lowered.split()[-2], 0)
        return monday + timedelta(days=shift), monday + timedelta(days=shift + 6), "range", "week"
    if match := re.match(r"(\w+)\s+(day|week|month|year)s?\s+ago", lowered):
        count, unit = _number(match.group(1)), match.group(2)
        if unit in ("day", "week"):
            day = base - timedelta(days=count * (7 if unit == "week" else 1))
            return day, day, "day" if unit == "day" else "range", "dateparser"
    reading = dateparser_reading(text.replace("earlier ", "").replace("later ", ""), base)
    if reading is None:
        raise ValueError(text)
    day, period = reading
    if period == "year":
        return date(day.year, 1, 1), date(day.year, 12, 31), "year", "dateparser"
    if period == "month":
        return date(day.year, day.month, 1), _month_end(day.year, day.month), "month", "dateparser"
    return day, day, "day", "dateparser"


Reading = tuple[date, date, str, str, str]  # first, last, precision, rule, note


@dataclass(frozen=True)
class Expression:
    """A matched expression: its named parts, its words, the dateline, and whether its sentence looks ahead."""

    groups: dict[str, str]
    text: str
    base: date
    future: bool


def _parsed(text: str, base: date) -> date:
    reading = dateparser_reading(text, base)
    if reading is None:
        raise ValueError(text)
    return reading[0]


def _month_number(groups: dict[str, str], key: str = "m") -> int:
    return MONTH_NAMES[groups[key].lower().rstrip(".")]


def _read_full(x: Expression) -> Reading:
    day = _parsed(x.text, x.base)
    return day, day, "day", "dateparser", ""


def _read_month_year(x: Expression) -> Reading:
    day = _parsed(x.text, x.base)
    return date(day.year, day.month, 1), _month_end(day.year, day.month), "month", "dateparser", ""


def _read_day_range(x: Expression) -> Reading:
    month = _month_number(x.groups)
    d1, d2 = int(re.sub(r"\D", "", x.groups["d1"])), int(re.sub(r"\D", "", x.groups["d2"]))
    if "y" in x.groups:
        first, note = date(int(x.groups["y"]), month, d1), ""
    else:
        first, note = nearest_year(month, d1, x.base, x.future)
    return first, first.replace(day=d2), "range", "day_range", note


def _read_day_month(x: Expression) -> Reading:
    day, note = nearest_year(_month_number(x.groups), int(re.sub(r"\D", "", x.groups["d"])), x.base, x.future)
    return day, day, "day", "nearest_year", note


def _read_weekday(x: Expression) -> Reading:
    day = weekday_date(WEEKDAYS[x.groups["w"].lower()], x.base, (x.groups.get("rel") or "").lower(), x.future)
    return day, day, "day", "weekday", "the report's own day" if day == x.base else ""


def _read_month(x: Expression) -> Reading:
    relation = x.groups["rel"].lower()
    first = _month_of(_month_number(x.groups), x.base, relation, x.future)
    last = _month_end(first.year, first.month)
    if relation in ("early", "late"):
        first, last = _part(relation, first, last)
        return first, last, "range", "part", ""
    return first, last, "month", "month_alone", ""


def _read_part(x: Expression) -> Reading:
    if "m" in x.groups:
        month = _month_number(x.groups)
        first = date(int(x.groups["y"]), month, 1) if "y" in x.groups else _month_of(month, x.base, "in", x.future)
        last = _month_end(first.year, first.month)
    elif "unit" in x.groups:
        shift = {"last": -1, "next": 1}.get(x.groups["rel"].lower(), 0)
        if x.groups["unit"] == "year":
            first, last = date(x.base.year + shift, 1, 1), date(x.base.year + shift, 12, 31)
        else:
            month_index = x.base.year * 12 + x.base.month - 1 + shift
            first = date(month_index // 12, month_index % 12 + 1, 1)
            last = _month_end(first.year, first.month)
    else:
        first, last = date(int(x.groups["y2"]), 1, 1), date(int(x.groups["y2"]), 12, 31)
    first, last = _part(x.groups["part"], first, last)
    return first, last, "range", "part", ""


def _read_relative_match(x: Expression) -> Reading:
    first, last, precision, rule = _read_relative(x.text, x.base)
    return first, last, precision, rule, ""


def _read_year(x: Expression) -> Reading:
    year = int(x.groups["y"])
    return date(year, 1, 1), date(year, 12, 31), "year", "year", ""


READERS = {"full": _read_full, "month_year": _read_month_year, "day_range": _read_day_range,
           "day_month": _read_day_month, "weekday": _read_weekday, "month": _read_month, "part": _read_part,
           "relative": _read_relative_match, "year": _read_year}


def _read(name: str, match: re.Match[str], base: date, sentence: str) -> Reading:
    """(first, last, precision, rule, note) of one matched expression."""
    groups = {k: v for k, v in match.groupdict().items() if v}
    return READERS[name](Expression(groups, match.group(0), base, bool(_FUTURE.search(sentence))))


def _sentence_at(text: str, position: int) -> str:
    start = max(text.rfind(". ", 0, position), text.rfind("? ", 0, position), -1) + 1
    end = text.find(". ", position)
    return text[start:end if end >= 0 else len(text)]


def _year_is_plausible(year: int, base: date) -> bool:
    return 1900 <= year <= base.year + 5


def find_dates(paragraphs: list[str], base: date) -> list[DateMention]:
    """Every date expression of the paragraphs, read against `base` (the article's date), in text order."""
    found: list[DateMention] = []
    for number, text in enumerate(paragraphs, 1):
        taken: list[tuple[int, int]] = []
        for name, pattern in PATTERNS:
            for match in pattern.finditer(text):
                start, end = match.span()
                if match.group(0)[:1].isspace():
                    start += len(match.group(0)) - len(match.group(0).lstrip())
                if any(start < b and a < end for a, b in taken):
                    continue
                if name == "year" and not _year_is_plausible(int(match.group("y")), base):
                    continue
                if name == "weekday" and not match.group("w"):
                    continue
                try:
                    first, last, precision, rule, note = _read(name, match, base, _sentence_at(text, start))
                except (ValueError, KeyError, OverflowError):
                    continue
                event = True
                if name == "year" and _RESOLUTION_YEAR.search(text[max(0, start - 40):start]):
                    event, note = False, "the year of a Security Council resolution, not an event"
                taken.append((start, end))
                found.append(DateMention(number, start, end, text[start:end], first, last, precision, rule, event,
                                         note))
    return sorted(found + _anchored(paragraphs, found), key=lambda m: (m.paragraph, m.start))


def _anchored(paragraphs: list[str], found: list[DateMention]) -> list[DateMention]:
    """'One day later' and 'the same day', read against the last day named before them in the paragraph."""
    extra = []
    for number, text in enumerate(paragraphs, 1):
        for match in _ANCHORED.finditer(text):
            before = [m for m in found if m.paragraph == number and m.end <= match.start() and m.precision == "day"]
            if not before:
                continue
            anchor = before[-1]
            if match.group("rel"):
                shift = _ANCHOR_SHIFT[match.group("rel").lower()]
            else:
                count = _number(match.group("n"))
                shift = count if match.group("dir").lower() in ("later", "after") else -count
            day = anchor.first + timedelta(days=shift)
            extra.append(DateMention(number, match.start(), match.end(), match.group(0), day, day, "day", "anchored",
                                     note=f"counted from '{anchor.text}'"))
    return extra


def infer_year(month: int, day: int, paragraphs: list[str], today: date) -> tuple[int | None, str]:
    """The dateline's missing year, from a weekday the text gives for the report's day.

    "On Tuesday" with February 4 fits 2014, 2020 and 2025; of the years that fit, the first that is no
    earlier than the latest year the article names (2017 in the seed article) and not after today is
    taken, and the reason names the others. Returns (None, why) when no weekday settles it.
    """
    text = " ".join(paragraphs)
    weekdays = {WEEKDAYS[w.lower()] for w in re.findall(rf"\b(?:on|said|says|announced)\s+({_W})\b", text)}
    if not weekdays:
        weekdays = {WEEKDAYS[w.lower()] for w in re.findall(rf"\b({_W})\b", text)}
    if not weekdays:
        return None, "the text names no weekday"
    named = [int(y) for y in re.findall(rf"(?<!\d)({_Y})(?!\d)", text) if int(y) <= today.year]
    floor = max(named, default=today.year - 30)
    fitting = []
    for year in range(floor, today.year + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate.weekday() in weekdays and candidate <= today:
            fitting.append(year)
    if not fitting:
        return None, (f"no year from {floor} to {today.year} puts {calendar.month_name[month]} {day} on "
                      f"{' or '.join(calendar.day_name[w] for w in sorted(weekdays))}")
    others = ", ".join(str(y) for y in fitting[1:4])
    why = (f"{calendar.month_name[month]} {day} was a {calendar.day_name[date(fitting[0], month, day).weekday()]} "
           f"in {fitting[0]}, the first such year since {floor} (the latest year the article names)")
    return fitting[0], why + (f"; {others} would fit too" if others else "")
