"""Lesson 3, anticipating migration: early-warning signals back-tested on three real cases."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import pandas as pd

from .. import charts, data, migration, widgets
from ..exercises import MultipleChoice, Numeric

if TYPE_CHECKING:
    import altair as alt


@dataclass(frozen=True)
class Case:
    """A back-test: whose figures, which event to anticipate, and who challenged them."""

    case: str
    entity: str
    event_date: str
    event: str
    challenger: str | None = None

    @property
    def event_year(self) -> int:
        return int(self.event_date[:4])


CASES = {
    "Kodak (Chapter 11, January 2012)": Case(
        "kodak", "Eastman Kodak", "2012-01-19", "Chapter 11 filing"
    ),
    "Blockbuster (Chapter 11, September 2010)": Case(
        "video_rental", "Blockbuster", "2010-09-23", "Chapter 11 filing", challenger="Netflix"
    ),
    "IBM (new chief executive and turnaround, 1993)": Case(
        "ibm", "IBM", "1993-03-26", "Gerstner named chief executive"
    ),
}


def event_is_sourced(case: Case) -> bool:
    """Whether the case's event date is in the case's sourced events.

    >>> all(event_is_sourced(case) for case in CASES.values())
    True
    """
    events = data.events(case.case)
    return bool(((events.entity == case.entity) & (events.date == case.event_date)).any())


@cache
def _series(case: Case, entity: str, metric: str) -> pd.Series | None:
    frame = data.load(case.case)
    if metric not in set(frame[frame.entity == entity].metric):
        return None
    return data.series(frame, metric, unit="USD_billion", entities=[entity])[entity].dropna()


def signals(label: str, settings: migration.SignalSettings | None = None) -> pd.DataFrame:
    """The warning signals of a case, year by year.

    >>> table = signals("IBM (new chief executive and turnaround, 1993)")
    >>> bool(table.loc[1991, "slow_growth"]), bool(table.loc[1991, "margin_squeeze"])
    (True, True)
    """
    case = CASES[label]
    settings = settings or migration.SignalSettings()
    return migration.warning_signals(
        _series(case, case.entity, "revenue"),
        _series(case, case.entity, "net_income"),
        _series(case, case.entity, "market_value"),
        _series(case, case.challenger, "revenue") if case.challenger else None,
        settings,
    )


def lead_time(
    label: str,
    settings: migration.SignalSettings | None = None,
    at_least: int = 1,
    use: dict[str, bool] | None = None,
) -> migration.Backtest:
    """Back-test a case: the first warning before its event.

    >>> lead_time("Blockbuster (Chapter 11, September 2010)").lead_years
    6
    """
    return migration.backtest(signals(label, settings), CASES[label].event_year, at_least, use)


@cache
def _view(
    label: str,
    slow_growth: float,
    value_drop: float,
    margin_drop: float,
    challenger_lead: float,
    at_least: int,
) -> tuple[alt.Chart, pd.DataFrame, str]:
    case = CASES[label]
    settings = migration.SignalSettings(slow_growth, value_drop, margin_drop, challenger_lead)
    table = signals(label, settings)
    result = migration.backtest(table, case.event_year, at_least)
    long = (
        table.reset_index()
        .melt(id_vars="year", var_name="signal", value_name="fired")
        .assign(signal=lambda f: f["signal"].map(migration.SIGNAL_NAMES))
    )
    description = (
        f"{result.describe()} Each row is a signal, each column a year: a tick where it fired, a dot "
        f"where it stayed quiet, a question mark where the sources give no figure. The event: "
        f"{case.event} ({case.event_date})."
    )
    chart = charts.signal_grid(
        long, event_year=case.event_year, first_warning=result.first_warning,
        title=f"Early warnings for {case.entity}", description=description,
    )  # fmt: skip
    frame = data.load(case.case)
    entities = {case.entity, case.challenger} - {None}
    cited = frame[
        frame.entity.isin(entities) & frame.metric.isin({"revenue", "net_income", "market_value"})
    ]
    return chart, long, data.citation(cited)


def explorer() -> widgets.Figure:
    """Choose a case and the signals' sensitivity; see from which year they warned."""
    controls = {
        "label": widgets.choice("Case", list(CASES)),
        "slow_growth": widgets.slider("Slow growth: below (a year)", -0.10, 0.10, 0.02, step=0.01),
        "value_drop": widgets.slider("Market value drop: more than", 0.0, 0.5, 0.15, step=0.05),
        "margin_drop": widgets.slider(
            "Margin drop: more than (points)", 0.0, 0.10, 0.03, step=0.01
        ),
        "challenger_lead": widgets.slider("Challenger grows faster by", 0.0, 1.0, 0.20, step=0.05),
        "at_least": widgets.slider("Signals needed at once", 1, 3, 1),
    }

    def build(label, slow_growth, value_drop, margin_drop, challenger_lead, at_least):
        return _view(
            label, round(slow_growth, 3), round(value_drop, 3), round(margin_drop, 3),
            round(challenger_lead, 3), int(at_least),
        )  # fmt: skip

    # Each case's chart is built once and then refilled as the sliders move; building all
    # three now keeps the first switch to another case as quick as a slider move.
    settings = {name: control.value for name, control in controls.items() if name != "label"}
    for label in CASES:
        build(label, **settings)
    return widgets.explore(build, controls)


# ------------------------------------------------------------------------- exercises

lens = MultipleChoice(
    "Prices in a market fall year after year while every seller offers much the same product. "
    "Which of the three lenses for anticipating value migration does this warn about?",
    {
        "a": "the customer's changing priorities",
        "b": "the flexibility of the business design",
        "c": "commoditization",
    },
    answer="c",
    explanations={
        "a": "Customers may not have changed at all; the offers became interchangeable.",
        "b": "Flexibility is how well a company can respond, not what is happening to prices.",
    },
)

blockbuster_lead = Numeric(
    "Choose Blockbuster with the default settings. How many years before its Chapter 11 filing "
    "did the first warning fire?",
    answer=lambda: lead_time("Blockbuster (Chapter 11, September 2010)").lead_years,
    tolerance=0,
    absolute=True,
    hint="Read the first sentence under the chart, or find the first tick left of the event line.",
)

kodak_first = Numeric(
    "Choose Kodak with the default settings. In which year did the first warning fire?",
    answer=lambda: lead_time("Kodak (Chapter 11, January 2012)").first_warning,
    tolerance=0,
    absolute=True,
    hint="Kodak's sourced market values start in 1996; revenue figures start in 2004.",
)

stricter = MultipleChoice(
    "Set 'Signals needed at once' to 2 for Blockbuster. What happens to the lead time, and why?",
    {
        "a": "It grows: requiring two signals makes warnings come earlier.",
        "b": "It shrinks: two signals firing together happens later, so the warning comes later.",
        "c": "Nothing changes: the signals do not depend on each other.",
    },
    answer="b",
    explanations={
        "a": "Requiring more agreement can only delay (or keep) the first warning.",
        "c": "The first year in which two fire together is later than the first in which one fires.",
    },
    hint="Compare the first year with one tick with the first year with two ticks in the same column.",
)

ibm_lead = Numeric(
    "Choose IBM. With the default settings, how many years before the new chief executive was "
    "named in 1993 did the first warning fire?",
    answer=lambda: lead_time("IBM (new chief executive and turnaround, 1993)").lead_years,
    tolerance=0,
    absolute=True,
)
