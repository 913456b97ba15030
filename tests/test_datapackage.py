"""datapackage: the course's package is found and valid, and the checker enforces every
schema rule it declares and refuses any rule it does not know."""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import pytest

from course_lib import datapackage
from course_lib.datapackage import DatasetError, read_resource

ROOT = Path(__file__).resolve().parent.parent
DATASETS = ROOT / "datasets"


def read_rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# ------------------------------------------------------------- the course's own package


def test_the_package_is_valid_for_the_frictionless_validator():
    import frictionless  # pinned in requirements/test.txt: missing, the test fails

    report = frictionless.Package(str(DATASETS / "datapackage.json")).validate()
    errors = [error.message for task in report.tasks for error in task.errors]
    assert report.valid, errors[:10]


def test_the_data_folder_is_the_repositorys_datasets_folder():
    assert datapackage.data_folder() == DATASETS


def test_every_resource_of_the_package_reads_and_checks_clean():
    descriptor = json.loads((DATASETS / "datapackage.json").read_text(encoding="utf-8"))
    for described in descriptor["resources"]:
        frame = read_resource(described["name"])
        assert len(frame) == len(read_rows(DATASETS / described["path"])), described["name"]


def test_a_resource_is_read_as_its_file_says():
    rows = read_rows(DATASETS / "kodak" / "sources.csv")
    frame = read_resource("kodak-sources")
    assert frame.source_id.tolist() == [row["source_id"] for row in rows]
    assert frame.excerpt.tolist() == [row["excerpt"] for row in rows]


def test_every_observation_and_event_file_declares_its_sources_as_foreign_key():
    descriptor = json.loads((DATASETS / "datapackage.json").read_text(encoding="utf-8"))
    for described in descriptor["resources"]:
        name = described["name"]
        if name.endswith(("-observations", "-events")):
            case = name.rsplit("-", 1)[0]
            reference = {"resource": f"{case}-sources", "fields": "source_id"}
            assert {"fields": "source_id", "reference": reference} in described.get(
                "foreignKeys", []
            ), name


def test_every_source_id_used_is_in_its_cases_sources_file():
    for sources_file in DATASETS.glob("*/sources.csv"):
        known = {row["source_id"] for row in read_rows(sources_file)}
        for kind in ("observations", "events"):
            path = sources_file.parent / f"{kind}.csv"
            if path.is_file():
                used = {row["source_id"] for row in read_rows(path)}
                assert used <= known, (path, used - known)


# ------------------------------------------------------- a small package a test may break


def write_package(
    fresh_folder,
    fields: list[dict],
    rows: list[list[str]],
    header: list[str] | None = None,
    schema_extra: dict | None = None,
    resource_extra: dict | None = None,
    package_extra: dict | None = None,
) -> None:
    """A package of one resource, "things", with the given fields and rows, and a second
    resource, "kinds", that "things" may refer to."""
    folder = fresh_folder()
    schema = {"fields": fields, "missingValues": [""], **(schema_extra or {})}
    (folder / "things.json").write_text(json.dumps(schema), encoding="utf-8")
    (folder / "kinds.json").write_text(
        json.dumps({"fields": [{"name": "kind", "type": "string"}], "primaryKey": "kind"}),
        encoding="utf-8",
    )
    with open(folder / "things.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header or [field["name"] for field in fields])
        writer.writerows(rows)
    (folder / "kinds.csv").write_text("kind\nfruit\nnut\n", encoding="utf-8")
    descriptor = {
        "name": "test",
        "resources": [
            {
                "name": "things",
                "path": "things.csv",
                "schema": "things.json",
                **(resource_extra or {}),
            },
            {"name": "kinds", "path": "kinds.csv", "schema": "kinds.json"},
        ],
        **(package_extra or {}),
    }
    (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")


@pytest.fixture
def tiny(tmp_path, monkeypatch):
    """Where a test writes its own packages, used in place of the course's: each package
    goes to a new folder (a package is read once per folder)."""
    made = iter(range(1000))

    def fresh_folder() -> Path:
        folder = tmp_path / f"package{next(made)}"
        folder.mkdir()
        monkeypatch.setattr(datapackage, "data_folder", lambda: folder)
        return folder

    return fresh_folder


def field(name: str = "x", kind: str = "string", **constraints) -> dict:
    described = {"name": name, "type": kind}
    if constraints:
        described["constraints"] = constraints
    return described


def refused(folder, fields: list[dict], rows: list[list[str]], **extra) -> str:
    write_package(folder, fields, rows, **extra)
    with pytest.raises(DatasetError) as raised:
        read_resource("things")
    return str(raised.value)


def accepted(folder, fields: list[dict], rows: list[list[str]], **extra) -> list:
    write_package(folder, fields, rows, **extra)
    return read_resource("things").to_dict("records")


@pytest.mark.parametrize(
    ("described", "good", "bad", "message"),
    [
        (field(required=True), "a", "", "row 2, column x: is empty but required"),
        (field(minLength=3), "abc", "ab", "row 2, column x: is 2 characters long, fewer than 3"),
        (field(maxLength=3), "abc", "abcd", "row 2, column x: is 4 characters long, more than 3"),
        (field(kind="integer", minimum=10), "10", "9", "9 is below the minimum 10"),
        (field(kind="number", maximum=1.5), "1.5", "1.6", "1.6 is above the maximum 1.5"),
        (
            field(kind="date", minimum="2000-01-01"),
            "2000-01-01",
            "1999-12-31",
            "1999-12-31 is below the minimum 2000-01-01",
        ),
        (field(enum=["fruit", "nut"]), "nut", "seed", '"seed" is not one of fruit, nut'),
        (field(kind="integer", enum=[1, 2]), "2", "3", '"3" is not one of 1, 2'),
        (field(pattern="[a-z]+"), "abc", "abc1", '"abc1" does not match the pattern [a-z]+'),
        ({"name": "x", "type": "string", "format": "uri"}, "https://a.org/b", "a.org", "not a URI"),
        ({"name": "x", "type": "string", "format": "uri"}, "https://a.org", "https://a b", "URI"),
        ({"name": "x", "type": "string", "format": "email"}, "a@b.org", "a.b.org", "email"),
        (field(kind="date"), "2020-02-29", "2021-02-29", '"2021-02-29" is not a date'),
        (field(kind="date"), "2020-02-29", "2020-2-1", '"2020-2-1" is not a date'),
        (field(kind="integer"), "-12", "1.5", '"1.5" is not an integer'),
        (field(kind="integer"), "12", "1_000", '"1_000" is not an integer'),
        (field(kind="number"), "1e3", "12,5", '"12,5" is not a number'),
        (field(kind="number"), "-0.5", "NaN", '"NaN" is not a number'),
        (field(kind="boolean"), "TRUE", "yes", '"yes" is not true or false'),
    ],
)
def test_each_type_format_and_constraint_is_enforced(tiny, described, good, bad, message):
    assert len(accepted(tiny, [described], [[good]])) == 1
    assert message in refused(tiny, [described], [[good], [bad]]).replace("row 3", "row 2")


def test_the_message_names_file_row_and_column(tiny):
    text = refused(tiny, [field("a"), field("b", kind="integer")], [["p", "1"], ["q", "z"]])
    assert text == 'things.csv, row 3, column b: "z" is not an integer'


def test_every_problem_in_a_file_is_listed_at_once(tiny):
    described = [field("a", required=True), field("b", kind="integer", maximum=5)]
    text = refused(tiny, described, [["", "9"], ["ok", "x"]])
    assert text.count("\n") == 2  # three problems, one per line


def test_unique_refuses_a_repeated_value_but_not_repeated_missing_cells(tiny):
    assert len(accepted(tiny, [field(unique=True)], [["a"], [""], [""]])) == 3
    text = refused(tiny, [field(unique=True)], [["a"], ["b"], ["a"]])
    assert 'row 4, column x: "a" is repeated' in text


def test_missing_values_decide_what_counts_as_missing(tiny):
    number = field(kind="number")
    with_na = {"schema_extra": {"missingValues": ["", "NA"]}}
    read = accepted(tiny, [number], [["NA"], ["2"]], **with_na)
    assert math.isnan(read[0]["x"]) and read[1]["x"] == 2.0
    assert '"NA" is not a number' in refused(tiny, [number], [["NA"]])
    required = field(kind="number", required=True)
    assert "is empty but required" in refused(tiny, [required], [["NA"]], **with_na)
    no_missing = {"schema_extra": {"missingValues": []}}
    assert accepted(tiny, [field()], [[""]], **no_missing) == [{"x": ""}]


def test_the_primary_key_is_unique_and_never_missing(tiny):
    key = {"schema_extra": {"primaryKey": ["a", "b"]}}
    both = [field("a"), field("b", kind="integer")]
    assert len(accepted(tiny, both, [["p", "1"], ["p", "2"]], **key)) == 2
    text = refused(tiny, both, [["p", "1"], ["q", "1"], ["p", "1"]], **key)
    assert "things.csv, row 4: the key ['a', 'b'] is repeated" in text
    assert "row 2, column a: is empty but required" in refused(tiny, both, [["", "1"]], **key)


@pytest.mark.parametrize("where", ["schema_extra", "resource_extra"])
def test_foreign_keys_must_be_found_in_the_referenced_resource(tiny, where):
    keys = {
        where: {
            "foreignKeys": [
                {"fields": "kind", "reference": {"resource": "kinds", "fields": "kind"}}
            ]
        }
    }
    both = [field("name"), field("kind")]
    assert len(accepted(tiny, both, [["apple", "fruit"], ["pecan", "nut"]], **keys)) == 2
    text = refused(tiny, both, [["apple", "fruit"], ["rose", "flower"]], **keys)
    assert text == "things.csv, row 3: kind flower is not in kinds.csv"


def test_a_self_referencing_foreign_key_is_checked_within_the_file(tiny):
    keys = {
        "schema_extra": {
            "foreignKeys": [{"fields": "parent", "reference": {"resource": "", "fields": "name"}}]
        }
    }
    both = [field("name"), field("parent")]
    assert len(accepted(tiny, both, [["a", ""], ["b", "a"]], **keys)) == 2
    assert "parent z is not in things.csv's name" in refused(tiny, both, [["a", "z"]], **keys)


def test_the_header_must_list_the_schemas_fields_in_order(tiny):
    both = [field("a"), field("b")]
    assert "the header is b, a" in refused(tiny, both, [["1", "2"]], header=["b", "a"])
    assert "the header is a, b, c" in refused(tiny, both, [["1", "2", "3"]], header=["a", "b", "c"])
    assert "the header is a;" in refused(tiny, both, [], header=["a"]) + ";"


def test_a_row_with_too_few_or_too_many_cells_is_refused(tiny):
    both = [field("a"), field("b")]
    assert "row 2 has 1 cells but the header has 2" in refused(tiny, both, [["1"]])
    assert "row 2 has 3 cells but the header has 2" in refused(tiny, both, [["1", "2", "3"]])


# ------------------------------------------------- what the checker does not know, it refuses


@pytest.mark.parametrize(
    ("extra", "named"),
    [
        ({"fields": [field(exclusiveMinimum=3)]}, 'the constraint "exclusiveMinimum"'),
        ({"fields": [field(kind="datetime")]}, 'type "datetime"'),
        ({"fields": [field(kind="year")]}, 'type "year"'),
        ({"fields": [{"name": "x", "type": "string", "format": "binary"}]}, 'format "binary"'),
        ({"fields": [{"name": "x", "type": "date", "format": "%d/%m/%Y"}]}, 'format "%d/%m/%Y"'),
        ({"fields": [{"name": "x", "type": "boolean", "trueValues": ["y"]}]}, '"trueValues"'),
        (
            {"fields": [field(kind="integer", pattern="[0-9]+")]},
            "which a field of type integer cannot have",
        ),
        ({"fields": [field(minLength="3")]}, 'the constraint "minLength" must be a whole number'),
        ({"fields": [field(required="yes")]}, 'the constraint "required" must be true or false'),
        ({"fields": [field(pattern="([a-z")]}, "is not a regular expression"),
        ({"fields": [field(kind="integer", minimum="5")]}, "'5', which is not an integer"),
        ({"fields": [field(kind="date", maximum="2020")]}, "not a date written YYYY-MM-DD"),
        ({"fields": [field(enum=[])]}, "must be a list of the allowed values"),
        ({"fields": [field(), field()]}, 'the field "x" is declared twice'),
        ({"schema_extra": {"uniqueKeys": [["x"]]}}, '"uniqueKeys"'),
        ({"schema_extra": {"primaryKey": ["y"]}}, "primaryKey names y"),
        ({"schema_extra": {"missingValues": "NA"}}, "missingValues must be a list"),
        ({"resource_extra": {"dialect": {"delimiter": ";"}}}, '"dialect"'),
        ({"resource_extra": {"encoding": "latin-1"}}, 'encoding "latin-1"'),
        ({"resource_extra": {"format": "xlsx"}}, 'format "xlsx"'),
        ({"package_extra": {"views": []}}, 'the package declares "views"'),
        (
            {
                "resource_extra": {
                    "foreignKeys": [{"fields": "x", "reference": {"resource": "kinds"}}]
                }
            },
            "needs a resource and as many referenced fields as fields",
        ),
        (
            {
                "resource_extra": {
                    "foreignKeys": [
                        {
                            "fields": "x",
                            "reference": {"resource": "kinds", "fields": "kind", "onDelete": "x"},
                        }
                    ]
                }
            },
            '"onDelete"',
        ),
    ],
)
def test_a_rule_the_checker_does_not_know_is_refused_and_named(tiny, extra, named):
    extra = dict(extra)
    fields = extra.pop("fields", [field()])
    assert named in refused(tiny, fields, [["a"]], **extra)


def test_an_unknown_constraint_is_refused_before_any_row_is_read(tiny):
    text = refused(tiny, [field(exclusiveMinimum=3)], [["a"]])
    assert text == (
        'things.json: field "x" has the constraint "exclusiveMinimum", which the checker '
        "does not know (required, unique, enum, minLength, maxLength, pattern, minimum, maximum)"
    )


def test_an_unknown_property_says_how_to_fix_it(tiny):
    text = refused(tiny, [field()], [["a"]], schema_extra={"uniqueKeys": [["x"]]})
    assert text == (
        'things.json: the schema declares "uniqueKeys", which the course\'s checker does not '
        "know; remove it or teach course_lib/datapackage.py to check it"
    )


def test_the_course_schemas_use_only_what_the_checker_knows():
    for path in sorted((DATASETS / "schemas").glob("*.json")):
        checked = datapackage.schema(f"schemas/{path.name}")
        described = json.loads(path.read_text(encoding="utf-8"))
        assert [column.name for column in checked.fields] == [
            f["name"] for f in described["fields"]
        ]
