"""Lesson 5, diffusion and substitution: Rogers' groups, the Bass model fitted to real series,
and Fisher-Pry substitution."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .. import charts, data, diffusion, widgets
from ..exercises import MultipleChoice, Numeric

if TYPE_CHECKING:
    import altair as alt

FORECAST_YEARS = 8


def rogers_figure() -> widgets.Figure:
    """Rogers' five groups, with the shares the normal curve gives."""
    groups = diffusion.rogers_groups()
    chart = charts.bar_chart(
        groups, x="group", y="share", y_title="% of all who eventually adopt",
        title="Rogers' adopter groups",
        description=(
            "Shares of the five groups when adoption times follow a normal curve, cut at two and one "
            "standard deviations before the mean, the mean, and one after: 2.3, 13.6, 34.1, 34.1 and "
            "15.9 percent, which Rogers rounded to 2.5, 13.5, 34, 34 and 16."
        ),
    )  # fmt: skip
    return widgets.figure(
        chart,
        groups.round(1),
        "Rogers, E. M. (2003). Diffusion of Innovations, 5th ed. Free Press.",
    )


@cache
def _bass_view(p: float, q: float, m: float) -> tuple[alt.HConcatChart, pd.DataFrame, str]:
    title = "The Bass model"
    try:
        curve = diffusion.bass_curve(p, q, m, years=30)
        peak = diffusion.bass_peak_time(p, q)
    except diffusion.DiffusionError as problem:
        return charts.message_chart(title, f"Move the sliders: {problem}."), pd.DataFrame(), ""
    description = (
        f"With p = {p:g} and q = {q:g}, new adoptions peak {peak:.1f} years after launch "
        f"(ln(q/p)/(p+q)); the S-curve approaches the market size m = {m:g}. Years count from launch."
    )
    chart = charts.bass_chart(curve, peak_year=peak, title=title, description=description)
    return (
        chart,
        curve.round(3),
        "Bass, F. M. (1969). A new product growth model for consumer durables. Management Science 15(5).",
    )


def bass_explorer() -> widgets.Figure:
    """Sliders for p, q and m; the curves and the peak year follow."""
    controls = {
        "p": widgets.slider("Innovation p", 0.005, 0.1, 0.03, step=0.005),
        "q": widgets.slider("Imitation q", 0.0, 0.8, 0.38, step=0.02),
        "m": widgets.slider("Market size m", 10, 100, 100, step=10),
    }
    return widgets.explore(lambda p, q, m: _bass_view(round(p, 4), round(q, 3), float(m)), controls)


def adoption_series(entity: str) -> pd.Series:
    """One adoption series from the datasets, by year.

    >>> round(float(adoption_series("Internet users (United States)")[2000]), 1)
    43.1
    """
    frame = data.load("adoption")
    return frame[frame.entity == entity].set_index("year")["value"].sort_index()


def series_names() -> list[str]:
    """The adoption series a learner can fit."""
    return sorted(set(data.load("adoption").entity))


@cache
def bass_fit(entity: str) -> diffusion.BassFit:
    """The Bass model fitted to one series (launch: the year before its first figure).

    >>> fit = bass_fit("Internet users (United States)")
    >>> round(fit.m), round(fit.peak_year)
    (88, 2000)
    """
    series = adoption_series(entity)
    return diffusion.fit_bass(series.index.values, series.values)


@cache
def _fit_view(entity: str) -> tuple[alt.LayerChart, pd.DataFrame, str]:
    series = adoption_series(entity)
    fit = bass_fit(entity)
    years = range(int(series.index.min()), int(series.index.max()) + FORECAST_YEARS + 1)
    forecast = fit.forecast(years)
    unit = _unit(entity)
    p_se, q_se, m_se = fit.standard_errors
    description = (
        f"Points: the sourced series. Dashed line: the Bass model fitted by least squares, with "
        f"p = {fit.p:.4f} (± {p_se:.4f}), q = {fit.q:.3f} (± {q_se:.3f}), m = {fit.m:.1f} (± {m_se:.1f}); "
        f"R² = {fit.r_squared:.3f}, typical error {fit.rmse:.2f}. New adoption peaked around "
        f"{fit.peak_year:.0f}. The shaded band is a 90% range for the forecast {FORECAST_YEARS} years past "
        "the data, from the uncertainty of the three parameters only (not of the model itself)."
    )
    chart = charts.fit_chart(
        series.reset_index().rename(columns={"index": "year"}), forecast,
        title=f"Bass model fitted to {entity}", description=description, y_title=unit,
    )  # fmt: skip
    frame = data.load("adoption")
    table = forecast.merge(series.rename("observed").reset_index(), on="year", how="left").round(3)
    return chart, table, data.citation(frame[frame.entity == entity])


def _unit(entity: str) -> str:
    return data.load("adoption").query("entity == @entity").unit.iloc[0].replace("_", " ")


def fit_explorer() -> widgets.Figure:
    """Choose a real adoption series; see the fitted Bass model, its fit quality and a forecast."""
    first = "Internet users (United States)"
    # The chart is built once per unit and then only refilled; building the other unit's
    # chart now keeps the first switch to a series in that unit as quick as the rest.
    other = next(name for name in series_names() if _unit(name) != _unit(first))
    _fit_view(other)
    return widgets.explore_choice(_fit_view, "Series", series_names(), value=first)


# --------------------------------------------------------------------- substitution

SUBSTITUTIONS = {
    "Netflix US members: streaming vs DVD by mail": ("video_rental", "Netflix"),
    "UK fixed-line revenue: data vs voice": ("telecom", "United Kingdom (fixed-line telecoms)"),
    "AT&T wireline revenue: data vs voice": ("telecom", "AT&T Inc. (wireline)"),
}


def substitution_share(label: str) -> pd.DataFrame:
    """The new technology's share (0 to 1) by year, computed from two sourced series.

    For Netflix the share is US streaming members over US streaming plus DVD members (a
    member with both plans counts in both, so this is approximate).

    >>> round(float(substitution_share("Netflix US members: streaming vs DVD by mail").set_index("year").share[2015]), 3)
    0.901
    """
    case, entity = SUBSTITUTIONS[label]
    frame = data.load(case)
    if case == "video_rental":
        new = data.series(frame, "subscribers_streaming_domestic", entities=[entity])[entity]
        old = data.series(frame, "subscribers_dvd", entities=[entity])[entity]
    else:
        new = data.series(frame, "revenue_data", entities=[entity])[entity]
        old = data.series(frame, "revenue_voice", entities=[entity])[entity]
    both = pd.concat({"new": new, "old": old}, axis=1).dropna()
    share = both["new"] / (both["new"] + both["old"])
    return pd.DataFrame({"year": share.index.astype(int), "share": share.values})


@cache
def fisher_pry(label: str) -> diffusion.FisherPryFit:
    """The Fisher-Pry line fitted to one substitution.

    >>> round(fisher_pry("Netflix US members: streaming vs DVD by mail").takeover_years, 1)
    11.5
    """
    observed = substitution_share(label)
    return diffusion.fit_fisher_pry(observed.year.values, observed.share.values)


@cache
def _substitution_view(label: str) -> tuple[alt.LayerChart, pd.DataFrame, str]:
    observed = substitution_share(label)
    fit = fisher_pry(label)
    years = np.arange(observed.year.min() - 6, observed.year.max() + 12)
    fitted = pd.DataFrame({"year": years, "share": fit.share_in(years)})
    description = (
        f"Points: the new technology's share from sourced figures. Dashed: the Fisher-Pry fit "
        f"(R² of the logit line {fit.r_squared:.3f}). Half the market in {fit.midpoint:.1f}; from 10% "
        f"to 90% takes {fit.takeover_years:.1f} years (ln 81 ÷ slope {fit.slope:.3f}), so 90% is "
        f"reached in about {fit.year_reaching(0.9):.0f}."
    )
    chart = charts.share_chart(
        observed, fitted, title=f"Substitution: {label}", description=description
    )
    case, entity = SUBSTITUTIONS[label]
    frame = data.load(case)
    return chart, observed.round(3), data.citation(frame[frame.entity == entity])


def substitution_explorer() -> widgets.Figure:
    """Choose a substitution; see its Fisher-Pry fit and the forecast take-over."""
    return widgets.explore_choice(_substitution_view, "Substitution", list(SUBSTITUTIONS))


# ------------------------------------------------------------------------- exercises

early_majority = Numeric(
    "Which share of all eventual adopters, in percent, falls in the early majority on a normal "
    "curve (between one standard deviation before the mean and the mean)? One decimal.",
    answer=lambda: float(diffusion.rogers_groups().set_index("group").share["early majority"]),
    tolerance=0.1,
    absolute=True,
    hint="It is the area of a normal curve between -1 and 0 standard deviations.",
)

peak = Numeric(
    "Set p = 0.03 and q = 0.38 in the Bass explorer. How many years after launch do new "
    "adoptions peak? One decimal.",
    answer=lambda: diffusion.bass_peak_time(0.03, 0.38),
    tolerance=0.05,
    absolute=True,
    hint="The chart's description gives ln(q/p)/(p+q).",
)

imitation = MultipleChoice(
    "In the Bass model, what happens when you raise q and keep p fixed?",
    {
        "a": "Adoption starts faster but peaks later.",
        "b": "Word of mouth is stronger: the S-curve is steeper and the peak comes sooner and higher.",
        "c": "The market size grows.",
    },
    answer="b",
    explanations={
        "a": "p sets how fast adoption starts; q makes it take off.",
        "c": "Market size is m; q changes only how fast the market fills.",
    },
)

us_internet_m = Numeric(
    "Fit the Bass model to Internet users (United States). What market size m does it estimate, "
    "in percent of the population? Round to a whole number.",
    answer=lambda: bass_fit("Internet users (United States)").m,
    tolerance=0.6,
    absolute=True,
)

streaming_takeover = Numeric(
    "For Netflix's US members, how many years does the Fisher-Pry fit say streaming takes to go "
    "from 10% to 90% of members? One decimal.",
    answer=lambda: fisher_pry("Netflix US members: streaming vs DVD by mail").takeover_years,
    tolerance=0.05,
    absolute=True,
    hint="It is ln(81) divided by the slope; the chart's description states both.",
)
