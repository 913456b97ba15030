"""Read the course's CSV files directly, without course_lib, so tests compute the truth
independently of the code they test."""

from __future__ import annotations

import csv
from pathlib import Path

DATASETS = Path(__file__).resolve().parent.parent / "datasets"
#: Units to one base, written out here on purpose (not imported from course_lib).
SCALE = {
    "USD": 1.0, "USD_million": 1e6, "USD_billion": 1e9, "GBP": 1.0, "GBP_million": 1e6,
    "EUR_million": 1e6, "JPY_million": 1e6, "JPY_billion": 1e9, "count": 1.0,
    "thousand": 1e3, "million": 1e6,
}  # fmt: skip


def rows(case: str, file: str = "observations") -> list[dict[str, str]]:
    """Every row of a case's CSV file, as the csv module reads it."""
    with open(DATASETS / case / f"{file}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def value(
    case: str,
    metric: str,
    year: int,
    entity: str | None = None,
    unit: str | None = None,
    basis: str | None = None,
) -> float:
    """The preferred figure (or the one on ``basis``) for one year, converted to ``unit``."""
    found = [
        row for row in rows(case)
        if row["metric"] == metric and int(row["year"]) == year
        and (entity is None or row["entity"] == entity)
        and (row.get("basis", "") == basis if basis is not None else row["preferred"] == "true")
    ]  # fmt: skip
    if len(found) != 1:
        raise LookupError(f"{len(found)} rows for {case} {entity} {metric} {year} {basis}")
    row = found[0]
    amount = float(row["value"])
    if unit is None:
        return amount
    return amount * SCALE[row["unit"]] / SCALE[unit]


def series(
    case: str, metric: str, entity: str | None = None, unit: str | None = None
) -> dict[int, float]:
    """Every preferred figure of one metric, by year."""
    years = {
        int(row["year"]) for row in rows(case)
        if row["metric"] == metric and (entity is None or row["entity"] == entity)
    }  # fmt: skip
    return {year: value(case, metric, year, entity, unit) for year in sorted(years)}
