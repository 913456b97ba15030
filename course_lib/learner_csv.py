"""Reading a learner's own CSV of company figures, with every problem listed at once.

A learner exports a table from a spreadsheet and uploads it. :func:`read_company_csv`
turns it into the course's tidy form, or raises one :class:`~course_lib.problems.DataProblem`
that lists every problem found, each with how to fix it. The file is read in steps:
decode the bytes, split the text into rows, check the header, read each row's cells,
check that each company uses one unit, and build the table.

>>> read_company_csv("year,revenue\\n2020,100\\n").value.tolist()
[100.0]
"""

from __future__ import annotations

import codecs
import csv
import difflib
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .datapackage import UNIT_SCALES
from .numbers import NumberProblem, parse_number
from .problems import DataProblem

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "COMPANY_COLUMNS",
    "DEFAULT_ENTITY",
    "DEFAULT_UNIT",
    "MAX_BYTES",
    "MAX_ROWS",
    "MONEY_COLUMNS",
    "REQUIRED_COLUMNS",
    "SAMPLE_METRICS",
    "SYNONYMS",
    "Template",
    "read_company_csv",
    "sample_csv",
    "sample_note",
]

#: The columns the course reads, with what each holds.
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
NUMBER_COLUMNS = ("revenue", "net_income", "market_value", "employees")
#: Other names people give a column, and the course's name for it.
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

Cells = dict[str, str]
Record = dict[str, Any]


def read_company_csv(source: str | bytes | Path, name: str | None = None) -> pd.DataFrame:
    """Read a learner's CSV of company figures into the course's tidy form.

    ``source`` is a path, the file's bytes (as an upload gives them) or its text. The file
    needs a ``year`` and a ``revenue`` column; ``net_income``, ``market_value``,
    ``employees``, ``entity`` and ``unit`` are optional (see ``COMPANY_COLUMNS``). Every
    problem found is collected and raised together as one
    :class:`~course_lib.problems.DataProblem`; ``name`` is what the message calls the file.

    >>> text = "year,revenue,net_income\\n2020,100,5\\n2021,120,-3\\n"
    >>> read_company_csv(text)[["year", "metric", "value"]].values.tolist()
    [[2020, 'revenue', 100.0], [2020, 'net_income', 5.0], [2021, 'revenue', 120.0], [2021, 'net_income', -3.0]]
    >>> read_company_csv("yeer,revenue\\n2020,-5\\n")
    Traceback (most recent call last):
    ...
    course_lib.problems.DataProblem: your file has 1 problem to fix:
    - the column "yeer" is not one the course knows: did you mean "year"?
    """
    raw, label = _read_source(source, name)
    text = _stop_on(label, *_decode(raw))
    rows = _stop_on(label, *_split_rows(text))
    header, body = rows[0], rows[1:]
    columns = _stop_on(label, *_check_header(header, body))
    rows_read: list[Cells] = []
    records: list[Record] = []
    problems: list[str] = []
    seen_years: dict[tuple[str, int], int] = {}
    for line, row in enumerate(body, start=2):
        cells, found = _row_cells(line, row, header, columns)
        problems += found
        if cells is not None:
            rows_read.append(cells)
            row_records, found = _read_row(line, cells, "unit" in columns, seen_years)
            records += row_records
            problems += found
    problems += _check_units(rows_read) if "unit" in columns else []
    _stop_on(label, None, problems)
    return _build_frame(records)


def _stop_on(label: str, result: Any, problems: list[str]) -> Any:
    """Raise the problems found so far, if any; otherwise pass the step's result on."""
    if problems:
        raise DataProblem(problems, label)
    return result


def _read_source(source: str | bytes | Path, name: str | None) -> tuple[bytes, str]:
    """The file's bytes and what to call it: a path is opened, text is encoded."""
    label = name or "your file"
    if isinstance(source, Path) or (
        isinstance(source, str) and "\n" not in source and source.endswith(".csv")
    ):
        path = Path(source)
        label = name or path.name
        try:
            return path.read_bytes(), label
        except OSError as error:
            raise DataProblem([f"the file could not be opened: {error.strerror}"], label) from None
    if isinstance(source, str):
        return source.encode("utf-8"), label
    return bytes(source), label


def _decode(raw: bytes) -> tuple[str | None, list[str]]:
    """The file as text, or why it is not a UTF-8 CSV file (a workbook, UTF-16, too big...)."""
    if not raw.strip():
        return None, [
            "the file is empty: it needs a header row (year,revenue,...) and one row per year"
        ]
    if len(raw) > MAX_BYTES:
        return None, [
            f"the file is {len(raw) / 1e6:.1f} MB; a company's yearly figures fit in far less "
            f"than {MAX_BYTES / 1e6:.0f} MB. Check that this is the right file"
        ]
    if raw.startswith(b"PK\x03\x04") or raw.startswith(b"\xd0\xcf\x11\xe0"):
        return None, [
            'this is a spreadsheet workbook, not a CSV file: in Excel or Sheets use "Save as" or '
            '"Download" and choose "CSV UTF-8"'
        ]
    if raw.startswith(codecs.BOM_UTF16_LE) or raw.startswith(codecs.BOM_UTF16_BE):
        return None, ['the file is saved as UTF-16 text; save it again as "CSV UTF-8"']
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return None, [
            f"the file is not UTF-8 text (byte {raw[error.start]:#04x} at position "
            f'{error.start}): save it again as "CSV UTF-8" (Excel: File > Save As > CSV UTF-8)'
        ]
    if "\x00" in text:
        return None, ["the file contains NUL bytes, so it is not a text file: export it as CSV"]
    return text, []


def _split_rows(text: str) -> tuple[list[list[str]], list[str]]:
    """The non-blank rows of the text, split on the delimiter the header uses (; or ,)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    first_line = text.splitlines()[0] if text.splitlines() else ""
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as error:
        return [], [f"the file could not be read as CSV ({error}); check its quotes"]
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    return rows, [] if rows else ["the file has no rows"]


def _normalise_header(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.strip().lower()).strip("_")


def _check_header(header: list[str], body: list[list[str]]) -> tuple[list[str], list[str]]:
    """The header's column names in the course's spelling, and what is wrong with them
    (unknown, repeated or missing columns, no rows or too many)."""
    columns = [_normalise_header(cell) for cell in header]
    known = list(COMPANY_COLUMNS)
    problems: list[str] = []
    suggested = set()
    for original, column in zip(header, columns, strict=True):
        if column in COMPANY_COLUMNS:
            continue
        if not column:
            problems.append("a column has no name in the header row: name it or delete it")
        elif column in SYNONYMS:
            suggested.add(SYNONYMS[column])
            problems.append(
                f'the column "{original}" is not one the course knows: call it "{SYNONYMS[column]}"'
            )
        else:
            close = difflib.get_close_matches(column, known, n=1, cutoff=0.6)
            suggested.update(close)
            hint = f'did you mean "{close[0]}"?' if close else "the columns are " + ", ".join(known)
            problems.append(f'the column "{original}" is not one the course knows: {hint}')
    for column in dict.fromkeys(c for c in columns if c in COMPANY_COLUMNS):
        if (counted := columns.count(column)) > 1:
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
    return columns, problems


def _row_cells(
    line: int, row: list[str], header: list[str], columns: list[str]
) -> tuple[Cells | None, list[str]]:
    """A data row's cells by column name (a short row is padded with empty cells), or
    None and the problem when the row has more cells than the header."""
    if len(row) > len(header):
        return None, [
            f"row {line} has {len(row)} cells but the header has {len(header)}: "
            "check for a comma inside a number or a name"
        ]
    position = {column: columns.index(column) for column in COMPANY_COLUMNS if column in columns}
    return {
        column: (row[index] if index < len(row) else "").strip()
        for column, index in position.items()
    }, []


def _read_year(line: int, text: str) -> tuple[int | None, list[str]]:
    if not re.fullmatch(r"\d{4}", text, flags=re.ASCII):
        return None, [
            f'row {line}, column "year": "{text}" is not a year; write four digits, like 2019'
        ]
    year = int(text)
    if not 1800 <= year <= 2100:
        return None, [f'row {line}, column "year": {year} is outside 1800 to 2100']
    return year, []


def _unit_problems(line: int, unit: str) -> list[str]:
    if unit in UNIT_SCALES:
        return []
    close = difflib.get_close_matches(unit, [u for u in UNIT_SCALES if "_" in u], n=1)
    hint = f'did you mean "{close[0]}"?' if close else "use one like USD_million or EUR_million"
    return [f'row {line}, column "unit": "{unit}" is not a unit the course knows; {hint}']


def _read_value(line: int, column: str, text: str) -> tuple[float | None, list[str]]:
    """One figure of a row, or why it cannot be read; an empty cell is None."""
    where = f'row {line}, column "{column}"'
    if text == "":
        if column == "revenue":
            return None, [f"{where}: the cell is empty; fill it in or delete the row"]
        return None, []
    try:
        value = parse_number(text)
    except NumberProblem as problem:
        return None, [f"{where}: {problem}"]
    if value < 0 and column != "net_income":
        what = column.replace("_", " ")
        return None, [f"{where}: {what} cannot be negative ({text}); a loss belongs in net_income"]
    return value, []


def _read_row(
    line: int, cells: Cells, has_unit: bool, seen_years: dict[tuple[str, int], int]
) -> tuple[list[Record], list[str]]:
    """One row's records (a figure per number column) and its problems; ``seen_years``
    remembers each (entity, year) so a repeated year is reported."""
    entity = cells.get("entity") or DEFAULT_ENTITY
    year, problems = _read_year(line, cells["year"])
    if year is not None:
        if (entity, year) in seen_years:
            problems.append(
                f"row {line}: {year} appears again (first in row {seen_years[entity, year]}) "
                f"for {entity}; keep one row per year"
            )
        else:
            seen_years[entity, year] = line
    unit = cells.get("unit") or DEFAULT_UNIT
    if has_unit:
        problems += _unit_problems(line, unit)
    records = []
    for column in NUMBER_COLUMNS:
        if column not in cells:
            continue
        value, found = _read_value(line, column, cells[column])
        problems += found
        if value is not None:
            figure_unit = "count" if column == "employees" else unit
            records.append(
                {
                    "entity": entity,
                    "year": year,
                    "metric": column,
                    "value": value,
                    "unit": figure_unit,
                }
            )
    return records, problems


def _check_units(rows: list[Cells]) -> list[str]:
    """A problem for each company whose rows use more than one unit."""
    used: dict[str, set[str]] = {}
    for cells in rows:
        entity = cells.get("entity") or DEFAULT_ENTITY
        used.setdefault(entity, set()).add(cells.get("unit") or DEFAULT_UNIT)
    return [
        f"{'the file' if entity == DEFAULT_ENTITY else entity} mixes units "
        f"({', '.join(sorted(units))}); convert the figures so every row uses one unit"
        for entity, units in used.items()
        if len(units) > 1
    ]


def _build_frame(records: list[Record]) -> pd.DataFrame:
    """The tidy table of a learner's figures, marked as their upload."""
    import pandas as pd

    frame = pd.DataFrame.from_records(
        records, columns=["entity", "year", "metric", "value", "unit"]
    )
    frame["year"] = frame["year"].astype("int64")
    frame["source_id"] = "learner-upload"
    frame["status"] = "reported"
    return frame


@dataclass(frozen=True)
class Template:
    """A CSV template for a learner's own figures; ``text`` is its content.

    >>> read_company_csv(Template().text).entity.unique().tolist()
    ['My Company']
    """

    text: str = (
        "entity,year,revenue,net_income,market_value,unit\n"
        "My Company,2019,1250.0,80.5,2100,USD_million\n"
        "My Company,2020,1190.0,-12.0,1650,USD_million\n"
    )

    def save(self, path: str | Path = "my_company.csv") -> Path:
        """Write the template to ``path`` and return where it went.

        >>> import tempfile, pathlib
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> Template().save(folder / "mine.csv").read_text().splitlines()[0]
        'entity,year,revenue,net_income,market_value,unit'
        """
        target = Path(path)
        target.write_text(self.text, encoding="utf-8")
        return target


#: The figures a sample file carries, in the order of its columns.
SAMPLE_METRICS = ("revenue", "net_income", "market_value")


def _sample_entities(entity: str | list[str] | tuple[str, ...]) -> list[str]:
    return [entity] if isinstance(entity, str) else list(entity)


def sample_csv(
    case: str, entity: str | list[str] | tuple[str, ...], unit: str | None = None
) -> str:
    """A course company's sourced figures written as a learner's CSV file (its text).

    ``entity`` names one company of the course's ``case``, or several: one file can hold a
    company and its rival. Each row is a year that has a revenue figure (the format needs
    one); ``net_income`` and ``market_value`` are the course's preferred figures for that
    year, converted to ``unit`` (by default, each company's revenue unit). Nothing is
    estimated or filled in: a figure no source gave stays an empty cell. Where the figures
    come from, and which were restated or left out, is in :func:`sample_note`.

    >>> text = sample_csv("video_rental", "Netflix")
    >>> print("\\n".join(text.splitlines()[:3]))
    entity,year,revenue,net_income,market_value,unit
    Netflix,2002,153,,250,USD_million
    Netflix,2004,501,21.6,,USD_million
    >>> figures = read_company_csv(text, name="netflix.csv")
    >>> figures.query("year == 2015 and metric == 'market_value'").value.item()
    33823.183533
    """
    from . import data

    names = _sample_entities(entity)
    columns: dict[str, dict[str, Any]] = {}
    for name in names:
        revenue = data.metric(case, "revenue", entity=name, unit=unit)
        figures = {"revenue": revenue}
        for metric in SAMPLE_METRICS[1:]:
            try:
                figures[metric] = data.metric(case, metric, entity=name, unit=revenue.attrs["unit"])
            except KeyError:  # this company has no such figure in the course's data
                continue
        columns[name] = {"unit": revenue.attrs["unit"], "figures": figures}
    metrics = [m for m in SAMPLE_METRICS if any(m in c["figures"] for c in columns.values())]
    lines = [",".join(["entity", "year", *metrics, "unit"])]
    for name, found in columns.items():
        for year in found["figures"]["revenue"].index:
            cells = [_sample_cell(found["figures"].get(m), year) for m in metrics]
            lines.append(",".join([_quoted(name), str(year), *cells, found["unit"]]))
    return "\n".join(lines) + "\n"


def _sample_cell(series: Any, year: int) -> str:
    """One figure as a CSV cell: up to six decimals, no trailing zeros; empty when absent."""
    if series is None or year not in series.index:
        return ""
    return f"{float(series[year]):.6f}".rstrip("0").rstrip(".")


def _quoted(name: str) -> str:
    return f'"{name}"' if "," in name or '"' in name else name


def sample_note(case: str, entity: str | list[str] | tuple[str, ...]) -> str:
    """Where the figures of :func:`sample_csv` come from: the case, the years left out for
    lack of a revenue figure, the figures that are not as first reported, and the sources.

    >>> note = sample_note("video_rental", "Netflix")
    >>> "Netflix 2003" in note and "restated in 2007 annual report" in note
    True
    >>> note.count("Sources: ")
    1
    """
    from . import data

    names = _sample_entities(entity)
    frame = data.load(case)
    rows = frame[frame.entity.isin(names) & frame.metric.isin(SAMPLE_METRICS)]
    left_out, restated = [], []
    for name in names:
        own = rows[rows.entity == name]
        with_revenue = set(own.year[own.metric == "revenue"])
        left_out += [f"{name} {year}" for year in sorted(set(own.year) - with_revenue)]
        changed = own[own.basis.fillna("") != ""].sort_values(["year", "metric"])
        restated += [
            f"{name} {row.metric.replace('_', ' ')} {row.year}, {row.basis}"
            for row in changed.itertuples()
        ]
    kept = rows[rows.year.isin(rows.year[rows.metric == "revenue"])]
    said = [
        f"{' and '.join(names)}: {', '.join(m.replace('_', ' ') for m in SAMPLE_METRICS)} from "
        f'the course\'s case "{data.cases()[case]}" ({case}), one preferred figure a year.'
    ]
    if left_out:
        said.append(f"Left out for lack of a revenue figure: {', '.join(left_out)}.")
    if restated:
        said.append(f"Not as first reported: {'; '.join(restated)}.")
    said.append(
        "Each figure's own note (cl.data.load(case).note) says how it was stated, for example "
        "which kind of market value it is."
    )
    return " ".join([*said, data.citation(kept)])
