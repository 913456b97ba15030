"""Lesson 2: every claim the lesson makes, computed here from the CSV rows; the classifier
checked against a classifier written here from the rules; every exercise checked against an
independent answer, and its typical wrong answers against their feedback."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from course_lib import charts, migration
from course_lib.lessons import phases_of_value_migration as lesson

from . import csvdata, prose

NOTEBOOK = "02_phases_of_value_migration.ipynb"
CASE = "video_rental"
NETFLIX, BLOCKBUSTER = "Netflix", "Blockbuster"
INFLOW, OUTFLOW, GROWTH = 2.0, 0.8, 0.05  # the rule of thumb as the lesson states it

#: Numbers in the lesson's prose, each computed by a test below.
PINNED = {
    "2.0", "0.8", "5%",  # test_the_rule_of_thumb_is_the_classifiers_default
    "1.9", "4.2", "0.9", "5.0",  # test_netflix_value_ratios
    "0.12", "0.03",  # test_blockbuster_value_ratios
    "81.0%", "81.9%", "501", "506",  # test_netflix_2004_growth_on_both_bases
    "0.4%", "1.0%", "-1.5%",  # test_blockbuster_2007_margin_breaks_the_tie
    "3.5%",  # test_blockbuster_path_in_the_summary
    "5.5%",  # test_blockbuster_2005_change_spans_two_bases_and_is_not_used
    "10%",  # test_a_growth_line_of_ten_percent
    "2014", "2015",  # test_netflix_methods_switch_from_year_to_year
}  # fmt: skip


def test_every_number_in_the_prose_is_pinned_by_a_test():
    assert prose.unpinned(NOTEBOOK, lesson, PINNED) == set()


def markdown() -> str:
    cells = json.loads((prose.ROOT / "notebooks" / NOTEBOOK).read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def code() -> str:
    cells = json.loads((prose.ROOT / "notebooks" / NOTEBOOK).read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")


# ------------------------------------------------------------- the classifier, written here


def figures(entity: str, metric: str) -> dict[int, float]:
    return csvdata.series(CASE, metric, entity, "USD")


def growth(revenue: dict[int, float], year: int) -> float:
    """Yearly growth since the previous year with a figure (averaged over a gap)."""
    previous = max(y for y in revenue if y < year)
    return (revenue[year] / revenue[previous]) ** (1 / (year - previous)) - 1


def classify_from_csv(entity: str, inflow=INFLOW, outflow=OUTFLOW, line=GROWTH) -> dict:
    """{year: (method, phase)} by the lesson's rules, from the CSV rows alone."""
    revenue, value = figures(entity, "revenue"), figures(entity, "market_value")
    income = figures(entity, "net_income")
    margins = {year: income[year] / revenue[year] for year in income if year in revenue}
    result = {}
    for year in sorted(revenue):
        if year in value:
            ratio = value[year] / revenue[year]
            phase = "inflow" if ratio > inflow else "outflow" if ratio < outflow else "stability"
            result[year] = ("value ratio", phase)
            continue
        if year == min(revenue):
            continue
        rate = growth(revenue, year)
        phase = "inflow" if rate > line else "outflow" if rate < -line else "stability"
        earlier = [margins[y] for y in sorted(margins) if y < year]
        deepened = year in margins and earlier and margins[year] < min(0, earlier[-1])
        if phase == "stability" and deepened:
            phase = "outflow"
        result[year] = ("growth and margin", phase)
    return result


def classify_with_course_lib(entity: str, rules=None) -> pd.DataFrame:
    from course_lib import data

    series = [data.metric(CASE, m, entity=entity, unit="USD_billion") for m in lesson.METRICS]
    return migration.classify(*series, rules or migration.PhaseRules())


@pytest.mark.parametrize("entity", [NETFLIX, BLOCKBUSTER])
@pytest.mark.parametrize(("inflow", "outflow", "line"), [(2.0, 0.8, 0.05), (1.5, 1.0, 0.1)])
def test_classify_agrees_with_the_rules_computed_here(entity, inflow, outflow, line):
    rules = migration.PhaseRules(inflow=inflow, outflow=outflow, growth=line)
    table = classify_with_course_lib(entity, rules)
    mine = {row.year: (row.method, row.phase) for row in table.itertuples()}
    assert mine == classify_from_csv(entity, inflow, outflow, line)


def test_the_rule_of_thumb_is_the_classifiers_default():
    rules = migration.PhaseRules()
    assert (rules.inflow, rules.outflow, rules.growth) == (INFLOW, OUTFLOW, GROWTH)
    text = markdown()
    # The outflow line and its definition agree: 0.8 is four-fifths of a year's sales.
    assert "four-fifths of a year's sales" in text and "less than a year's sales" not in text
    assert OUTFLOW == 4 / 5 and "more than twice a year's sales" in text
    # The lines are the course's rule of thumb, not attributed to Slywotzky.
    assert "rule of thumb" in text and "Slywotzky suggested" not in text


def test_netflix_value_ratios():
    revenue, value = figures(NETFLIX, "revenue"), figures(NETFLIX, "market_value")
    ratios = {year: value[year] / revenue[year] for year in value if year in revenue}
    assert [round(ratios[y], 1) for y in (2010, 2011, 2012, 2015)] == [1.9, 4.2, 0.9, 5.0]
    assert 2003 in value and 2003 not in revenue  # "2003 (a market value, no revenue) has none"
    # "a little less than twice" in 2010; "less than one" in 2012
    assert 1.8 < ratios[2010] < INFLOW and ratios[2012] < 1


def test_blockbuster_value_ratios():
    revenue, value = figures(BLOCKBUSTER, "revenue"), figures(BLOCKBUSTER, "market_value")
    assert sorted(value) == [1999, 2005, 2008] and 1999 not in revenue
    assert round(value[2005] / revenue[2005], 2) == 0.12
    assert round(value[2008] / revenue[2008], 2) == 0.03


def test_netflix_2004_growth_on_both_bases():
    rows = [r for r in csvdata.rows(CASE) if (r["entity"], r["metric"], r["year"]) ==
            (NETFLIX, "revenue", "2004")]  # fmt: skip
    by_basis = {row["basis"]: float(row["value"]) for row in rows}
    assert by_basis == {"restated in 2007 annual report": 501.0, "as first reported": 506.0}
    revenue = figures(NETFLIX, "revenue")
    assert 2003 not in revenue
    assert f"{growth(revenue, 2004):.1%}" == "81.0%"
    first = csvdata.value(CASE, "revenue", 2004, NETFLIX, "USD", basis="as first reported")
    assert f"{(first / revenue[2002]) ** 0.5 - 1:.1%}" == "81.9%"


def test_blockbuster_2007_margin_breaks_the_tie():
    revenue, income = figures(BLOCKBUSTER, "revenue"), figures(BLOCKBUSTER, "net_income")
    assert f"{revenue[2007] / revenue[2006] - 1:.1%}" == "0.4%"
    assert f"{income[2006] / revenue[2006]:.1%}" == "1.0%"
    assert f"{income[2007] / revenue[2007]:.1%}" == "-1.5%"
    assert classify_from_csv(BLOCKBUSTER)[2007] == ("growth and margin", "outflow")


def test_blockbuster_path_in_the_summary():
    phases = classify_from_csv(BLOCKBUSTER)
    assert phases[2002][1] == phases[2003][1] == "inflow"
    assert phases[2004][1] == "stability"
    assert phases[2005] == ("value ratio", "outflow")
    assert min(year for year, (_, p) in phases.items() if p == "outflow") == 2005
    revenue = figures(BLOCKBUSTER, "revenue")
    assert f"{-growth(revenue, 2006):.1%}" == "3.5%" and phases[2006][1] == "stability"
    income = figures(BLOCKBUSTER, "net_income")
    assert income[2005] < 0 < income[2006]  # "the margin turned positive"
    assert {p for year, (_, p) in phases.items() if year >= 2007} == {"outflow"}


def test_blockbuster_2005_change_spans_two_bases_and_is_not_used():
    rows = {(r["year"], r["basis"]) for r in csvdata.rows(CASE)
            if (r["entity"], r["metric"]) == (BLOCKBUSTER, "revenue")}  # fmt: skip
    assert ("2005", "as shown a year later (may be restated)") in rows
    assert ("2004", "") in rows and ("2006", "") in rows
    revenue = figures(BLOCKBUSTER, "revenue")
    assert f"{-growth(revenue, 2005):.1%}" == "5.5%"
    assert classify_from_csv(BLOCKBUSTER)[2005][0] == "value ratio"
    table = classify_with_course_lib(BLOCKBUSTER).set_index("year")
    assert table.loc[2005, "method"] == "value ratio"


def test_the_summary_quotes_the_classifiers_own_reason():
    table = classify_with_course_lib(BLOCKBUSTER).set_index("year")
    reason = table.loc[2005, "reason"]
    assert reason == "market value is 0.12 times revenue, below the outflow line of 0.8"
    assert f'"{reason}"' in markdown()
    assert "when revenue fell 5%" not in markdown()


def test_netflix_methods_switch_from_year_to_year():
    phases = classify_from_csv(NETFLIX)
    methods = {year: method for year, (method, _) in phases.items()}
    assert methods[2009] == methods[2014] == "growth and margin"
    assert {methods[y] for y in (2010, 2011, 2012, 2013, 2015)} == {"value ratio"}
    assert [phases[y][1] for y in range(2009, 2014)] == [
        "inflow", "stability", "inflow", "stability", "inflow"
    ]  # fmt: skip
    value = figures(NETFLIX, "market_value")
    assert 2009 not in value and min(y for y in value if y > 2005) == 2010
    revenue = figures(NETFLIX, "revenue")
    assert all(growth(revenue, year) > GROWTH for year in range(2009, 2016))
    inflow = [year for year, (_, p) in phases.items() if p == "inflow"]
    assert len(inflow) > len(phases) / 2  # "inflow in most years"
    stability = sorted(year for year, (_, p) in phases.items() if p == "stability")
    assert stability == [2002, 2010, 2012]


def test_a_growth_line_of_ten_percent():
    netflix = classify_from_csv(NETFLIX, line=0.10)
    assert all(p == "inflow" for m, p in netflix.values() if m == "growth and margin")
    blockbuster = classify_from_csv(BLOCKBUSTER, line=0.10)
    assert blockbuster[2002][1] == blockbuster[2003][1] == "stability"
    assert classify_from_csv(BLOCKBUSTER)[2002][1] == "inflow"


def test_the_lowest_outflow_line_keeps_blockbusters_ratio_years_in_outflow():
    shown = lesson.explorer()
    lowest = shown.children[0].children[1].min
    phases = classify_from_csv(BLOCKBUSTER, outflow=lowest)
    assert phases[2005] == phases[2008] == ("value ratio", "outflow")


def test_netflix_2010_turns_to_inflow_when_the_inflow_line_is_lowered():
    revenue, value = figures(NETFLIX, "revenue"), figures(NETFLIX, "market_value")
    ratio = value[2010] / revenue[2010]
    shown = lesson.explorer()
    assert shown.children[0].children[0].min < ratio  # the slider reaches below it
    assert classify_from_csv(NETFLIX, inflow=round(ratio - 0.05, 1))[2010][1] == "inflow"


def test_netflix_share_rises_in_every_year_both_have_revenue():
    share = netflix_share_from_csv()
    assert list(share.index) == [2002, 2004, 2005, 2006, 2007, 2008, 2010]
    assert share.is_monotonic_increasing and share.is_unique


# ------------------------------------------------------------------------------ the charts


def test_the_ratio_chart_is_titled_for_both_companies_and_never_bridges_a_gap():
    source = code()
    assert 'title="Netflix: market value ÷ revenue"' not in source
    assert 'title="Value ratio of Netflix and Blockbuster"' in source
    revenue, value = figures(NETFLIX, "revenue"), figures(NETFLIX, "market_value")
    rows = [{"entity": NETFLIX, "year": y, "value": value[y] / revenue[y]}
            for y in value if y in revenue]  # fmt: skip
    spec = charts.ratio_chart(
        pd.DataFrame(rows), inflow=INFLOW, outflow=OUTFLOW, title="T", description="D"
    ).to_dict()
    drawn = spec["datasets"][spec["layer"][0]["data"]["name"]]
    runs: dict[str, list[int]] = {}
    for row in drawn:
        runs.setdefault(row[charts.RUN], []).append(row["year"])
    # 2002, 2005 and 2015 stand alone: 3- and 5-year gaps and 2014 are not bridged.
    assert sorted(runs.values()) == [[2002], [2005], [2010, 2011, 2012, 2013], [2015]]
    # Half a year of room at each end: the first and last points are not drawn on the axis.
    x = spec["layer"][0]["encoding"]["x"]
    assert x["scale"]["domain"] == [2001.5, 2015.5] and x["axis"]["values"][0] == 2002


def test_the_timeline_names_the_method_of_every_year_and_keeps_empty_years():
    table = pd.concat(
        [classify_with_course_lib(e).assign(entity=e) for e in (NETFLIX, BLOCKBUSTER)]
    )
    spec = charts.phase_timeline(table, title="T", description="D").to_dict()
    assert spec["layer"][0]["encoding"]["x"]["scale"]["domain"] == list(range(2002, 2016))
    rows = spec["datasets"][next(iter(spec["datasets"]))]
    labels = {(row["entity"], row["year"]): row["method_label"] for row in rows}
    assert labels[(NETFLIX, 2009)] == "trend" and labels[(NETFLIX, 2010)] == "ratio"
    assert labels[(BLOCKBUSTER, 2005)] == "ratio" and labels[(BLOCKBUSTER, 2010)] == "trend"


# ------------------------------------------------------------------------------ the explorer


def test_the_growth_slider_reads_in_whole_percents():
    inflow, outflow, percent = lesson.explorer().children[0].children
    assert (inflow.value, outflow.value, percent.value) == (2.0, 0.8, 5)
    assert "%" in percent.description and percent.max == 20


@pytest.mark.parametrize("position", range(3))
def test_every_setting_of_each_slider_draws(position):
    shown = lesson.explorer()
    control = shown.children[0].children[position]
    steps = round((control.max - control.min) / control.step)
    for step in range(steps + 1):
        control.value = control.min + step * control.step
        spec = shown.chart.spec
        assert spec["description"]
        if "layer" not in spec:  # a message: only where the outflow line reaches the inflow line
            inflow, outflow, _ = (c.value for c in shown.children[0].children)
            assert outflow >= inflow - 1e-9
            assert "below the inflow line" in spec["description"]


def test_an_impossible_setting_shows_a_message_not_a_traceback():
    shown = lesson.explorer()
    inflow, outflow, _ = shown.children[0].children
    inflow.value, outflow.value = 1.0, 1.2
    spec = shown.chart.spec
    assert spec["mark"]["type"] == "text"
    assert "must be above 0 and below the inflow line" in spec["description"]
    inflow.value = 2.0
    assert "layer" in shown.chart.spec  # and moving back draws the timeline again


def test_the_explorer_follows_the_sliders():
    shown = lesson.explorer()
    _, _, percent = shown.children[0].children
    percent.value = 10
    rows = next(iter(shown.chart.spec["datasets"].values()))
    phase = {(row["entity"], row["year"]): row["phase"] for row in rows}
    assert phase[(BLOCKBUSTER, 2002)] == "stability"
    assert "10%" in shown.chart.spec["description"]


# ----------------------------------------------------------------------------- exercises


def phase(ratio, inflow=2.0, outflow=0.8):
    if ratio > inflow:
        return "inflow"
    if ratio < outflow:
        return "outflow"
    return "stability"


def test_phase_function_passes_and_diagnoses_typical_mistakes():
    assert lesson.phase.check(phase).correct is True

    def at_or_above(ratio, inflow=2.0, outflow=0.8):
        return "inflow" if ratio >= inflow else phase(ratio, inflow, outflow)

    def at_or_below(ratio, inflow=2.0, outflow=0.8):
        return "outflow" if ratio <= outflow else phase(ratio, inflow, outflow)

    def swapped(ratio, inflow=2.0, outflow=0.8):
        if ratio > outflow:
            return "inflow"
        return "outflow" if ratio < inflow else "stability"

    def fixed(ratio, inflow=2.0, outflow=0.8):
        return phase(ratio)

    assert "use >, not >=" in lesson.phase.check(at_or_above).message
    assert "use <, not <=" in lesson.phase.check(at_or_below).message
    assert "lines are swapped" in lesson.phase.check(swapped).message
    assert "always uses 2.0 and 0.8" in lesson.phase.check(fixed).message

    def no_defaults(ratio, inflow, outflow):
        return phase(ratio, inflow, outflow)

    assert "TypeError" in lesson.phase.check(no_defaults).message
    assert lesson.phase.check(lambda ratio, inflow=2.0, outflow=0.8: None).correct is None
    assert lesson.phase.check(None).correct is None


def test_needed_value_is_twice_netflix_2012_revenue():
    revenue = csvdata.value(CASE, "revenue", 2012, NETFLIX, "USD_billion")
    value = csvdata.value(CASE, "market_value", 2012, NETFLIX, "USD_billion")
    right = INFLOW * revenue
    assert lesson.needed_value.check(round(right, 2)).correct is True
    assert "millions" in lesson.needed_value.check(round(right * 1000, 2)).message
    assert "outflow line" in lesson.needed_value.check(round(OUTFLOW * revenue, 2)).message
    assert "line times" in lesson.needed_value.check(round(revenue / INFLOW, 2)).message
    assert "how much more" in lesson.needed_value.check(round(right - value, 2)).message
    assert lesson.needed_value.check(None).correct is None


def netflix_share_from_csv() -> pd.Series:
    netflix, blockbuster = figures(NETFLIX, "revenue"), figures(BLOCKBUSTER, "revenue")
    years = sorted(set(netflix) & set(blockbuster))
    return pd.Series({y: netflix[y] / (netflix[y] + blockbuster[y]) for y in years})


def test_netflix_share_accepts_the_truth_and_names_typical_mistakes():
    truth = netflix_share_from_csv()
    check = lesson.netflix_share.check
    assert check(truth).correct is True
    assert "Blockbuster's share" in check(1 - truth).message
    assert "100 times too large" in check(truth * 100).message
    netflix, blockbuster = figures(NETFLIX, "revenue"), figures(BLOCKBUSTER, "revenue")
    ratio = pd.Series({year: netflix[year] / blockbuster[year] for year in truth.index})
    assert "a ratio, not a share" in check(ratio).message
    millions = pd.Series(
        {y: netflix[y] / 1e6 / (netflix[y] / 1e6 + blockbuster[y] / 1e9) for y in truth.index}
    )
    assert "different units" in check(millions).message
    zero_filled = pd.concat([truth, pd.Series({2001: 0.0, 2009: 1.0})])
    message = check(zero_filled).message
    assert "2001" in message and "2009" in message
    assert check(None).correct is None


def test_multiple_choice_answers_and_their_feedback():
    wrong = lesson.blockbuster_2010.check("a")
    assert lesson.blockbuster_2010.check("b").correct and not wrong.correct
    assert "uses Blockbuster's 2005 and 2008 market values" in wrong.message
    every = " ".join(lesson.blockbuster_2010.explanations.values())
    assert "no sourced market value" not in every
    assert lesson.share_sign.check("c").correct and not lesson.share_sign.check("a").correct
    assert lesson.adjusting.check("b").correct and not lesson.adjusting.check("c").correct


DOUBLE_STOP = re.compile(r"(?<!\.)\.\.(?!\.)")  # ".." but not an ellipsis "..."


def test_feedback_never_ends_in_a_double_full_stop():
    from course_lib.exercises import Exercise, MultipleChoice

    texts = [markdown()]
    for exercise in vars(lesson).values():
        if isinstance(exercise, MultipleChoice):
            texts += [str(exercise.check(option)) for option in exercise.options]
        if isinstance(exercise, Exercise):
            texts += [exercise.question, exercise.hint]
            texts += [str(key) for key in getattr(exercise, "mistakes", {})]
    assert [text for text in texts if DOUBLE_STOP.search(text)] == []
