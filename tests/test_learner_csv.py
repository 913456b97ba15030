"""learner_csv.read_company_csv: a learner's CSV becomes tidy data, or every problem is listed."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from IPython.core.formatters import DisplayFormatter

from course_lib.learner_csv import COMPANY_COLUMNS, Template, read_company_csv
from course_lib.problems import CourseProblem, DataProblem

GOOD = "entity,year,revenue,net_income,market_value,unit\nAcme,2019,100,5,300,USD_million\nAcme,2020,90,-2,150,USD_million\n"


def problems_of(source) -> list[str]:
    with pytest.raises(DataProblem) as raised:
        read_company_csv(source)
    return raised.value.problems


def test_a_good_file_becomes_tidy_course_data():
    frame = read_company_csv(GOOD)
    assert set(frame.metric) == {"revenue", "net_income", "market_value"}
    assert frame.query("year == 2020 and metric == 'net_income'").value.item() == -2.0
    assert (frame.unit == "USD_million").all() and (frame.entity == "Acme").all()


def test_a_file_from_disk_and_from_bytes_read_the_same(tmp_path):
    path = tmp_path / "acme.csv"
    path.write_text(GOOD, encoding="utf-8")
    from_path = read_company_csv(path)
    from_bytes = read_company_csv(GOOD.encode("utf-8"))
    pd.testing.assert_frame_equal(from_path, from_bytes)


def test_excel_style_files_with_bom_and_semicolons_are_read():
    text = "\ufeffYear;Revenue\n2019;100\n2020;110\n"
    assert read_company_csv(text.encode("utf-8")).value.tolist() == [100.0, 110.0]


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
    message = str(DataProblem(found))
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
    problem = DataProblem(["first <thing>", "second"], "acme.csv")
    rendered = DisplayFormatter().format(problem)[0]["text/html"]  # what a notebook shows
    assert "acme.csv has 2 problems" in rendered and "&lt;thing&gt;" in rendered
    assert rendered.count("<li>") == 2


# Property-based: generate good files, break them one way, and check the message.
years = st.lists(st.integers(1900, 2099), min_size=1, max_size=12, unique=True)
revenues = st.floats(min_value=0, max_value=1e9, allow_nan=False, allow_infinity=False)


def csv_of(rows: list[tuple[int, float]]) -> str:
    return "year,revenue\n" + "".join(f"{year},{revenue!r}\n" for year, revenue in rows)


@given(
    years.flatmap(
        lambda ys: st.tuples(st.just(ys), st.lists(revenues, min_size=len(ys), max_size=len(ys)))
    )
)
def test_any_well_formed_file_loads_with_its_values(pair):
    chosen_years, values = pair
    frame = read_company_csv(csv_of(list(zip(chosen_years, values, strict=True))))
    assert frame.year.tolist() == chosen_years
    assert frame.value.tolist() == pytest.approx(values)


@given(years, st.data())
def test_a_duplicated_year_is_always_reported(chosen_years, draw):
    rows = [(year, 1.0) for year in chosen_years]
    repeated = draw.draw(st.sampled_from(chosen_years))
    rows.append((repeated, 2.0))
    found = problems_of(csv_of(rows))
    assert any(f"{repeated} appears again" in problem for problem in found)


@given(years, st.data(), st.floats(min_value=-1e9, max_value=-1e-6, allow_nan=False))
def test_a_negative_revenue_is_always_reported_on_its_row(chosen_years, draw, negative):
    rows = [(year, 1.0) for year in chosen_years]
    index = draw.draw(st.integers(0, len(rows) - 1))
    rows[index] = (rows[index][0], negative)
    found = problems_of(csv_of(rows))
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
        frame = read_company_csv(raw)
    except DataProblem as problem:
        assert problem.problems and all(isinstance(p, str) and p for p in problem.problems)
    else:
        assert {"entity", "year", "metric", "value", "unit"} <= set(frame.columns)


@settings(max_examples=200)
@given(st.text(alphabet='year,revnu_tsd0123456789.-;"\n ', max_size=120))
def test_arbitrary_text_never_raises_anything_but_a_data_problem(text):
    try:
        read_company_csv(text + "\n")
    except DataProblem as problem:
        assert problem.problems


def test_a_path_that_cannot_be_opened_is_named(tmp_path):
    with pytest.raises(DataProblem) as raised:
        read_company_csv(tmp_path / "missing.csv")
    assert raised.value.source == "missing.csv"
    assert "could not be opened" in raised.value.problems[0]


def test_the_name_given_is_the_name_in_the_message():
    with pytest.raises(DataProblem, match="^acme.csv has 1 problem to fix"):
        read_company_csv("year,revenue\n2019,-1\n", name="acme.csv")


def test_a_row_with_more_cells_than_the_header_is_reported_and_the_rest_still_read():
    found = problems_of("year,revenue\n2019,1,250\n2020,x\n")
    assert found == [
        "row 2 has 3 cells but the header has 2: check for a comma inside a number or a name",
        'row 3, column "revenue": "x" is not a number; write it with digits, like 12.5',
    ]


def test_a_short_row_counts_its_missing_cells_as_empty():
    frame = read_company_csv("year,revenue,net_income\n2019,10\n")
    assert frame.metric.tolist() == ["revenue"]


def test_an_unknown_column_with_no_near_name_lists_the_columns_in_a_fixed_order():
    found = problems_of("year,revenue,zzzzzz\n2019,1,2\n")
    assert found == [
        'the column "zzzzzz" is not one the course knows: the columns are '
        + ", ".join(COMPANY_COLUMNS)
    ]


def test_nul_bytes_and_unbalanced_quotes_are_named():
    assert "NUL bytes" in problems_of(b"year,revenue\n2019,\x001\n")[0]


def test_several_companies_in_one_file_each_keep_their_years_and_units():
    text = (
        "entity,year,revenue,unit\n"
        "A,2019,1,USD_million\nB,2019,2,EUR_million\nA,2020,3,USD_million\n"
    )
    frame = read_company_csv(text)
    assert frame.groupby("entity").year.apply(list).to_dict() == {"A": [2019, 2020], "B": [2019]}
    assert dict(zip(frame.entity, frame.unit, strict=True)) == {
        "A": "USD_million",
        "B": "EUR_million",
    }


def test_employees_are_counted_in_people_whatever_the_money_unit():
    frame = read_company_csv("year,revenue,employees,unit\n2019,5,1200,EUR_million\n")
    assert frame.set_index("metric").unit.to_dict() == {
        "revenue": "EUR_million",
        "employees": "count",
    }


def test_the_template_reads_back_as_its_own_figures(tmp_path):
    path = Template().save(tmp_path / "mine.csv")
    frame = read_company_csv(path)
    assert frame.query("year == 2020 and metric == 'net_income'").value.item() == -12.0
    assert set(frame.entity) == {"My Company"}


def test_a_data_problem_is_a_course_problem():
    assert issubclass(DataProblem, CourseProblem)
