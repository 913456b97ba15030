"""Value migration models: known answers on hand-made series, and the real cases."""

from __future__ import annotations

import pandas as pd
import pytest

from course_lib import migration
from course_lib.lessons import anticipating_migration as lesson3
from course_lib.lessons import phases_of_value_migration as lesson2
from course_lib.lessons import value_migration as lesson1


def series(values: dict[int, float]) -> pd.Series:
    return pd.Series(values, dtype="float64")


def test_value_ratio_aligns_years_and_refuses_zero_revenue():
    ratio = migration.value_ratio(
        series({2000: 20, 2001: 8, 2002: 5}), series({2001: 4, 2002: 10, 2003: 1})
    )
    assert ratio.to_dict() == {2001: 2.0, 2002: 0.5}
    with pytest.raises(ValueError, match="revenue must be positive"):
        migration.value_ratio(series({2000: 1}), series({2000: 0}))


def test_growth_averages_over_gaps_and_handles_collapse():
    growth = migration.yearly_growth(series({2000: 100, 2002: 121, 2003: 0}))
    assert growth[2002] == pytest.approx(0.10)
    assert growth[2003] == -1.0
    assert pd.isna(growth[2000])


def test_shares_skip_incomplete_years():
    wide = pd.DataFrame({"a": [1.0, 2.0, None], "b": [3.0, 2.0, 1.0]}, index=[2000, 2001, 2002])
    shared = migration.shares(wide)
    assert shared.index.tolist() == [2000, 2001]
    assert shared.loc[2000].tolist() == [0.25, 0.75]


@pytest.mark.parametrize(
    ("ratio", "phase"),
    [(2.01, "inflow"), (2.0, "stability"), (0.8, "stability"), (0.79, "outflow")],
)
def test_ratio_thresholds_are_strict(ratio, phase):
    assert migration.classify_by_ratio(series({2000: ratio})).phase.item() == phase


def test_moving_the_lines_moves_the_phase():
    ratio = series({2000: 1.5})
    assert (
        migration.classify_by_ratio(ratio, migration.PhaseRules(inflow=1.4)).phase.item()
        == "inflow"
    )
    assert (
        migration.classify_by_ratio(ratio, migration.PhaseRules(outflow=1.6, inflow=3)).phase.item()
        == "outflow"
    )


@pytest.mark.parametrize(
    ("inflow", "outflow", "growth", "message"),
    [
        (1.0, 1.5, 0.05, "must be above 0 and below the inflow line"),
        (2, 0, 0.05, "above 0"),
        (2, 0.8, 1.5, "growth line"),
    ],
)
def test_impossible_lines_are_refused(inflow, outflow, growth, message):
    with pytest.raises(ValueError, match=message):
        migration.PhaseRules(inflow=inflow, outflow=outflow, growth=growth)


def test_trend_classifier_reasons():
    revenue = series({2000: 100, 2001: 110, 2002: 111, 2003: 112, 2004: 90})
    income = series({2000: 10, 2001: 10, 2002: 5, 2003: -2, 2004: -9})
    table = migration.classify_by_trend(revenue, income).set_index("year")
    assert table.phase.to_dict() == {
        2001: "inflow",
        2002: "stability",
        2003: "outflow",
        2004: "outflow",
    }
    assert "faster than the 5% line" in table.loc[2001, "reason"]
    assert "the margin fell to -1.8% (a loss)" in table.loc[2003, "reason"]
    looser = migration.classify_by_trend(revenue, income, migration.PhaseRules(growth=0.2))
    assert looser.set_index("year").loc[2001, "phase"] == "stability"


def test_classify_prefers_the_ratio_where_market_value_is_known():
    revenue = series({2000: 10, 2001: 12, 2002: 14})
    table = migration.classify(revenue, market_value=series({2002: 7.0})).set_index("year")
    assert table.loc[2001, "method"] == "growth and margin" and table.loc[2001, "phase"] == "inflow"
    assert table.loc[2002, "method"] == "value ratio" and table.loc[2002, "phase"] == "outflow"


def test_warning_signals_on_a_hand_made_decline():
    revenue = series({2000: 100, 2001: 103, 2002: 101, 2003: 80})
    income = series({2000: 10, 2001: 9, 2002: 5, 2003: -4})
    value = series({2000: 200, 2001: 190, 2002: 120, 2003: 60})
    rival = series({2000: 5, 2001: 10, 2002: 20, 2003: 40})
    table = migration.warning_signals(revenue, income, value, rival)
    assert table["slow_growth"].tolist() == [False, True, True]
    assert table["market_value_drop"].tolist() == [False, True, True]
    assert table["margin_squeeze"].tolist() == [False, True, True]
    assert table["challenger_rising"].tolist() == [True, True, True]
    result = migration.backtest(table, 2004, at_least=3)
    assert (result.first_warning, result.lead_years) == (2002, 2)
    assert migration.backtest(table, 2004, at_least=4).first_warning == 2002
    none = migration.backtest(table, 2001, use={"challenger_rising": False})
    assert none.first_warning is None and "No warning fired" in none.describe()


def test_missing_data_is_none_not_false():
    table = migration.warning_signals(
        series({2000: 1, 2001: 2, 2003: 3}), market_value=series({2002: 5, 2003: 4})
    )
    assert table.loc[2001, "market_value_drop"] is None
    assert table.loc[2003, "market_value_drop"] is True or bool(
        table.loc[2003, "market_value_drop"]
    )


def test_backtest_needs_at_least_one_signal():
    with pytest.raises(ValueError, match="at least one signal"):
        migration.backtest(pd.DataFrame({"s": [True]}, index=[2000]), 2001, at_least=0)


# ----------------------------------------------------------------- the real cases


def test_netflix_and_blockbuster_phases_in_2004_and_2010():
    table = lesson2.phase_table().set_index(["entity", "year"])
    assert table.loc[("Netflix", 2004), "phase"] == "inflow"  # revenue grew ~81% a year
    assert table.loc[("Netflix", 2010), "phase"] == "stability"  # value ratio 1.86
    assert table.loc[("Netflix", 2010), "method"] == "value ratio"
    assert table.loc[("Blockbuster", 2004), "phase"] == "stability"  # revenue +2.4%
    assert table.loc[("Blockbuster", 2010), "phase"] == "outflow"  # revenue -21.7% a year
    assert "21.7%" in table.loc[("Blockbuster", 2010), "reason"]


def test_netflix_value_ratios():
    ratios = lesson1.ratio_frame("video_rental").set_index("year")["value"]
    assert ratios[2010] == pytest.approx(1.86, abs=0.01)
    assert ratios[2011] == pytest.approx(4.19, abs=0.01)
    assert ratios[2012] == pytest.approx(0.91, abs=0.01)


def test_ibm_value_moved_from_hardware_to_services():
    shares = lesson1.measure_frame("ibm", "share of revenue")[0].pivot(
        index="year", columns="entity", values="value"
    )
    assert shares.loc[1995, "Hardware"] == pytest.approx(55.2, abs=0.1)
    assert shares.loc[2012, "Services"] == pytest.approx(56.6, abs=0.1)
    assert shares.loc[2012, "Hardware"] < 20


def test_backtests_of_the_three_cases():
    kodak, blockbuster, ibm = (lesson3.lead_time(label) for label in lesson3.CASES)
    assert (kodak.first_warning, kodak.lead_years, kodak.signals_then) == (
        1999,
        13,
        ("market_value_drop",),
    )
    assert (blockbuster.first_warning, blockbuster.lead_years) == (2004, 6)
    assert blockbuster.signals_then == ("challenger_rising",)
    assert (ibm.first_warning, ibm.lead_years) == (1991, 2)
    stricter = lesson3.lead_time(list(lesson3.CASES)[1], at_least=2)
    assert stricter.first_warning == 2005 and stricter.lead_years < blockbuster.lead_years
    assert set(stricter.signals_then) >= {"slow_growth", "market_value_drop"}


def test_bad_slider_settings_show_a_message_not_a_traceback():
    chart, frame, _ = lesson2._timeline(1.0, 1.2, 0.05)
    assert chart.to_dict()["mark"]["type"] == "text" and frame.empty
    assert "must be above 0 and below the inflow line" in chart.to_dict()["description"]


def _case_label(case: str) -> str:
    return next(label for label, folder in lesson1.CASES.items() if folder == case)


def test_a_case_without_a_measure_says_so():
    chart, frame, _ = lesson1._view(_case_label("telecom"), "market value")
    assert frame.empty and "no market value figures" in chart.to_dict()["description"]


def test_kodak_and_fujifilm_compare_only_as_an_index():
    label = _case_label("kodak_fujifilm")
    chart, frame, citation = lesson1._view(label, "revenue")
    first = frame[frame.year == lesson1.INDEX_YEAR]
    assert sorted(first.entity) == ["Eastman Kodak", "Fujifilm"] and set(first.value) == {100.0}
    assert frame.year.min() == lesson1.INDEX_YEAR  # no earlier years on another basis
    assert "positen.jp" in citation and "Kodak" in citation
    for measure in ("net income", "market value", "value ratio", "share of revenue"):
        chart, frame, _ = lesson1._view(label, measure)
        assert frame.empty and "different currencies" not in chart.to_dict()["description"]
        assert "US dollars and Fujifilm in yen" in chart.to_dict()["description"]
        with pytest.raises(ValueError, match="cannot share an axis"):
            lesson1.measure_frame("kodak_fujifilm", measure)
