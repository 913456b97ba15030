"""Lesson 3: every claim the lesson makes, computed here from the CSV rows; every exercise
checked against an independent answer, and its typical wrong answers against their feedback;
the explorer drawn at every setting, with changes across two bases marked."""

from __future__ import annotations

import json
import re

import pytest

from course_lib import migration
from course_lib.lessons import anticipating_migration as lesson

from . import csvdata, prose

NOTEBOOK = "03_anticipating_migration.ipynb"
KODAK, BLOCKBUSTER, NETFLIX, IBM = "Eastman Kodak", "Blockbuster", "Netflix", "IBM"
FIRST = "as first reported"

#: Numbers in the lesson's prose, each computed by a test below.
PINNED = {
    "1991", "1992", "1995", "1997", "1999", "2000", "2001", "2003", "2009", "2011",
    "2%", "15%", "0.7%", "7%", "0.5%", "13", "20", "1998", "11", "-0.1",
}  # fmt: skip


def test_every_number_in_the_prose_is_pinned_by_a_test():
    assert prose.unpinned(NOTEBOOK, lesson, PINNED) == set()


# ------------------------------------------------------------------ the rules, from the CSV


def growth(series: dict[int, float]) -> dict[int, float]:
    """Yearly growth since the previous year with a figure, averaged over a gap."""
    years = sorted(series)
    return {
        year: (series[year] / series[previous]) ** (1 / (year - previous)) - 1
        for previous, year in zip(years, years[1:], strict=False)
    }


def signals_from_csv(case, entity, challenger=None, line=0.02, drop=0.15, squeeze=0.03, lead=0.2):
    """The four signals by year, written out from the CSV rows (True, False; absent = no data)."""
    revenue = csvdata.series(case, "revenue", entity, "USD_billion")
    table: dict[int, dict[str, bool]] = {}
    for year, rate in growth(revenue).items():
        table.setdefault(year, {})["slow_growth"] = rate < line
    try:
        value = csvdata.series(case, "market_value", entity, "USD_billion")
    except LookupError:
        value = {}
    for year, rate in growth(value).items():
        table.setdefault(year, {})["market_value_drop"] = rate < -drop
    income = csvdata.series(case, "net_income", entity, "USD_billion")
    margin = {year: income[year] / revenue[year] for year in income if year in revenue}
    years = sorted(margin)
    for previous, year in zip(years, years[1:], strict=False):
        fell = margin[year] - margin[previous] < -squeeze
        table.setdefault(year, {})["margin_squeeze"] = fell or margin[year] < 0
    if challenger:
        ours = growth(revenue)
        theirs = growth(csvdata.series(case, "revenue", challenger, "USD_billion"))
        for year in set(ours) & set(theirs):
            table.setdefault(year, {})["challenger_rising"] = theirs[year] - ours[year] > lead
    return table


def first_warning(table, event_year, at_least=1):
    for year in sorted(table):
        if year < event_year and sum(table[year].values()) >= at_least:
            return year
    return None


def event_year(case, entity, words):
    (row,) = [
        row for row in csvdata.rows(case, "events") if row["entity"] == entity and words in row["event"]
    ]  # fmt: skip
    return int(row["date"][:4])


def test_the_default_lines_are_the_ones_the_prose_states():
    settings = migration.SignalSettings()
    assert (settings.slow_growth, settings.market_value_drop) == (0.02, 0.15)  # "2%", "15%"
    assert (settings.margin_drop, settings.challenger_lead) == (0.03, 0.20)  # 3 and 20 points


def test_the_events_are_sourced_and_in_the_years_the_prose_gives():
    # "Chapter 11" is the name of the filing; "-0.1" is the example of how to write a share
    # in market_value_change's question (a fall of a tenth), not data.
    assert "a fall of a tenth is -0.1" in lesson.market_value_change.question
    assert event_year("kodak", KODAK, "filed for Chapter 11") == 2012
    assert event_year("video_rental", BLOCKBUSTER, "filed for Chapter 11") == 2010
    assert event_year("ibm", IBM, "names Louis V. Gerstner") == 1993
    income = csvdata.series("ibm", "net_income", IBM)
    assert income[1991] < 0 and income[1992] < 0  # "after losses in 1991 and 1992"


def test_the_explorers_cases_use_the_sourced_events():
    for case in lesson.CASES.values():
        dates = {
            row["date"] for row in csvdata.rows(case.case, "events") if row["entity"] == case.entity
        }
        assert case.event_date in dates


def test_blockbuster_first_warning_is_netflix_in_2004_six_years_ahead():
    table = signals_from_csv("video_rental", BLOCKBUSTER, challenger=NETFLIX)
    assert first_warning(table, 2010) == 2004 and 2010 - 2004 == 6
    assert table[2004] == {"slow_growth": False, "challenger_rising": True}
    blockbuster = csvdata.series("video_rental", "revenue", BLOCKBUSTER, "USD")
    netflix = csvdata.series("video_rental", "revenue", NETFLIX, "USD")
    assert 2003 not in netflix and 2002 in netflix  # "no Netflix revenue for 2003"
    assert 2009 not in blockbuster and 2010 in blockbuster  # "no figure for 2009"
    ours = blockbuster[2004] / blockbuster[2003] - 1
    theirs = (netflix[2004] / netflix[2002]) ** 0.5 - 1
    assert round(ours, 3) == 0.024 and round(theirs, 2) == 0.81
    assert (theirs - ours) * 100 > 20  # "far above the 20-point line"
    first = csvdata.value("video_rental", "revenue", 2004, NETFLIX, "USD", basis=FIRST)
    assert round((first / netflix[2002]) ** 0.5 - 1, 2) == 0.82
    # "still rising ... first fell the next year"
    years = sorted(blockbuster)
    falls = [y for p, y in zip(years, years[1:], strict=False) if blockbuster[y] < blockbuster[p]]
    assert falls[0] == 2005 and all(
        blockbuster[y] > blockbuster[p] for p, y in zip(years, years[1:], strict=False) if y <= 2004
    )


def test_blockbuster_two_signals_come_later():
    table = signals_from_csv("video_rental", BLOCKBUSTER, challenger=NETFLIX)
    assert first_warning(table, 2010, at_least=2) == 2005 > first_warning(table, 2010)


def test_kodak_figures_start_where_the_prose_says():
    value = csvdata.series("kodak", "market_value", KODAK)
    revenue = csvdata.series("kodak", "revenue", KODAK)
    income = csvdata.series("kodak", "net_income", KODAK)
    assert min(value) == 1995 and max(y for y in value if y < 2011) == 2003 and 2011 in value
    assert sorted(revenue)[:3] == [2000, 2001, 2004]
    assert sorted(income)[:2] == [1997, 2004]
    notes = {
        int(r["year"]): r["note"] for r in csvdata.rows("kodak") if r["metric"] == "market_value"
    }
    assert all("10-K cover" in notes[y] for y in range(1995, 2004) if y in notes)
    for year in (y for y in notes if y <= 2002):  # "dated early in the following year"
        assert re.search(rf"as of \d+ (January|February|March) {year + 1}", notes[year]), year
    assert "30 June 2003" in notes[2003]  # "except 2003, dated mid-year"
    assert "news site" in notes[2011]


def test_kodak_first_warning_is_its_market_value_in_1999_thirteen_years_ahead():
    table = signals_from_csv("kodak", KODAK)
    assert first_warning(table, 2012) == 1999 and 2012 - 1999 == 13
    assert table[1999] == {"market_value_drop": True}
    fired = [y for y in sorted(table) if table[y].get("market_value_drop")]
    assert fired[:3] == [1999, 2000, 2001]  # "fires in 1999, 2000 and 2001"
    assert min(csvdata.series("kodak", "revenue", KODAK)) == 2000 > 1999  # before any revenue


def test_kodak_2001_to_2004_on_one_basis_is_flat_not_falling():
    preferred = csvdata.series("kodak", "revenue", KODAK, "USD_billion")
    mixed = (preferred[2004] / preferred[2001]) ** (1 / 3) - 1
    first_2004 = csvdata.value("kodak", "revenue", 2004, KODAK, "USD_billion", basis=FIRST)
    first_2001 = csvdata.value("kodak", "revenue", 2001, KODAK, "USD_billion", basis=FIRST)
    one_basis = (first_2004 / first_2001) ** (1 / 3) - 1
    assert round(mixed, 3) == -0.069 and round(mixed * 100) == -7  # "falling by 7% a year"
    assert round(one_basis, 3) == 0.007  # "up 0.7% a year"
    assert mixed < 0.02 and one_basis < 0.02  # both below the 2% line: it fires either way
    assert mixed < 0.005 < one_basis  # "with a line of, say, 0.5% the two would disagree"
    bases = {int(r["year"]): r["basis"] for r in csvdata.rows("kodak")
             if r["metric"] == "revenue" and r["preferred"] == "true"}  # fmt: skip
    assert bases[2001] == FIRST and bases[2004] != FIRST and bases[2012] != bases[2011]
    assert bases[2004] == "continuing operations (2009-2011 filings)"  # "2009-2011 filings"
    assert event_year("kodak", KODAK, "filed for Chapter 11") <= 2012  # 2012 is not before it


def test_the_health_group_was_sold_in_2007():
    sold = [row for row in csvdata.rows("kodak", "events") if "Health Group" in row["event"]]
    assert [row["date"][:4] for row in sold] == ["2007"]


def test_ibm_warned_in_1991_two_years_ahead_with_two_signals():
    table = signals_from_csv("ibm", IBM)
    assert first_warning(table, 1993) == 1991 and 1993 - 1991 == 2
    assert first_warning(table, 1993, at_least=2) == 1991
    assert table[1991] == {"slow_growth": True, "margin_squeeze": True}
    assert min(csvdata.series("ibm", "market_value", IBM)) == 1998  # "no market value before 1998"
    revenue = csvdata.series("ibm", "revenue", IBM)
    assert revenue[1991] < revenue[1990]  # "revenue fell in 1991"
    after = [y for y in table if y > 1995 and any(table[y].values())]
    assert len(after) >= 3  # "fire again in several years"


@pytest.mark.parametrize("label", list(lesson.CASES))
def test_the_library_signals_match_the_csv(label):
    import course_lib as cl

    case = lesson.CASES[label]

    def load(name, entity=case.entity):
        try:
            return cl.data.metric(case.case, name, entity=entity, unit="USD_billion")
        except KeyError:
            return None

    table = migration.warning_signals(
        load("revenue"), load("net_income"), load("market_value"),
        load("revenue", case.challenger) if case.challenger else None,
    )  # fmt: skip
    mine = signals_from_csv(case.case, case.entity, challenger=case.challenger)
    for year, fired in mine.items():
        for name, value in fired.items():
            assert bool(table.loc[year, name]) is value, (year, name)


# ------------------------------------------------------------------------------ the explorer


def explorer_with(label, **values):
    shown = lesson.explorer()
    case, *sliders = shown.children[0].children
    case.value = label
    names = ["slow_growth", "value_drop", "margin_drop", "challenger_lead", "at_least"]
    for name, slider in zip(names, sliders, strict=True):
        if name in values:
            slider.value = values[name]
    return shown


def grid_rows(shown):
    spec = shown.chart.spec
    return [row for rows in spec["datasets"].values() for row in rows if "mark" in row]


@pytest.mark.parametrize("label", list(lesson.CASES))
@pytest.mark.parametrize(
    "setting",
    [{}, {"slow_growth": -10}, {"slow_growth": 10}, {"value_drop": 0}, {"value_drop": 50},
     {"margin_drop": 0}, {"margin_drop": 10}, {"challenger_lead": 0}, {"challenger_lead": 100},
     {"at_least": 3}],
)  # fmt: skip
def test_every_setting_of_the_explorer_draws(label, setting):
    shown = explorer_with(label, **setting)
    assert grid_rows(shown)
    assert "Each row is a signal" in shown.caption.value


@pytest.mark.parametrize("label", list(lesson.CASES))
def test_each_case_draws_a_valid_vega_lite_spec(label):
    import altair as alt

    # Interactive updates skip validation (render.remember_spec), so it is done here.
    spec = explorer_with(label).chart.spec
    assert alt.VConcatChart.from_dict(spec, validate=True).title


def test_the_explorer_says_when_no_warning_fired():
    shown = explorer_with(list(lesson.CASES)[0], value_drop=50, at_least=3)
    assert "No warning fired before the event in 2012" in shown.caption.value


def test_the_grid_shows_every_year_and_marks_changes_across_two_bases():
    shown = explorer_with(list(lesson.CASES)[0])
    rows = grid_rows(shown)
    years = sorted({row["year"] for row in rows})
    assert years == list(range(years[0], years[-1] + 1))  # the ordinal axis skips no year
    slow = {row["year"]: row["mark"] for row in rows if row["signal"] == "slow growth"}
    assert slow[2004] == "✔*" and slow[2012] == "✔*" and slow[2001] == "✔"
    assert "asterisk" in shown.caption.value and "Health Group" in shown.caption.value


def test_every_change_across_two_bases_is_marked():
    """For each case, a signal computed from two preferred figures whose basis labels differ
    (reading "" and "as first reported" as one) carries the asterisk."""
    for label, case in lesson.CASES.items():
        rows = grid_rows(explorer_with(label))
        marked = {(row["year"], row["signal"]) for row in rows if row["mark"].endswith("*")}
        labels = {}
        for row in csvdata.rows(case.case):
            if (
                row["metric"] == "revenue"
                and row["preferred"] == "true"
                and row["entity"] == case.entity
            ):
                labels[int(row["year"])] = "" if row["basis"] in ("", FIRST) else row["basis"]
        years = sorted(labels)
        for previous, year in zip(years, years[1:], strict=False):
            if labels[year] != labels[previous]:
                assert (year, "slow growth") in marked, (label, year)


def test_first_warning_and_event_labels_sit_on_two_lines():
    shown = explorer_with(list(lesson.CASES)[2])
    spec = shown.chart.spec
    labels = [row for rows in spec["datasets"].values() for row in rows if "label" in row]
    assert {row["label"]: row["line"] for row in labels} == {
        "event 1993": 0,
        "first warning 1991": 1,
    }


# ------------------------------------------------------------------------------- exercises


def kodak_value(year):
    return csvdata.value("kodak", "market_value", year, KODAK, "USD_billion")


def test_market_value_change_accepts_the_truth_and_names_typical_mistakes():
    right = kodak_value(1999) / kodak_value(1998) - 1
    check = lesson.market_value_change.check
    assert check(round(right, 3)).correct is True
    assert "percentage" in check(100 * right).message
    assert "subtract 1" in check(1 + right).message
    assert "sign" in check(-right).message
    assert "upside down" in check(kodak_value(1998) / kodak_value(1999) - 1).message
    assert "1999 to 2000" in check(kodak_value(2000) / kodak_value(1999) - 1).message
    assert check(None).correct is None


def slow_growth(revenue, line=0.02):
    years = list(revenue.index)
    return [y for p, y in zip(years, years[1:], strict=False) if revenue[y] / revenue[p] - 1 < line]


def test_slow_growth_passes_a_correct_function_and_diagnoses_wrong_ones():
    check = lesson.slow_growth.check
    assert check(slow_growth).correct is True

    def as_index(revenue, line=0.02):
        growth = revenue.pct_change()
        return growth.index[growth < line]

    assert check(as_index).correct is True  # an Index of the right years is right too

    def at_or_below(revenue, line=0.02):
        years = list(revenue.index)
        return [
            y for p, y in zip(years, years[1:], strict=False) if revenue[y] / revenue[p] - 1 <= line
        ]

    def backwards(revenue, line=0.02):
        years = list(revenue.index)
        return [
            y for p, y in zip(years, years[1:], strict=False) if revenue[p] / revenue[y] - 1 < line
        ]

    def year_before(revenue, line=0.02):
        years = list(revenue.index)
        return [
            p for p, y in zip(years, years[1:], strict=False) if revenue[y] / revenue[p] - 1 < line
        ]

    assert "use <, not <=" in check(at_or_below).message
    assert "backwards" in check(backwards).message
    assert "year before" in check(year_before).message
    assert check(lambda revenue, line=0.02: None).correct is None
    assert "not a function" in check([2001]).message


def test_two_signals_is_kodaks_first_year_with_two_at_once():
    table = signals_from_csv("kodak", KODAK)
    right = first_warning(table, 2012, at_least=2)
    assert right == 2001
    check = lesson.two_signals.check
    assert check(right).correct is True
    assert "two in the same year" in check(first_warning(table, 2012)).message
    assert "event itself" in check(2012).message
    assert "lead time" in check(2012 - right).message
    assert check(None).correct is None


def test_ibm_one_basis_wants_both_years_as_first_reported():
    first_2000 = csvdata.value("ibm", "revenue", 2000, IBM, basis=FIRST)
    first_2001 = csvdata.value("ibm", "revenue", 2001, IBM, basis=FIRST)
    right = first_2001 / first_2000 - 1
    mixed = csvdata.value("ibm", "revenue", 2001, IBM) / first_2000 - 1
    check = lesson.ibm_one_basis.check
    assert check(right).correct is True
    assert abs(mixed - right) > 0.02
    said = check(mixed)
    assert said.correct is False and "two bases" in said.message
    assert "percentage" in check(100 * right).message
    assert "sign" in check(-right).message
    assert "upside down" in check(first_2000 / first_2001 - 1).message
    assert check(None).correct is None


def test_multiple_choice_answers():
    assert lesson.lens.check("c").correct and not lesson.lens.check("a").correct
    assert lesson.remedy.check("b").correct and not lesson.remedy.check("a").correct
    assert lesson.stricter.check("b").correct and not lesson.stricter.check("c").correct


def test_the_time_needed_matches_the_course_map():
    from course_lib.course_map import COURSE_MAP

    (entry,) = [lesson for lesson in COURSE_MAP if lesson.notebook == NOTEBOOK]
    cells = json.loads((prose.ROOT / "notebooks" / NOTEBOOK).read_text(encoding="utf-8"))["cells"]
    assert f"**Time needed:** about {entry.minutes} minutes." in "".join(cells[0]["source"])


def test_the_lesson_attributes_the_three_lenses_to_the_source_text():
    cells = json.loads((prose.ROOT / "notebooks" / NOTEBOOK).read_text(encoding="utf-8"))["cells"]
    markdown = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    lenses = markdown[markdown.index("## Three ways") : markdown.index("## From lenses")]
    assert "source text" in lenses and "1996" in lenses
    for remedy in ("brand", "bulk discounting", "renew the offer"):
        assert remedy in lenses
    assert "only in 2004" not in markdown  # issue 12: Kodak revenue starts in 2000
    assert "Kodak's sourced market values start in 1996" not in lesson.two_signals.hint
    assert "1995" in lesson.two_signals.hint and "2000" in lesson.two_signals.hint
