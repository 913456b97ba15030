"""Lesson 1, value migration: the case explorer and the lesson's exercises.

The computations the lesson states (a value ratio, an index, a crossing year) are written in
the notebook itself, with ``cl.data`` and ``cl.migration``; this module holds only what is
particular to the lesson: the explorer that puts every case and measure behind two drop-downs,
and the exercises with their checks.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

import pandas as pd

from .. import charts, data, migration, widgets
from ..exercises import (
    ChartCheck,
    FunctionCheck,
    MultipleChoice,
    Numeric,
    SeriesCheck,
    chart_fields,
    chart_marks,
)

if TYPE_CHECKING:
    import altair as alt

#: Each case of the explorer: the label shown, and the case folder it reads.
CASES = {
    "Blockbuster vs Netflix (between companies)": "video_rental",
    "Kodak vs Fujifilm (between companies)": "kodak_fujifilm",
    "IBM: hardware, services, software (between business designs)": "ibm",
    "Telecom: voice vs data (between business designs)": "telecom",
    "Kodak: digital vs traditional (inside one company)": "kodak",
}
MEASURES = ("revenue", "share of revenue", "net income", "market value", "value ratio")
#: Kodak reports in US dollars and Fujifilm in yen: only an index puts them on one axis.
INDEX_YEAR = 2004
#: Kodak's revenue is on two bases after 2004: continuing operations as the 2009-2011 filings
#: report them, and the narrower perimeter of the 2012 10-K. 2011 is stated on both, so it
#: links them (``migration.chain_bases``).
KODAK_BASES = ("continuing operations (2009-2011 filings)", "continuing operations (2012 10-K)")
KODAK_LINK_YEAR = 2011
NOT_COMPARABLE = (
    "Kodak reports in US dollars and Fujifilm in yen, so their amounts cannot share an axis. "
    f"Choose revenue: it compares the two as an index ({INDEX_YEAR} = 100)."
)
#: IBM's business lines. Maintenance was its own category in 1995-96; later reports count it
#: inside services, so it is added to services here to keep one definition throughout.
IBM_LINES = {
    "Hardware": ("revenue_hardware",),
    "Services (with maintenance)": ("revenue_services", "revenue_maintenance"),
    "Software": ("revenue_software",),
    "Financing": ("revenue_financing",),
}
IBM_SERVICES_SEGMENTS = ("revenue_services_gts", "revenue_services_gbs")
IBM_HARDWARE_SEGMENTS = (
    "revenue_hardware_enterprise_systems",
    "revenue_hardware_personal_printing",
    "revenue_hardware_technology",
)


def _ibm_lines() -> pd.DataFrame:
    """IBM's business lines (USD billion), one definition throughout: services include
    maintenance (1995-96) and are the sum of IBM's two services segments from 2006."""
    lines = {}
    for name, metrics in IBM_LINES.items():
        parts = [data.metric("ibm", m, unit="USD_billion") for m in metrics]
        lines[name] = pd.concat(parts, axis=1).sum(axis=1, min_count=len(parts))
    segments = pd.concat(
        [data.metric("ibm", m, unit="USD_billion") for m in IBM_SERVICES_SEGMENTS], axis=1
    )
    lines["Services (with maintenance)"] = lines["Services (with maintenance)"].combine_first(
        segments.sum(axis=1, min_count=2)
    )
    hardware = pd.concat(
        [data.metric("ibm", m, unit="USD_billion") for m in IBM_HARDWARE_SEGMENTS], axis=1
    )
    lines["Hardware"] = lines["Hardware"].combine_first(hardware.sum(axis=1, min_count=3))
    return pd.concat(lines, axis=1).sort_index()


def _telecom_lines() -> pd.DataFrame:
    """Voice and data revenue of each operator, each in its own currency (million)."""
    frame = data.load("telecom")
    parts = {}
    for entity in sorted(set(frame.entity)):
        short = entity.split(" (")[0]
        for metric, label in (("revenue_voice", "voice"), ("revenue_data", "data")):
            parts[f"{short}: {label}"] = data.metric("telecom", metric, entity=entity)
    return pd.concat(parts, axis=1)


def _wide(case: str, measure: str) -> tuple[pd.DataFrame, str]:
    """The explorer's numbers: a row per year, a column per line, and their unit."""
    if case == "kodak_fujifilm":
        kodak = migration.chain_bases(
            data.metric("kodak", "revenue", unit="USD_million", basis=KODAK_BASES[0]),
            data.metric("kodak", "revenue", unit="USD_million", basis=KODAK_BASES[1]),
            KODAK_LINK_YEAR,
        )
        fujifilm = data.metric("fujifilm", "revenue", unit="JPY_million")
        both = pd.concat({"Kodak (USD, chained)": kodak, "Fujifilm (JPY)": fujifilm}, axis=1)
        both = both[both.index >= INDEX_YEAR]
        return migration.index_to(both.sort_index(), INDEX_YEAR), f"index, {INDEX_YEAR} = 100"
    if measure in ("revenue", "share of revenue"):
        if case == "ibm":
            wide, unit = _ibm_lines(), "USD billion"
        elif case == "telecom":
            wide, unit = _telecom_lines(), "million, each operator's own currency"
        elif case == "kodak":
            lines = {"Digital": "revenue_digital", "Traditional": "revenue_traditional"}
            wide = pd.concat(
                {name: data.metric("kodak", m, unit="USD_billion") for name, m in lines.items()},
                axis=1,
            )
            unit = "USD billion"
        else:
            wide, unit = data.series(data.load(case), "revenue", "USD_billion"), "USD billion"
        if measure == "revenue":
            return wide, unit
        if case == "telecom":  # each operator's own split between voice and data
            operators = {column.split(":")[0] for column in wide.columns}
            share = pd.concat(
                [migration.shares(wide.filter(like=f"{name}:")) for name in sorted(operators)],
                axis=1,
            )
            return share * 100, "% of the operator's voice plus data revenue"
        return migration.shares(wide) * 100, "% of the sum of the lines shown"
    metric = {"net income": "net_income", "market value": "market_value"}.get(measure)
    frame = data.load(case)
    if measure == "value ratio":
        if not {"market_value", "revenue"} <= set(frame.metric):
            return pd.DataFrame(), ""
        values = data.series(frame, "market_value", "USD_billion")
        revenue = data.series(frame, "revenue", "USD_billion")
        ratios = {
            entity: migration.value_ratio(values[entity].dropna(), revenue[entity].dropna())
            for entity in values.columns.intersection(revenue.columns)
        }
        return pd.concat(ratios, axis=1), "market value ÷ revenue"
    if metric not in set(frame.metric):
        return pd.DataFrame(), ""
    return data.series(frame, metric, "USD_billion"), "USD billion"


@cache
def _view(case_label: str, measure: str) -> tuple[alt.Chart, pd.DataFrame | None, str]:
    case = CASES[case_label]
    title = f"{case_label.split(' (')[0]}: {measure}"
    if case == "kodak_fujifilm" and measure != "revenue":
        return charts.message_chart(title, NOT_COMPARABLE), None, ""
    wide, unit = _wide(case, measure)
    if wide.empty:
        message = (
            f"The sources give no {measure} figures for this case, so there is nothing to draw."
        )
        return charts.message_chart(title, message), None, ""
    long = wide.reset_index(names="year").melt(id_vars="year", var_name="line", value_name="value")
    long = long.dropna(subset=["value"]).reset_index(drop=True)
    description = (
        f"{measure.capitalize()} ({unit}) by year for each line of the case. Years with no "
        "sourced figure are gaps, not zeros."
    )
    if case == "kodak_fujifilm":
        description += (
            f" Kodak's 2012 revenue is on the narrower perimeter of its 2012 10-K; it is chained "
            f"to the earlier basis through {KODAK_LINK_YEAR}, which both bases state."
        )
    chart = charts.line_chart(
        long, x="year", y="value", series="line", title=title, description=description,
        x_title="Year", y_title=f"{measure.capitalize()} ({unit})",
    )  # fmt: skip
    return chart, long, _citation(case, measure)


def _citation(case: str, measure: str) -> str:
    if case == "kodak_fujifilm":
        frame = pd.concat([data.load("kodak"), data.load("fujifilm")], ignore_index=True)
        return data.citation(
            frame[(frame.metric == "revenue") & (frame.year >= INDEX_YEAR)], limit=6
        )
    frame = data.load(case)
    metrics = {
        "net income": {"net_income"},
        "market value": {"market_value"},
        "value ratio": {"market_value", "revenue"},
    }.get(measure, {m for m in set(frame.metric) if m.startswith("revenue")})
    return data.citation(frame[frame.metric.isin(metrics)])


def explorer() -> widgets.Figure:
    """Pick a case and a measure; the chart shows value moving between its lines."""
    case = widgets.choice("Case", list(CASES))
    measure = widgets.choice("Measure", list(MEASURES))
    # The static site offers every case with every measure: the lesson's readings combine
    # them (IBM's share of revenue, Kodak's market value).
    return widgets.explore(
        _view, {"case_label": case, "measure": measure}, site_limit=len(CASES) * len(MEASURES)
    )


# ------------------------------------------------------------------------- exercises

who = MultipleChoice(
    "Value migrates between three kinds of place. When IBM's revenue moved from selling "
    "hardware to selling services, inside one company, which kind was it?",
    {
        "a": "between industries",
        "b": "between companies",
        "c": "between business designs",
    },
    answer="c",
    explanations={
        "a": "The industry (computing) stayed the same.",
        "b": "It was the same company, IBM, before and after.",
        "c": "One company moved its value from one way of doing business to another.",
    },
    hint="Ask what changed: the industry, the company, or the way the company made money?",
)

ratio_meaning = MultipleChoice(
    "A company's market value is 30 billion and its revenue 10 billion. What does its value "
    "ratio of 3 suggest?",
    {
        "a": "Investors expect its profits to grow: value is flowing in.",
        "b": "It is overvalued and will fall.",
        "c": "It sells three times more than its rivals.",
    },
    answer="a",
    explanations={
        "b": "The ratio says what investors expect, not whether they are right.",
        "c": "The ratio compares the company with itself (value and sales), not with rivals.",
    },
)


def _blockbuster_ratio() -> pd.Series:
    value = data.metric("video_rental", "market_value", entity="Blockbuster", unit="USD_billion")
    revenue = data.metric("video_rental", "revenue", entity="Blockbuster", unit="USD_billion")
    return migration.value_ratio(value, revenue)


blockbuster_ratio = SeriesCheck(
    "Compute Blockbuster's value ratio (market value ÷ revenue) for every year that has both "
    "figures, as a Series indexed by year named `blockbuster_ratio`.",
    expected=_blockbuster_ratio,
    tolerance=0.01,
    hint="Load both series with cl.data.metric(..., entity='Blockbuster', unit=...) in the same "
    "unit, then pass them to cl.migration.value_ratio(market_value, revenue).",
)


def _revenue(entity: str, year: int) -> float:
    series = data.metric("video_rental", "revenue", entity=entity, unit="USD_million")
    return float(series[year])


revenue_multiple = Numeric(
    "In 2010, the year Blockbuster filed for bankruptcy, Blockbuster's revenue was how many "
    "times Netflix's? Compute it from cl.data.metric and assign it to `times` (two decimals).",
    answer=lambda: _revenue("Blockbuster", 2010) / _revenue("Netflix", 2010),
    tolerance=0.01,
    absolute=True,
    asks_for_code=True,
    mistakes={
        "that is Netflix's revenue divided by Blockbuster's: the question asks how many times "
        "Netflix's revenue fits into Blockbuster's, so Blockbuster's goes on top.": lambda right: (
            1 / right
        ),
    },
)


def _first_year_ahead(rising: pd.Series, falling: pd.Series) -> int | None:
    both = pd.concat([rising, falling], axis=1).dropna()
    ahead = both.index[both.iloc[:, 0] > both.iloc[:, 1]]
    return int(ahead.min()) if len(ahead) else None


def _ahead_or_equal(rising: pd.Series, falling: pd.Series) -> int | None:
    both = pd.concat([rising, falling], axis=1).dropna()
    ahead = both.index[both.iloc[:, 0] >= both.iloc[:, 1]]
    return int(ahead.min()) if len(ahead) else None


def _last_year_behind(rising: pd.Series, falling: pd.Series) -> int | None:
    both = pd.concat([rising, falling], axis=1).dropna()
    behind = both.index[both.iloc[:, 0] <= both.iloc[:, 1]]
    return int(behind.max()) if len(behind) else None


_first_year_ahead.__name__ = "first_year_ahead"
_CASES = [
    (pd.Series({2000: 1.0, 2001: 3.0, 2002: 5.0}), pd.Series({2000: 4.0, 2001: 4.0, 2002: 4.0})),
    (pd.Series({2000: 1.0, 2001: 4.0, 2002: 5.0}), pd.Series({2000: 4.0, 2001: 4.0, 2002: 4.0})),
    (pd.Series({1990: 9.0, 1991: 8.0}), pd.Series({1990: 1.0, 1991: 2.0})),
    (pd.Series({2010: 1.0, 2011: 2.0}), pd.Series({2010: 5.0, 2011: 6.0})),
    (pd.Series({2005: 1.0, 2007: 9.0, 2008: 9.5}), pd.Series({2005: 2.0, 2006: 3.0, 2008: 4.0})),
]

first_year_ahead = FunctionCheck(
    "Write a function `first_year_ahead(rising, falling)` that takes two Series indexed by "
    "year and returns the first year in which `rising` is strictly above `falling`, using only "
    "years both have a figure for, or None if it never is.",
    reference=_first_year_ahead,
    cases=_CASES,
    mistakes={
        "a year in which the two are equal is not one in which the first is above: use >, "
        "not >=.": _ahead_or_equal,
        "your function returns the last year the rising line is behind, not the first year "
        "it is ahead.": _last_year_behind,
    },
    hint="pd.concat([rising, falling], axis=1).dropna() keeps the years both have; compare the "
    "two columns and take the smallest year where the comparison holds.",
)

ratio_chart = ChartCheck(
    "Draw your `blockbuster_ratio` as a line chart with cl.charts.line_chart (the year on "
    "the x axis), then give it your own title with .properties(title=...). Assign it to "
    "`my_chart`.",
    {
        "draw a line (cl.charts.line_chart draws one)": lambda spec: "line" in chart_marks(spec),
        "put the year on the x axis (x='year')": lambda spec: (
            "year" in chart_fields(spec).get("x", set())
        ),
        "give the chart a title of your own, not empty": lambda spec: bool(spec.get("title")),
    },
    hint="blockbuster_ratio.reset_index() turns the Series into a table with a 'year' column "
    "and a 'value_ratio' column.",
)

kodak_fujifilm = MultipleChoice(
    "Choose Kodak vs Fujifilm in the explorer. Each line is an index of the company's own "
    "revenue. What can you conclude from where the two lines end?",
    {
        "a": "Which of the two had the larger revenue at the end.",
        "b": "How much of its own starting revenue each company kept: the lower line lost a "
        "larger part of its business.",
        "c": "Which company had the higher profit margin.",
    },
    answer="b",
    explanations={
        "a": "An index compares each company with its own past, not the two companies with each "
        "other (they report in different currencies).",
        "c": "The index is built from revenue alone; it says nothing about profit.",
    },
)
