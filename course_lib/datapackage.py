"""The course's data package: find it, and read each file checked against its schema.

The data lives in ``datasets/`` as a Frictionless data package: ``datapackage.json`` lists
the resources (one CSV file each) and points at their table schemas in ``schemas/``.
Reading a resource checks the header, every cell, the primary key and the foreign keys, so
a broken file fails with the file, row and problem named. The checker is strict both ways:
a schema that declares something it does not know how to check (a constraint, a field
type, a format, a schema or resource property) is refused rather than silently ignored.
A broken course file is the maintainers' mistake, not the learner's, so it raises
:class:`DatasetError` (a ``ValueError``), not a ``CourseProblem``.

What the checker enforces:

- field types ``string``, ``integer``, ``number`` (finite), ``boolean`` and ``date``
  (``YYYY-MM-DD``, a real calendar day); formats ``default``, and ``uri`` and ``email``
  for strings;
- constraints ``required``, ``unique``, ``enum``, ``minLength``, ``maxLength`` and
  ``pattern`` (strings), ``minimum`` and ``maximum`` (numbers, integers, dates);
- ``missingValues`` (the texts that count as missing; ``[""]`` unless the schema says);
- ``primaryKey`` (unique, never missing) and ``foreignKeys`` (every value is found in the
  referenced resource), whether declared in the schema or on the resource.

>>> sources = read_resource("kodak-sources")
>>> sources.columns[:3].tolist()
['source_id', 'title', 'publisher']
"""

from __future__ import annotations

import csv
import datetime
import json
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .numbers import NumberProblem, parse_number

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
    """A course data file breaks its schema, or its schema declares a rule the checker does
    not know; the message names the file, row and problem. A maintainer's error, so not a
    ``CourseProblem``.

    >>> issubclass(DatasetError, ValueError)
    True
    """


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


#: Properties that only describe (a title, a licence): safe to carry, nothing to check.
DESCRIPTIVE = frozenset(
    {
        "title",
        "description",
        "licenses",
        "sources",
        "contributors",
        "keywords",
        "homepage",
        "version",
        "created",
        "image",
        "id",
        "$schema",
        "example",
        "name",
    }
)
#: What each field type may declare as ``format``.
FORMATS = {
    "string": frozenset({"default", "uri", "email"}),
    "integer": frozenset({"default"}),
    "number": frozenset({"default"}),
    "boolean": frozenset({"default"}),
    "date": frozenset({"default"}),
}
#: The constraints the checker enforces, and the field types each applies to.
CONSTRAINTS = {
    "required": frozenset(FORMATS),
    "unique": frozenset(FORMATS),
    "enum": frozenset(FORMATS),
    "minLength": frozenset({"string"}),
    "maxLength": frozenset({"string"}),
    "pattern": frozenset({"string"}),
    "minimum": frozenset({"integer", "number", "date"}),
    "maximum": frozenset({"integer", "number", "date"}),
}
_PACKAGE_KEYS = DESCRIPTIVE | {"resources", "profile"}
_RESOURCE_KEYS = DESCRIPTIVE | {"path", "schema", "profile", "format", "encoding", "foreignKeys"}
_SCHEMA_KEYS = DESCRIPTIVE | {"fields", "primaryKey", "foreignKeys", "missingValues"}
_FIELD_KEYS = DESCRIPTIVE | {"type", "format", "constraints"}
_FIXED = {  # resource and package properties the checker accepts with one value only
    "profile": {"tabular-data-resource", "tabular-data-package", "data-package"},
    "format": {"csv"},
    "encoding": {"utf-8"},
}
_TRUE, _FALSE = {"true", "True", "TRUE", "1"}, {"false", "False", "FALSE", "0"}
_INTEGER = re.compile(r"[-+]?[0-9]+")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*")


def package() -> dict[str, Any]:
    """The data package descriptor (``datapackage.json``) as a dictionary, checked: every
    property of the package and of each resource is one the checker knows.

    It is read once per data folder.

    >>> package()["resources"][0]["name"]
    'kodak-observations'
    """
    return _package_in(data_folder())


@cache
def _package_in(folder: Path) -> dict[str, Any]:
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    problems = _unknown(descriptor, _PACKAGE_KEYS, "the package")
    problems += _fixed(descriptor, "the package")
    names: set[str] = set()
    for described in descriptor.get("resources", []):
        name = described.get("name", "?")
        where = f'resource "{name}"'
        problems += _unknown(described, _RESOURCE_KEYS, where)
        problems += _fixed(described, where)
        if name in names:
            problems.append(f"{where} is listed twice")
        names.add(name)
        for key in ("name", "path", "schema"):
            if not isinstance(described.get(key), str):
                problems.append(f'{where} needs "{key}" as one text (a path, not a list)')
    if problems:
        raise DatasetError("\n".join(f"datapackage.json: {problem}" for problem in problems))
    return descriptor


def _unknown(descriptor: dict[str, Any], known: frozenset[str], where: str) -> list[str]:
    """A problem for each property of ``descriptor`` the checker does not know."""
    return [
        f'{where} declares "{key}", which the course\'s checker does not know; '
        "remove it or teach course_lib/datapackage.py to check it"
        for key in descriptor
        if key not in known
    ]


def _fixed(descriptor: dict[str, Any], where: str) -> list[str]:
    """A problem for each profile, format or encoding the checker does not read."""
    return [
        f'{where} declares {key} "{descriptor[key]}"; the checker reads only '
        f"{', '.join(sorted(allowed))}"
        for key, allowed in _FIXED.items()
        if key in descriptor and str(descriptor[key]).lower() not in allowed
    ]


def resource(name: str) -> dict[str, Any] | None:
    """The descriptor of the resource called ``name`` in the package, or None.

    >>> resource("ibm-sources")["path"]
    'ibm/sources.csv'
    >>> resource("ibm-nothing") is None
    True
    """
    return _resource_in(data_folder(), name)


def _resource_in(folder: Path, name: str) -> dict[str, Any] | None:
    return next((r for r in _package_in(folder)["resources"] if r["name"] == name), None)


@dataclass(frozen=True)
class Field:
    """One column of a table schema, ready to check cells: its name, type, format and
    constraints (``pattern`` compiled). Made by :func:`schema`.

    >>> year = schema("schemas/observations.json").fields[1]
    >>> year.name, year.type, year.constraints["minimum"]
    ('year', 'integer', 1900)
    """

    name: str
    type: str = "string"
    format: str = "default"
    constraints: dict[str, Any] = field(default_factory=dict)
    pattern: re.Pattern[str] | None = None


@dataclass(frozen=True)
class Schema:
    """A checked table schema: its fields, the texts that count as missing, the primary key
    and the foreign keys (each ``(fields, resource, referenced fields)``). Made by
    :func:`schema`.

    >>> schema("schemas/sources.json").primary_key
    ('source_id',)
    """

    path: str
    fields: tuple[Field, ...]
    missing_values: frozenset[str] = frozenset({""})
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...] = ()


def schema(path: str) -> Schema:
    """The table schema at ``path`` (relative to the data folder), checked: a property,
    field type, format or constraint the checker does not know raises :class:`DatasetError`
    naming it.

    >>> [field.name for field in schema("schemas/events.json").fields]
    ['entity', 'date', 'event', 'source_id']
    """
    return _schema_in(data_folder(), path)


@cache
def _schema_in(folder: Path, path: str) -> Schema:
    descriptor = json.loads((folder / path).read_text(encoding="utf-8"))
    problems = _unknown(descriptor, _SCHEMA_KEYS, "the schema")
    fields: list[Field] = []
    for number, described in enumerate(descriptor.get("fields", []), start=1):
        made, found = _field(number, described)
        problems += found
        fields += [made] if made else []
    names = [made.name for made in fields]
    if not descriptor.get("fields"):
        problems.append("the schema has no fields")
    for name in dict.fromkeys(n for n in names if names.count(n) > 1):
        problems.append(f'the field "{name}" is declared twice')
    missing = descriptor.get("missingValues", [""])
    if not isinstance(missing, list) or not all(isinstance(text, str) for text in missing):
        problems.append("missingValues must be a list of texts")
        missing = [""]
    key, found = _key_fields(descriptor.get("primaryKey", []), names, "primaryKey")
    problems += found
    foreign, found = _foreign_keys(descriptor.get("foreignKeys", []), names, "the schema's")
    problems += found
    if problems:
        raise DatasetError("\n".join(f"{path}: {problem}" for problem in problems))
    return Schema(path, tuple(fields), frozenset(missing), key, foreign)


def _field(number: int, described: Any) -> tuple[Field | None, list[str]]:
    """A :class:`Field` from its descriptor, or the problems that stop it being checked."""
    if not isinstance(described, dict) or not isinstance(described.get("name"), str):
        return None, [f"field {number} needs a name"]
    where = f'field "{described["name"]}"'
    problems = _unknown(described, _FIELD_KEYS, where)
    kind = described.get("type", "string")
    if kind not in FORMATS:
        known = ", ".join(FORMATS)
        return None, [
            *problems,
            f'{where} has type "{kind}", which the checker does not know ({known})',
        ]
    fmt = described.get("format", "default")
    if fmt not in FORMATS[kind]:
        problems.append(
            f'{where} has format "{fmt}", which the checker does not know for a {kind} '
            f"({', '.join(sorted(FORMATS[kind]))})"
        )
    constraints = described.get("constraints", {})
    if not isinstance(constraints, dict):
        return None, [*problems, f"{where} has constraints that are not an object"]
    for name, value in constraints.items():
        if name not in CONSTRAINTS:
            problems.append(
                f'{where} has the constraint "{name}", which the checker does not know '
                f"({', '.join(CONSTRAINTS)})"
            )
        elif kind not in CONSTRAINTS[name]:
            problems.append(
                f'{where} has the constraint "{name}", which a field of type {kind} cannot have'
            )
        else:
            problems += _constraint_problems(where, kind, name, value)
    pattern = None
    if not problems and "pattern" in constraints:
        pattern = re.compile(constraints["pattern"])
    made = Field(described["name"], kind, fmt, dict(constraints), pattern)
    return (None if problems else made), problems


def _constraint_problems(where: str, kind: str, name: str, value: Any) -> list[str]:
    """Problems with the value a constraint is given (a text where a number belongs...)."""
    bad = f'{where}: the constraint "{name}" '
    if name in {"required", "unique"} and not isinstance(value, bool):
        return [bad + "must be true or false"]
    if name in {"minLength", "maxLength"} and (
        isinstance(value, bool) or not isinstance(value, int) or value < 0
    ):
        return [bad + "must be a whole number, 0 or more"]
    if name == "pattern":
        try:
            re.compile(value)
        except (re.error, TypeError) as error:
            return [bad + f"is not a regular expression ({error})"]
    if name == "enum" and not (isinstance(value, list) and value):
        return [bad + "must be a list of the allowed values"]
    if name == "enum":
        return [p for item in value for p in _bound_problems(bad, kind, item)]
    if name in {"minimum", "maximum"}:
        return _bound_problems(bad, kind, value)
    return []


def _bound_problems(bad: str, kind: str, value: Any) -> list[str]:
    """Problems with a value that must be of the field's type (a bound, an enum item)."""
    if kind == "date":
        if isinstance(value, str) and _date(value) is not None:
            return []
        return [bad + f"has {value!r}, not a date written YYYY-MM-DD"]
    expected = {"integer": (int,), "number": (int, float), "boolean": (bool,), "string": (str,)}
    if isinstance(value, bool) != (kind == "boolean") or not isinstance(value, expected[kind]):
        return [bad + f"has {value!r}, which is not a{'n' if kind == 'integer' else ''} {kind}"]
    return []


def _names(value: Any) -> tuple[str, ...] | None:
    """Field names given as one text or a list of texts, or None if neither."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and value and all(isinstance(item, str) for item in value):
        return tuple(value)
    return None


def _key_fields(value: Any, names: list[str], what: str) -> tuple[tuple[str, ...], list[str]]:
    if value in ([], None):
        return (), []
    key = _names(value)
    if key is None:
        return (), [f"{what} must be a field name or a list of field names"]
    unknown = [name for name in key if name not in names]
    if unknown:
        return (), [f"{what} names {', '.join(unknown)}, which the schema does not have"]
    return key, []


def _foreign_keys(
    value: Any, names: list[str], whose: str
) -> tuple[tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...], list[str]]:
    """Foreign keys as ``(fields, resource, referenced fields)``, or their problems."""
    if not isinstance(value, list):
        return (), [f"{whose} foreignKeys must be a list"]
    keys, problems = [], []
    for number, described in enumerate(value, start=1):
        where = f"{whose} foreign key {number}"
        reference = described.get("reference") if isinstance(described, dict) else None
        if not isinstance(reference, dict):
            problems.append(f"{where} needs fields and a reference")
            continue
        problems += _unknown(described, frozenset({"fields", "reference"}), where)
        problems += _unknown(reference, frozenset({"resource", "fields"}), f"{where}'s reference")
        fields, found = _key_fields(described.get("fields"), names, f"{where}'s fields")
        referenced = _names(reference.get("fields"))
        target = reference.get("resource")
        if not fields and not found:
            found = [f"{where} needs fields"]
        if referenced is None or len(referenced) != len(fields) or not isinstance(target, str):
            found.append(f"{where} needs a resource and as many referenced fields as fields")
        problems += found
        if not found:
            keys.append((fields, target, referenced))
    return tuple(keys), problems


def _date(text: str) -> datetime.date | None:
    if not _DATE.fullmatch(text):
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


def _cast(column: Field, text: str) -> tuple[Any, str | None]:
    """A cell's text as a value of its field's type and format, or why it is not one."""
    kind = column.type
    if kind == "integer":
        if _INTEGER.fullmatch(text):
            return int(text), None
        return None, f'"{text}" is not an integer'
    if kind == "number":
        try:
            return parse_number(text), None
        except NumberProblem as problem:
            return None, str(problem)
    if kind == "boolean":
        if text in _TRUE | _FALSE:
            return text in _TRUE, None
        return None, f'"{text}" is not true or false'
    if kind == "date":
        if _date(text) is None:
            return None, f'"{text}" is not a date written YYYY-MM-DD'
        return text, None
    if column.format == "uri" and not _is_uri(text):
        return None, f'"{text}" is not a URI (like https://example.org/page)'
    if column.format == "email" and not _EMAIL.fullmatch(text):
        return None, f'"{text}" is not an email address'
    return text, None


def _is_uri(text: str) -> bool:
    from urllib.parse import urlsplit

    if any(character.isspace() or ord(character) < 32 for character in text):
        return False
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    if not _SCHEME.fullmatch(parts.scheme):
        return False
    return bool(parts.netloc) if parts.scheme.lower() in {"http", "https", "ftp"} else True


def _check_value(column: Field, text: str, value: Any) -> str | None:
    """Why a typed value breaks one of its field's constraints, or None."""
    constraints = column.constraints
    if "enum" in constraints and value not in constraints["enum"]:
        return f'"{text}" is not one of {", ".join(map(str, constraints["enum"]))}'
    compared = _date(value) if column.type == "date" else value
    if "minimum" in constraints:
        low = constraints["minimum"]
        if compared < (_date(low) if column.type == "date" else low):
            return f"{text} is below the minimum {low}"
    if "maximum" in constraints:
        high = constraints["maximum"]
        if compared > (_date(high) if column.type == "date" else high):
            return f"{text} is above the maximum {high}"
    if "minLength" in constraints and len(value) < constraints["minLength"]:
        return f"is {len(value)} characters long, fewer than {constraints['minLength']}"
    if "maxLength" in constraints and len(value) > constraints["maxLength"]:
        return f"is {len(value)} characters long, more than {constraints['maxLength']}"
    if column.pattern is not None and not column.pattern.fullmatch(value):
        return f'"{text}" does not match the pattern {column.constraints["pattern"]}'
    return None


def read_resource(name: str) -> pd.DataFrame:
    """Read the resource called ``name``, checked against its schema: the header, every cell,
    unique columns, the primary key and the foreign keys. A broken file raises
    :class:`DatasetError` listing every problem, with file, row and column.

    Missing cells (a text in the schema's ``missingValues``) are None (NaN in a number column). The checked table is
    kept per data folder, so a second read is quick; each call returns a fresh copy.

    >>> revenue = read_resource("ibm-observations").query("year == 2008 and metric == 'revenue'")
    >>> float(revenue.value.max())
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

    described = _resource_in(folder, name)
    if described is None:
        raise KeyError(f'the data package has no resource "{name}"')
    table = _schema_in(folder, described["schema"])
    path = described["path"]
    columns = [column.name for column in table.fields]
    foreign, problems = _foreign_keys(described.get("foreignKeys", []), columns, "the resource's")
    if problems:
        raise DatasetError("\n".join(f"datapackage.json, {name}: {p}" for p in problems))
    with open(folder / path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header, body = (rows[0], rows[1:]) if rows else ([], [])
    if header != columns:
        raise DatasetError(
            f"{path}: the header is {', '.join(header) or 'missing'}; the schema "
            f"{described['schema']} lists {', '.join(columns)}, in that order"
        )
    records, problems = _read_rows(path, table, body)
    frame = pd.DataFrame.from_records(records, columns=columns)
    if not problems:
        problems += _unique_problems(path, table, frame)
        problems += _reference_problems(folder, path, [*table.foreign_keys, *foreign], frame)
    if problems:
        raise DatasetError("\n".join(problems))
    return frame


def _read_rows(path: str, table: Schema, body: list[list[str]]) -> tuple[list[dict], list[str]]:
    """Every row's cells typed and checked; the records and every problem found."""
    records, problems = [], []
    key = set(table.primary_key)
    for line, row in enumerate(body, start=2):
        if len(row) != len(table.fields):
            problems.append(
                f"{path}, row {line} has {len(row)} cells but the header has {len(table.fields)}"
            )
            continue
        record = {}
        for column, text in zip(table.fields, row, strict=True):
            where = f"{path}, row {line}, column {column.name}"
            value, problem = None, None
            if text in table.missing_values:
                if column.constraints.get("required") or column.name in key:
                    problem = "is empty but required"
            else:
                value, problem = _cast(column, text)
                problem = problem or _check_value(column, text, value)
            if problem:
                problems.append(f"{where}: {problem}")
            record[column.name] = value
        records.append(record)
    return records, problems


def _unique_problems(path: str, table: Schema, frame: pd.DataFrame) -> list[str]:
    """A problem for each repeated value of a unique column and each repeated primary key."""
    problems = []
    for column in table.fields:
        if column.constraints.get("unique"):
            values = frame[column.name].dropna()
            for index in values[values.duplicated()].index:
                problems.append(
                    f'{path}, row {index + 2}, column {column.name}: "{values[index]}" is '
                    "repeated; the column's values must be unique"
                )
    key = list(table.primary_key)
    if key:
        for index in frame[frame.duplicated(key, keep=False)].index:
            problems.append(f"{path}, row {index + 2}: the key {key} is repeated")
    return problems


def _reference_problems(
    folder: Path,
    path: str,
    foreign_keys: list[tuple[tuple[str, ...], str, tuple[str, ...]]],
    frame: pd.DataFrame,
) -> list[str]:
    """A problem for each row whose foreign key is not found in the referenced resource."""
    import pandas as pd

    problems = []
    for fields, target, referenced in foreign_keys:
        if target and _resource_in(folder, target) is None:
            problems.append(f'{path}: a foreign key refers to "{target}", which is not a resource')
            continue
        other = frame if target == "" else _read_resource_in(folder, target)
        other_path = path if target == "" else _resource_in(folder, target)["path"]
        known = set(other[list(referenced)].itertuples(index=False, name=None))
        for index, values in enumerate(frame[list(fields)].itertuples(index=False, name=None)):
            if any(pd.isna(value) for value in values) or values in known:
                continue
            shown = ", ".join(str(value) for value in values)
            column = "" if referenced == fields else f"'s {', '.join(referenced)}"
            problems.append(
                f"{path}, row {index + 2}: {', '.join(fields)} {shown} is not in {other_path}{column}"
            )
    return problems
