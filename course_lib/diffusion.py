"""Diffusion and substitution: Rogers' adopter groups, the Bass model and Fisher-Pry.

>>> round(bass_peak_time(p=0.03, q=0.38), 2)
6.19
>>> round(fisher_pry_takeover(slope=0.5), 2)
8.79
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .problems import CourseProblem


class DiffusionError(CourseProblem):
    """Settings or data a diffusion model cannot use; the message says what to change."""


def _check_bass(p: float, q: float, m: float) -> None:
    if not 0 < p <= 1:
        raise DiffusionError(
            f"the innovation coefficient p must be above 0 and at most 1 (got {p})"
        )
    if not 0 <= q <= 1:
        raise DiffusionError(f"the imitation coefficient q must be between 0 and 1 (got {q})")
    if not m > 0:
        raise DiffusionError(f"the market size m must be above 0 (got {m})")


def bass_cumulative(t: np.ndarray | float, p: float, q: float, m: float) -> np.ndarray:
    """Adopters so far at time ``t`` (years since launch) in the Bass model.

    >>> round(float(bass_cumulative(0, 0.03, 0.38, 100)), 6), round(float(bass_cumulative(200, 0.03, 0.38, 100)), 6)
    (0.0, 100.0)
    """
    _check_bass(p, q, m)
    t = np.asarray(t, dtype="float64")
    decay = np.exp(-(p + q) * t)
    return m * (1 - decay) / (1 + (q / p) * decay)


def bass_adopters(t: np.ndarray | float, p: float, q: float, m: float) -> np.ndarray:
    """New adopters per year at time ``t`` (the rate of change of the cumulative curve).

    >>> round(float(bass_adopters(0, 0.03, 0.38, 100)), 6)  # at launch only innovators adopt: p * m
    3.0
    """
    _check_bass(p, q, m)
    t = np.asarray(t, dtype="float64")
    decay = np.exp(-(p + q) * t)
    return m * ((p + q) ** 2 / p) * decay / (1 + (q / p) * decay) ** 2


def bass_peak_time(p: float, q: float) -> float:
    """Years from launch to the peak of new adoptions: ln(q/p) / (p + q); 0 when q <= p.

    Raising q does not always bring the peak sooner: while q is close to p the peak moves
    later as q grows, and only once q is above about 3.59 times p does it move sooner.

    >>> bass_peak_time(0.2, 0.1)
    0.0
    >>> round(bass_peak_time(0.03, 0.04), 1), round(bass_peak_time(0.03, 0.10), 1)
    (4.1, 9.3)
    """
    _check_bass(p, q, 1.0)
    return math.log(q / p) / (p + q) if q > p else 0.0


def bass_curve(p: float, q: float, m: float, years: int = 30, launch: int = 0) -> pd.DataFrame:
    """A table of the Bass model by year: ``year``, ``cumulative`` and ``new`` adopters.

    >>> curve = bass_curve(0.03, 0.38, 100, years=20, launch=2000)
    >>> int(curve.loc[curve.new.idxmax(), "year"])
    2006
    """
    t = np.arange(0, years + 1, dtype="float64")
    return pd.DataFrame(
        {
            "year": (launch + t).astype(int),
            "cumulative": bass_cumulative(t, p, q, m),
            "new": bass_adopters(t, p, q, m),
        }
    )


ROGERS_GROUPS = ("innovators", "early adopters", "early majority", "late majority", "laggards")
#: Who each group is, in the course's words after Rogers (Diffusion of Innovations, 1962).
ROGERS_PROFILES = {
    "innovators": "venturesome: keen on new ideas, able to cope with uncertainty and afford a "
    "failure; often in touch with people outside their own community",
    "early adopters": "respected opinion leaders inside their community; others look to them "
    "before trying something new",
    "early majority": "deliberate: adopt just before the average member, after talking with "
    "peers, and seldom lead",
    "late majority": "sceptical: adopt after most others have, out of economic necessity or "
    "pressure from peers",
    "laggards": "traditional: take the past as their guide, are suspicious of innovations, and "
    "adopt last, often when the old way is no longer available",
}


def _normal_cdf(x: float) -> float:
    # The standard normal distribution function, from the standard library (importing
    # scipy.stats for it would cost a learner about a second and a half).
    return 0.5 * (1 + math.erf(x / math.sqrt(2)))


def rogers_groups() -> pd.DataFrame:
    """Rogers' five adopter groups, cut from a normal curve of adoption time at the mean and
    one and two standard deviations before it, and one after.

    >>> rogers_groups().share.round(1).tolist()
    [2.3, 13.6, 34.1, 34.1, 15.9]
    """
    edges = [-math.inf, -2, -1, 0, 1, math.inf]
    shares = [
        100 * (_normal_cdf(b) - _normal_cdf(a)) for a, b in zip(edges[:-1], edges[1:], strict=True)
    ]
    bounds = ["before -2 sd", "-2 sd to -1 sd", "-1 sd to mean", "mean to +1 sd", "after +1 sd"]
    rounded = [2.5, 13.5, 34.0, 34.0, 16.0]
    return pd.DataFrame(
        {
            "group": ROGERS_GROUPS,
            "adopts": bounds,
            "share": shares,
            "rogers_rounded": rounded,
            "profile": [ROGERS_PROFILES[group] for group in ROGERS_GROUPS],
        }
    )


@dataclass(frozen=True)
class BassFit:
    """A Bass model fitted to a cumulative adoption series."""

    p: float
    q: float
    m: float
    launch: int
    standard_errors: tuple[float, float, float]
    r_squared: float
    rmse: float
    covariance: tuple[tuple[float, ...], ...]

    @property
    def peak_year(self) -> float:
        """The calendar year of peak new adoption."""
        return self.launch + bass_peak_time(self.p, self.q)

    def forecast(self, years: list[int] | range, draws: int = 400, seed: int = 0) -> pd.DataFrame:
        """Cumulative adoption in ``years`` with a 90% band from the parameters' uncertainty.

        The band comes from drawing p, q and m from their estimated joint normal distribution.
        """
        t = np.asarray(list(years), dtype="float64") - self.launch
        central = bass_cumulative(t, self.p, self.q, self.m)
        rng = np.random.default_rng(seed)
        samples = rng.multivariate_normal(
            [self.p, self.q, self.m], np.array(self.covariance), size=draws
        )
        valid = samples[
            (samples[:, 0] > 0)
            & (samples[:, 0] <= 1)
            & (samples[:, 1] >= 0)
            & (samples[:, 1] <= 1)
            & (samples[:, 2] > 0)
        ]
        curves = (
            np.array([bass_cumulative(t, *row) for row in valid])
            if len(valid)
            else central[None, :]
        )
        return pd.DataFrame(
            {
                "year": list(years),
                "cumulative": central,
                "low": np.percentile(curves, 5, axis=0),
                "high": np.percentile(curves, 95, axis=0),
            }
        )


def _series_problems(years: np.ndarray, values: np.ndarray, minimum: int) -> None:
    if len(years) < minimum:
        raise DiffusionError(
            f"fitting needs at least {minimum} years with figures (got {len(years)})"
        )
    if np.any(np.diff(years) <= 0):
        raise DiffusionError("the years must be different and in order")
    if not np.all(np.isfinite(values)):
        raise DiffusionError("the series has missing or infinite values; drop those years first")


def fit_bass(
    years: list[int] | np.ndarray, cumulative: list[float] | np.ndarray, launch: int | None = None
) -> BassFit:
    """Fit p, q and m to cumulative adoption by nonlinear least squares (scipy's curve_fit).

    ``launch`` is the year adoption started (default: the year before the first figure).

    >>> t = np.arange(0, 25)
    >>> fit = fit_bass(2000 + t, bass_cumulative(t, 0.02, 0.5, 80.0), launch=2000)
    >>> round(fit.p, 3), round(fit.q, 3), round(fit.m, 1)
    (0.02, 0.5, 80.0)
    """
    from scipy.optimize import curve_fit

    years = np.asarray(years, dtype="float64")
    values = np.asarray(cumulative, dtype="float64")
    _series_problems(years, values, 4)
    if values[-1] <= values[0] or np.ptp(values) <= 0:
        raise DiffusionError("the series never grows, so there is no diffusion to fit")
    start = int(years[0]) - 1 if launch is None else int(launch)
    t = years - start
    if np.any(t < 0):
        raise DiffusionError(f"the launch year {start} is after the first figure ({int(years[0])})")
    guess = (0.01, 0.4, float(values.max()) * 1.2)
    bounds = ([1e-6, 0.0, float(values.max()) * 0.999], [1.0, 1.0, float(values.max()) * 20])
    try:
        params, covariance = curve_fit(
            lambda x, p, q, m: bass_cumulative(x, p, q, m),
            t,
            values,
            p0=guess,
            bounds=bounds,
            maxfev=20000,
        )
    except (RuntimeError, ValueError) as error:
        raise DiffusionError(
            f"the Bass model could not be fitted to this series ({error})"
        ) from None
    fitted = bass_cumulative(t, *params)
    residual = values - fitted
    total = float(np.sum((values - values.mean()) ** 2))
    errors = np.sqrt(np.clip(np.diag(covariance), 0, None))
    return BassFit(
        p=float(params[0]),
        q=float(params[1]),
        m=float(params[2]),
        launch=start,
        standard_errors=tuple(float(e) for e in errors),
        r_squared=1 - float(np.sum(residual**2)) / total,
        rmse=float(np.sqrt(np.mean(residual**2))),
        covariance=tuple(tuple(float(x) for x in row) for row in covariance),
    )


def logit(share: np.ndarray | float) -> np.ndarray:
    """ln(f / (1 - f)): the Fisher-Pry transform of a market share between 0 and 1.

    >>> float(logit(0.5))
    0.0
    """
    share = np.asarray(share, dtype="float64")
    return np.log(share / (1 - share))


def fisher_pry_takeover(slope: float) -> float:
    """Years for the new technology to go from 10% to 90% of the market: ln(81) / slope.

    >>> fisher_pry_takeover(-1)
    Traceback (most recent call last):
    ...
    course_lib.diffusion.DiffusionError: the new technology's share must grow (a positive slope) for a take-over
    """
    if not slope > 0:
        raise DiffusionError(
            "the new technology's share must grow (a positive slope) for a take-over"
        )
    return math.log(81) / slope


def _t_quantile(degrees_of_freedom: int, level: float) -> float:
    """The two-sided ``level`` quantile of Student's t (1.645 for a normal at 90%).

    >>> round(_t_quantile(3, 0.9), 3), round(_t_quantile(10**9, 0.9), 3)
    (2.353, 1.645)
    """
    from scipy.special import stdtrit

    return float(stdtrit(degrees_of_freedom, 0.5 + level / 2))


@dataclass(frozen=True)
class FisherPryFit:
    """A straight line through the logit of the new technology's share.

    ``slope_se`` is the slope's standard error, ``mean_logit_se`` that of the fitted logit at
    ``mean_year`` (the average of the years fitted), and ``degrees_of_freedom`` the number of
    years fitted minus two; together they give the line's uncertainty (0 when not known).
    """

    slope: float
    midpoint: float
    r_squared: float
    slope_se: float = 0.0
    mean_year: float = 0.0
    mean_logit_se: float = 0.0
    degrees_of_freedom: int = 0

    @property
    def takeover_years(self) -> float:
        """Years from 10% to 90% share."""
        return fisher_pry_takeover(self.slope)

    def takeover_range(self, level: float = 0.9) -> tuple[float, float]:
        """A ``level`` range for the take-over time, ln(81) divided by the slope's range.

        The upper end is ``inf`` when the slope's range reaches zero: the data cannot rule
        out that the new technology never takes over.

        >>> fit = FisherPryFit(slope=0.4, midpoint=2010.0, r_squared=0.99, slope_se=0.05,
        ...                    mean_year=2010.0, mean_logit_se=0.1, degrees_of_freedom=8)
        >>> [round(years, 1) for years in fit.takeover_range()]
        [8.9, 14.3]
        """
        if self.degrees_of_freedom < 1:
            return (self.takeover_years, self.takeover_years)
        spread = _t_quantile(self.degrees_of_freedom, level) * self.slope_se
        low_slope, high_slope = self.slope - spread, self.slope + spread
        longest = fisher_pry_takeover(low_slope) if low_slope > 0 else math.inf
        return (fisher_pry_takeover(high_slope), longest)

    def forecast(self, years: list[int] | np.ndarray, level: float = 0.9) -> pd.DataFrame:
        """The fitted share in ``years`` with a ``level`` band from the line's uncertainty
        (``year``, ``share``, ``low``, ``high``). Like the Bass band, it assumes the straight
        logit line is the right model; it does not cover a change of course.

        >>> fit = FisherPryFit(slope=0.4, midpoint=2010.0, r_squared=0.99, slope_se=0.05,
        ...                    mean_year=2010.0, mean_logit_se=0.1, degrees_of_freedom=8)
        >>> fit.forecast([2010, 2016]).round(3).values.tolist()
        [[2010.0, 0.5, 0.454, 0.546], [2016.0, 0.917, 0.86, 0.952]]
        """
        years = np.asarray(years, dtype="float64")
        centre = self.slope * (years - self.midpoint)
        spread = _t_quantile(max(self.degrees_of_freedom, 1), level) * np.sqrt(
            self.mean_logit_se**2 + ((years - self.mean_year) * self.slope_se) ** 2
        )
        if self.degrees_of_freedom < 1:
            spread = np.zeros_like(years)
        return pd.DataFrame(
            {
                "year": years,
                "share": _logistic(centre),
                "low": _logistic(centre - spread),
                "high": _logistic(centre + spread),
            }
        )

    def year_reaching(self, share: float) -> float:
        """The (fractional) year the fitted share reaches ``share``.

        >>> round(FisherPryFit(slope=0.5, midpoint=2010.0, r_squared=1.0).year_reaching(0.9), 2)
        2014.39
        """
        if not 0 < share < 1:
            raise DiffusionError(f"a share must be between 0 and 1 (got {share})")
        return self.midpoint + float(logit(share)) / self.slope

    def share_in(self, years: list[int] | np.ndarray) -> np.ndarray:
        """The fitted share in ``years``."""
        return _logistic(self.slope * (np.asarray(years, dtype="float64") - self.midpoint))


def _logistic(logit_value: np.ndarray) -> np.ndarray:
    """The share whose logit is ``logit_value``: 1 / (1 + e^(-x))."""
    return 1 / (1 + np.exp(-logit_value))


def fit_fisher_pry(years: list[int] | np.ndarray, share: list[float] | np.ndarray) -> FisherPryFit:
    """Fit Fisher and Pry's substitution line: logit(share) = slope * (year - midpoint).

    >>> years = np.arange(2000, 2010)
    >>> fit = fit_fisher_pry(years, 1 / (1 + np.exp(-0.4 * (years - 2005))))
    >>> round(fit.slope, 3), round(fit.midpoint, 1), round(fit.takeover_years, 2)
    (0.4, 2005.0, 10.99)

    The slope's standard error gives a range for the take-over time (here the points lie
    exactly on the line, so the range is a single value):

    >>> [round(years, 2) for years in fit.takeover_range()]
    [10.99, 10.99]
    """
    years = np.asarray(years, dtype="float64")
    share = np.asarray(share, dtype="float64")
    _series_problems(years, share, 3)
    if np.any((share <= 0) | (share >= 1)):
        raise DiffusionError("each share must be strictly between 0 and 1 (write 35% as 0.35)")
    y = logit(share)
    slope, intercept = np.polyfit(years, y, 1)
    if slope <= 0:
        raise DiffusionError(
            "the new technology's share does not grow over these years, so it is not substituting"
        )
    fitted = slope * years + intercept
    total = float(np.sum((y - y.mean()) ** 2))
    squared_error = float(np.sum((y - fitted) ** 2))
    r_squared = 1 - squared_error / total if total > 0 else 1.0
    degrees_of_freedom = len(years) - 2
    residual_variance = squared_error / degrees_of_freedom
    spread_of_years = float(np.sum((years - years.mean()) ** 2))
    return FisherPryFit(
        slope=float(slope),
        midpoint=float(-intercept / slope),
        r_squared=r_squared,
        slope_se=math.sqrt(residual_variance / spread_of_years),
        mean_year=float(years.mean()),
        mean_logit_se=math.sqrt(residual_variance / len(years)),
        degrees_of_freedom=degrees_of_freedom,
    )
