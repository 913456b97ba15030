"""The course's data package: find it, and read each file checked against its schema.

The data lives in ``datasets/`` as a Frictionless data package: ``datapackage.json`` lists
the resources (one CSV file each) and points at their schemas in ``schemas/``. Reading a
resource checks every cell against its schema, so a broken file fails with the file, row
and problem named. A broken course file is the maintainers' mistake, not the learner's,
so it raises :class:`DatasetError` (a ``ValueError``), not a ``CourseProblem``.

>>> sources = read_resource("kodak-sources")
>>> sources.columns[:3].tolist()
['source_id', 'title', 'publisher']
"""

from __future__ import annotations

import csv
import json
import math
import re
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

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


def package() -> dict[str, Any]:
    """The data package descriptor (``datapackage.json``) as a dictionary.

    It is read once per data folder.

    >>> package()["resources"][0]["name"]
    'kodak-observations'
    """
    return _package_in(data_folder())


@cache
def _package_in(folder: Path) -> dict[str, Any]:
    return json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))


def resource(name: str) -> dict[str, Any] | None:
    """The descriptor of the resource called ``name`` in the package, or None.

    >>> resource("ibm-sources")["path"]
    'ibm/sources.csv'
    >>> resource("ibm-nothing") is None
    True
    """
    return next((r for r in package()["resources"] if r["name"] == name), None)


def schema(path: str) -> dict[str, Any]:
    """The table schema at ``path`` (relative to the data folder), as a dictionary.

    >>> [field["name"] for field in schema("schemas/events.json")["fields"]]
    ['entity', 'date', 'event', 'source_id']
    """
    return _schema_in(data_folder(), path)


@cache
def _schema_in(folder: Path, path: str) -> dict[str, Any]:
    return json.loads((folder / path).read_text(encoding="utf-8"))


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


def read_resource(name: str) -> pd.DataFrame:
    """Read the resource called ``name``, every cell and the primary key checked against its
    schema; a broken file raises :class:`DatasetError` listing every problem.

    The checked table is kept per data folder, so a second read is quick; each call
    returns a fresh copy.

    >>> float(read_resource("ibm-observations").query("year == 2008 and metric == 'revenue'").value.max())
    103630.0
    >>> read_resource("ibm-nothing")
    Traceback (most recent call last):
    ...
    KeyError: 'the data package has no resource "ibm-nothing"'
    """
    return _read_resource_in(data_folder(), name).copy()


@cache
def _read_resource_in(folder: Path, name: str) -> pd.DataFrame:
    import pandas as pd

    described = resource(name)
    if described is None:
        raise KeyError(f'the data package has no resource "{name}"')
    table_schema = schema(described["schema"])
    fields = {field["name"]: field for field in table_schema["fields"]}
    path = described["path"]
    with open(folder / path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [name for name in fields if name not in (reader.fieldnames or [])]
        if missing:
            raise DatasetError(f"{path}: missing column(s) {', '.join(missing)}")
        problems, records = [], []
        for line, row in enumerate(reader, start=2):
            record = {}
            for column, field in fields.items():
                value, problem = _check_cell(field, row.get(column) or "")
                if problem:
                    problems.append(f"{path}, row {line}, column {column}: {problem}")
                record[column] = value
            records.append(record)
    key = table_schema.get("primaryKey")
    frame = pd.DataFrame.from_records(records, columns=list(fields))
    if key and not problems:
        repeated = frame[frame.duplicated(key, keep=False)]
        for index in repeated.index:
            problems.append(f"{path}, row {index + 2}: the key {key} is repeated")
    if problems:
        raise DatasetError("\n".join(problems))
    return frame
