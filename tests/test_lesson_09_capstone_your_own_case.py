"""Lesson 9, the capstone: the sample file against the CSV rows it is written from; every
claim of the lesson computed from the CSV rows; every exercise checked against an answer
computed here, and its typical wrong answers against their feedback; the explorer drawn at
every setting; and the notebook run end to end, writing its report from the sample."""

from __future__ import annotations

import csv
import json
import math
import re

import altair as alt
import nbformat
import numpy as np
import pandas as pd
import pytest
from nbclient import NotebookClient

from course_lib import charts, learner_csv, migration
from course_lib.lessons import capstone_your_own_case as lesson

from . import csvdata, prose

NOTEBOOK = "09_capstone_your_own_case.ipynb"
CASE = "video_rental"
NETFLIX, BLOCKBUSTER = "Netflix", "Blockbuster"
METRICS = ("revenue", "net_income", "market_value")

#: Numbers in the lesson's prose, each checked by a test below.
PINNED = {"1971"}  # Fisher and Pry's paper (test_the_sources_are_cited_in_full)


def test_every_number_in_the_prose_is_pinned_by_a_test():
    assert prose.unpinned(NOTEBOOK, lesson, PINNED) == set()


def notebook_text(kind: str) -> str:
    cells = json.loads((prose.ROOT / "notebooks" / NOTEBOOK).read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(cell["source"]) for cell in cells if cell["cell_type"] == kind)


def test_the_sources_are_cited_in_full():
    text = notebook_text("markdown")
    assert "Fisher, J. C. and Pry, R. H. (1971). A simple substitution model" in text
    assert "Christensen, C. M., Grossman, J. H. and Hwang, J. (2009)" in text
    assert "Slywotzky, A. J. (1996)" in text


# ---------------------------------------------------------------------- the sample file


def revenue_unit(entity: str) -> str:
    units = {row["unit"] for row in csvdata.rows(CASE) if row["entity"] == entity
             and row["metric"] == "revenue" and row["preferred"] == "true"}  # fmt: skip
    assert len(units) == 1
    return units.pop()


def test_the_sample_file_holds_the_sourced_figures_and_nothing_else():
    text = learner_csv.sample_csv(CASE, [NETFLIX, BLOCKBUSTER])
    rows = list(csv.DictReader(text.splitlines()))
    assert list(rows[0]) == ["entity", "year", "revenue", "net_income", "market_value", "unit"]
    for entity in (NETFLIX, BLOCKBUSTER):
        unit = revenue_unit(entity)
        mine = {int(row["year"]): row for row in rows if row["entity"] == entity}
        revenue_years = set(csvdata.series(CASE, "revenue", entity))
        assert set(mine) == revenue_years  # a row for each year with revenue, no other
        for metric in METRICS:
            truth = csvdata.series(CASE, metric, entity, unit)
            for year, row in mine.items():
                assert row["unit"] == unit
                if year in truth:
                    assert float(row[metric]) == pytest.approx(truth[year], rel=1e-9)
                else:
                    assert row[metric] == ""  # no figure invented


def test_the_sample_keeps_each_companys_unit_as_the_prose_says():
    # "Netflix reports in millions of dollars, Blockbuster's sources in billions."
    assert revenue_unit(NETFLIX) == "USD_million" and revenue_unit(BLOCKBUSTER) == "USD_billion"


def test_the_sample_can_be_written_in_one_unit():
    text = learner_csv.sample_csv(CASE, BLOCKBUSTER, unit="USD_million")
    table = learner_csv.read_company_csv(text)
    revenue = table[table.metric == "revenue"].set_index("year")["value"]
    assert revenue[2004] == pytest.approx(csvdata.value(CASE, "revenue", 2004, BLOCKBUSTER) * 1000)


def test_the_sample_note_names_what_is_left_out_and_restated():
    note = learner_csv.sample_note(CASE, [NETFLIX, BLOCKBUSTER])
    money = [r for r in csvdata.rows(CASE) if r["metric"] in METRICS and r["preferred"] == "true"]
    for entity in (NETFLIX, BLOCKBUSTER):
        years = {int(r["year"]) for r in money if r["entity"] == entity}
        with_revenue = set(csvdata.series(CASE, "revenue", entity))
        for year in sorted(years - with_revenue):
            assert f"{entity} {year}" in note
    for row in money:
        if row["basis"]:
            said = (
                f"{row['entity']} {row['metric'].replace('_', ' ')} {row['year']}, {row['basis']}"
            )
            assert said in note
    assert note.count("Sources: ") == 1


# ----------------------------------------------------------------------- the lesson's claims


def test_the_rule_lines_in_the_prose_are_the_classifiers():
    rules = migration.PhaseRules()
    assert (rules.inflow, rules.outflow, rules.growth) == (2.0, 0.8, 0.05)
    markdown = notebook_text("markdown")
    assert r"> 2.0" in markdown and r"< 0.8" in markdown and r"$5\%$" in markdown


def test_the_signal_rules_in_the_prose_are_the_defaults():
    settings = migration.SignalSettings()
    assert settings.slow_growth == 0.02 and settings.market_value_drop == 0.15
    assert settings.margin_drop == 0.03 and settings.challenger_lead == 0.20
    markdown = notebook_text("markdown")
    assert r"$2\%$" in markdown and r"$15\%$" in markdown
    assert "more than three points" in markdown and "more than twenty points" in markdown


def test_netflix_market_values_are_of_the_two_kinds_the_prose_names():
    rows = csvdata.rows(CASE)
    with_revenue = set(csvdata.series(CASE, "revenue", NETFLIX))
    values = {
        int(row["year"]): row for row in rows
        if row["entity"] == NETFLIX and row["metric"] == "market_value"
        and row["preferred"] == "true" and int(row["year"]) in with_revenue
    }  # fmt: skip
    assert sorted(year for year in values if year < 2010) == [2002, 2005]
    for year, row in values.items():
        if year >= 2010:  # "from 2010 on ... on 30 June, from the cover of its 10-K"
            assert "10k" in row["source_id"] and "June 30" in row["note"]
        else:  # "rounded figures from news reports (2002's at its stock market listing)"
            assert "10k" not in row["source_id"]
            assert row["note"].startswith(("Approximate", "Rounded"))
    assert "IPO" in values[2002]["note"]


def test_qwikster_and_the_bankruptcy_are_in_the_years_the_prose_gives():
    events = csvdata.rows(CASE, "events")
    qwikster = [e for e in events if "Qwikster" in e["event"] and e["entity"] == NETFLIX]
    assert {e["date"][:4] for e in qwikster} == {"2011"}
    bankrupt = [e for e in events if "filed for" in e["event"] and e["entity"] == BLOCKBUSTER]
    assert [e["date"][:4] for e in bankrupt] == ["2010"]
    assert "event_year = 2011" in notebook_text("code")


# --------------------------------------------------------------------------- the explorer


def sample() -> pd.DataFrame:
    return learner_csv.read_company_csv(learner_csv.sample_csv(CASE, [NETFLIX, BLOCKBUSTER]))


def test_every_setting_of_the_explorer_draws():
    shown = lesson.phases_explorer(sample(), NETFLIX)
    controls = shown.children[0].children
    assert [(c.min, c.max) for c in controls] == [(1.0, 4.0), (0.2, 1.5), (0, 20)]
    for inflow in (1.0, 2.0, 4.0):
        for outflow in (0.2, 1.5):
            for percent in (0, 20):
                for control, value in zip(controls, (inflow, outflow, percent), strict=True):
                    control.value = value
                spec = shown.chart.spec
                if outflow >= inflow:  # an impossible setting: the chart says what to change
                    assert "cannot be drawn" in json.dumps(spec)
                else:
                    assert spec["title"]["subtitle"] == (
                        f"inflow above {inflow:g}, outflow below {outflow:g}, "
                        f"growth line {percent}%"
                    )


def test_a_company_too_short_for_a_phase_gets_a_message_not_an_error():
    table = learner_csv.read_company_csv("year,revenue\n2020,100\n")
    shown = lesson.phases_explorer(table, learner_csv.DEFAULT_ENTITY)
    assert "at least two years" in json.dumps(shown.chart.spec)
    assert "no company called" in json.dumps(lesson.phases_explorer(table, "Acme").chart.spec)


# ---------------------------------------------------------------------------- exercises


def growth(series: dict[int, float]) -> dict[int, float]:
    years = sorted(series)
    return {
        year: (series[year] / series[previous]) ** (1 / (year - previous)) - 1
        for previous, year in zip(years, years[1:], strict=False)
    }


def phases_from_csv(entity: str, income: bool = True, value: bool = True) -> dict[int, str]:
    """The course's rule written out from the CSV rows: the ratio where a market value is
    known (2.0 and 0.8), else growth beyond 5% a year, with a deepening loss as outflow."""
    revenue = csvdata.series(CASE, "revenue", entity, "USD")
    values = csvdata.series(CASE, "market_value", entity, "USD") if value else {}
    incomes = csvdata.series(CASE, "net_income", entity, "USD") if income else {}
    margin = {year: incomes[year] / revenue[year] for year in incomes if year in revenue}
    phases = {}
    for year, rate in growth(revenue).items():
        if rate > 0.05:
            phases[year] = "inflow"
        elif rate < -0.05:
            phases[year] = "outflow"
        else:
            earlier = [y for y in sorted(margin) if y < year]
            deeper = (
                year in margin
                and earlier
                and margin[year] < 0
                and (margin[year] < margin[earlier[-1]])
            )
            phases[year] = "outflow" if deeper else "stability"
    for year in values:
        if year in revenue:
            ratio = values[year] / revenue[year]
            phases[year] = "inflow" if ratio > 2 else "outflow" if ratio < 0.8 else "stability"
    return phases


def outflows(phases: dict[int, str]) -> int:
    return sum(phase == "outflow" for phase in phases.values())


def test_outflow_years_accepts_the_count_from_the_csv_and_names_typical_mistakes():
    right = outflows(phases_from_csv(BLOCKBUSTER))
    assert lesson.outflow_years.check(right).correct is True
    trend_only = outflows(phases_from_csv(BLOCKBUSTER, income=False, value=False))
    no_income = outflows(phases_from_csv(BLOCKBUSTER, income=False))
    netflix = outflows(phases_from_csv(NETFLIX))
    assert len({right, trend_only, no_income, netflix}) == 4  # each mistake is recognisable
    assert "revenue alone" in lesson.outflow_years.check(trend_only).message
    assert "left out net income" in lesson.outflow_years.check(no_income).message
    assert "Netflix's count" in lesson.outflow_years.check(netflix).message
    assert lesson.outflow_years.check(np.int64(right)).correct is True  # what .sum() gives
    assert lesson.outflow_years.check(None).correct is None


def fisher_pry_year(share_reached: float, one_unit: bool = True) -> float:
    netflix = csvdata.series(CASE, "revenue", NETFLIX, "USD" if one_unit else None)
    blockbuster = csvdata.series(CASE, "revenue", BLOCKBUSTER, "USD" if one_unit else None)
    years = [year for year in sorted(netflix) if year in blockbuster]
    share = np.array([netflix[y] / (netflix[y] + blockbuster[y]) for y in years])
    slope, intercept = np.polyfit(years, np.log(share / (1 - share)), 1)
    return (math.log(share_reached / (1 - share_reached)) - intercept) / slope


def test_half_year_accepts_the_year_from_the_csv_and_names_typical_mistakes():
    right = fisher_pry_year(1 / 3)
    assert lesson.half_year.check(round(right, 2)).correct is True
    equal = lesson.half_year.check(round(fisher_pry_year(1 / 2), 2))
    assert equal.correct is False and "a share of one half" in equal.message
    inverted = lesson.half_year.check(round(fisher_pry_year(2 / 3), 2))
    assert "two thirds" in inverted.message
    mixed = lesson.half_year.check(round(fisher_pry_year(1 / 3, one_unit=False), 2))
    assert "one unit" in mixed.message
    assert lesson.half_year.check(None).correct is None


def margins_from_csv(scale: float = 100.0) -> pd.DataFrame:
    rows = []
    for entity in (NETFLIX, BLOCKBUSTER):
        revenue = csvdata.series(CASE, "revenue", entity, "USD")
        income = csvdata.series(CASE, "net_income", entity, "USD")
        rows += [
            {"year": year, "entity": entity, "margin": scale * income[year] / revenue[year]}
            for year in income if year in revenue
        ]  # fmt: skip
    return pd.DataFrame(rows)


def margin_chart(table: pd.DataFrame, y: str = "margin", series: str | None = "entity"):
    return charts.line_chart(
        table, x="year", y=y, series=series, title="Net margins", description="Margins by year."
    )


def test_margin_chart_reads_the_learners_chart_and_names_each_mistake():
    table = margins_from_csv()
    assert lesson.margin_chart.check(margin_chart(table)).correct is True
    shares = lesson.margin_chart.check(margin_chart(margins_from_csv(scale=1.0)))
    assert "look like shares" in shares.message
    netflix_only = table[table.entity == NETFLIX]
    assert "one line per company" in lesson.margin_chart.check(margin_chart(netflix_only)).message
    single = lesson.margin_chart.check(margin_chart(table, series=None))
    assert "one line per company" in single.message
    amounts = table.assign(margin=table.margin * 1000)
    assert "amounts" in lesson.margin_chart.check(margin_chart(amounts)).message
    shifted = table.assign(year=table.year + 1)
    assert "some margins are off" in lesson.margin_chart.check(margin_chart(shifted)).message
    untitled = margin_chart(table).properties(title="")
    assert "title" in lesson.margin_chart.check(untitled).message
    bars = alt.Chart(table).mark_bar().encode(x="year:O", y="margin:Q", color="entity:N")
    assert "draw lines" in lesson.margin_chart.check(bars).message
    assert "not an Altair chart" in lesson.margin_chart.check(table).message
    assert lesson.margin_chart.check(None).correct is None


def test_multiple_choice_answers():
    assert lesson.currencies.check("a").correct and not lesson.currencies.check("c").correct
    assert lesson.value_network.check("b").correct
    assert not lesson.value_network.check("a").correct


# ------------------------------------------------------------------ the report, end to end


@pytest.fixture(scope="module")
def run_notebook(tmp_path_factory):
    """The notebook run top to bottom, untouched, in a scratch folder: it reads the sample."""
    folder = tmp_path_factory.mktemp("capstone")
    notebook = nbformat.read(prose.ROOT / "notebooks" / NOTEBOOK, as_version=4)
    NotebookClient(notebook, timeout=180, resources={"metadata": {"path": str(folder)}}).execute()
    return folder, notebook


def test_the_notebook_writes_its_report_from_the_sample(run_notebook):
    folder, _ = run_notebook
    page = (folder / "my_report" / "report.html").read_text(encoding="utf-8")
    assert "<title>Value migration: Netflix</title>" in page
    # The figures, the phases, the signals' back-test and the substitution fit.
    assert page.count('class="course-report-chart"') == 4
    assert "Form 10-K" in page  # the sources of the sample's figures
    markdown = (folder / "my_report" / "report.md").read_text(encoding="utf-8")
    figures = re.findall(r"\]\((figures/figure-\d+\.svg)\)", markdown)
    assert len(figures) == 4
    assert all((folder / "my_report" / name).stat().st_size > 1000 for name in figures)


def test_the_notebook_prints_no_exercise_answer(run_notebook):
    _, notebook = run_notebook
    shown = "\n".join(
        str(output.get("text", "")) + json.dumps(output.get("data", {}))
        for cell in notebook.cells if cell.cell_type == "code"
        for output in cell.outputs
    )  # fmt: skip
    assert f"{fisher_pry_year(1 / 3):.1f}" not in shown
    assert f"{fisher_pry_year(1 / 2):.1f}" not in shown  # the midpoint would give it away
    blockbuster_phases = phases_from_csv(BLOCKBUSTER)
    assert "Blockbuster: phases" not in shown and len(blockbuster_phases) > 0
