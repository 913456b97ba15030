"""The case datasets and the data layer: sources, schema checks, units, and learner files."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course_lib import data, datapackage, learner_csv, problems

ROOT = Path(__file__).resolve().parent.parent
CASES = sorted(data.cases())


def read_rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_case_folder_is_in_the_data_package():
    folders = {p.parent.name for p in (ROOT / "datasets").glob("*/observations.csv")}
    assert folders == set(CASES)
    for case in CASES:
        for kind in ("observations", "sources", "events"):
            listed = datapackage.resource(f"{case.replace('_', '-')}-{kind}") is not None
            assert listed == (ROOT / "datasets" / case / f"{kind}.csv").is_file(), (case, kind)


def test_the_package_is_valid_for_the_frictionless_validator():
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.Package(str(ROOT / "datasets" / "datapackage.json")).validate()
    errors = [error.message for task in report.tasks for error in task.errors]
    assert report.valid, errors[:10]


@pytest.mark.parametrize("case", CASES)
def test_every_value_row_has_a_source_with_an_excerpt(case):
    frame = data.load(case, all_rows=True)
    assert len(frame) > 0
    cited = data.sources(frame)
    by_id = cited.set_index("source_id")
    for row in frame.itertuples():
        source = by_id.loc[row.source_id]
        assert source.excerpt.strip(), (case, row.source_id)
        assert len(source.excerpt) <= 200
        assert source.url.startswith("http"), row.source_id
    events = data.events(case)
    assert set(events.source_id) <= set(data.sources(events).source_id)


@pytest.mark.parametrize("case", CASES)
def test_exactly_one_preferred_value_per_entity_year_metric(case):
    preferred = data.load(case)
    assert not preferred.duplicated(["entity", "year", "metric"]).any()


def test_source_ids_are_unique_across_the_whole_package():
    every = [
        row["source_id"]
        for case in CASES
        for row in read_rows(ROOT / "datasets" / case / "sources.csv")
    ]
    assert len(every) == len(set(every))


def test_known_figures_load_as_the_filings_state_them():
    ibm = data.series(data.load("ibm"), "revenue", unit="USD_million")
    assert ibm.loc[2008, "IBM"] == pytest.approx(103_630, rel=1e-3)
    kodak = data.load("kodak")
    digital = kodak.query("year == 2005 and metric == 'revenue_digital'").value.item()
    traditional = kodak.query("year == 2005 and metric == 'revenue_traditional'").value.item()
    assert digital > traditional  # the year digital passed film at Kodak
    restated = data.load("kodak", all_rows=True).query("year == 2005 and metric == 'revenue'")
    assert len(restated) == 2 and restated.preferred.sum() == 1


def test_units_convert_to_a_common_base():
    frame = pd.DataFrame({"value": [2.0, 3.0, 1.5], "unit": ["thousand", "million", "GB"]})
    converted = data.in_base_unit(frame)
    assert converted.value.tolist() == [2_000.0, 3_000_000.0, 1_500.0]
    assert converted.unit.tolist() == ["count", "count", "MB"]
    mixed = data.series(data.load("ibm"), "revenue", unit="USD_billion")
    assert mixed.loc[1990, "IBM"] == pytest.approx(69.0, abs=0.1)  # stored in USD_billion
    assert mixed.loc[2008, "IBM"] == pytest.approx(103.6, abs=0.1)  # stored in USD_million


def test_series_refuses_units_that_do_not_convert():
    frame = pd.DataFrame(
        {
            "entity": ["A", "A"],
            "year": [2000, 2001],
            "metric": ["m", "m"],
            "value": [1.0, 2.0],
            "unit": ["percent", "USD"],
        }
    )
    with pytest.raises(ValueError, match="do not convert"):
        data.series(frame, "m", unit="USD")


def test_citation_names_documents_and_marks_estimates():
    frame = data.load("ibm").query("metric == 'revenue'")
    text = data.citation(frame)
    assert text.startswith("Sources: ") and "more (see cl.data.sources)" in text
    marked = frame.assign(status="estimated")
    assert "estimates" in data.citation(marked)


@pytest.fixture
def broken_copy(tmp_path, monkeypatch):
    """A copy of the datasets that a test may break, used in place of the real ones."""
    copy = tmp_path / "datasets"
    shutil.copytree(ROOT / "datasets", copy)
    monkeypatch.setattr(datapackage, "data_folder", lambda: copy)
    return copy


def _rewrite(path: Path, line: int, column: str, value: str) -> None:
    rows = read_rows(path)
    rows[line - 2][column] = value
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("value", "12,5", 'row 3, column value: "12,5" is not a number'),
        ("unit", "dollars", 'row 3, column unit: "dollars" is not one of'),
        ("year", "1850", "row 3, column year: 1850 is below the minimum 1900"),
        ("source_id", "nowhere", "row 3: source_id nowhere is not in sources.csv"),
        ("value", "-5", "row 3: revenue cannot be negative"),
        ("preferred", "false", "has 0 preferred rows"),
    ],
)
def test_a_broken_course_file_names_file_row_and_problem(broken_copy, column, value, message):
    path = broken_copy / "ibm" / "observations.csv"
    rows = read_rows(path)
    assert rows[1]["metric"] == "revenue" and rows[1]["preferred"] == "true"
    _rewrite(path, 3, column, value)
    with pytest.raises(datapackage.DatasetError) as raised:
        data.load("ibm")
    assert "ibm/observations.csv" in str(raised.value)
    assert message in str(raised.value)


def test_an_excerpt_longer_than_200_characters_is_refused(broken_copy):
    _rewrite(broken_copy / "kodak" / "sources.csv", 2, "excerpt", "x" * 201)
    with pytest.raises(
        datapackage.DatasetError, match="kodak/sources.csv, row 2, column excerpt: is 201"
    ):
        data.load("kodak")


def test_an_unknown_case_suggests_the_nearest_name():
    with pytest.raises(KeyError, match='Did you mean "video_rental"'):
        data.load("video_rentals")


# ------------------------------------------------------------------ learner files

GOOD = "entity,year,revenue,net_income,market_value,unit\nAcme,2019,100,5,300,USD_million\nAcme,2020,90,-2,150,USD_million\n"


def problems_of(source) -> list[str]:
    with pytest.raises(problems.DataProblem) as raised:
        learner_csv.read_company_csv(source)
    return raised.value.problems


def test_a_good_file_becomes_tidy_course_data():
    frame = learner_csv.read_company_csv(GOOD)
    assert set(frame.metric) == {"revenue", "net_income", "market_value"}
    assert frame.query("year == 2020 and metric == 'net_income'").value.item() == -2.0
    assert (frame.unit == "USD_million").all() and (frame.entity == "Acme").all()


def test_a_file_from_disk_and_from_bytes_read_the_same(tmp_path):
    path = tmp_path / "acme.csv"
    path.write_text(GOOD, encoding="utf-8")
    from_path = learner_csv.read_company_csv(path)
    from_bytes = learner_csv.read_company_csv(GOOD.encode("utf-8"))
    pd.testing.assert_frame_equal(from_path, from_bytes)


def test_excel_style_files_with_bom_and_semicolons_are_read():
    text = "\ufeffYear;Revenue\n2019;100\n2020;110\n"
    assert learner_csv.read_company_csv(text.encode("utf-8")).value.tolist() == [100.0, 110.0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "yaer,revenue\n2019,1\n",
            'the column "yaer" is not one the course knows: did you mean "year"?',
        ),
        (
            "year,sales\n2019,1\n",
            'the column "sales" is not one the course knows: call it "revenue"',
        ),
        ("year,net_income\n2019,1\n", 'the required column "revenue" is missing'),
        (
            'year,revenue\n2019,"12,5"\n',
            'row 2, column "revenue": "12,5" is not a number; write 12.5',
        ),
        ('year,revenue\n2019,"1,250"\n', "write 1250 (no thousands separators)"),
        ("year,revenue\n2019,$5m\n", "write digits only and give the unit in the unit column"),
        ("year,revenue\n2019,-4\n", 'row 2, column "revenue": revenue cannot be negative (-4)'),
        ("year,revenue\n2019,4\n2019,5\n", "row 3: 2019 appears again (first in row 2)"),
        ("year,revenue\n19,4\n", '"19" is not a year; write four digits'),
        (
            "year,revenue,unit\n2019,4,USD_million\n2020,5,USD_billion\n",
            "mixes units (USD_billion, USD_million)",
        ),
        ("year,revenue,unit\n2019,4,usd_milion\n", '"usd_milion" is not a unit the course knows'),
        ("year,revenue\n", "the file has a header but no data rows"),
        ("year,revenue\n2019,\n", "the cell is empty; fill it in or delete the row"),
        ("year,revenue,revenue\n2019,1,2\n", 'the column "revenue" appears 2 times'),
    ],
)
def test_each_kind_of_problem_gets_a_plain_message(text, expected):
    assert any(expected in problem for problem in problems_of(text)), problems_of(text)


def test_every_problem_is_listed_at_once():
    text = "year,revenue,unit\n2019,-1,USD_million\n2019,x,USD_million\n2020,3,EUR_million\n"
    found = problems_of(text)
    assert len(found) == 4, found
    message = str(problems.DataProblem(found))
    assert message.startswith("your file has 4 problems to fix:")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"", "the file is empty"),
        (b"   \n\n", "the file is empty"),
        ("year,revenue\n2019,5\nCaf\u00e9,3\n".encode("cp1252"), "not UTF-8 text"),
        (b"PK\x03\x04rest-of-a-zip", "spreadsheet workbook, not a CSV"),
        ("year,revenue\n2019,5\n".encode("utf-16"), "UTF-16"),
        (b"year,revenue\n" + b"2019,5\n" * 400_000, "MB; a company's yearly figures"),
    ],
)
def test_files_that_are_not_csv_text_are_named_for_what_they_are(raw, expected):
    assert any(expected in problem for problem in problems_of(raw))


def test_problems_render_as_html_with_every_item():
    problem = problems.DataProblem(["first <thing>", "second"], "acme.csv")
    rendered = problem._repr_html_()
    assert "acme.csv has 2 problems" in rendered and "&lt;thing&gt;" in rendered
    assert rendered.count("<li>") == 2


# Property-based: generate good files, break them one way, and check the message.
years = st.lists(st.integers(1900, 2099), min_size=1, max_size=12, unique=True)
revenues = st.floats(min_value=0, max_value=1e9, allow_nan=False, allow_infinity=False)


def _csv(rows: list[tuple[int, float]]) -> str:
    return "year,revenue\n" + "".join(f"{year},{revenue!r}\n" for year, revenue in rows)


@given(
    years.flatmap(
        lambda ys: st.tuples(st.just(ys), st.lists(revenues, min_size=len(ys), max_size=len(ys)))
    )
)
def test_any_well_formed_file_loads_with_its_values(pair):
    chosen_years, values = pair
    frame = learner_csv.read_company_csv(_csv(list(zip(chosen_years, values, strict=True))))
    assert frame.year.tolist() == chosen_years
    assert frame.value.tolist() == pytest.approx(values)


@given(years, st.data())
def test_a_duplicated_year_is_always_reported(chosen_years, draw):
    rows = [(year, 1.0) for year in chosen_years]
    repeated = draw.draw(st.sampled_from(chosen_years))
    rows.append((repeated, 2.0))
    found = problems_of(_csv(rows))
    assert any(f"{repeated} appears again" in problem for problem in found)


@given(years, st.data(), st.floats(min_value=-1e9, max_value=-1e-6, allow_nan=False))
def test_a_negative_revenue_is_always_reported_on_its_row(chosen_years, draw, negative):
    rows = [(year, 1.0) for year in chosen_years]
    index = draw.draw(st.integers(0, len(rows) - 1))
    rows[index] = (rows[index][0], negative)
    found = problems_of(_csv(rows))
    assert any(
        f'row {index + 2}, column "revenue"' in p and "cannot be negative" in p for p in found
    )


@given(years, st.data(), st.text(alphabet="abcxyz$€,% ", min_size=1, max_size=6))
def test_a_non_number_is_always_reported_on_its_row(chosen_years, draw, junk):
    rows = [f"{year},1.0" for year in chosen_years]
    index = draw.draw(st.integers(0, len(rows) - 1))
    rows[index] = f'{chosen_years[index]},"{junk}"'
    text = "year,revenue\n" + "\n".join(rows) + "\n"
    found = problems_of(text)
    assert any(f"row {index + 2}" in problem for problem in found), found


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_raise_anything_but_a_data_problem(raw):
    try:
        frame = learner_csv.read_company_csv(raw)
    except problems.DataProblem as problem:
        assert problem.problems and all(isinstance(p, str) and p for p in problem.problems)
    else:
        assert {"entity", "year", "metric", "value", "unit"} <= set(frame.columns)


@settings(max_examples=200)
@given(st.text(alphabet='year,revnu_tsd0123456789.-;"\n ', max_size=120))
def test_arbitrary_text_never_raises_anything_but_a_data_problem(text):
    try:
        learner_csv.read_company_csv(text + "\n")
    except problems.DataProblem as problem:
        assert problem.problems


def test_coverage_counts_years_and_the_gaps_between_them():
    from course_lib import data

    for case in data.cases():
        table = data.coverage(case)
        assert not table.empty and (table.missing >= 0).all()
        assert (table.years <= table.last_year - table.first_year + 1).all()
    fujifilm = data.coverage("fujifilm").set_index("metric").loc["revenue"]
    assert (fujifilm.first_year, fujifilm.last_year, fujifilm.missing) == (2000, 2015, 0)
