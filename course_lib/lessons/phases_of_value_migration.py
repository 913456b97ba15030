"""Lesson 2, the phases of value migration: the phase explorer and the lesson's exercises.

The computations the lesson states (value ratios, growth rates, the phase of each year with
its method and reason) are written in the notebook itself, with ``cl.data`` and
``cl.migration``; this module holds only what is particular to the lesson: the explorer whose
sliders move the classifier's lines, and the exercises with their checks.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

import pandas as pd

from .. import charts, data, migration, widgets
from ..exercises import FunctionCheck, MultipleChoice, Numeric, SeriesCheck

if TYPE_CHECKING:
    import altair as alt

CASE = "video_rental"
ENTITIES = ("Netflix", "Blockbuster")
UNIT = "USD_billion"
METRICS = ("revenue", "net_income", "market_value")


@cache
def _figures(entity: str) -> dict[str, pd.Series]:
    """One company's revenue, net income and market value (USD billion), read once per kernel."""
    return {name: data.metric(CASE, name, entity=entity, unit=UNIT) for name in METRICS}


def _phases(rules: migration.PhaseRules) -> pd.DataFrame:
    """Both companies' phases, year by year, with the method and the reason."""
    parts = []
    for entity in ENTITIES:
        figures = _figures(entity)
        table = migration.classify(
            figures["revenue"], figures["net_income"], figures["market_value"], rules
        )
        parts.append(table.assign(entity=entity))
    return pd.concat(parts, ignore_index=True)[["entity", "year", "phase", "method", "reason"]]


@cache
def _timeline(inflow: float, outflow: float, growth: float) -> tuple[alt.Chart, pd.DataFrame, str]:
    """The explorer's view for one setting of the lines (``growth`` a share: 0.05 is 5%)."""
    rules = migration.PhaseRules(inflow=inflow, outflow=outflow, growth=growth)
    table = _phases(rules)
    description = (
        "Each box is a year: IN for inflow, = for stability, OUT for outflow; the word under it "
        f"names the method that decided. 'ratio': a market value is known, and the value ratio "
        f"decides (inflow above {inflow:g}, outflow below {outflow:g}). 'trend': no market value, "
        f"so revenue growth beyond {growth:.0%} a year, up or down, decides, with the margin as "
        "tie-breaker. An empty slot is a year without figures. Hover over a box, or open the "
        "table view, for the reason."
    )
    chart = charts.phase_timeline(
        table, title="Phases of Netflix and Blockbuster, year by year", description=description
    )
    frame = data.load(CASE)
    return chart, table, data.citation(frame[frame.metric.isin(METRICS)])


def explorer() -> widgets.Figure:
    """Sliders for the inflow, outflow and growth lines, and the phase timeline they give.

    The growth line is set in whole percents, as the lesson writes it (5, not 0.05).

    >>> shown = explorer()
    >>> [control.value for control in shown.children[0].children]
    [2.0, 0.8, 5]
    """
    controls = {
        "inflow": widgets.slider("Inflow line (value ratio above)", 1.0, 4.0, 2.0, step=0.1),
        "outflow": widgets.slider("Outflow line (value ratio below)", 0.2, 1.5, 0.8, step=0.1),
        "percent": widgets.slider("Growth line (% a year, up or down)", 0, 20, 5),
    }
    # On the static site, the settings the lesson's readings ask for: the growth line raised
    # to 10%, the outflow line as low as it goes, and the inflow line lowered step by step.
    inflow = controls["inflow"]
    lower = [round(inflow.value - step * inflow.step, 1) for step in range(1, 11)]
    needed = [{"percent": 10}, {"outflow": controls["outflow"].min}]
    needed += [{"inflow": line} for line in lower]
    return widgets.explore(_view, controls, lesson_settings=needed)


def _view(inflow: float, outflow: float, percent: int) -> tuple[alt.Chart, pd.DataFrame, str]:
    # Slider floats such as 1.9000000000000001 are rounded so one setting is one cached view.
    return _timeline(round(inflow, 2), round(outflow, 2), round(percent / 100, 4))


# ------------------------------------------------------------------------- exercises


def _phase(ratio: float, inflow: float = 2.0, outflow: float = 0.8) -> str:
    if ratio > inflow:
        return "inflow"
    if ratio < outflow:
        return "outflow"
    return "stability"


def _phase_at_or_above(ratio: float, inflow: float = 2.0, outflow: float = 0.8) -> str:
    return "inflow" if ratio >= inflow else "outflow" if ratio < outflow else "stability"


def _phase_at_or_below(ratio: float, inflow: float = 2.0, outflow: float = 0.8) -> str:
    return "inflow" if ratio > inflow else "outflow" if ratio <= outflow else "stability"


def _phase_both_inclusive(ratio: float, inflow: float = 2.0, outflow: float = 0.8) -> str:
    return "inflow" if ratio >= inflow else "outflow" if ratio <= outflow else "stability"


def _phase_lines_swapped(ratio: float, inflow: float = 2.0, outflow: float = 0.8) -> str:
    return "inflow" if ratio > outflow else "outflow" if ratio < inflow else "stability"


def _phase_labels_swapped(ratio: float, inflow: float = 2.0, outflow: float = 0.8) -> str:
    return "outflow" if ratio > inflow else "inflow" if ratio < outflow else "stability"


def _phase_fixed_lines(ratio: float, inflow: float = 2.0, outflow: float = 0.8) -> str:
    return _phase(ratio)


_phase.__name__ = "phase"
#: (ratio,) uses the default lines; (ratio, inflow, outflow) moves them.
_PHASE_CASES = [
    (3.0,), (2.0,), (0.8,), (0.5,), (1.2,), (2.5, 2.0, 0.8), (2.0, 2.0, 0.8),
    (0.8, 2.0, 0.8), (1.5, 1.4, 0.5), (1.0, 3.0, 1.2), (0.6, 1.0, 0.6), (1.0, 1.0, 0.6),
]  # fmt: skip

phase = FunctionCheck(
    "Write the ratio rule as a function: `phase(ratio, inflow=2.0, outflow=0.8)` returns "
    "'inflow' when the ratio is above the inflow line, 'outflow' when it is below the outflow "
    "line, and 'stability' otherwise (a ratio exactly on a line is stability).",
    reference=_phase,
    cases=_PHASE_CASES,
    mistakes={
        "a ratio exactly on the inflow line is not above it: use >, not >=, for inflow.": (
            _phase_at_or_above
        ),
        "a ratio exactly on the outflow line is not below it: use <, not <=, for outflow.": (
            _phase_at_or_below
        ),
        "a ratio exactly on a line is stability: use > and <, not >= and <=.": (
            _phase_both_inclusive
        ),
        "the two lines are swapped: compare with `inflow` to decide inflow and with "
        "`outflow` to decide outflow.": _phase_lines_swapped,
        "the labels are swapped: a ratio above the inflow line is 'inflow' (investors pay a "
        "lot for each dollar of sales), one below the outflow line is 'outflow'.": (
            _phase_labels_swapped
        ),
        "it always uses 2.0 and 0.8: compare with the `inflow` and `outflow` "
        "arguments, so a moved line moves the answer.": _phase_fixed_lines,
    },
    hint="Two if statements: first compare ratio > inflow, then ratio < outflow; whatever is "
    "left is stability. Keep the defaults in the def line: def phase(ratio, inflow=2.0, "
    "outflow=0.8).",
)


def _revenue(entity: str, unit: str | None = UNIT) -> pd.Series:
    return data.metric(CASE, "revenue", entity=entity, unit=unit)


def _both_revenues() -> pd.DataFrame:
    return pd.concat({name: _revenue(name) for name in ENTITIES}, axis=1).dropna()


def _netflix_share() -> pd.Series:
    both = _both_revenues()
    return both["Netflix"] / (both["Netflix"] + both["Blockbuster"])


def _netflix_share_in_mixed_units() -> pd.Series:
    netflix = data.metric(CASE, "revenue", entity="Netflix")  # its usual unit: USD million
    both = pd.concat({"Netflix": netflix, "Blockbuster": _revenue("Blockbuster")}, axis=1)
    both = both.dropna()
    return both["Netflix"] / (both["Netflix"] + both["Blockbuster"])


netflix_share = SeriesCheck(
    "Market share is a sign of the phase the classifier does not use. The course has no figure "
    "for the whole rental market, but it can measure the two rivals against each other: "
    "compute Netflix's share of the two companies' combined revenue, Netflix ÷ (Netflix + "
    "Blockbuster), as a fraction between 0 and 1, for every year both have a revenue figure. "
    "Assign the Series (indexed by year) to `netflix_share`.",
    expected=_netflix_share,
    tolerance=0.005,
    mistakes={
        "this is Blockbuster's share: put Netflix's revenue on top.": (
            lambda: 1 - _netflix_share()
        ),
        "this is Netflix's revenue divided by Blockbuster's, a ratio, not a share: divide by "
        "the sum of the two.": lambda: (
            _both_revenues()["Netflix"] / _both_revenues()["Blockbuster"]
        ),
        "your two revenues are in different units: cl.data.metric gives Netflix's in USD "
        "million and Blockbuster's in USD billion unless you pass the same unit= to both.": (
            _netflix_share_in_mixed_units
        ),
    },
    hint="Load both revenues with cl.data.metric(..., unit='USD_billion'), put them side by side "
    "with pd.concat({...}, axis=1).dropna(), then divide Netflix's column by the sum of both.",
)


def _netflix(name: str, year: int) -> float:
    return float(data.metric(CASE, name, entity="Netflix", unit=UNIT)[year])


def _needed_2012() -> float:
    return migration.INFLOW_RATIO * _netflix("revenue", 2012)


needed_value = Numeric(
    "In 2012 Netflix's value ratio put it in stability. On the same revenue, what market value "
    "(in USD billion) would it have needed to reach the inflow line of 2.0? Compute it from "
    "cl.data.metric and assign it to `needed` (two decimals).",
    answer=_needed_2012,
    tolerance=0.01,
    absolute=True,
    asks_for_code=True,
    unit="billion dollars",
    mistakes={
        "that is in millions; the question asks for billions of dollars.": lambda right: (
            right * 1000
        ),
        "that is revenue divided by the line; the market value on the line is the line times "
        "the revenue (ratio = market value ÷ revenue).": lambda right: right / 4,
        "that is what the outflow line (0.8 times revenue) would need; the question asks for "
        "the inflow line.": lambda right: right * migration.OUTFLOW_RATIO / migration.INFLOW_RATIO,
        "that is how much more market value it needed; the question asks for the whole market "
        "value.": lambda right: right - _netflix("market_value", 2012),
    },
    hint="value ratio = market value ÷ revenue, so on the line market value = 2.0 × revenue. "
    "Load Netflix's revenue with unit='USD_billion' and take [2012].",
)

blockbuster_2010 = MultipleChoice(
    "Blockbuster has a market value for 1999, 2005 and 2008, and the classifier decides those "
    "years it can by the value ratio. Why is Blockbuster's 2010 decided by the trend instead?",
    {
        "a": "Blockbuster's market values come from news reports, so the classifier does not "
        "trust them.",
        "b": "There is no market value for 2010, and the ratio needs a market value and a "
        "revenue of the same year.",
        "c": "The value ratio is only used for companies in inflow.",
    },
    answer="b",
    explanations={
        "a": "The classifier uses Blockbuster's 2005 and 2008 market values (its reasons say "
        "so); it has no notion of trust. What it lacks for 2010 is a figure.",
        "b": "Right: each year is judged by the ratio only when both figures exist that year. "
        "That is also why 1999 has no phase: there is a market value but no revenue figure.",
        "c": "The ratio decides any year that has both figures, whatever the phase: "
        "Blockbuster's 2005 and 2008 are outflow by the ratio.",
    },
    hint="Look at the method of each of Blockbuster's years in the phase table, and at which "
    "figures exist in 2010.",
)

share_sign = MultipleChoice(
    "Once `netflix_share` passes, look at it. The source text says that in value inflow a "
    "firm's market share expands and in outflow it declines. What does Netflix's share of the "
    "two companies' revenue suggest, and what is the catch?",
    {
        "a": "Netflix was in stability: its share grew steadily, without jumps.",
        "b": "Nothing: market share is unrelated to the phases.",
        "c": "Value moving from Blockbuster to Netflix, year after year; but it is a share of "
        "the two firms only, not of the whole rental market.",
    },
    answer="c",
    explanations={
        "a": "Stability means a share that holds; a share that keeps rising is a sign of inflow.",
        "b": "The source text names market share beside margins and growth as a sign of each "
        "phase.",
        "c": "Right. The share rises in every year both figures exist, while the growth method "
        "called Blockbuster's 2002 and 2003 inflow: the signs can disagree, and a share of two "
        "firms leaves out every other rival (other chains, kiosks, shops selling DVDs).",
    },
    hint="Print netflix_share.round(2) and read it from the first year to the last.",
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
        "b": "Right: the readers stay, but the money now comes from advertisers who want their "
        "attention.",
        "c": "That one widens the product, as a parts maker selling complete machines.",
    },
)
