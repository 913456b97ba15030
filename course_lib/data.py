"""Case data: list and load the course's cases, cite their sources, and read a learner's CSV.

The course's data lives in ``datasets/`` as a Frictionless data package. Loading a case
checks it against the package's schemas, so a broken file fails with the file, row and
problem named. A learner's own CSV goes through :func:`read_company_csv`, which collects
every problem it finds and raises one :class:`DataProblem` that lists them all.

>>> sorted(cases())[:3]
['adoption', 'aviation', 'cameras']
>>> kodak = load("kodak")
>>> kodak.loc[(kodak.year == 2005) & (kodak.metric == "revenue_digital"), "value"].item()
7757.0
"""

from __future__ import annotations

import codecs
import csv
import difflib
import html
import io
import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .problems import CourseProblem

if TYPE_CHECKING:
    import pandas as pd

#: Units that scale onto a common base unit, and the factor to get there.
UNIT_SCALES: dict[str, tuple[str, float]] = {
    "USD": ("USD", 1.0),
    "USD_million": ("USD", 1e6),
    "USD_billion": ("USD", 1e9),
    "GBP": ("GBP", 1.0),
    "GBP_million": ("GBP", 1e6),
    "EUR_million": ("EUR", 1e6),
    "JPY_million": ("JPY", 1e6),
    "JPY_billion": ("JPY", 1e9),
    "count": ("count", 1.0),
    "thousand": ("count", 1e3),
    "million": ("count", 1e6),
    "MB": ("MB", 1.0),
    "GB": ("MB", 1e3),
}
#: Metrics that may be negative (a loss, a fall); every other measure must be zero or more.
SIGNED_METRIC = re.compile(r"(income|earnings|profit|loss|change|growth|cash_flow)")


class DatasetError(ValueError):
    """A course data file breaks its schema; the message names the file, row and problem."""


class DataProblem(CourseProblem):
    """Everything wrong with a learner's CSV, each problem with how to fix it.

    ``problems`` is the list of plain-language problems; ``str(error)`` joins them.
    """

    def __init__(self, problems: list[str], source: str = "your file") -> None:
        self.problems = list(problems)
        self.source = source
        count = len(self.problems)
        heading = f"{source} has {count} problem{'s' if count != 1 else ''} to fix:"
        super().__init__("\n".join([heading, *(f"- {problem}" for problem in self.problems)]))

    def _repr_html_(self) -> str:
        items = "".join(f"<li>{html.escape(problem)}</li>" for problem in self.problems)
        count = len(self.problems)
        return (
            '<div class="course-data-problem" role="alert" style="border-left:4px solid #D55E00;'
            f'background:#fdf0e6;padding:6px 10px"><strong>{html.escape(self.source)} has {count} '
            f"problem{'s' if count != 1 else ''} to fix.</strong> Nothing was charted; "
            f"fix these and load it again:<ul>{items}</ul></div>"
        )


# --------------------------------------------------------------------------- the package


def data_folder() -> Path:
    """The folder holding ``datapackage.json``: inside the installed package, or the
    repository's ``datasets/`` when running from a clone.

    >>> (data_folder() / "datapackage.json").is_file()
    True
    """
    installed = Path(str(resources.files("course_lib"))) / "_datasets"
    if (installed / "datapackage.json").is_file():
        return installed
    clone = Path(__file__).resolve().parent.parent / "datasets"
    if (clone / "datapackage.json").is_file():
        return clone
    raise FileNotFoundError(
        "the course datasets were not found: reinstall the course "
        "(pip install -e . from the repository folder)"
    )


@cache
def package() -> dict[str, Any]:
    """The data package descriptor (``datapackage.json``) as a dictionary."""
    return json.loads((data_folder() / "datapackage.json").read_text(encoding="utf-8"))


def _resource(case: str, kind: str) -> dict[str, Any] | None:
    name = f"{case.replace('_', '-')}-{kind}"
    return next((r for r in package()["resources"] if r["name"] == name), None)


def cases() -> dict[str, str]:
    """The course's cases: folder name mapped to title.

    >>> cases()["video_rental"]
    'Blockbuster and Netflix'
    """
    return {
        r["path"].split("/")[0]: r.get("title", r["name"])
        for r in package()["resources"]
        if r["name"].endswith("-observations")
    }


@cache
def _schema(path: str) -> dict[str, Any]:
    return json.loads((data_folder() / path).read_text(encoding="utf-8"))


def _check_cell(field: dict[str, Any], text: str) -> tuple[Any, str | None]:
    """Convert one cell by its schema field; return the value and a problem, if any."""
    constraints = field.get("constraints", {})
    if text == "":
        return None, "is empty but required" if constraints.get("required") else None
    kind = field.get("type", "string")
    value: Any = text
    try:
        if kind == "integer":
            value = int(text)
        elif kind == "number":
            value = float(text)
            if not math.isfinite(value):
                return None, f'"{text}" is not a finite number'
        elif kind == "boolean":
            if text.lower() not in {"true", "false"}:
                return None, f'"{text}" is not true or false'
            value = text.lower() == "true"
        elif kind == "date" and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return None, f'"{text}" is not a date written YYYY-MM-DD'
    except ValueError:
        return None, f'"{text}" is not a{"n" if kind == "integer" else ""} {kind}'
    if "enum" in constraints and value not in constraints["enum"]:
        return None, f'"{text}" is not one of {", ".join(constraints["enum"])}'
    if "minimum" in constraints and value < constraints["minimum"]:
        return None, f"{text} is below the minimum {constraints['minimum']}"
    if "maximum" in constraints and value > constraints["maximum"]:
        return None, f"{text} is above the maximum {constraints['maximum']}"
    if "maxLength" in constraints and len(value) > constraints["maxLength"]:
        return None, f"is {len(value)} characters long, more than {constraints['maxLength']}"
    if "pattern" in constraints and not re.fullmatch(constraints["pattern"], value):
        return None, f'"{text}" does not match the pattern {constraints["pattern"]}'
    return value, None


def _read_resource(resource: dict[str, Any]) -> pd.DataFrame:
    """Read one CSV resource, checking every cell and the primary key against its schema."""
    import pandas as pd

    schema = _schema(resource["schema"])
    fields = {field["name"]: field for field in schema["fields"]}
    path = resource["path"]
    with open(data_folder() / path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [name for name in fields if name not in (reader.fieldnames or [])]
        if missing:
            raise DatasetError(f"{path}: missing column(s) {', '.join(missing)}")
        problems, records = [], []
        for line, row in enumerate(reader, start=2):
            record = {}
            for name, field in fields.items():
                value, problem = _check_cell(field, row.get(name) or "")
                if problem:
                    problems.append(f"{path}, row {line}, column {name}: {problem}")
                record[name] = value
            records.append(record)
    key = schema.get("primaryKey")
    frame = pd.DataFrame.from_records(records, columns=list(fields))
    if key and not problems:
        repeated = frame[frame.duplicated(key, keep=False)]
        for index in repeated.index:
            problems.append(f"{path}, row {index + 2}: the key {key} is repeated")
    if problems:
        raise DatasetError("\n".join(problems))
    return frame


def _check_observations(case: str, frame: pd.DataFrame, known_sources: set[str]) -> None:
    path = f"{case}/observations.csv"
    problems = []
    for index, row in frame.iterrows():
        line = index + 2
        if row.source_id not in known_sources:
            problems.append(f"{path}, row {line}: source_id {row.source_id} is not in sources.csv")
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


@cache
def _load_case(case: str) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    import pandas as pd

    observations = _resource(case, "observations")
    if observations is None:
        close = difflib.get_close_matches(case, list(cases()), n=1)
        suggestion = f' Did you mean "{close[0]}"?' if close else ""
        raise KeyError(
            f'there is no case "{case}".{suggestion} The cases are: {", ".join(cases())}'
        )
    sources = _read_resource(_resource(case, "sources"))
    frame = _read_resource(observations)
    _check_observations(case, frame, set(sources.source_id))
    events_resource = _resource(case, "events")
    events = (
        _read_resource(events_resource)
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
    ['entity', 'year', 'metric', 'value', 'unit', 'source_id', 'status', 'preferred', 'note']
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


@cache
def _all_sources() -> pd.DataFrame:
    import pandas as pd

    return pd.concat([_load_case(case)[1] for case in cases()], ignore_index=True)


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
    case: str, name: str, entity: str | None = None, unit: str | None = None
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
    """
    frame = load(case)
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
    chosen = chosen[chosen.entity == entity]
    unit = unit or chosen["unit"].mode().iloc[0]
    wide = series(chosen, name, unit=unit)
    result = wide[entity].dropna().rename(name)
    result.index = result.index.astype(int)
    result.index.name = "year"
    result.attrs["unit"] = unit
    return result


# ----------------------------------------------------------------- a learner's own file

COMPANY_COLUMNS = {
    "year": "the fiscal year, e.g. 2019",
    "revenue": "revenue (sales) for the year",
    "net_income": "net income (profit, negative for a loss)",
    "market_value": "market value (market capitalisation) at the year's end",
    "employees": "number of employees",
    "entity": "the company's name (optional; use it to put several companies in one file)",
    "unit": "unit of the money columns: USD_million, USD_billion, EUR_million, ...",
}
REQUIRED_COLUMNS = ("year", "revenue")
MONEY_COLUMNS = ("revenue", "net_income", "market_value")
SYNONYMS = {
    "sales": "revenue",
    "turnover": "revenue",
    "revenues": "revenue",
    "net_sales": "revenue",
    "profit": "net_income",
    "net_profit": "net_income",
    "earnings": "net_income",
    "net_earnings": "net_income",
    "income": "net_income",
    "market_cap": "market_value",
    "market_capitalization": "market_value",
    "market_capitalisation": "market_value",
    "fiscal_year": "year",
    "fy": "year",
    "company": "entity",
    "name": "entity",
    "staff": "employees",
    "headcount": "employees",
    "currency": "unit",
    "units": "unit",
}
MAX_BYTES = 2_000_000
MAX_ROWS = 2_000
DEFAULT_ENTITY = "Your company"
DEFAULT_UNIT = "USD_million"


def _normalise_header(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.strip().lower()).strip("_")


def _decode(raw: bytes, problems: list[str]) -> str | None:
    if not raw.strip():
        problems.append(
            "the file is empty: it needs a header row (year,revenue,...) and one row per year"
        )
        return None
    if len(raw) > MAX_BYTES:
        problems.append(
            f"the file is {len(raw) / 1e6:.1f} MB; a company's yearly figures fit in far less than "
            f"{MAX_BYTES / 1e6:.0f} MB. Check that this is the right file"
        )
        return None
    if raw.startswith(b"PK\x03\x04") or raw.startswith(b"\xd0\xcf\x11\xe0"):
        problems.append(
            'this is a spreadsheet workbook, not a CSV file: in Excel or Sheets use "Save as" or '
            '"Download" and choose "CSV UTF-8"'
        )
        return None
    if raw.startswith(codecs.BOM_UTF16_LE) or raw.startswith(codecs.BOM_UTF16_BE):
        problems.append('the file is saved as UTF-16 text; save it again as "CSV UTF-8"')
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        problems.append(
            f"the file is not UTF-8 text (byte {raw[error.start]:#04x} at position {error.start}): "
            'save it again as "CSV UTF-8" (Excel: File > Save As > CSV UTF-8)'
        )
        return None


def _read_number(text: str) -> tuple[float | None, str | None]:
    """Read a plain number; on failure return a plain-language reason."""
    cleaned = text.strip()
    if cleaned == "":
        return None, None
    try:
        value = float(cleaned)
    except ValueError:
        pass
    else:
        if math.isfinite(value):
            return value, None
        return None, f'"{text}" is not a finite number'
    if re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", cleaned):
        plain = cleaned.replace(",", "")
        if cleaned.count(",") == 1 and "." not in cleaned:
            decimal = cleaned.replace(",", ".")
            return None, (
                f'"{text}" is not a number; write {plain} (no thousands separators), '
                f"or {decimal} if the comma marks decimals"
            )
        return None, f'"{text}" is not a number; write {plain} (no thousands separators)'
    if re.fullmatch(r"-?\d+,\d+", cleaned):
        return (
            None,
            f'"{text}" is not a number; write {cleaned.replace(",", ".")} (a point, not a comma, for decimals)',
        )
    if re.search(r"[$€£¥]|\b(bn|m|mn|k|billion|million)\b|%", cleaned, re.IGNORECASE):
        return (
            None,
            f'"{text}" is not a plain number; write digits only and give the unit in the unit column',
        )
    return None, f'"{text}" is not a number'


def read_company_csv(source: str | bytes | Path, name: str | None = None) -> pd.DataFrame:
    """Read a learner's CSV of company figures into the course's tidy form.

    ``source`` is a path, the file's bytes (as an upload gives them) or its text. The file
    needs a ``year`` and a ``revenue`` column; ``net_income``, ``market_value``,
    ``employees``, ``entity`` and ``unit`` are optional (see ``COMPANY_COLUMNS``). Every
    problem found is collected and raised together as one :class:`DataProblem`.

    >>> text = "year,revenue,net_income\\n2020,100,5\\n2021,120,-3\\n"
    >>> read_company_csv(text)[["year", "metric", "value"]].values.tolist()
    [[2020, 'revenue', 100.0], [2020, 'net_income', 5.0], [2021, 'revenue', 120.0], [2021, 'net_income', -3.0]]
    >>> read_company_csv("yeer,revenue\\n2020,-5\\n")
    Traceback (most recent call last):
    ...
    course_lib.data.DataProblem: your file has 1 problem to fix:
    - the column "yeer" is not one the course knows: did you mean "year"?
    """
    import pandas as pd

    problems: list[str] = []
    label = name or "your file"
    if isinstance(source, Path) or (
        isinstance(source, str) and "\n" not in source and source.endswith(".csv")
    ):
        path = Path(source)
        label = name or path.name
        try:
            raw = path.read_bytes()
        except OSError as error:
            raise DataProblem([f"the file could not be opened: {error.strerror}"], label) from None
    elif isinstance(source, str):
        raw = source.encode("utf-8")
    else:
        raw = bytes(source)
    text = _decode(raw, problems)
    if text is None:
        raise DataProblem(problems, label)

    if "\x00" in text:
        raise DataProblem(
            ["the file contains NUL bytes, so it is not a text file: export it as CSV"], label
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    first_line = text.splitlines()[0] if text.splitlines() else ""
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as error:
        raise DataProblem(
            [f"the file could not be read as CSV ({error}); check its quotes"], label
        ) from None
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise DataProblem(["the file has no rows"], label)
    header, body = rows[0], rows[1:]
    columns = [_normalise_header(cell) for cell in header]

    known = set(COMPANY_COLUMNS)
    suggested = set()
    for original, column in zip(header, columns, strict=True):
        if column in known:
            continue
        if not column:
            problems.append("a column has no name in the header row: name it or delete it")
        elif column in SYNONYMS:
            suggested.add(SYNONYMS[column])
            problems.append(
                f'the column "{original}" is not one the course knows: call it "{SYNONYMS[column]}"'
            )
        else:
            close = difflib.get_close_matches(column, list(known), n=1, cutoff=0.6)
            suggested.update(close)
            hint = f'did you mean "{close[0]}"?' if close else "the columns are " + ", ".join(known)
            problems.append(f'the column "{original}" is not one the course knows: {hint}')
    for column, counted in {c: columns.count(c) for c in columns if c in known}.items():
        if counted > 1:
            problems.append(f'the column "{column}" appears {counted} times; keep one')
    for required in REQUIRED_COLUMNS:
        if required not in columns and required not in suggested:
            problems.append(
                f'the required column "{required}" is missing ({COMPANY_COLUMNS[required]})'
            )
    if not body:
        problems.append("the file has a header but no data rows: add one row per year")
    if len(body) > MAX_ROWS:
        problems.append(
            f"the file has {len(body)} rows; the course reads at most {MAX_ROWS} (one per year)"
        )
    if problems:
        raise DataProblem(problems, label)

    position = {column: columns.index(column) for column in known if column in columns}
    records, seen_years, units_seen = [], {}, {}
    for line, row in enumerate(body, start=2):
        if len(row) > len(header):
            problems.append(
                f"row {line} has {len(row)} cells but the header has {len(header)}: "
                "check for a comma inside a number or a name"
            )
            continue
        cells = {
            column: (row[index] if index < len(row) else "").strip()
            for column, index in position.items()
        }
        entity = cells.get("entity") or DEFAULT_ENTITY
        year_text = cells["year"]
        if not re.fullmatch(r"\d{4}", year_text):
            problems.append(
                f'row {line}, column "year": "{year_text}" is not a year; write four digits, like 2019'
            )
            year = None
        else:
            year = int(year_text)
            if not 1800 <= year <= 2100:
                problems.append(f'row {line}, column "year": {year} is outside 1800 to 2100')
                year = None
        if year is not None:
            if (entity, year) in seen_years:
                problems.append(
                    f"row {line}: {year} appears again (first in row {seen_years[entity, year]}) "
                    f"for {entity}; keep one row per year"
                )
            else:
                seen_years[entity, year] = line
        unit = cells.get("unit") or DEFAULT_UNIT
        if "unit" in position:
            if unit not in UNIT_SCALES:
                close = difflib.get_close_matches(unit, [u for u in UNIT_SCALES if "_" in u], n=1)
                hint = (
                    f'did you mean "{close[0]}"?'
                    if close
                    else "use one like USD_million or EUR_million"
                )
                problems.append(
                    f'row {line}, column "unit": "{unit}" is not a unit the course knows; {hint}'
                )
            units_seen.setdefault(entity, {}).setdefault(
                UNIT_SCALES.get(unit, (unit,))[0], []
            ).append(line)
            units_seen[entity].setdefault("_all", set()).add(unit)
        for column in ("revenue", "net_income", "market_value", "employees"):
            if column not in cells:
                continue
            value, problem = _read_number(cells[column])
            if problem:
                problems.append(f'row {line}, column "{column}": {problem}')
                continue
            if value is None:
                if column == "revenue":
                    problems.append(
                        f'row {line}, column "revenue": the cell is empty; fill it in or delete the row'
                    )
                continue
            if value < 0 and column != "net_income":
                what = "revenue" if column == "revenue" else column.replace("_", " ")
                problems.append(
                    f'row {line}, column "{column}": {what} cannot be negative ({cells[column]}); '
                    "a loss belongs in net_income"
                )
                continue
            records.append(
                {
                    "entity": entity,
                    "year": year,
                    "metric": column,
                    "value": value,
                    "unit": "count" if column == "employees" else unit,
                }
            )
    for entity, kinds in units_seen.items():
        used = sorted(kinds.pop("_all", set()))
        if len(used) > 1:
            problems.append(
                f"{'the file' if entity == DEFAULT_ENTITY else entity} mixes units ({', '.join(used)}); "
                "convert the figures so every row uses one unit"
            )
    if problems:
        raise DataProblem(problems, label)
    frame = pd.DataFrame.from_records(
        records, columns=["entity", "year", "metric", "value", "unit"]
    )
    frame["year"] = frame["year"].astype("int64")
    frame["source_id"] = "learner-upload"
    frame["status"] = "reported"
    return frame


@dataclass(frozen=True)
class Template:
    """A CSV template for a learner's own figures; ``text`` is its content."""

    text: str = (
        "entity,year,revenue,net_income,market_value,unit\n"
        "My Company,2019,1250.0,80.5,2100,USD_million\n"
        "My Company,2020,1190.0,-12.0,1650,USD_million\n"
    )

    def save(self, path: str | Path = "my_company.csv") -> Path:
        """Write the template to ``path`` and return where it went."""
        target = Path(path)
        target.write_text(self.text, encoding="utf-8")
        return target
