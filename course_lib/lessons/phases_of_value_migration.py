"""Lesson 2, the phases of value migration: classify each year, move the lines, read the reasons."""

from __future__ import annotations

import math
from functools import cache
from typing import TYPE_CHECKING

import pandas as pd

from .. import charts, data, migration, widgets
from ..exercises import MultipleChoice, Numeric

if TYPE_CHECKING:
    import altair as alt

ENTITIES = ("Netflix", "Blockbuster")


@cache
def company_series(entity: str, case: str = "video_rental") -> dict[str, pd.Series]:
    """Revenue, net income and market value of one company, all in USD billion, by year
    (read once per kernel; the series must not be modified).

    >>> round(float(company_series("Netflix")["revenue"][2010]), 2)
    2.16
    """
    frame = data.load(case)
    found = {}
    for metric in ("revenue", "net_income", "market_value"):
        if metric in set(frame[frame.entity == entity].metric):
            found[metric] = data.series(frame, metric, unit="USD_billion", entities=[entity])[
                entity
            ].dropna()
    return found


def phase_table(rules: migration.PhaseRules | None = None) -> pd.DataFrame:
    """The phase of Netflix and Blockbuster in each year with figures, and why.

    >>> table = phase_table().set_index(["entity", "year"])
    >>> table.loc[("Netflix", 2004), "phase"], table.loc[("Blockbuster", 2010), "phase"]
    ('inflow', 'outflow')
    """
    rules = rules or migration.PhaseRules()
    parts = []
    for entity in ENTITIES:
        series = company_series(entity)
        table = migration.classify(
            series["revenue"], series.get("net_income"), series.get("market_value"), rules
        )
        parts.append(table.assign(entity=entity))
    return pd.concat(parts, ignore_index=True)[["entity", "year", "phase", "method", "reason"]]


def phase_of(entity: str, year: int, rules: migration.PhaseRules | None = None) -> str:
    """The phase the classifier gives one company in one year.

    >>> phase_of("Netflix", 2010), phase_of("Blockbuster", 2004)
    ('stability', 'stability')
    """
    table = phase_table(rules).set_index(["entity", "year"])
    return str(table.loc[(entity, year), "phase"])


@cache
def _timeline(inflow: float, outflow: float, growth: float) -> tuple[alt.Chart, pd.DataFrame, str]:
    title = "Phases of Blockbuster and Netflix, year by year"
    try:
        rules = migration.PhaseRules(inflow=inflow, outflow=outflow, growth=growth)
    except ValueError as problem:
        return charts.message_chart(title, f"Move the sliders: {problem}."), pd.DataFrame(), ""
    table = phase_table(rules)
    description = (
        f"Each box is a year: IN for inflow, = for stability, OUT for outflow. Where market value "
        f"is known the value ratio decides (inflow above {inflow:g}, outflow below {outflow:g}); "
        f"otherwise revenue growth beyond {growth:.0%} a year, up or down, and the margin decide. "
        "Hover over a box, or open the table view, for the reason."
    )
    chart = charts.phase_timeline(table, title=title, description=description)
    frame = data.load("video_rental")
    return (
        chart,
        table,
        data.citation(frame[frame.metric.isin({"revenue", "net_income", "market_value"})]),
    )


def explorer() -> widgets.Figure:
    """Sliders for the inflow line, the outflow line and the growth line, and the phase timeline."""
    controls = {
        "inflow": widgets.slider("Inflow line (value ratio above)", 1.0, 4.0, 2.0, step=0.1),
        "outflow": widgets.slider("Outflow line (value ratio below)", 0.2, 1.5, 0.8, step=0.1),
        "growth": widgets.slider("Growth line (share a year)", 0.0, 0.2, 0.05, step=0.01),
    }
    return widgets.explore(
        lambda inflow, outflow, growth: _timeline(
            round(inflow, 2), round(outflow, 2), round(growth, 3)
        ),
        controls,
    )


def netflix_ratio_figure() -> widgets.Figure:
    """Netflix's value ratio with the inflow and outflow lines."""
    from .value_migration import ratio_frame

    ratios = ratio_frame("video_rental")
    chart = charts.ratio_chart(
        ratios, inflow=migration.INFLOW_RATIO, outflow=migration.OUTFLOW_RATIO,
        title="Netflix: market value ÷ revenue",
        description=(
            "Netflix's value ratio in the years its 10-K reports give a market value (the value of "
            "shares held outside the company on 30 June). The dotted lines are the inflow (2) and "
            "outflow (0.8) lines."
        ),
    )  # fmt: skip
    frame = data.load("video_rental")
    cited = frame[(frame.entity == "Netflix") & frame.metric.isin({"revenue", "market_value"})]
    return widgets.figure(chart, ratios.round(2), data.citation(cited))


def highest_inflow_line(entity: str, year: int) -> float:
    """The highest inflow line, to one decimal, at which ``entity`` still counts as inflow in ``year``.

    >>> highest_inflow_line("Netflix", 2010)
    1.8
    """
    from .value_migration import ratio_frame

    ratio = ratio_frame("video_rental").set_index(["entity", "year"]).loc[(entity, year), "value"]
    line = math.floor(ratio * 10) / 10
    return line - 0.1 if math.isclose(line, ratio) else line


def inflow_years(entity: str) -> int:
    """How many of an entity's classified years are inflow, with the default lines.

    >>> inflow_years("Netflix")
    10
    """
    table = phase_table()
    return int(((table.entity == entity) & (table.phase == "inflow")).sum())


# ------------------------------------------------------------------------- exercises

ratio_phase = MultipleChoice(
    "A company's market value is 1.5 times its revenue. With the usual lines (2 and 0.8), which "
    "phase is it in?",
    {"a": "inflow", "b": "stability", "c": "outflow"},
    answer="b",
    explanations={
        "a": "Inflow needs a ratio above 2.",
        "c": "Outflow is a ratio below 0.8.",
        "b": "1.5 lies between 0.8 and 2.",
    },
)

blockbuster_2010 = MultipleChoice(
    "With the default lines, which phase does the classifier give Blockbuster in 2010, and why?",
    {
        "a": "inflow: its market value was high",
        "b": "stability: its revenue held steady",
        "c": "outflow: its revenue fell by about a fifth a year since 2008",
    },
    answer="c",
    explanations={
        "a": "There is no sourced market value for Blockbuster; the trend decides.",
        "b": "Revenue fell from 5.3 to 3.2 billion dollars between 2008 and 2010.",
    },
    hint="Hover over Blockbuster's 2010 box to read the reason.",
)

netflix_line = Numeric(
    "Netflix's 2010 value ratio puts it in stability. Move the inflow line down: what is the "
    "highest inflow line (one decimal) at which Netflix's 2010 counts as inflow?",
    answer=lambda: highest_inflow_line("Netflix", 2010),
    tolerance=0.001,
    absolute=True,
    hint="The ratio must be above the line; the ratio chart shows 2010's value.",
)

netflix_inflow = Numeric(
    "With the default lines, in how many of Netflix's classified years is it in inflow?",
    answer=lambda: inflow_years("Netflix"),
    tolerance=0,
    absolute=True,
    hint="Count the IN boxes on Netflix's row.",
)

adjusting = MultipleChoice(
    "A newspaper's sales of copies shrink while readers still read it; it starts charging "
    "advertisers instead. Which adjustment of the business model is this?",
    {
        "a": "Competing on quality instead of price",
        "b": "Moving where the money comes from: from the news to advertising",
        "c": "Selling whole equipment instead of parts",
    },
    answer="b",
    explanations={
        "a": "That adjustment keeps the same buyer but changes what they pay for.",
        "c": "That one widens the product, as a parts maker selling complete machines.",
    },
)
