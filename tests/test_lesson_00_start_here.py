"""Lesson 0: every claim the lesson makes, computed here from the CSV rows; every exercise
checked against an independent answer, and its typical wrong answers against their feedback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import course_lib as cl
from course_lib.charts import RUN
from course_lib.course_map import COURSE_MAP, course_map
from course_lib.learner_csv import read_company_csv
from course_lib.lessons import start_here as lesson
from course_lib.problems import DataProblem

from . import csvdata, prose

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = "00_start_here.ipynb"
NETFLIX = "Netflix"

#: Numbers in the lesson's prose, each computed by a test below.
PINNED = {"1995", "2015", "3.10", "2008"}


def test_every_number_in_the_prose_is_pinned_by_a_test():
    assert prose.unpinned(NOTEBOOK, lesson, PINNED) == set()


def markdown() -> str:
    cells = json.loads((ROOT / "notebooks" / NOTEBOOK).read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


# ------------------------------------------------------------------------------- claims


def ibm_revenue() -> dict[int, float]:
    return csvdata.series("ibm", "revenue", "IBM", "USD_billion")


def ibm_basis() -> dict[int, str]:
    return {
        int(row["year"]): row["basis"]
        for row in csvdata.rows("ibm")
        if row["metric"] == "revenue" and row["preferred"] == "true"
    }


def test_time_needed_matches_the_course_map():
    assert "**Time needed:** about 30 minutes." in markdown()
    assert COURSE_MAP[0].minutes == 30 and COURSE_MAP[0].notebook == NOTEBOOK
    assert "Start here" in course_map()._repr_html_()


def test_python_version_in_the_open_table_is_the_packages_minimum():
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'requires-python = ">=3.10,' in pyproject
    assert "Python 3.10 or newer" in markdown()


def test_okabe_ito_year_is_the_palettes_citation():
    assert "Okabe & Ito (2008)" in (ROOT / "course_lib" / "charts.py").read_text()


def test_ibm_has_no_1994_so_1995s_previous_row_is_1993():
    years = sorted(ibm_revenue())
    assert 1994 not in years
    assert years[years.index(1995) - 1] == 1993


def test_ibm_revenue_peaks_in_2011_up_7_percent_as_the_release_says():
    revenue = ibm_revenue()
    peak = max(revenue, key=revenue.get)
    assert peak == 2011
    assert round(100 * (revenue[peak] / revenue[peak - 1] - 1)) == 7
    rows = {int(r["year"]): r for r in csvdata.rows("ibm") if r["metric"] == "revenue"}
    sources = {r["source_id"]: r for r in csvdata.rows("ibm", "sources")}
    assert "up 7 percent" in sources[rows[peak]["source_id"]]["excerpt"]
    # The year before's quotation is a column of a table; its fourth number is total revenue.
    before = sources[rows[peak - 1]["source_id"]]
    assert "the 4th figure is total revenue" in before["note"]
    assert before["excerpt"].split()[3] == "99,870"
    assert csvdata.value("ibm", "revenue", peak - 1) == 99870


def test_the_growth_leaves_out_every_year_whose_basis_differs_from_the_year_befores():
    revenue, basis = ibm_revenue(), ibm_basis()
    changed = [
        year for year in sorted(basis)[1:] if year - 1 in basis and basis[year] != basis[year - 1]
    ]
    assert cl.data.basis_breaks(cl.data.metric("ibm", "revenue")) == changed
    assert {2001, 2013} <= set(changed)  # IBM's two restatements (disk drives, Microelectronics)
    # What the lesson's cells compute: growth over consecutive years on one basis only.
    series = cl.data.metric("ibm", "revenue", unit="USD_billion")
    full = series.reindex(range(series.index.min(), series.index.max() + 1))
    growth = (full / full.shift(1) - 1).drop(cl.data.basis_breaks(series)).dropna()
    expected = {
        year: revenue[year] / revenue[year - 1] - 1
        for year in revenue
        if year - 1 in revenue and year not in changed
    }
    assert growth.to_dict() == pytest.approx(expected)
    assert 1995 not in growth.index


def test_the_tour_chart_breaks_its_line_at_gaps_and_changes_of_basis():
    spec = lesson.tour_chart().to_dict()
    assert spec["params"][0]["bind"]["input"] == "range"
    lines = spec["datasets"][spec["layer"][0]["data"]["name"]]
    run = {row["year"]: row[RUN] for row in lines}
    assert run[1993] != run[1995]  # 1994 missing
    assert run[2000] != run[2001] and run[2012] != run[2013]  # restatements
    assert run[2007] == run[2008]
    assert "1994 has no verified source" in spec["description"]


def test_explorer_notes_are_true():
    netflix = [r for r in csvdata.rows("video_rental") if r["entity"] == NETFLIX]
    restated = [r for r in netflix if r["metric"] == "revenue" and r["preferred"] == "true"]
    assert {int(r["year"]) for r in restated if "2007 annual report" in r["basis"]} == {2004}
    blockbuster = [
        r for r in csvdata.rows("video_rental")
        if r["entity"] == "Blockbuster" and r["metric"] == "revenue" and r["preferred"] == "true"
    ]  # fmt: skip
    assert {int(r["year"]) for r in blockbuster if "a year later" in r["basis"]} == {2005}
    jets = [r for r in csvdata.rows("aviation") if r["metric"] == "deliveries"]
    jets_2010 = [r for r in jets if r["year"] == "2010" and "Business" in r["entity"]]
    assert len(jets_2010) == 2
    assert next(r for r in jets_2010 if r["preferred"] == "true")["basis"] == "as first reported"
    phones = [
        r for r in csvdata.rows("cameras")
        if r["entity"] == "Smartphones (worldwide)" and r["metric"] == "shipments"
    ]  # fmt: skip
    first = {r["year"]: float(r["value"]) for r in phones if r["basis"] == "as first reported"}
    later = {r["year"]: float(r["value"]) for r in phones if r["preferred"] == "true"}
    revisions = [abs(later[y] / first[y] - 1) for y in first]
    assert revisions and max(revisions) < 0.016  # "at most about 1.5%"


@pytest.mark.parametrize("label", list(lesson.SERIES))
def test_every_series_of_the_explorer_draws_with_its_sources(label):
    shown = lesson.explorer()
    picker = shown.children[0].children[0]
    picker.value = label
    assert shown.chart.chart.title == label
    assert "Sources: " in shown.caption.value and "Table view" in shown.caption.value
    assert lesson.SERIES[label]["note"][:30] in shown.caption.value.replace("&#x27;", "'")


def test_the_tour_figure_has_a_table_view_and_sources():
    caption = lesson.tour_figure().caption.value
    assert "Table view" in caption and "IBM" in caption and "Sources: " in caption


# ---------------------------------------------------------------------------- exercises


def netflix_growth_percent(year: int) -> float:
    revenue = csvdata.series("video_rental", "revenue", NETFLIX, "USD_million")
    return 100 * (revenue[year] / revenue[year - 1] - 1)


def test_worked_example_is_the_peak_years_growth_and_names_the_share_mistake():
    revenue = ibm_revenue()
    right = 100 * (revenue[2011] / revenue[2010] - 1)
    assert lesson.worked_example.check(right).correct is True
    share = lesson.worked_example.check(right / 100)
    assert share.correct is False and "multiply by 100" in share.message


def test_netflix_growth_accepts_the_truth_and_names_each_typical_mistake():
    right = netflix_growth_percent(2011)
    check = lesson.netflix_growth.check
    assert check(round(right, 1)).correct is True
    revenue = csvdata.series("video_rental", "revenue", NETFLIX, "USD_million")
    swapped = 100 * (revenue[2010] / revenue[2011] - 1)
    wrong = {
        right / 100: "share of one",
        swapped: "years are swapped: that is 2010 divided by 2011",
        swapped / 100: "and it is a share",
        revenue[2011] / revenue[2010]: "subtract 1",
        revenue[2011] - revenue[2010]: "change in million dollars",
        netflix_growth_percent(2010): "one year early",
    }
    for value, said in wrong.items():
        feedback = check(round(value, 2))
        assert feedback.correct is False and said in feedback.message, (value, feedback)
    assert "too low" in check(right - 5).message
    assert check(None).correct is None


def test_slowest_growth_year_is_computed_from_the_rows_and_prints_without_a_comma():
    revenue = csvdata.series("video_rental", "revenue", NETFLIX, "USD_million")
    years = range(2006, 2016)
    growth = {year: revenue[year] / revenue[year - 1] - 1 for year in years}
    assert all(rate > 0 for rate in growth.values())  # "grew every year from 2006 to 2015"
    slowest = min(growth, key=growth.get)
    right = lesson.slowest_growth.check(slowest)
    assert right.correct is True and str(slowest) in right.message and "," not in right.message
    fastest = max(growth, key=growth.get)
    assert "fastest" in lesson.slowest_growth.check(fastest).message
    increase = {year: revenue[year] - revenue[year - 1] for year in years}
    smallest_increase = min(increase, key=increase.get)
    assert smallest_increase != slowest
    assert "in dollars" in lesson.slowest_growth.check(smallest_increase).message
    assert lesson.slowest_growth.check(None).correct is None


def corrected(text: str = lesson.BROKEN_CSV) -> str:
    return (
        text.replace("USD_milion", "USD_million")
        .replace("95,758", "95758")
        .replace("IBM,2010,106.9,USD_billion", "IBM,2011,106900,USD_million")
    )


def test_the_broken_csv_lists_its_four_mistakes_each_with_a_fix():
    with pytest.raises(DataProblem) as broken:
        read_company_csv(lesson.BROKEN_CSV)
    said = "\n".join(broken.value.problems)
    assert len(broken.value.problems) == 4
    assert 'did you mean "USD_million"' in said
    assert "comma inside a number" in said
    assert "2010 appears again" in said
    assert "mixes units" in said


def test_ibm_csv_accepts_a_corrected_table_matching_the_rows():
    table = read_company_csv(corrected())
    by_year = dict(zip(table.year, table.value, strict=True))
    for year in lesson.CSV_YEARS:  # the corrected file holds the course's own figures
        assert by_year[year] == pytest.approx(
            csvdata.value("ibm", "revenue", year, unit="USD_million")
        )
    assert lesson.ibm_csv.check(table).correct is True
    in_billions = "entity,year,revenue,unit\n" + "".join(
        f"IBM,{year},{by_year[year] / 1000},USD_billion\n" for year in lesson.CSV_YEARS
    )
    assert lesson.ibm_csv.check(read_company_csv(in_billions)).correct is True


@pytest.mark.parametrize(
    ("fix", "said"),
    [
        (lambda t: t.replace("95758", "95.758"), "comma that separates thousands"),
        (lambda t: t.replace("2011,106900", "2011,106.9"), "convert the figure"),
        (lambda t: t.replace("IBM,2011,106900,USD_million\n", ""), "correct its year"),
        (lambda t: t.replace("IBM,2009,95758,USD_million\n", ""), "rather than deleting it"),
        (lambda t: t + "IBM,2012,104500,USD_million\n", "does not cover"),
    ],
)
def test_ibm_csv_names_each_typical_mistake(fix, said):
    feedback = lesson.ibm_csv.check(read_company_csv(fix(corrected())))
    assert feedback.correct is False and said in feedback.message, feedback


def test_ibm_csv_says_what_to_pass():
    assert lesson.ibm_csv.check(None).correct is None
    assert "read it with" in lesson.ibm_csv.check(corrected()).message
    assert "dict" in lesson.ibm_csv.check({"year": [2007]}).message
    euros = read_company_csv(corrected().replace("USD_million", "EUR_million"))
    assert "US dollars" in lesson.ibm_csv.check(euros).message


def test_multiple_choice_answers():
    assert lesson.gaps.check("a").correct and not lesson.gaps.check("b").correct
    assert lesson.slider_kind.check("b").correct and not lesson.slider_kind.check("a").correct


def test_no_exercise_answer_is_stated_in_the_lesson():
    text = markdown()
    assert str(int(lesson.slowest_growth.answer)) not in text
    assert f"{netflix_growth_percent(2011):.1f}" not in text
    assert f"{netflix_growth_percent(2011):.0f}%" not in text
