"""The situation's source tables (`control/*.csv`): settlements and changes of control.

Each row is checked like a feature: a bad row is reported (file, row, field, a bounded quote of the
value) and skipped, and the rest are used. Columns are documented in the story folder's README.md.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TypeVar

from geo.load.budgets import BUDGETS
from geo.load.files import read_text
from geo.model import Extent
from geo.problems import Problem, quote

SETTLEMENTS = "control/settlements.csv"
CHANGES = "control/changes.csv"
DEPLOYMENTS = "control/deployments.csv"
SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
SETTLEMENT_COLUMNS = ("id", "name", "governorate", "lon", "lat", "coord_source", "coord_url", "accuracy_km",
                      "controller_at_start", "start_source", "start_url")
CHANGE_COLUMNS = ("settlement_id", "date", "controller", "source", "url", "corroboration", "corroboration_url",
                  "date_note")
DEPLOYMENT_COLUMNS = ("settlement_id", "date", "force", "source", "url", "corroboration", "corroboration_url", "note")


@dataclass(frozen=True)
class Settlement:
    """A place whose controller is tracked; its Voronoi cell is the ground it stands for."""

    id: str
    name: str
    governorate: str
    lon: float
    lat: float
    coord_source: str
    accuracy_km: float
    controller_at_start: str
    start_source: str


@dataclass(frozen=True)
class Change:
    """From `date` on, `controller` held the settlement."""

    settlement: str
    date: date
    controller: str
    source: str
    corroboration: str
    date_note: str


@dataclass(frozen=True)
class Deployment:
    """From `date` on, `force` (e.g. government, russia) was reported deployed at the settlement, who kept control."""

    settlement: str
    date: date
    force: str
    source: str
    corroboration: str
    note: str


Row = TypeVar("Row")


class RowError(ValueError):
    """One bad field of one row."""


def read_rows(folder: Path, name: str, columns: tuple[str, ...], problems: list[Problem]) -> list[dict[str, str]]:
    """A CSV table's rows by column name ([] with a Problem when it cannot be read or lacks a column)."""
    text, problem = read_text(folder, name, BUDGETS.table_bytes)
    if problem is not None or text is None:
        problems.append(problem or Problem(name, "cannot be read"))
        return []
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in columns if c not in (reader.fieldnames or [])]
    if missing:
        problems.append(Problem(name, f"lacks the columns {', '.join(missing)}"))
        return []
    try:
        return list(reader)
    except csv.Error as exc:
        problems.append(Problem(name, f"is not valid CSV: {exc}"))
        return []


def row_text(row: dict[str, str], key: str, required: bool = True) -> str:
    """A row's field, stripped: RowError when it is required and empty, or over the string budget."""
    value = (row.get(key) or "").strip()
    if required and not value:
        raise RowError(f"{key!r} is empty")
    if len(value) > BUDGETS.string_chars:
        raise RowError(f"{key!r} is longer than the budget of {BUDGETS.string_chars:,} characters")
    return value


def _number(row: dict[str, str], key: str, low: float, high: float) -> float:
    raw = row_text(row, key)
    try:
        value = float(raw)
    except ValueError:
        raise RowError(f"{key!r} is {quote(raw)}, expected a number") from None
    if not (math.isfinite(value) and low <= value <= high):
        raise RowError(f"{key!r} is {quote(raw)}, expected a number from {low} to {high}")
    return value


def _controller(row: dict[str, str], key: str, controllers: tuple[str, ...]) -> str:
    value = row_text(row, key)
    if value not in controllers:
        raise RowError(f"{key!r} is {quote(value)}, expected one of {', '.join(controllers)} (story.json)")
    return value


def _slug(row: dict[str, str], key: str) -> str:
    value = row_text(row, key)
    if not SLUG.fullmatch(value):
        raise RowError(f"{key!r} is {quote(value)}, expected lowercase letters, digits and '-'")
    return value


def _checked(name: str, rows: list[dict[str, str]], parse: Callable[[dict[str, str]], Row],
             problems: list[Problem]) -> list[Row]:
    kept: list[Row] = []
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        try:
            kept.append(parse(row))
        except RowError as exc:
            problems.append(Problem(name, f"{exc}; row skipped", f"row {number}"))
    return kept


def read_settlements(folder: Path, controllers: tuple[str, ...], extent: Extent,
                     problems: list[Problem]) -> list[Settlement]:
    """The settlements table: ids unique, positions inside the story's extent, controllers the story's."""
    west, south, east, north = extent
    def parse(row: dict[str, str]) -> Settlement:
        return Settlement(
            id=_slug(row, "id"), name=row_text(row, "name"), governorate=row_text(row, "governorate"),
            lon=_number(row, "lon", west, east), lat=_number(row, "lat", south, north),
            coord_source=row_text(row, "coord_source"), accuracy_km=_number(row, "accuracy_km", 0.0, 20.0),
            controller_at_start=_controller(row, "controller_at_start", controllers),
            start_source=row_text(row, "start_source"),
        )
    settlements = _checked(SETTLEMENTS, read_rows(folder, SETTLEMENTS, SETTLEMENT_COLUMNS, problems), parse, problems)
    seen: set[str] = set()
    unique = []
    for settlement in settlements:
        if settlement.id in seen:
            problems.append(Problem(SETTLEMENTS, "id is used twice; row skipped", f"settlement {settlement.id!r}"))
            continue
        seen.add(settlement.id)
        unique.append(settlement)
    return unique


def read_changes(folder: Path, known: set[str], span: tuple[date, date], controllers: tuple[str, ...],
                 problems: list[Problem]) -> list[Change]:
    """The changes table, each naming a known settlement and dated inside `span`; oldest first."""
    def parse(row: dict[str, str]) -> Change:
        settlement = _slug(row, "settlement_id")
        if settlement not in known:
            raise RowError(f"'settlement_id' {settlement!r} is not in {SETTLEMENTS}")
        return Change(settlement=settlement, date=_dated(row, span),
                      controller=_controller(row, "controller", controllers), source=row_text(row, "source"),
                      corroboration=row_text(row, "corroboration", required=False),
                      date_note=row_text(row, "date_note", required=False))
    changes = _checked(CHANGES, read_rows(folder, CHANGES, CHANGE_COLUMNS, problems), parse, problems)
    return sorted(changes, key=lambda c: c.date)


def _dated(row: dict[str, str], span: tuple[date, date]) -> date:
    """The row's `date`, an ISO date inside the covered range."""
    raw_date = row_text(row, "date")
    try:
        day = date.fromisoformat(raw_date)
    except ValueError:
        raise RowError(f"'date' is {quote(raw_date)}, expected an ISO date") from None
    if not span[0] <= day <= span[1]:
        raise RowError(f"'date' {day} is outside the covered range {span[0]} to {span[1]}")
    return day


def read_deployments(folder: Path, known: set[str], span: tuple[date, date],
                     problems: list[Problem]) -> list[Deployment]:
    """The deployments table (optional): forces reported at a settlement whose controller stayed; oldest first."""
    if not (folder / DEPLOYMENTS).exists() and not (folder / DEPLOYMENTS).is_symlink():
        return []
    def parse(row: dict[str, str]) -> Deployment:
        settlement = _slug(row, "settlement_id")
        if settlement not in known:
            raise RowError(f"'settlement_id' {settlement!r} is not in {SETTLEMENTS}")
        return Deployment(settlement=settlement, date=_dated(row, span), force=_slug(row, "force"),
                          source=row_text(row, "source"), corroboration=row_text(row, "corroboration", required=False),
                          note=row_text(row, "note", required=False))
    rows = read_rows(folder, DEPLOYMENTS, DEPLOYMENT_COLUMNS, problems)
    return sorted(_checked(DEPLOYMENTS, rows, parse, problems), key=lambda d: d.date)
