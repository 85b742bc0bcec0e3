"""Dates: year inference, readings with their precision, and where dateparser was measured to be wrong."""

from __future__ import annotations

from datetime import date

import pytest

from geo.draft.dates import dateparser_reading, find_dates, infer_year
from tests.conftest import ARTICLE

TUESDAY = date(2020, 2, 4)


def readings(text: str, base: date = TUESDAY) -> list[tuple[str, str, str, bool]]:
    return [(m.text, m.iso, m.precision, m.event) for m in find_dates([text], base)]


def test_a_weekday_settles_the_missing_year() -> None:
    year, why = infer_year(2, 4, ["The Kremlin said on Tuesday.", "A zone was set up in 2017."], date(2026, 1, 1))
    assert year == 2020
    assert "2025" in why, "the other fitting year is named"


def test_without_a_weekday_the_year_is_not_guessed() -> None:
    year, why = infer_year(2, 4, ["The Kremlin said so."], date(2026, 1, 1))
    assert year is None and "weekday" in why


def test_a_weekday_that_never_fits_is_not_forced() -> None:
    year, _ = infer_year(2, 4, ["It was said on Sunday.", "In 2019 and 2020."], date(2020, 12, 31))
    assert year is None  # 4 February was a Tuesday in 2020: no year from 2020 on fits a Sunday


@pytest.mark.skipif(not ARTICLE.exists(), reason="the seed article is not part of the project")
def test_the_seed_article_is_dated_4_february_2020() -> None:
    from geo.draft import read_file
    from geo.draft.pipeline import article_date

    found, why = article_date(read_file(ARTICLE), None, date(2026, 1, 1))
    assert found == TUESDAY and "Tuesday" in why


def test_dateparser_reads_on_tuesday_in_a_tuesday_report_as_a_week_before() -> None:
    """The measurement behind our weekday rule: dateparser (preferring the past) says 28 January."""
    assert dateparser_reading("on Tuesday", TUESDAY) == (date(2020, 1, 28), "day")
    assert readings("The Kremlin said on Tuesday.") == [("on Tuesday", "2020-02-04", "day", True)]


def test_dateparser_reads_a_month_and_day_without_year_in_the_past_only() -> None:
    """Told to prefer the past, dateparser puts 'January 12' of a 10 January report in 2019."""
    assert dateparser_reading("January 12", date(2020, 1, 10)) == (date(2019, 1, 12), "day")
    assert readings("A ceasefire from January 12.", date(2020, 1, 10))[0][1] == "2020-01-12"
    assert readings("They met on October 22.")[0][1] == "2019-10-22"


@pytest.mark.parametrize(("text", "reading", "precision"), [
    ("They met on 11 September 2018.", "2018-09-11", "day"),
    ("the September 2018 memorandum", "2018-09", "month"),
    ("a zone set up in 2017", "2017", "year"),
    ("fighting in early February", "2020-02-01/2020-02-09", "range"),
    ("since late last year", "2019-09-01/2019-12-31", "range"),
    ("talks last week", "2020-01-27/2020-02-02", "range"),
    ("Between 1 and 25 February, strikes", "2020-02-01/2020-02-25", "range"),
    ("on the night of 7 to 8 June", "2019-06-07/2019-06-08", "range"),
    ("Last month, the envoy said", "2020-01", "month"),
    ("It happened yesterday.", "2020-02-03", "day"),
    ("The talks will resume on Thursday.", "2020-02-06", "day"),
    ("Fighting stopped on Sunday.", "2020-02-02", "day"),
])
def test_readings_and_their_precision(text: str, reading: str, precision: str) -> None:
    found = readings(text)
    assert [(r[1], r[2]) for r in found] == [(reading, precision)]


def test_not_events_resolution_years_and_times_of_day() -> None:
    found = readings("under Security Council resolution 2254 (2015), from 00:01 on 6 March, at 12:00 noon")
    assert ("2015", "2015", "year", False) in found
    assert all(text != "00:01" for text, *_ in found)
    assert [r for r in found if r[3]] == [("6 March", "2020-03-06", "day", True)]


def test_one_day_later_counts_from_the_date_before() -> None:
    found = readings("A hospital was hit on 8 September. One day later, another was struck.", date(2018, 9, 11))
    assert [r[1] for r in found] == ["2018-09-08", "2018-09-09"]


def test_an_ambiguous_reading_says_why() -> None:
    (mention,) = find_dates(["The summit will be held on March 5."], TUESDAY)
    assert mention.first == date(2020, 3, 5) and "after the dateline" in mention.note
