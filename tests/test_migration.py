"""Value migration models: known answers on hand-made series, and the real cases."""

from __future__ import annotations

import pandas as pd
import pytest

from course_lib import migration
from course_lib.problems import CourseProblem


def series(values: dict[int, float]) -> pd.Series:
    return pd.Series(values, dtype="float64")


def test_value_ratio_aligns_years_and_refuses_zero_revenue():
    ratio = migration.value_ratio(
        series({2000: 20, 2001: 8, 2002: 5}), series({2001: 4, 2002: 10, 2003: 1})
    )
    assert ratio.to_dict() == {2001: 2.0, 2002: 0.5}
    with pytest.raises(CourseProblem, match="revenue must be above zero"):
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
    assert bool(table.loc[2003, "market_value_drop"]) is True  # 5 -> 4 is a 20% fall


def test_backtest_needs_at_least_one_signal():
    with pytest.raises(ValueError, match="at least one signal"):
        migration.backtest(pd.DataFrame({"s": [True]}, index=[2000]), 2001, at_least=0)


def test_chain_bases_carries_a_restated_series_onto_the_earlier_basis():
    earlier = series({2010: 80.0, 2011: 60.0})
    later = series({2011: 50.0, 2012: 40.0, 2013: 30.0})
    chained = migration.chain_bases(earlier, later, 2011)
    assert chained.to_dict() == {2010: 80.0, 2011: 60.0, 2012: 48.0, 2013: 36.0}
    with pytest.raises(ValueError, match="link year 2009"):
        migration.chain_bases(earlier, later, 2009)
