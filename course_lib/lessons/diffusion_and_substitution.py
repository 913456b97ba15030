"""Lesson 5, diffusion and substitution: the explorers and the lesson's exercises.

The computations the lesson states (Rogers' shares, a Bass curve and its peak, a Bass fit with
its uncertainty, a share and its logit, a Fisher-Pry take-over) are written in the notebook
itself with ``cl.data`` and ``cl.diffusion``; this module holds only what is particular to the
lesson: the figure and explorers behind sliders and drop-downs, and the exercises with their
checks.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .. import charts, data, diffusion, widgets
from ..exercises import FunctionCheck, MultipleChoice, Numeric, SeriesCheck

if TYPE_CHECKING:
    import altair as alt

#: Years past the last figure that the fit explorer forecasts.
FORECAST_YEARS = 8
ROGERS_CITATION = (
    "Rogers, E. M. (1962). Diffusion of Innovations. Free Press (5th edition 2003). The shares "
    "are areas of the normal curve, computed by cl.diffusion.rogers_groups()."
)
BASS_CITATION = (
    "Bass, F. M. (1969). A new product growth model for consumer durables. Management "
    "Science 15(5)."
)


def rogers_figure() -> widgets.Figure:
    """Rogers' five groups: the share of all eventual adopters the normal curve puts in each."""
    groups = diffusion.rogers_groups()
    labelled = groups.assign(
        label=[
            f"{share:.1f}%\n(Rogers: {rounded:g}%)"
            for share, rounded in zip(groups.share, groups.rogers_rounded, strict=True)
        ]
    )
    chart = charts.bar_chart(
        labelled, x="group", y="share", label="label", y_title="% of all who eventually adopt",
        title="Rogers' adopter groups",
        description=(
            "Shares of the five groups when adoption times follow a normal curve, cut at two and "
            "one standard deviations before the mean, at the mean, and one after. Each bar is "
            "labelled with the exact area and the rounded figure Rogers gave."
        ),
    )  # fmt: skip
    table = groups[["group", "adopts", "share", "rogers_rounded", "profile"]].round(1)
    return widgets.figure(chart, table, ROGERS_CITATION)


# ------------------------------------------------------------------------------ Bass


@cache
def _bass_view(p: float, q: float, m: float) -> tuple[alt.HConcatChart, pd.DataFrame, str]:
    curve = diffusion.bass_curve(p, q, m, years=30)
    peak = diffusion.bass_peak_time(p, q)
    if q > p:
        when = (
            f"new adoptions peak {peak:.1f} years after launch (t* = ln(q/p)/(p+q)), "
            f"at {m * (p + q) ** 2 / (4 * q):.3g} a year"
        )
    else:
        when = (
            "new adoptions are highest at launch and only fall after it: with q no larger "
            "than p, imitation never outweighs the shrinking pool of people yet to adopt"
        )
    description = (
        f"With p = {p:.1%} and q = {q:.0%} a year, {when}. The S-curve of adopters so far "
        f"approaches the market size m = {m:g}. Years count from launch."
    )
    chart = charts.bass_chart(
        curve, peak_year=peak, title="The Bass model", description=description
    )
    return chart, curve.round(3), BASS_CITATION


def bass_explorer() -> widgets.Figure:
    """Sliders for p, q (shown as percentages a year) and m; the curves and the peak follow."""
    p = widgets.slider("Innovation p (a year)", 0.005, 0.1, 0.03, step=0.005)
    q = widgets.slider("Imitation q (a year)", 0.0, 0.8, 0.38, step=0.02)
    p.readout_format = ".1%"
    q.readout_format = ".0%"
    controls = {"p": p, "q": q, "m": widgets.slider("Market size m", 10, 100, 100, step=10)}
    return widgets.explore(_bass_fixed, controls)


def _bass_fixed(p: float, q: float, m: float) -> tuple[alt.HConcatChart, pd.DataFrame, str]:
    # Slider values carry float noise (0.30000000000000004); rounding keeps one cache entry each.
    return _bass_view(round(p, 4), round(q, 3), float(m))


def _metric_of(entity: str) -> str:
    frame = data.load("adoption")
    return str(frame.loc[frame.entity == entity, "metric"].iloc[0])


def series_names() -> list[str]:
    """The adoption series the fit explorer offers.

    >>> series_names()[:2]
    ['Internet users (South Korea)', 'Internet users (United States)']
    """
    return sorted(set(data.load("adoption").entity))


@cache
def _bass_fit(entity: str) -> tuple[pd.Series, diffusion.BassFit]:
    series = data.metric("adoption", _metric_of(entity), entity=entity)
    return series, diffusion.fit_bass(series.index, series.values)


@cache
def _fit_view(entity: str) -> tuple[alt.LayerChart, pd.DataFrame, str]:
    series, fit = _bass_fit(entity)
    years = range(int(series.index.min()), int(series.index.max()) + FORECAST_YEARS + 1)
    forecast = fit.forecast(years)
    unit = series.attrs["unit"].replace("_", " ")
    p_se, q_se, m_se = fit.standard_errors
    description = (
        f"Points: the sourced series. Dashed line: the Bass model fitted by least squares from "
        f"a launch in {fit.launch}, with p = {fit.p:.4f} (± {p_se:.4f}), q = {fit.q:.3f} "
        f"(± {q_se:.3f}), m = {fit.m:.1f} (± {m_se:.1f}); R² = {fit.r_squared:.3f}. The "
        f"shaded band is a 90% range for the forecast {FORECAST_YEARS} years past the data, "
        "from the uncertainty of the three parameters only (not of the model itself)."
    )
    observed = series.rename("value").reset_index()
    chart = charts.fit_chart(
        observed, forecast, title=f"Bass model fitted to {entity}", description=description,
        y_title=unit,
    )  # fmt: skip
    table = forecast.merge(observed.rename(columns={"value": "observed"}), on="year", how="left")
    frame = data.load("adoption")
    return chart, table.round(3), data.citation(frame[frame.entity == entity])


def fit_explorer() -> widgets.Figure:
    """Choose a real adoption series; see the fitted Bass model, its fit quality and a forecast."""
    first = "Internet users (United States)"
    # The chart is built once per unit and then only refilled; building the other unit's
    # chart now keeps the first switch to a series in that unit as quick as the rest.
    other = next(name for name in series_names() if _metric_of(name) != _metric_of(first))
    _fit_view(other)
    return _explore_choice(_fit_view, "entity", "Series", series_names(), first)


# ---------------------------------------------------------------------- substitution

#: Each substitution: the case, the entity, the new technology's metric and the old one's.
SUBSTITUTIONS = {
    "Netflix US members: streaming vs DVD by mail": (
        "video_rental", "Netflix", "subscribers_streaming_domestic", "subscribers_dvd",
    ),
    "UK fixed-line revenue: data vs voice": (
        "telecom", "United Kingdom (fixed-line telecoms)", "revenue_data", "revenue_voice",
    ),
    "AT&T wireline revenue: data vs voice": (
        "telecom", "AT&T Inc. (wireline)", "revenue_data", "revenue_voice",
    ),
}  # fmt: skip


def _share(label: str) -> pd.Series:
    """The new technology's share (0 to 1) of new plus old, in the years that have both."""
    case, entity, new_metric, old_metric = SUBSTITUTIONS[label]
    new = data.metric(case, new_metric, entity=entity)
    old = data.metric(case, old_metric, entity=entity)
    return (new / (new + old)).dropna().rename("share")


@cache
def _substitution_view(label: str) -> tuple[alt.LayerChart, pd.DataFrame, str]:
    share = _share(label)
    fit = diffusion.fit_fisher_pry(share.index, share.values)
    low, high = fit.takeover_range()
    longest = "no upper limit" if math.isinf(high) else f"{high:.1f}"
    years = np.arange(share.index.min() - 6, share.index.max() + 13)
    description = (
        f"Points: the new technology's share from sourced figures. Dashed: the Fisher-Pry fit "
        f"(R² of the logit line {fit.r_squared:.3f}), half the market in {fit.midpoint:.1f}. "
        f"From 10% to 90% takes ln 81 ÷ slope {fit.slope:.3f} = {fit.takeover_years:.1f} years "
        f"(90% range {low:.1f} to {longest}), so 90% is reached in about "
        f"{fit.year_reaching(0.9):.0f}. Caution: the shares seen run from {share.min():.0%} to "
        f"{share.max():.0%}; the rest of the curve, and the band around it, assume the logit "
        "stays a straight line."
    )
    observed = share.reset_index()
    chart = charts.share_chart(
        observed, fit.forecast(years), title=f"Substitution: {label}", description=description
    )
    case, entity, *_ = SUBSTITUTIONS[label]
    frame = data.load(case)
    return chart, observed.round(3), data.citation(frame[frame.entity == entity])


def substitution_explorer() -> widgets.Figure:
    """Choose a substitution; see its Fisher-Pry fit, the forecast take-over and its range."""
    return _explore_choice(_substitution_view, "label", "Substitution", list(SUBSTITUTIONS))


def _explore_choice(
    build: Callable[[str], tuple[alt.TopLevelMixin, pd.DataFrame, str]],
    parameter: str,
    description: str,
    options: list[str],
    value: str | None = None,
) -> widgets.Figure:
    """One drop-down, wide enough to show its longest option in full, driving ``build``'s
    ``parameter``."""
    picker = widgets.choice(description, options, value)
    picker.layout.width = f"{max(map(len, options)) * 8 + 120}px"
    return widgets.explore(build, {parameter: picker})


# ------------------------------------------------------------------------- exercises


def _rogers_share(group: str) -> float:
    return float(diffusion.rogers_groups().set_index("group").share[group])


early_majority = Numeric(
    "When the first member of the early majority adopts, what percentage of all eventual "
    "adopters has already adopted? Use the normal curve's areas or Rogers' rounded figures.",
    answer=lambda: _rogers_share("innovators") + _rogers_share("early adopters"),
    tolerance=0.15,
    absolute=True,
    unit="%",
    mistakes={
        "that is the size of the early majority itself; the question asks how many adopted "
        "before its first member": lambda right: _rogers_share("early majority"),
        "that counts the early adopters only; the innovators adopted before them": lambda right: (
            _rogers_share("early adopters")
        ),
        "that is everyone up to the mean, when the early majority is complete": lambda right: 50.0,
    },
    hint="Which groups adopt before the early majority? Add their shares.",
    explanation="Rogers' rounded figures give 2.5 + 13.5 = 16; the normal curve's areas 15.9.",
)

adopter_profile = MultipleChoice(
    "Rogers' groups differ in who they are, not only in when they adopt. A firm launching a "
    "new farm machine in a region wants to win first the people whose opinion their neighbours "
    "seek before trying something new. Which group is that?",
    {
        "a": "innovators",
        "b": "early adopters",
        "c": "early majority",
        "d": "late majority",
    },
    answer="b",
    explanations={
        "a": "Innovators are venturesome and often look outside their own community; their "
        "neighbours see them as unusual rather than as guides.",
        "b": "Early adopters are the respected opinion leaders of their community: others watch "
        "them before deciding.",
        "c": "The early majority are deliberate: they follow the opinion leaders and seldom lead.",
        "d": "The late majority are sceptical and adopt out of necessity or pressure from peers.",
    },
    hint="Look at the profiles in the table under the groups' chart.",
)


def _peak(p: float, q: float) -> float:
    return diffusion.bass_peak_time(p, q)


imitation = MultipleChoice(
    "Set p to 2% in the Bass explorer. What happens to the peak of new adoptions when you raise "
    "q from 4% to 6%, and what when you raise it from 30% to 50%?",
    {
        "a": "It comes sooner both times: stronger imitation always speeds adoption up.",
        "b": "It comes later from 4% to 6%, and sooner from 30% to 50%.",
        "c": "It comes later both times.",
        "d": "Neither: the timing of the peak depends only on p.",
    },
    answer="b",
    explanations={
        "a": "Sooner holds only once q is well above p. At 4 to 6% q is close to p, and the peak "
        "moves later.",
        "b": "With p = 2% the peak comes latest when q is about 3.59 times p, about 7.2%. Below "
        "that, raising q delays the peak (from 11.6 to 13.7 years after launch); above it, "
        "raising q brings it sooner (from 8.5 to 6.2 years).",
        "c": "From 30% to 50% q is far above p: the peak moves sooner.",
        "d": "The peak is at ln(q/p)/(p+q) years after launch: q is in it twice.",
    },
    hint="Where is the turning point computed under the hood, for p = 2%?",
)


@cache
def _us_mobile() -> pd.Series:
    return data.metric(
        "adoption", "mobile_subscriptions", entity="Mobile subscriptions (United States)"
    )


def _fitted_peak(last_year: int | None = None) -> diffusion.BassFit:
    series = _us_mobile() if last_year is None else _us_mobile().loc[:last_year]
    return diffusion.fit_bass(series.index, series.values)


peak_2003 = Numeric(
    "A forecaster in 2003 had the US mobile subscriptions per 100 people for 1984 to 2003. Fit "
    "the Bass model to those years only (with the default launch, the year before the first "
    "figure) and compute the calendar year in which that fit puts the peak of new "
    "subscriptions. Assign it to `peak_2003`.",
    answer=lambda: _fitted_peak(2003).peak_year,
    tolerance=0.5,
    absolute=True,
    year=True,
    asks_for_code=True,
    mistakes={
        "you fitted every year up to 2019; a forecaster in 2003 had only the years up to 2003: "
        "select them with .loc[:2003] first": lambda right: _fitted_peak().peak_year,
        "that counts from the first year with a figure; the model counts from the launch, the "
        "year before it: add the peak time to fit.launch": lambda right: (
            _us_mobile().index.min()
            + diffusion.bass_peak_time(_fitted_peak(2003).p, _fitted_peak(2003).q)
        ),
        "that is the number of years from launch to the peak; the question asks for the "
        "calendar year: add fit.launch": lambda right: right - _fitted_peak(2003).launch,
    },
    hint="cl.data.metric('adoption', 'mobile_subscriptions', entity='Mobile subscriptions "
    "(United States)'), then .loc[:2003], cl.diffusion.fit_bass(years, values), and "
    "fit.launch + ln(q/p)/(p+q).",
)

ATT = "AT&T Inc. (wireline)"


def _att(metric: str) -> pd.Series:
    return data.metric("telecom", metric, entity=ATT)


def _att_share() -> pd.Series:
    return (_att("revenue_data") / (_att("revenue_data") + _att("revenue_voice"))).dropna()


data_share = SeriesCheck(
    "Data is replacing voice in AT&T's wireline revenue. Compute data's share of voice plus "
    "data revenue, as a fraction between 0 and 1, for every year that has both figures: a "
    "Series indexed by year named `data_share` (entity 'AT&T Inc. (wireline)', metrics "
    "'revenue_data' and 'revenue_voice').",
    expected=_att_share,
    tolerance=0.001,
    mistakes={
        "that is voice's share, the old technology's: put data, the new one, on top": lambda: (
            1 - _att_share()
        ),
        "that is data divided by voice; a share divides by the total, data plus voice": lambda: (
            _att("revenue_data") / _att("revenue_voice")
        ).dropna(),
    },
    hint="Load both with cl.data.metric, divide data by their sum, and drop the years "
    "with a missing figure (.dropna()).",
)


def _year_reaching(midpoint: float, slope: float, share: float) -> float:
    return midpoint + math.log(share / (1 - share)) / slope


def _from_the_midpoint(midpoint: float, slope: float, share: float) -> float:
    return math.log(share / (1 - share)) / slope


def _old_share_reaching(midpoint: float, slope: float, share: float) -> float:
    return midpoint + math.log((1 - share) / share) / slope


def _base_10(midpoint: float, slope: float, share: float) -> float:
    return midpoint + math.log10(share / (1 - share)) / slope


def _times_slope(midpoint: float, slope: float, share: float) -> float:
    return midpoint + math.log(share / (1 - share)) * slope


_year_reaching.__name__ = "year_reaching"

year_reaching = FunctionCheck(
    "Write a function `year_reaching(midpoint, slope, share)` that returns the (fractional) "
    "year in which a Fisher-Pry line with this midpoint (the year of half the market) and "
    "slope b reaches `share` (between 0 and 1). Solve the line's equation for the year.",
    reference=_year_reaching,
    cases=[
        (2010.0, 0.4, 0.9),
        (2009.0, 0.38, 0.5),
        (2022.4, 0.078, 0.1),
        (2000.0, 1.0, 0.99),
        (1995.0, 0.25, 0.75),
    ],
    mistakes={
        "your function gives the years from the midpoint, not the calendar year: add the "
        "midpoint": _from_the_midpoint,
        "your function gives the year the old technology holds that share: the new one's "
        "share goes on top of the logit, share / (1 - share)": _old_share_reaching,
        "your function uses the base-10 logarithm; the logit uses the natural one (math.log "
        "or np.log)": _base_10,
        "your function multiplies the logit by the slope; solving logit = b (year - midpoint) "
        "for the year divides by it": _times_slope,
    },
    hint="The line is ln(share / (1 - share)) = slope × (year - midpoint): solve it for the "
    "year. math.log is the natural logarithm.",
)

takeover_caution = MultipleChoice(
    "Fitted to every year, the UK forecast's 90% range for the take-over time and the range "
    "from the years on the later Ofcom edition alone do not even overlap. What does that tell "
    "you?",
    {
        "a": "One of the two fits has a bug; with correct code the ranges would agree.",
        "b": "The ranges count only the scatter of the points around a straight logit line. "
        "With shares seen only in the lower part of the S, the line's slope depends on which "
        "years you fit, and the real uncertainty is larger than either range.",
        "c": "Fisher-Pry applies to units sold, never to revenue, so neither range means anything.",
    },
    answer="b",
    explanations={
        "a": "Both fits are right for their years. The logit of the UK share bends upward, so "
        "a straight line through different years has a different slope.",
        "c": "Fisher-Pry works on any share of a market the new and the old split between "
        "them; revenue shares are a common use. The problem here is how little of the curve "
        "the data cover.",
    },
)
