"""Lesson 1: every claim the lesson makes, computed here from the CSV rows; every exercise
checked against an independent answer, and its typical wrong answers against their feedback."""

from __future__ import annotations

import altair as alt
import pandas as pd
import pytest

from course_lib.lessons import value_migration as lesson

from . import csvdata, prose

NOTEBOOK = "01_value_migration.ipynb"
NETFLIX, BLOCKBUSTER = "Netflix", "Blockbuster"
ATT = "AT&T Inc. (wireline)"
UK = "United Kingdom (fixed-line telecoms)"

#: Numbers in the lesson's prose, each computed by a test below.
PINNED = {"1995", "96", "2011", "2010"}


def test_every_number_in_the_prose_is_pinned_by_a_test():
    assert prose.unpinned(NOTEBOOK, lesson, PINNED) == set()


def test_netflix_value_ratio_2011_is_about_4_2():
    ratio = csvdata.value("video_rental", "market_value", 2011, NETFLIX, "USD") / csvdata.value(
        "video_rental", "revenue", 2011, NETFLIX, "USD"
    )
    assert round(ratio, 1) == 4.2


def test_att_data_first_passes_voice_in_2011():
    voice = csvdata.series("telecom", "revenue_voice", ATT)
    data = csvdata.series("telecom", "revenue_data", ATT)
    ahead = [year for year in sorted(voice) if year in data and data[year] > voice[year]]
    assert ahead[0] == 2011


def test_ibm_shares_on_one_definition():
    def ibm(metric, year):
        return csvdata.value("ibm", metric, year, unit="USD_billion")

    total_1995 = ibm("revenue", 1995)
    assert round(ibm("revenue_hardware", 1995) / total_1995, 3) == 0.495  # "49.5%", "about half"
    services_1995 = ibm("revenue_services", 1995) + ibm("revenue_maintenance", 1995)
    assert 0.27 < services_1995 / total_1995 < 1 / 3  # "under a third"
    services_2012 = ibm("revenue_services_gts", 2012) + ibm("revenue_services_gbs", 2012)
    assert 0.15 < ibm("revenue_hardware", 2012) / ibm("revenue", 2012) < 0.18  # "about a sixth"
    assert services_2012 / ibm("revenue", 2012) > 0.5  # "over half"
    # Maintenance is its own category in 1995-96 only; later years count it in services.
    years = {
        int(row["year"]) for row in csvdata.rows("ibm") if row["metric"] == "revenue_maintenance"
    }
    assert years == {1995, 1996}


def test_the_explorer_uses_one_services_definition_and_says_what_the_total_is():
    shown = lesson.explorer()
    case, measure = (control for control in shown.children[0].children)
    case.value = next(label for label in lesson.CASES if label.startswith("IBM"))
    measure.value = "share of revenue"
    spec = shown.chart.spec
    assert "sum of the lines shown" in str(spec["encoding"]["y"]["title"])
    rows = next(iter(spec["datasets"].values()))
    hardware_1995 = next(r for r in rows if r["line"] == "Hardware" and r["year"] == 1995)
    parts = ["revenue_hardware", "revenue_services", "revenue_maintenance", "revenue_software",
             "revenue_financing"]  # fmt: skip
    total = sum(csvdata.value("ibm", m, 1995) for m in parts)
    assert hardware_1995["value"] == pytest.approx(
        100 * csvdata.value("ibm", parts[0], 1995) / total
    )


def test_blockbuster_and_netflix_revenue_readings():
    blockbuster = csvdata.series("video_rental", "revenue", BLOCKBUSTER, "USD")
    netflix = csvdata.series("video_rental", "revenue", NETFLIX, "USD")
    peak = max(blockbuster, key=blockbuster.get)
    assert all(blockbuster[year] < blockbuster[peak] for year in blockbuster if year > peak)
    values = [netflix[year] for year in sorted(netflix)]
    assert values == sorted(values)  # "climbs every year"


def test_telecom_data_share_rises_every_year():
    for entity in (ATT, UK):
        voice, data = (
            csvdata.series("telecom", m, entity) for m in ("revenue_voice", "revenue_data")
        )
        shares = [data[y] / (data[y] + voice[y]) for y in sorted(voice)]
        assert shares == sorted(shares) and len(set(shares)) == len(shares), entity


@pytest.mark.parametrize("case", list(lesson.CASES))
@pytest.mark.parametrize("measure", lesson.MEASURES)
def test_every_view_of_the_explorer_draws(case, measure):
    shown = lesson.explorer()
    picker, chooser = shown.children[0].children
    picker.value, chooser.value = case, measure
    spec = shown.chart.spec
    assert spec["title"] if isinstance(spec.get("title"), str) else spec["title"]["text"]
    if lesson.CASES[case] == "kodak_fujifilm" and measure != "revenue":
        assert "yen" in shown.caption.value


# ----------------------------------------------------------------------------- exercises


def blockbuster_ratio_from_csv() -> pd.Series:
    value = csvdata.series("video_rental", "market_value", BLOCKBUSTER, "USD")
    revenue = csvdata.series("video_rental", "revenue", BLOCKBUSTER, "USD")
    return pd.Series({year: value[year] / revenue[year] for year in value if year in revenue})


def test_blockbuster_ratio_accepts_the_truth_and_names_typical_mistakes():
    truth = blockbuster_ratio_from_csv()
    assert len(truth) >= 2
    assert lesson.blockbuster_ratio.check(truth).correct is True
    upside_down = lesson.blockbuster_ratio.check(1 / truth)
    assert upside_down.correct is False and "upside down" in upside_down.message
    mixed_units = lesson.blockbuster_ratio.check(
        truth * 1000
    )  # value in millions, revenue in billions
    assert "1,000 times too large" in mixed_units.message
    extra = pd.concat([truth, pd.Series({2010: 0.1})])
    assert "2010" in lesson.blockbuster_ratio.check(extra).message
    assert "Series" in lesson.blockbuster_ratio.check(float(truth.iloc[0])).message
    assert lesson.blockbuster_ratio.check(None).correct is None


def test_revenue_multiple_is_blockbuster_over_netflix_in_2010():
    blockbuster = csvdata.value("video_rental", "revenue", 2010, BLOCKBUSTER, "USD")
    netflix = csvdata.value("video_rental", "revenue", 2010, NETFLIX, "USD")
    assert lesson.revenue_multiple.check(round(blockbuster / netflix, 2)).correct is True
    inverted = lesson.revenue_multiple.check(round(netflix / blockbuster, 2))
    assert inverted.correct is False and "Blockbuster's goes on top" in inverted.message


def first_year_ahead(rising, falling):
    years = sorted(set(rising.index) & set(falling.index))
    return next((year for year in years if rising[year] > falling[year]), None)


def test_first_year_ahead_passes_a_correct_function_and_diagnoses_wrong_ones():
    assert lesson.first_year_ahead.check(first_year_ahead).correct is True

    def at_or_above(rising, falling):
        years = sorted(set(rising.index) & set(falling.index))
        return next((year for year in years if rising[year] >= falling[year]), None)

    assert ">=" in lesson.first_year_ahead.check(at_or_above).message
    assert lesson.first_year_ahead.check(lambda a, b: None).correct is None
    crashing = lesson.first_year_ahead.check(lambda a, b: a.index[a > b][0])
    assert crashing.correct is False and "IndexError" in crashing.message
    assert "not a function" in lesson.first_year_ahead.check(2011).message


def test_ratio_chart_check_reads_the_learners_chart():
    table = blockbuster_ratio_from_csv().rename("value_ratio").rename_axis("year").reset_index()
    good = (
        alt.Chart(table).mark_line().encode(x="year:Q", y="value_ratio:Q").properties(title="Mine")
    )
    assert lesson.ratio_chart.check(good).correct is True
    assert "line" in lesson.ratio_chart.check(good.mark_bar()).message
    untitled = alt.Chart(table).mark_line().encode(x="year:Q", y="value_ratio:Q")
    assert "title" in lesson.ratio_chart.check(untitled).message
    assert "not an Altair chart" in lesson.ratio_chart.check(table).message


def test_multiple_choice_answers():
    assert lesson.who.check("c").correct and not lesson.who.check("b").correct
    assert lesson.ratio_meaning.check("a").correct and not lesson.ratio_meaning.check("b").correct
    assert lesson.kodak_fujifilm.check("b").correct and not lesson.kodak_fujifilm.check("a").correct


def test_kodak_index_is_chained_through_2011_onto_one_basis():
    earlier, later = (
        "continuing operations (2009-2011 filings)",
        "continuing operations (2012 10-K)",
    )
    base = csvdata.value("kodak", "revenue", 2004, unit="USD_million", basis=earlier)
    link = csvdata.value(
        "kodak", "revenue", 2011, unit="USD_million", basis=earlier
    ) / csvdata.value("kodak", "revenue", 2011, unit="USD_million", basis=later)
    chained = (
        100 * csvdata.value("kodak", "revenue", 2012, unit="USD_million", basis=later) * link / base
    )
    assert 40 < chained < 50  # "a little under half of its 2004 revenue"
    fujifilm = csvdata.value("fujifilm", "revenue", 2012) / csvdata.value(
        "fujifilm", "revenue", 2004
    )
    assert fujifilm > 0.5  # "kept most of its own"
    shown = lesson.explorer()
    case, measure = shown.children[0].children
    case.value = next(label for label in lesson.CASES if label.startswith("Kodak vs"))
    measure.value = "revenue"
    rows = next(iter(shown.chart.spec["datasets"].values()))
    kodak_2012 = next(r for r in rows if r["line"].startswith("Kodak") and r["year"] == 2012)
    assert kodak_2012["value"] == pytest.approx(chained)
    assert "chained" in shown.chart.spec["description"]
