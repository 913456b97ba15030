"""Lesson 3, anticipating migration: the back-test explorer and the lesson's exercises.

The computations the lesson states (a growth rate, the signals, a back-test, a lead time) are
written in the notebook itself with ``cl.data`` and ``cl.migration``; this module holds only
what is particular to the lesson: the explorer that back-tests three cases with sliders for
each signal's line, and the exercises with their checks.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

import pandas as pd

from .. import charts, data, migration, widgets
from ..exercises import FunctionCheck, MultipleChoice, Numeric

if TYPE_CHECKING:
    import altair as alt


@dataclass(frozen=True)
class Case:
    """A back-test: whose figures, which sourced event to anticipate, and who challenged them."""

    case: str
    entity: str
    event_date: str
    challenger: str | None = None
    #: What to know about this case's figures when reading its grid.
    note: str = ""


CASES = {
    "Kodak (Chapter 11, 2012)": Case(
        "kodak",
        "Eastman Kodak",
        "2012-01-19",
        note="Kodak's revenue for 2000 and 2001 includes the Health Group, which it sold in "
        "2007; from 2004 the revenue is recast without it, and 2012 is on a narrower perimeter "
        "still, so growth into 2004 and into 2012 compares two perimeters. Market values to 2002 "
        "are from 10-K covers dated early in the following year; 2003 is mid-year, and 2011 an "
        "approximate value from a news site.",
    ),
    "Blockbuster (Chapter 11, 2010)": Case(
        "video_rental",
        "Blockbuster",
        "2010-09-23",
        challenger="Netflix",
        note="Netflix's 2004 revenue is the figure restated in its 2007 annual report (a small "
        "revision), and Blockbuster's 2005 revenue the one shown a year later, which may be "
        "restated: both are marked. Blockbuster's market value is known for 1999, 2005 and 2008 "
        "only, so a fall is averaged over the years in between.",
    ),
    "IBM (new chief executive, 1993)": Case(
        "ibm",
        "IBM",
        "1993-03-26",
        note="The course has no market value for IBM before 1998, so only revenue and the margin "
        "can warn before 1993. Later revenue is restated twice (without hard disk drives from "
        "2001, without Microelectronics from 2013), so growth into a year with a new basis "
        "compares two bases.",
    ),
}
#: Both mean "the figure as the company published it at the time" (see datasets/README.md).
AS_REPORTED = {"", "as first reported"}
METRICS = ("revenue", "net_income", "market_value")


def _event(case: Case) -> pd.Series:
    """The sourced event the case back-tests against (a row of ``data.events``)."""
    events = data.events(case.case)
    found = events[(events.entity == case.entity) & (events.date == case.event_date)]
    return found.iloc[0]


def _metric(case: str, entity: str, name: str) -> pd.Series | None:
    """One entity's metric in billions of dollars, or None when the sources give none."""
    try:
        return data.metric(case, name, entity=entity, unit="USD_billion")
    except KeyError:
        return None


def _label(series: pd.Series | None, year: int) -> str:
    label = (series.attrs.get("basis", {}) if series is not None else {}).get(year, "")
    return "" if label in AS_REPORTED else label


def _changes_across_bases(years: pd.Index, *series: pd.Series | None) -> list[int]:
    """The years whose change from the previous year in ``years`` compares figures on two
    bases in any of ``series`` ("as first reported" and "as reported" count as one)."""
    ordered = sorted(int(year) for year in years)
    return [
        year
        for previous, year in zip(ordered, ordered[1:], strict=False)
        if any(_label(each, year) != _label(each, previous) for each in series)
    ]


@cache
def _figures(label: str) -> dict[str, pd.Series | None]:
    case = CASES[label]
    figures = {name: _metric(case.case, case.entity, name) for name in METRICS}
    figures["challenger"] = (
        _metric(case.case, case.challenger, "revenue") if case.challenger else None
    )
    return figures


@cache
def _across_bases(label: str) -> dict[str, list[int]]:
    """For each signal, the years whose change compares figures on two bases."""
    figures = _figures(label)
    revenue, income, value = figures["revenue"], figures["net_income"], figures["market_value"]
    challenger = figures["challenger"]
    across = {"slow_growth": _changes_across_bases(revenue.index, revenue)}
    if value is not None:
        across["market_value_drop"] = _changes_across_bases(value.index, value)
    if income is not None:
        margin_years = revenue.index.intersection(income.index)
        across["margin_squeeze"] = _changes_across_bases(margin_years, revenue, income)
    if challenger is not None:
        both = revenue.index.intersection(challenger.index)
        ours = _changes_across_bases(revenue.index, revenue)
        theirs = _changes_across_bases(challenger.index, challenger)
        across["challenger_rising"] = [year for year in both if year in ours or year in theirs]
    return across


@cache
def _view(
    label: str,
    slow_growth: int,
    value_drop: int,
    margin_drop: int,
    challenger_lead: int,
    at_least: int,
) -> tuple[alt.Chart, pd.DataFrame, str]:
    case = CASES[label]
    figures = _figures(label)
    settings = migration.SignalSettings(
        slow_growth / 100, value_drop / 100, margin_drop / 100, challenger_lead / 100
    )
    table = migration.warning_signals(
        figures["revenue"], figures["net_income"], figures["market_value"],
        figures["challenger"], settings,
    )  # fmt: skip
    event = _event(case)
    event_year = int(event.date[:4])
    result = migration.backtest(table, event_year, at_least)
    long = table.reset_index().melt(id_vars="year", var_name="signal", value_name="fired")
    across = _across_bases(label)
    long["across_bases"] = [
        int(year) in across.get(name, []) for year, name in zip(long.year, long.signal, strict=True)
    ]
    long["signal"] = long["signal"].map(migration.SIGNAL_NAMES)
    marked = (
        " An asterisk marks a change that compares figures on two bases (a restatement or a "
        "recast)."
        if long["across_bases"].any()
        else ""
    )
    description = (
        f"{result.describe()} Each row is a signal, each column a year: a tick where it fired, "
        f"a dot where it stayed quiet, a question mark where the sources give no figure.{marked} "
        f"The event: {event.event} {case.note}"
    )
    chart = charts.signal_grid(
        long, event_year=event_year, first_warning=result.first_warning,
        title=f"Early warnings for {case.entity}", description=description,
    )  # fmt: skip
    frame = data.load(case.case)
    entities = {case.entity, case.challenger} - {None}
    used = frame.entity.isin(entities) & frame.metric.isin(METRICS)
    cited = frame[used & (frame.year <= table.index.max())]
    shown = pd.DataFrame(
        {
            "year": long["year"],
            "signal": long["signal"],
            "state": long["fired"].map({True: "fired", False: "quiet"}).fillna("no data"),
            "bases": long["across_bases"].map({True: "two bases", False: "one basis"}),
        }
    )
    return chart, shown, data.citation(cited)


def explorer() -> widgets.Figure:
    """Choose a case and each signal's line; see from which year the signals warned.

    The sliders are in percent (and percentage points); the back-test counts a year as a
    warning when at least the chosen number of signals fire in it.

    >>> shown = explorer()
    >>> shown.chart.spec["title"]["text"] if isinstance(shown.chart.spec["title"], dict) else shown.chart.spec["title"]
    'Early warnings for Eastman Kodak'
    """
    controls = {
        "label": widgets.choice("Case", list(CASES)),
        "slow_growth": widgets.slider("Slow growth: below (% a year)", -10, 10, 2),
        "value_drop": widgets.slider("Value drop: over (% a year)", 0, 50, 15, step=5),
        "margin_drop": widgets.slider("Margin drop: over (points)", 0, 10, 3),
        "challenger_lead": widgets.slider("Challenger lead: over (points)", 0, 100, 20, step=5),
        "at_least": widgets.slider("Signals needed in a year", 1, 3, 1),
    }
    # Each case's chart is built once and then refilled as the sliders move; building all
    # three now keeps the first switch to another case as quick as a slider move.
    settings = {name: control.value for name, control in controls.items() if name != "label"}
    for label in CASES:
        _view(label, **settings)
    # On the static site, each case with two signals needed, as the lesson's readings try.
    needed = [{"label": label, "at_least": 2} for label in CASES]
    return widgets.explore(_view, controls, lesson_settings=needed)


# ------------------------------------------------------------------------- exercises

lens = MultipleChoice(
    "Prices in a market fall year after year while every seller offers much the same product. "
    "Which of the source text's three ways of anticipating value migration does this warn "
    "about?",
    {
        "a": "understanding the customer",
        "b": "understanding the business design (how flexible it is)",
        "c": "avoiding commoditization",
    },
    answer="c",
    explanations={
        "a": "Customers may not have changed at all; the offers became interchangeable.",
        "b": "Flexibility is how well a company can respond, not what is happening to prices.",
        "c": "Interchangeable offers and falling prices are what a commodity market looks like.",
    },
)

remedy = MultipleChoice(
    "A maker of office paper finds its product interchangeable with its rivals', and its large "
    "customers ask for ever bigger volume discounts. Which response follows the source text's "
    "advice on avoiding commoditization?",
    {
        "a": "Grant the discounts: volume keeps the mills full.",
        "b": "Build a brand buyers ask for by name, stop heavy bulk discounting, and renew the "
        "offer so it delivers more value than a plain commodity.",
        "c": "Cut costs as far as it takes to keep the old margin at any price.",
    },
    answer="b",
    explanations={
        "a": "Heavy bulk discounting is what the source warns against: it teaches customers to "
        "buy on price alone.",
        "b": "Brand, no heavy bulk discounts, and an offer renewed around higher value: the "
        "source adds that a commodity is often the result of a rigid, undifferentiated design.",
        "c": "Lower costs buy time, but an undifferentiated offer keeps losing value; the source "
        "asks for a renewed offer, not only a cheaper one.",
    },
)

KODAK_VALUE_YEARS = (1998, 1999)


def _kodak_value(year: int) -> float:
    return float(data.metric("kodak", "market_value", unit="USD_billion")[year])


def _kodak_value_change() -> float:
    before, after = KODAK_VALUE_YEARS
    return _kodak_value(after) / _kodak_value(before) - 1


market_value_change = Numeric(
    "Kodak's first warning came from its market value. Compute the change in Kodak's market "
    "value from 1998 to 1999 as a share (a fall of a tenth is -0.1), with "
    "cl.data.metric, and assign it to `change`.",
    answer=_kodak_value_change,
    tolerance=0.005,
    absolute=True,
    asks_for_code=True,
    mistakes={
        "that is a percentage; the question asks for a share (divide by 100).": lambda right: (
            100 * right
        ),
        "that is the ratio of the two values; subtract 1 to get the change.": lambda right: (
            1 + right
        ),
        "the sign is wrong: a fall is a negative change.": lambda right: -right,
        "you divided the older value by the newer one: upside down. The change is new ÷ old "
        "- 1.": lambda right: 1 / (1 + right) - 1,
        "that is the change from 1999 to 2000, a year later than asked.": lambda right: (
            _kodak_value(2000) / _kodak_value(1999) - 1
        ),
    },
    hint="value = cl.data.metric('kodak', 'market_value', unit='USD_billion'); then "
    "value[1999] / value[1998] - 1.",
)


def _slow_growth(revenue: pd.Series, line: float = 0.02) -> list[int]:
    growth = revenue / revenue.shift(1) - 1
    return [int(year) for year in growth.index[growth < line]]


def _slow_or_at_line(revenue: pd.Series, line: float = 0.02) -> list[int]:
    growth = revenue / revenue.shift(1) - 1
    return [int(year) for year in growth.index[growth <= line]]


def _growth_backwards(revenue: pd.Series, line: float = 0.02) -> list[int]:
    growth = revenue.shift(1) / revenue - 1
    return [int(year) for year in growth.index[growth < line]]


def _year_before(revenue: pd.Series, line: float = 0.02) -> list[int]:
    growth = revenue.shift(-1) / revenue - 1
    return [int(year) for year in growth.index[growth < line]]


_slow_growth.__name__ = "slow_growth"


class _YearsCheck(FunctionCheck):
    """A function check whose answers are lists of years: a list, a pandas Index or an array
    holding the same years all count as the same answer."""

    def _equal(self, mine: Any, right: Any) -> bool:
        try:
            return sorted(int(year) for year in mine) == sorted(right)
        except (TypeError, ValueError):
            return False


_REVENUE_CASES = [
    (pd.Series({2000: 100.0, 2001: 101.0, 2002: 110.0, 2003: 105.0}), 0.02),
    (pd.Series({2010: 200.0, 2011: 250.0, 2012: 250.0}), 0.25),
    (pd.Series({1990: 50.0, 1991: 40.0, 1992: 44.0}), 0.0),
    (pd.Series({2005: 10.0, 2006: 10.1, 2007: 9.0}), -0.05),
]

slow_growth = _YearsCheck(
    "Write a function `slow_growth(revenue, line=0.02)` that takes revenue as a Series indexed "
    "by consecutive years and returns, as a list, the years in which revenue grew by less than "
    "`line` (a share) since the year before. The first year has no growth and is never listed.",
    reference=_slow_growth,
    cases=_REVENUE_CASES,
    mistakes={
        "a year that grew exactly at the line did not grow by less than it: use <, not <=.": (
            _slow_or_at_line
        ),
        "your growth runs backwards (last year ÷ this year): growth is this year ÷ last year "
        "- 1.": _growth_backwards,
        "you list the year before the slow one: a year's growth belongs to the later year of "
        "the pair.": _year_before,
    },
    hint="growth = revenue / revenue.shift(1) - 1 puts each year's growth on that year; then "
    "list(growth.index[growth < line]).",
)


KODAK = CASES["Kodak (Chapter 11, 2012)"]


def _kodak_event_year() -> int:
    return int(_event(KODAK).date[:4])


def _kodak_first_warning(at_least: int) -> int:
    revenue = data.metric("kodak", "revenue", unit="USD_billion")
    income = data.metric("kodak", "net_income", unit="USD_billion")
    value = data.metric("kodak", "market_value", unit="USD_billion")
    signals = migration.warning_signals(revenue, income, value)
    result = migration.backtest(signals, _kodak_event_year(), at_least=at_least)
    return int(result.first_warning)


two_signals = Numeric(
    "Back-test Kodak again, this time counting a year as a warning only when at least two "
    "signals fire in it (`at_least=2` in cl.migration.backtest; default settings otherwise). "
    "In which year does the first warning come? Take it from the back-test's result and "
    "assign it to `first_two`.",
    answer=lambda: _kodak_first_warning(2),
    tolerance=0,
    absolute=True,
    year=True,
    asks_for_code=True,
    mistakes={
        "that is the first year with one signal; the question asks for two in the same year "
        "(at_least=2).": lambda right: _kodak_first_warning(1),
        "that is the year of the Chapter 11 filing, the event itself.": lambda right: (
            _kodak_event_year()
        ),
        "that looks like a lead time in years; the question asks for the year "
        "(result.first_warning).": lambda right: _kodak_event_year() - right,
    },
    hint="Kodak's market values start in 1995 and its revenue in 2000 (then 2004 on), so "
    "look for the first year in which both a revenue and a market value signal could fire.",
)


def _ibm_growth_first_reported() -> float:
    revenue = data.metric("ibm", "revenue", unit="USD_million", basis="as first reported")
    return float(revenue[2001] / revenue[2000] - 1)


def _ibm_growth_mixed() -> float:
    revenue = data.metric("ibm", "revenue", unit="USD_million")
    return float(revenue[2001] / revenue[2000] - 1)


ibm_one_basis = Numeric(
    "IBM's revenue for 2001 exists on two bases: as first reported, and restated in 2005 "
    "without the hard disk drive business IBM sold; its 2000 figure is as first reported. "
    "Compute IBM's revenue growth from 2000 to 2001 as a share, with both years on one basis, "
    "and assign it to `ibm_growth`.",
    answer=_ibm_growth_first_reported,
    tolerance=0.0005,
    absolute=True,
    asks_for_code=True,
    mistakes={
        "you divided the restated 2001 figure (hard disk drives excluded) by the 2000 figure as "
        "first reported: two bases. Load both years with basis='as first reported'.": lambda right: (
            _ibm_growth_mixed()
        ),
        "that is a percentage; the question asks for a share (divide by 100).": lambda right: (
            100 * right
        ),
        "the sign is wrong: revenue fell, so the growth is negative.": lambda right: -right,
        "you divided the older figure by the newer one: upside down.": lambda right: (
            1 / (1 + right) - 1
        ),
    },
    hint="cl.data.metric('ibm', 'revenue', basis='as first reported') gives the years IBM "
    "first published; cl.data.basis_breaks shows where the preferred series changes basis.",
)

stricter = MultipleChoice(
    "In the explorer, choose Blockbuster and set 'Signals needed in a year' to 2. What "
    "happens to the lead time, and why?",
    {
        "a": "It grows: requiring two signals makes warnings come earlier.",
        "b": "It shrinks: two signals firing in the same year happens later than one, so the "
        "warning comes later.",
        "c": "Nothing changes: the signals do not depend on each other.",
    },
    answer="b",
    explanations={
        "a": "Requiring more agreement can only delay (or keep) the first warning.",
        "b": "A stricter rule fires less often: fewer false alarms, but less time to act.",
        "c": "The first year in which two fire together can be later than the first in which "
        "one fires, and for Blockbuster it is.",
    },
    hint="Compare the first column with one tick with the first column with two ticks.",
)
