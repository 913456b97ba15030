"""Lesson 0, start here: the tour chart, the explorer and the first exercises."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import charts, data, widgets
from ..exercises import MultipleChoice, Numeric

if TYPE_CHECKING:
    import altair as alt
    import pandas as pd

#: The series a learner can pick in the explorer: label -> (case, metric, unit, entities).
SERIES = {
    "IBM revenue (USD billion)": ("ibm", "revenue", "USD_billion", None),
    "Netflix and Blockbuster revenue (USD billion)": (
        "video_rental",
        "revenue",
        "USD_billion",
        None,
    ),
    "Business jet deliveries, worldwide (aircraft)": ("aviation", "deliveries", "count", None),
    "Smartphone shipments, worldwide (million)": (
        "cameras",
        "shipments",
        "million",
        ["Smartphones (worldwide)"],
    ),
}


def ibm_revenue() -> pd.DataFrame:
    """IBM's revenue by year in USD billion, as a tidy frame.

    >>> frame = ibm_revenue()
    >>> round(frame.loc[frame.year == 2008, "value"].item(), 1)
    103.6
    """
    return data.tidy_series(data.load("ibm"), "revenue", unit="USD_billion")


def peak_year(frame: pd.DataFrame) -> int:
    """The year in which ``value`` is highest.

    >>> import pandas as pd
    >>> peak_year(pd.DataFrame({"year": [2000, 2001, 2002], "value": [1.0, 3.0, 2.0]}))
    2001
    """
    return int(frame.loc[frame["value"].idxmax(), "year"])


def tour_chart() -> alt.LayerChart:
    """IBM's revenue with a year slider under it (a Vega-Lite parameter: runs in the browser)."""
    frame = ibm_revenue()
    return charts.year_slider_chart(
        frame,
        x="year",
        y="value",
        series="entity",
        y_title="Revenue (USD billion)",
        title="IBM revenue, 1990 to 2015",
        description=(
            "IBM's yearly revenue in billions of US dollars. Move the Year slider under the "
            "chart: the dashed line and the label follow it. 1994 is missing because no "
            "source for it could be verified."
        ),
        start=1993,
    )


def tour_figure() -> widgets.Figure:
    """The tour chart with its table view and sources."""
    frame = ibm_revenue()
    return widgets.figure(
        tour_chart(), frame, data.citation(data.load("ibm").query("metric == 'revenue'"))
    )


def _series_chart(series: str) -> tuple[alt.Chart, pd.DataFrame, str]:
    case, metric, unit, entities = SERIES[series]
    observations = data.load(case)
    frame = data.tidy_series(observations, metric, unit=unit, entities=entities)
    cited = observations[
        (observations.metric == metric) & observations.entity.isin(set(frame.entity))
    ]
    chart = charts.line_chart(
        frame,
        x="year",
        y="value",
        series="entity",
        x_title="Year",
        y_title=series,
        title=series,
        description=f"{series}, by year, from the course's sourced data.",
    )
    return chart, frame, data.citation(cited)


def explorer() -> widgets.Figure:
    """A drop-down that switches the chart between four real series, in place."""
    return widgets.explore_choice(_series_chart, "Series", list(SERIES))


#: An example of a learner's file with three mistakes, to show what the checker says.
BROKEN_EXAMPLE = "year,revenue,net_income,unit\n2019,1250,80.5,USD_million\n2019,1190,-12,USD_million\n2020,12,5,-3,USD_million\n2021,-40,2,USD_billion\n"

slywotzky = MultipleChoice(
    "Who gave value migration its name, in a 1996 book?",
    {"a": "Clayton Christensen", "b": "Adrian Slywotzky", "c": "Everett Rogers"},
    answer="b",
    explanations={
        "a": "Christensen named disruptive innovation (lesson 4).",
        "b": "Slywotzky's 1996 book Value Migration named it.",
        "c": "Rogers described how innovations diffuse (lesson 5).",
    },
    hint="The same author measured value by market value divided by revenue.",
)

ibm_peak = Numeric(
    "Move the slider on the IBM chart: in which year was IBM's revenue highest?",
    answer=lambda: peak_year(ibm_revenue()),
    tolerance=0,
    absolute=True,
    hint="Look for the highest point of the line, then read its year off the slider.",
)

slider_kind = MultipleChoice(
    "The Year slider under the IBM chart keeps working in a static web page of this notebook, "
    "with no Python running. Why?",
    {
        "a": "The chart is a picture that is redrawn by Python each time.",
        "b": "The slider is part of the chart's own specification and runs in the browser.",
        "c": "The notebook stores one picture for every year.",
    },
    answer="b",
    explanations={
        "a": "If Python redrew it, it would stop working without a running kernel.",
        "b": "Vega-Lite parameters bound to inputs run entirely in the browser.",
        "c": "Nothing is stored per year; the chart filters its data as the slider moves.",
    },
)
