"""The course's cases: list them, load one, ask for one metric by year, cite the sources.

Every figure comes from the course's data package (see :mod:`course_lib.datapackage`),
checked against its schema when first read. Each row is one figure: an entity, a year, a
metric, its value and unit, the source it was taken from, and its basis (which version of
the figures it belongs to, when a company restated them; empty means as reported).

>>> sorted(cases())[:3]
['adoption', 'aviation', 'cameras']
>>> kodak = load("kodak")
>>> kodak.loc[(kodak.year == 2005) & (kodak.metric == "revenue_digital"), "value"].item()
7757.0
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from . import datapackage
from .datapackage import SIGNED_METRIC, UNIT_SCALES, DatasetError

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "basis_breaks",
    "cases",
    "citation",
    "coverage",
    "events",
    "in_base_unit",
    "load",
    "metric",
    "series",
    "sources",
    "tidy_series",
]


def _resource(case: str, kind: str) -> dict | None:
    return datapackage.resource(f"{case.replace('_', '-')}-{kind}")


def cases() -> dict[str, str]:
    """The course's cases: folder name mapped to title.

    >>> cases()["video_rental"]
    'Blockbuster and Netflix'
    """
    return {
        r["path"].split("/")[0]: r.get("title", r["name"])
        for r in datapackage.package()["resources"]
        if r["name"].endswith("-observations")
    }


def _check_observations(case: str, frame: pd.DataFrame) -> None:
    """The course's own rules, beyond the schema: only incomes, losses and changes may be
    negative, and exactly one row of each (entity, year, metric) is preferred."""
    path = f"{case}/observations.csv"
    problems = []
    for index, row in frame.iterrows():
        line = index + 2
        if row.value < 0 and not SIGNED_METRIC.search(row.metric):
            problems.append(f"{path}, row {line}: {row.metric} cannot be negative ({row.value})")
    preferred = frame[frame.preferred].groupby(["entity", "year", "metric"]).size()
    counts = frame.groupby(["entity", "year", "metric"]).size().to_frame("rows")
    counts["preferred"] = preferred.reindex(counts.index).fillna(0)
    for (entity, year, metric), row in counts[counts.preferred != 1].iterrows():
        problems.append(
            f"{path}: {entity} {year} {metric} has {int(row.preferred)} preferred rows; "
            "exactly one must be preferred"
        )
    if problems:
        raise DatasetError("\n".join(problems))


def _load_case(case: str) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """A case's observations, sources and events, checked; kept per data folder."""
    return _case_in(datapackage.data_folder(), case)


@cache
def _case_in(folder: Path, case: str) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    import pandas as pd

    observations = _resource(case, "observations")
    if observations is None:
        close = difflib.get_close_matches(case, list(cases()), n=1)
        suggestion = f' Did you mean "{close[0]}"?' if close else ""
        raise KeyError(
            f'there is no case "{case}".{suggestion} The cases are: {", ".join(cases())}'
        )
    sources = datapackage.read_resource(_resource(case, "sources")["name"])
    frame = datapackage.read_resource(observations["name"])
    _check_observations(case, frame)
    events_resource = _resource(case, "events")
    events = (
        datapackage.read_resource(events_resource["name"])
        if events_resource
        else pd.DataFrame(columns=["entity", "date", "event", "source_id"])
    )
    frame["year"] = frame["year"].astype("int64")
    frame["value"] = frame["value"].astype("float64")
    frame["preferred"] = frame["preferred"].astype(bool)
    return frame, sources, events


def load(case: str, all_rows: bool = False) -> pd.DataFrame:
    """Load a case as a tidy DataFrame, one figure per row, checked against its schema.

    Only the preferred value of each (entity, year, metric) is kept unless ``all_rows``.

    >>> ibm = load("ibm")
    >>> list(ibm.columns)
    ['entity', 'year', 'metric', 'value', 'unit', 'source_id', 'status', 'preferred', 'basis', 'note']
    >>> load("kodk")
    Traceback (most recent call last):
    ...
    KeyError: 'there is no case "kodk". Did you mean "kodak"? The cases are: ...'
    """
    frame = _load_case(case)[0]
    chosen = frame if all_rows else frame[frame.preferred]
    return chosen.reset_index(drop=True).copy()


def events(case: str) -> pd.DataFrame:
    """The dated events of a case (launches, bankruptcies, sales), oldest first.

    >>> events("kodak").query("date == '2012-01-19'").entity.item()
    'Eastman Kodak'
    """
    return _load_case(case)[2].sort_values("date").reset_index(drop=True).copy()


def sources(frame: pd.DataFrame | Iterable[str]) -> pd.DataFrame:
    """The source rows behind a frame of observations (or behind a list of source ids).

    >>> sources(load("kodak").head(1)).columns[:3].tolist()
    ['source_id', 'title', 'publisher']
    """
    ids = list(dict.fromkeys(frame["source_id"] if hasattr(frame, "columns") else frame))
    every = _all_sources()
    return every[every.source_id.isin(ids)].reset_index(drop=True).copy()


def _all_sources() -> pd.DataFrame:
    return _sources_in(datapackage.data_folder())


@cache
def _sources_in(folder: Path) -> pd.DataFrame:
    import pandas as pd

    # Only the sources tables: loading and checking every case's observations as well, to
    # cite the one case in use, cost a lesson a third of a second.
    tables = [datapackage.read_resource(_resource(case, "sources")["name"]) for case in cases()]
    return pd.concat(tables, ignore_index=True)


def citation(frame: pd.DataFrame, limit: int = 4) -> str:
    """A one-paragraph citation for the figures in ``frame``, to print under a chart.

    >>> text = citation(load("kodak").query("metric == 'revenue_digital'"))
    >>> text.startswith("Sources: ") and "Form 10-K" in text
    True
    """
    rows = sources(frame)
    parts = list(dict.fromkeys(f"{row.title}, {row.url}" for row in rows.itertuples()))
    shown = parts[:limit]
    if len(parts) > limit:
        shown.append(f"and {len(parts) - limit} more (see cl.data.sources)")
    estimated = "estimated" in set(frame.get("status", []))
    note = " Some values are estimates, as their sources state." if estimated else ""
    return "Sources: " + "; ".join(shown) + "." + note


def coverage(case: str) -> pd.DataFrame:
    """Which figures a case has: for each entity and metric, the first and last year, how many
    years have a figure, and how many years in that span have none (the gaps a chart shows).

    >>> table = coverage("video_rental")
    >>> row = table.query("entity == 'Netflix' and metric == 'revenue'").iloc[0]
    >>> int(row.first_year), int(row.last_year), int(row.missing)
    (2002, 2015, 1)
    """
    frame = load(case)
    table = (
        frame.groupby(["entity", "metric"])
        .year.agg(first_year="min", last_year="max", years="nunique")
        .reset_index()
    )
    table["missing"] = table.last_year - table.first_year + 1 - table.years
    return table


def in_base_unit(frame: pd.DataFrame) -> pd.DataFrame:
    """Express every value in its unit's base (``USD_million`` -> ``USD``, ``thousand`` -> ``count``).

    >>> import pandas as pd
    >>> frame = pd.DataFrame({"value": [1.5, 2.0], "unit": ["USD_billion", "USD_million"]})
    >>> in_base_unit(frame)[["value", "unit"]].values.tolist()
    [[1500000000.0, 'USD'], [2000000.0, 'USD']]
    """
    result = frame.copy()
    scale = result["unit"].map(lambda unit: UNIT_SCALES.get(unit, (unit, 1.0)))
    result["value"] = result["value"] * scale.map(lambda pair: pair[1])
    result["unit"] = scale.map(lambda pair: pair[0])
    return result


def series(
    frame: pd.DataFrame, metric: str, unit: str | None = None, entities: Iterable[str] | None = None
) -> pd.DataFrame:
    """One metric as a wide table: a row per year, a column per entity, in one unit.

    ``unit`` is the unit to show (``"USD_billion"``, ``"million"``...); by default the most
    common unit of the metric in ``frame``.

    >>> wide = series(load("video_rental"), "revenue", unit="USD_billion")
    >>> round(float(wide.loc[2010, "Netflix"]), 2)
    2.16
    """
    chosen = frame[frame.metric == metric]
    if entities is not None:
        chosen = chosen[chosen.entity.isin(list(entities))]
    if chosen.empty:
        raise KeyError(
            f'no "{metric}" figures here; the metrics are: {", ".join(sorted(set(frame.metric)))}'
        )
    unit = unit or chosen["unit"].mode().iloc[0]
    base, factor = UNIT_SCALES.get(unit, (unit, 1.0))
    based = in_base_unit(chosen)
    if set(based["unit"]) != {base}:
        raise ValueError(
            f"{metric} is measured in {sorted(set(chosen['unit']))}, which do not convert to {unit}"
        )
    based["value"] = based["value"] / factor
    wide = based.pivot(index="year", columns="entity", values="value").sort_index()
    wide.columns.name = None
    return wide


def tidy_series(
    frame: pd.DataFrame, metric: str, unit: str | None = None, entities: Iterable[str] | None = None
) -> pd.DataFrame:
    """Like :func:`series`, but long: columns ``year``, ``entity``, ``value`` (for charts).

    >>> tidy_series(load("kodak"), "revenue", unit="USD_billion").columns.tolist()
    ['year', 'entity', 'value']
    """
    wide = series(frame, metric, unit, entities)
    long = wide.reset_index().melt(id_vars="year", var_name="entity", value_name="value")
    return long.dropna(subset=["value"]).reset_index(drop=True)


def metric(
    case: str,
    name: str,
    entity: str | None = None,
    unit: str | None = None,
    basis: str | None = None,
) -> pd.Series:
    """One entity's figures for one metric, by year, in one unit: the course's basic question.

    ``entity`` may be left out when the case has one entity with this metric; ``unit`` is
    the unit to express the figures in (``"USD_billion"``, ``"JPY_million"``, ``"thousand"``...;
    by default the unit the sources use). Years without a sourced figure are absent, never
    filled in. The series is named after the metric; ``series.attrs["unit"]`` says its unit.

    >>> revenue = metric("video_rental", "revenue", entity="Netflix", unit="USD_billion")
    >>> round(float(revenue[2010]), 2), revenue.attrs["unit"]
    (2.16, 'USD_billion')
    >>> metric("video_rental", "revenue")
    Traceback (most recent call last):
    ...
    KeyError: 'video_rental has revenue for several entities (Blockbuster, Netflix): name one with entity=...'

    A figure may be on a different basis from the year before (restated, recast after a sale
    of a business): ``series.attrs["basis"]`` maps each year to its basis label, ``""`` meaning
    as reported. ``basis=`` picks the rows of one basis only, preferred or not (where two
    sources give a year on that basis, the preferred one), so a change can be measured on
    one basis (see :func:`basis_breaks` for where the basis changes).

    >>> kodak = metric("kodak", "revenue", unit="USD_million")
    >>> kodak.attrs["basis"][2011], kodak.attrs["basis"][2012]
    ('continuing operations (2009-2011 filings)', 'continuing operations (2012 10-K)')
    >>> metric("kodak", "revenue", unit="USD_million", basis="continuing operations (2012 10-K)")
    year
    2011    5148.0
    2012    4110.0
    Name: revenue, dtype: float64
    """
    frame = load(case, all_rows=basis is not None)
    chosen = frame[frame.metric == name]
    if chosen.empty:
        known = ", ".join(sorted(set(frame.metric)))
        close = difflib.get_close_matches(name, sorted(set(frame.metric)), n=1)
        hint = f' Did you mean "{close[0]}"?' if close else ""
        raise KeyError(f'{case} has no "{name}" figures.{hint} Its metrics are: {known}')
    entities = sorted(set(chosen.entity))
    if entity is None:
        if len(entities) > 1:
            raise KeyError(
                f"{case} has {name} for several entities ({', '.join(entities)}): "
                "name one with entity=..."
            )
        entity = entities[0]
    if entity not in entities:
        raise KeyError(f'{case} has no {name} for "{entity}"; it has: {", ".join(entities)}')
    chosen = chosen[chosen.entity == entity].assign(basis=_basis_labels)
    if basis is not None:
        chosen = _one_basis(case, chosen, basis)
    unit = unit or chosen["unit"].mode().iloc[0]
    wide = series(chosen, name, unit=unit)
    result = wide[entity].dropna().rename(name)
    result.index = result.index.astype(int)
    result.index.name = "year"
    result.attrs["unit"] = unit
    labels = dict(zip(chosen.year.astype(int), chosen.basis, strict=True))
    result.attrs["basis"] = {year: labels[year] for year in result.index}
    return result


def _basis_labels(frame: pd.DataFrame) -> pd.Series:
    """Each row's basis label; ``""`` (as reported) where the cell is empty or the column absent."""
    import pandas as pd

    if "basis" not in frame:
        return pd.Series("", index=frame.index, dtype="object")
    return frame["basis"].fillna("").astype(str)


def _one_basis(case: str, chosen: pd.DataFrame, basis: str) -> pd.DataFrame:
    """The rows of ``chosen`` on ``basis``, one per year: where two sources give a year on the
    same basis, the preferred one. A KeyError names the bases there are."""
    on_basis = chosen[chosen.basis == basis]
    if on_basis.empty:
        row = chosen.iloc[0]
        known = ", ".join(f'"{label}"' for label in sorted(set(chosen.basis)))
        raise KeyError(
            f'{case} has no {row.metric} for {row.entity} on the basis "{basis}"; '
            f"its bases are: {known}"
        )
    repeated = on_basis[on_basis.year.duplicated(keep=False)]
    unsettled = sorted(set(repeated.year) - set(repeated.year[repeated.preferred]))
    if unsettled:
        row = on_basis.iloc[0]
        raise DatasetError(
            f"{case}/observations.csv: {row.entity} {row.metric} has several rows for "
            f'{", ".join(map(str, unsettled))} on the basis "{basis}" and none is preferred'
        )
    return on_basis.sort_values("preferred", ascending=False).drop_duplicates("year")


def basis_breaks(series: pd.Series) -> list[int]:
    """The years whose basis label differs from the previous year's (in the series' order):
    where a change from the year before mixes two versions of the figures.

    ``series`` is one from :func:`metric`, whose ``attrs["basis"]`` maps year to basis label;
    a series without basis labels has no breaks.

    >>> basis_breaks(metric("kodak", "revenue"))
    [2004, 2012]
    >>> import pandas as pd
    >>> made = pd.Series([1.0, 2.0, 3.0], index=[2000, 2001, 2002])
    >>> made.attrs["basis"] = {2000: "", 2001: "", 2002: "restated in 2003"}
    >>> basis_breaks(made)
    [2002]
    """
    labels = series.attrs.get("basis", {})
    years = [int(year) for year in series.index]
    return [
        year
        for previous, year in zip(years, years[1:], strict=False)
        if labels.get(year, "") != labels.get(previous, "")
    ]
