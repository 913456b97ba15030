"""Value migration measures: the value ratio, phases with reasons, and early-warning signals.

Every function here is pure: series or frames in, a series, frame or small dataclass out.
Series are indexed by year. Years may be missing (a figure no source gave): growth across a
gap is the average yearly rate over the gap, and nothing is filled in.

>>> import pandas as pd
>>> ratio = value_ratio(pd.Series({2000: 30.0, 2001: 12.0}), pd.Series({2000: 10.0, 2001: 16.0}))
>>> classify_by_ratio(ratio).phase.tolist()
['inflow', 'outflow']
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from .problems import CourseProblem, RulesProblem

PHASES = ("inflow", "stability", "outflow")
INFLOW_RATIO = 2.0
OUTFLOW_RATIO = 0.8
GROWTH_LINE = 0.05


def value_ratio(market_value: pd.Series, revenue: pd.Series) -> pd.Series:
    """Market value divided by revenue, year by year (Slywotzky's measure of value).

    Both series must be in the same currency unit; years missing from either are dropped.

    >>> value_ratio(pd.Series({2000: 30.0, 2001: 12.0}), pd.Series({2000: 15.0, 2001: 16.0})).round(2).tolist()
    [2.0, 0.75]
    """
    joined = pd.concat({"market_value": market_value, "revenue": revenue}, axis=1).dropna()
    if (joined["revenue"] <= 0).any():
        raise CourseProblem(
            "revenue must be above zero in every year to compute a value ratio; "
            "check for a missing or zero revenue figure"
        )
    ratio = joined["market_value"] / joined["revenue"]
    ratio.name = "value_ratio"
    return ratio


def yearly_growth(series: pd.Series) -> pd.Series:
    """Growth per year since the previous year with a figure (a gap is averaged over its years).

    >>> yearly_growth(pd.Series({2000: 100.0, 2001: 110.0, 2003: 133.1})).round(3).tolist()
    [nan, 0.1, 0.1]
    """
    clean = series.dropna().sort_index()
    years = pd.Series(clean.index, index=clean.index, dtype="float64")
    gap = years.diff()
    previous = clean.shift(1)
    growth = pd.Series(float("nan"), index=clean.index, name="growth")
    valid = (previous > 0) & (clean > 0)
    growth[valid] = (clean[valid] / previous[valid]) ** (1 / gap[valid]) - 1
    growth[(previous > 0) & (clean <= 0)] = -1.0
    return growth


def shares(wide: pd.DataFrame) -> pd.DataFrame:
    """Each column's share of the row total, only for years where every column has a figure.

    A share computed from an incomplete year would be silently wrong, so such years are left out.

    >>> wide = pd.DataFrame({"A": [3.0, 1.0], "B": [1.0, None]}, index=[2000, 2001])
    >>> shares(wide).to_dict("index")
    {2000: {'A': 0.75, 'B': 0.25}}
    """
    complete = wide.dropna()
    return complete.div(complete.sum(axis=1), axis=0)


def index_to(wide: pd.DataFrame, base_year: int) -> pd.DataFrame:
    """Each column divided by its own value in ``base_year``, times 100.

    An index compares how companies grew or shrank when their amounts are in different
    currencies or of different sizes. A column without a figure for the base year is left out
    rather than indexed to some other year.

    >>> wide = pd.DataFrame({"A": [10.0, 5.0], "B": [200.0, 220.0], "C": [None, 1.0]},
    ...                     index=[2004, 2005])
    >>> index_to(wide, 2004).to_dict("index")
    {2004: {'A': 100.0, 'B': 100.0}, 2005: {'A': 50.0, 'B': 110.00000000000001}}
    """
    if base_year not in wide.index:
        raise KeyError(f"no figures for the base year {base_year}")
    base = wide.loc[base_year]
    kept = base[base.notna() & (base != 0)].index
    return wide[kept].div(base[kept]) * 100


def chain_bases(earlier: pd.Series, later: pd.Series, link_year: int) -> pd.Series:
    """Put ``later`` (figures on a new basis) onto the basis of ``earlier`` through a link year
    that both have: each later figure is scaled by ``earlier[link] / later[link]``.

    A company that restates its figures (a business sold, a narrower perimeter) gives two
    versions of the link year; the ratio between them carries the old series forward, so a
    change or an index spans the break on one basis instead of mixing two. The result keeps
    ``earlier`` up to the link year and the rescaled ``later`` after it.

    >>> old = pd.Series({2010: 80.0, 2011: 60.0})
    >>> new = pd.Series({2011: 50.0, 2012: 40.0})  # 2011 recast lower: 50 instead of 60
    >>> chain_bases(old, new, 2011).tolist()
    [80.0, 60.0, 48.0]
    """
    if link_year not in earlier.index or link_year not in later.index:
        raise CourseProblem(
            f"both series need a figure for the link year {link_year} to be chained"
        )
    factor = earlier[link_year] / later[link_year]
    after = later[later.index > link_year] * factor
    chained = pd.concat([earlier[earlier.index <= link_year], after]).sort_index()
    chained.name = earlier.name
    return chained


@dataclass(frozen=True)
class PhaseRules:
    """The lines a learner can move: value ratio above ``inflow`` means inflow, below
    ``outflow`` means outflow; without a ratio, revenue growth beyond ``growth`` a year (up or
    down) decides, with the profit margin as a tie-breaker.

    The default lines (2.0, 0.8 and 5% a year) are the course's rule of thumb, not figures
    from a source: outflow below 0.8 means investors value the firm at less than four-fifths
    of a year's sales, inflow above 2.0 at more than twice a year's sales.

    >>> PhaseRules().inflow, PhaseRules().outflow, PhaseRules().growth
    (2.0, 0.8, 0.05)
    """

    inflow: float = INFLOW_RATIO
    outflow: float = OUTFLOW_RATIO
    growth: float = GROWTH_LINE

    def __post_init__(self) -> None:
        if not 0 < self.outflow < self.inflow:
            raise RulesProblem(
                f"the outflow line ({self.outflow}) must be above 0 and below the inflow line ({self.inflow})"
            )
        if not 0 <= self.growth < 1:
            raise RulesProblem(
                f"the growth line must be between 0 and 1 (a share), not {self.growth}"
            )


def classify_by_ratio(ratio: pd.Series, rules: PhaseRules = PhaseRules()) -> pd.DataFrame:
    """Label each year's phase from its value ratio, with the reason in words.

    >>> table = classify_by_ratio(pd.Series({2010: 2.5, 2011: 1.0, 2012: 0.5}))
    >>> table.phase.tolist()
    ['inflow', 'stability', 'outflow']
    >>> table.reason.iloc[0]
    'market value is 2.50 times revenue, above the inflow line of 2'
    """
    rows = []
    for year, value in ratio.dropna().sort_index().items():
        if value > rules.inflow:
            phase, where = "inflow", f"above the inflow line of {rules.inflow:g}"
        elif value < rules.outflow:
            phase, where = "outflow", f"below the outflow line of {rules.outflow:g}"
        else:
            phase, where = "stability", f"between {rules.outflow:g} and {rules.inflow:g}"
        rows.append(
            {
                "year": int(year),
                "phase": phase,
                "method": "value ratio",
                "reason": f"market value is {value:.2f} times revenue, {where}",
            }
        )
    return pd.DataFrame(rows, columns=["year", "phase", "method", "reason"])


def classify_by_trend(
    revenue: pd.Series, net_income: pd.Series | None = None, rules: PhaseRules = PhaseRules()
) -> pd.DataFrame:
    """Label each year's phase from revenue growth, and the profit margin where known.

    Revenue growing faster than the growth line is inflow, shrinking faster is outflow. In
    between, a loss that deepened is outflow; otherwise stability. The first year has no
    growth to judge and is left out. After a missing year the growth is the average yearly
    rate since the previous figure, and the reason names that year.

    >>> revenue = pd.Series({2000: 100.0, 2001: 120.0, 2002: 121.0, 2003: 100.0})
    >>> income = pd.Series({2000: 5.0, 2001: 6.0, 2002: -4.0, 2003: -9.0})
    >>> classify_by_trend(revenue, income).phase.tolist()
    ['inflow', 'outflow', 'outflow']
    >>> classify_by_trend(revenue, income).reason.iloc[1]
    'revenue grew 0.8% a year (within 5% of flat) and the margin fell to -3.3% (a loss)'
    >>> classify_by_trend(pd.Series({2000: 100.0, 2002: 121.0})).reason.item()
    'revenue grew 10.0% a year since 2000, faster than the 5% line'
    """
    growth = yearly_growth(revenue)
    previous_year = pd.Series(growth.index, index=growth.index).shift(1)
    margin = (net_income / revenue).dropna() if net_income is not None else pd.Series(dtype=float)
    rows = []
    for year, rate in growth.dropna().items():
        change = "grew" if rate >= 0 else "fell"
        since = "" if year - previous_year[year] == 1 else f" since {int(previous_year[year])}"
        said = f"revenue {change} {abs(rate):.1%} a year{since}"
        if rate > rules.growth:
            phase, reason = "inflow", f"{said}, faster than the {rules.growth:.0%} line"
        elif rate < -rules.growth:
            phase, reason = "outflow", f"{said}, faster than the {rules.growth:.0%} line"
        else:
            phase, reason = "stability", f"{said} (within {rules.growth:.0%} of flat)"
            earlier = margin[margin.index < year]
            if year in margin.index and not earlier.empty:
                now, before = margin[year], earlier.iloc[-1]
                if now < 0 and now < before:
                    phase = "outflow"
                    reason += f" and the margin fell to {now:.1%} (a loss)"
                elif now > before:
                    reason += f"; the margin rose to {now:.1%}"
        rows.append(
            {"year": int(year), "phase": phase, "method": "growth and margin", "reason": reason}
        )
    return pd.DataFrame(rows, columns=["year", "phase", "method", "reason"])


def classify(
    revenue: pd.Series,
    net_income: pd.Series | None = None,
    market_value: pd.Series | None = None,
    rules: PhaseRules = PhaseRules(),
) -> pd.DataFrame:
    """Each year's phase: by value ratio where market value is known, else by growth and margin.

    The value ratio needs both figures of the same year: a market value without that year's
    revenue gives no ratio (and no phase). The ``method`` column says which rule decided each
    year, so a reader sees where the method changes from one year to the next.

    >>> revenue = pd.Series({2009: 1.0, 2010: 2.0, 2011: 3.0})
    >>> table = classify(revenue, market_value=pd.Series({2011: 12.0}))
    >>> table[["year", "phase", "method"]].values.tolist()
    [[2010, 'inflow', 'growth and margin'], [2011, 'inflow', 'value ratio']]
    """
    by_trend = classify_by_trend(revenue, net_income, rules)
    if market_value is None or market_value.dropna().empty:
        return by_trend
    by_ratio = classify_by_ratio(value_ratio(market_value, revenue), rules)
    rest = by_trend[~by_trend.year.isin(by_ratio.year)]
    return pd.concat([by_ratio, rest]).sort_values("year").reset_index(drop=True)


# --------------------------------------------------------------------- early warning


@dataclass(frozen=True)
class SignalSettings:
    """How sensitive each warning signal is (shares, so 0.05 is 5%)."""

    slow_growth: float = 0.02
    market_value_drop: float = 0.15
    margin_drop: float = 0.03
    challenger_lead: float = 0.20

    def __post_init__(self) -> None:
        for name in ("market_value_drop", "margin_drop", "challenger_lead"):
            if getattr(self, name) < 0:
                raise RulesProblem(f"{name} must be zero or more")


#: Each signal's name in words, short enough to label a row of a chart.
SIGNAL_NAMES = {
    "slow_growth": "slow growth",
    "market_value_drop": "market value drop",
    "margin_squeeze": "margin squeeze",
    "challenger_rising": "rising challenger",
}


def warning_signals(
    revenue: pd.Series,
    net_income: pd.Series | None = None,
    market_value: pd.Series | None = None,
    challenger_revenue: pd.Series | None = None,
    settings: SignalSettings = SignalSettings(),
) -> pd.DataFrame:
    """For each year, which early-warning signals fire (True/False/None when the data is missing).

    - slow_growth: revenue grew less than ``settings.slow_growth`` a year (or fell);
    - market_value_drop: market value fell more than ``settings.market_value_drop`` a year;
    - margin_squeeze: the net margin fell by more than ``settings.margin_drop`` (points) or
      turned negative;
    - challenger_rising: the challenger's revenue grew faster than ours by more than
      ``settings.challenger_lead`` a year.

    >>> revenue = pd.Series({2000: 100.0, 2001: 101.0, 2002: 90.0})
    >>> table = warning_signals(revenue, challenger_revenue=pd.Series({2000: 1.0, 2001: 2.0, 2002: 4.0}))
    >>> table[["slow_growth", "challenger_rising"]].values.tolist()
    [[True, True], [True, True]]
    """
    columns: dict[str, pd.Series] = {}
    growth = yearly_growth(revenue).dropna()
    columns["slow_growth"] = growth < settings.slow_growth
    if market_value is not None and not market_value.dropna().empty:
        columns["market_value_drop"] = (
            yearly_growth(market_value).dropna() < -settings.market_value_drop
        )
    if net_income is not None and not net_income.dropna().empty:
        margin = (net_income / revenue).dropna()
        change = margin.diff().iloc[1:]
        columns["margin_squeeze"] = (change < -settings.margin_drop) | (margin.iloc[1:] < 0)
    if challenger_revenue is not None and not challenger_revenue.dropna().empty:
        theirs = yearly_growth(challenger_revenue).dropna()
        both = pd.concat({"ours": growth, "theirs": theirs}, axis=1).dropna()
        columns["challenger_rising"] = both["theirs"] - both["ours"] > settings.challenger_lead
    table = pd.concat(columns, axis=1).sort_index()
    table = table.astype("object").where(table.notna(), None)
    table.index = table.index.astype(int)
    table.index.name = "year"
    return table


@dataclass(frozen=True)
class Backtest:
    """When the signals first fired, measured against a known event."""

    first_warning: int | None
    event_year: int
    signals_then: tuple[str, ...]

    @property
    def lead_years(self) -> int | None:
        """Years of warning before the event (None if no warning came before it)."""
        if self.first_warning is None:
            return None
        return self.event_year - self.first_warning

    def describe(self) -> str:
        """The result in one sentence.

        >>> Backtest(2005, 2010, ("slow_growth",)).describe()
        'The first warning came in 2005 (slow growth), 5 years before the event in 2010.'
        """
        if self.first_warning is None:
            return f"No warning fired before the event in {self.event_year} with these settings."
        said = "; ".join(SIGNAL_NAMES[name] for name in self.signals_then)
        years = "year" if self.lead_years == 1 else "years"
        return (
            f"The first warning came in {self.first_warning} ({said}), "
            f"{self.lead_years} {years} before the event in {self.event_year}."
        )


def backtest(
    signals: pd.DataFrame, event_year: int, at_least: int = 1, use: Mapping[str, bool] | None = None
) -> Backtest:
    """The first year, before ``event_year``, in which at least ``at_least`` chosen signals fired.

    ``use`` switches signals on or off by name (all on by default).

    >>> table = pd.DataFrame({"slow_growth": [False, True, True], "margin_squeeze": [False, False, True]},
    ...                      index=[2004, 2005, 2006])
    >>> backtest(table, 2010).first_warning, backtest(table, 2010, at_least=2).first_warning
    (2005, 2006)
    >>> backtest(table, 2010, use={"slow_growth": False}).lead_years
    4
    """
    if at_least < 1:
        raise RulesProblem("at least one signal must fire to count as a warning")
    chosen = [name for name in signals.columns if (use or {}).get(name, True)]
    before = signals.loc[signals.index < event_year, chosen]
    for year, row in before.iterrows():
        fired = tuple(name for name in chosen if pd.notna(row[name]) and bool(row[name]))
        if len(fired) >= at_least:
            return Backtest(int(year), event_year, fired)
    return Backtest(None, event_year, ())
