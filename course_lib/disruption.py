"""Disruption as trajectories: the performance products supply against what markets demand.

Each trajectory grows by a fixed share a year from a starting level (a straight line on a
log scale, as Christensen drew them). An entrant that starts below what the mainstream needs
but improves faster than the mainstream's needs eventually becomes good enough: that year
is the crossing.

>>> crossing_year(start_year=1980, supply=10.0, supply_rate=0.4, demand=100.0, demand_rate=0.1)
1990
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from .problems import CourseProblem


class TrajectoryError(CourseProblem):
    """A trajectory setting that cannot describe performance (a negative level, a rate of -100%)."""


def _check(name: str, level: float, rate: float) -> None:
    if not level > 0:
        raise TrajectoryError(f"{name} must start above zero (got {level})")
    if not rate > -1:
        raise TrajectoryError(
            f"{name} cannot shrink by 100% or more a year (got a rate of {rate:.0%})"
        )


def trajectory(
    level: float, rate: float, years: range | list[int], start_year: int | None = None
) -> pd.Series:
    """Performance year by year: ``level`` in ``start_year``, growing by ``rate`` a year.

    >>> trajectory(10.0, 0.5, range(2000, 2003)).tolist()
    [10.0, 15.0, 22.5]
    """
    _check("performance", level, rate)
    years = list(years)
    first = years[0] if start_year is None else start_year
    return pd.Series(
        [level * (1 + rate) ** (year - first) for year in years], index=years, dtype="float64"
    )


def crossing_time(
    supply: float, supply_rate: float, demand: float, demand_rate: float
) -> float | None:
    """Years until ``supply`` (growing at ``supply_rate``) reaches ``demand`` (growing at
    ``demand_rate``); 0 if it already does, None if it never will.

    >>> round(crossing_time(10.0, 0.4, 100.0, 0.1), 2)  # ln(100/10) / ln(1.4/1.1)
    9.55
    >>> crossing_time(10.0, 0.1, 100.0, 0.2) is None
    True
    """
    _check("supply", supply, supply_rate)
    _check("demand", demand, demand_rate)
    if supply >= demand:
        return 0.0
    if supply_rate <= demand_rate:
        return None
    return math.log(demand / supply) / math.log((1 + supply_rate) / (1 + demand_rate))


def crossing_year(
    start_year: int, supply: float, supply_rate: float, demand: float, demand_rate: float
) -> int | None:
    """The first whole year in which supply meets demand (None if never).

    >>> crossing_year(2000, 50.0, 0.3, 40.0, 0.1)
    2000
    """
    time = crossing_time(supply, supply_rate, demand, demand_rate)
    return None if time is None else start_year + math.ceil(time - 1e-9)


@dataclass(frozen=True)
class Market:
    """The simulator's settings: two products and two tiers of customers, in one unit."""

    start_year: int = 1980
    years: int = 25
    incumbent: float = 100.0
    incumbent_rate: float = 0.30
    entrant: float = 10.0
    entrant_rate: float = 0.40
    mainstream: float = 80.0
    mainstream_rate: float = 0.15
    low_end: float = 8.0
    low_end_rate: float = 0.15
    #: Non-consumers: people who bought nothing, because the incumbent's product was too costly
    #: or too complicated for them. They need less than the low end; None leaves them out.
    non_consumers: float | None = None
    non_consumers_rate: float = 0.15

    def __post_init__(self) -> None:
        if not 1 <= self.years <= 200:
            raise TrajectoryError(f"the simulation needs 1 to 200 years (got {self.years})")
        for name in ("incumbent", "entrant", "mainstream", "low_end", "non_consumers"):
            if getattr(self, name) is not None:
                _check(name.replace("_", "-"), getattr(self, name), getattr(self, f"{name}_rate"))


@dataclass(frozen=True)
class Outcome:
    """What the simulation shows, year by year and in one sentence."""

    lines: pd.DataFrame
    entrant_serves_low_end: int | None
    entrant_serves_mainstream: int | None
    incumbent_overshoots_mainstream: int | None
    entrant_serves_non_consumers: int | None = None

    @property
    def foothold(self) -> str | None:
        """Where the entrant is good enough first: ``"new market"`` (non-consumers),
        ``"low end"``, ``"both"`` (the same year), or None if it serves neither in the period.

        >>> simulate(Market(low_end=20.0, non_consumers=5.0)).foothold
        'new market'
        >>> simulate(Market()).foothold, simulate(Market(non_consumers=5.0)).foothold
        ('low end', 'both')
        """
        low_end, new = self.entrant_serves_low_end, self.entrant_serves_non_consumers
        if new is None or (low_end is not None and low_end < new):
            return "low end" if low_end is not None else None
        if low_end is None or new < low_end:
            return "new market"
        return "both"

    def describe(self) -> str:
        """The story of the simulation in words.

        >>> print(simulate(Market(low_end=20.0, non_consumers=5.0)).describe())
        The incumbent offers more than mainstream customers need from 1980; the entrant is good enough for non-consumers from 1980, for low-end customers from 1984 and for the mainstream from 1991. Its foothold is a new market: people who bought nothing before.
        """
        parts = []
        if self.incumbent_overshoots_mainstream is not None:
            parts.append(
                "the incumbent offers more than mainstream customers need from "
                f"{self.incumbent_overshoots_mainstream}"
            )
        served = []
        if self.entrant_serves_non_consumers is not None:
            served.append(f"for non-consumers from {self.entrant_serves_non_consumers}")
        if self.entrant_serves_low_end is not None:
            served.append(f"for low-end customers from {self.entrant_serves_low_end}")
        if self.entrant_serves_mainstream is not None:
            served.append(f"for the mainstream from {self.entrant_serves_mainstream}")
        if served:
            listed = served[0] if len(served) == 1 else f"{', '.join(served[:-1])} and {served[-1]}"
            parts.append(f"the entrant is good enough {listed}")
        if self.entrant_serves_mainstream is None:
            parts.append("the entrant never becomes good enough for the mainstream in this period")
        text = "; ".join(parts)
        text = text[0].upper() + text[1:] + "."
        footholds = {
            "new market": "a new market: people who bought nothing before",
            "low end": "the low end: customers the incumbent overserves",
            "both": "the low end and a new market at once",
        }
        if self.foothold is not None and self.entrant_serves_non_consumers is not None:
            text += f" Its foothold is {footholds[self.foothold]}."
        return text


def simulate(market: Market) -> Outcome:
    """Run the trajectories and find the crossings.

    >>> outcome = simulate(Market())
    >>> outcome.entrant_serves_mainstream, outcome.incumbent_overshoots_mainstream
    (1991, 1980)
    """
    years = range(market.start_year, market.start_year + market.years + 1)
    lines = {
        "Incumbent's product": trajectory(market.incumbent, market.incumbent_rate, years),
        "Entrant's product": trajectory(market.entrant, market.entrant_rate, years),
        "Mainstream customers need": trajectory(market.mainstream, market.mainstream_rate, years),
        "Low-end customers need": trajectory(market.low_end, market.low_end_rate, years),
    }
    if market.non_consumers is not None:
        lines["Non-consumers need"] = trajectory(
            market.non_consumers, market.non_consumers_rate, years
        )
    long = pd.concat(lines, names=["line", "year"]).rename("performance").reset_index()
    end = market.start_year + market.years

    def reached(supply: float, supply_rate: float, demand: float | None, demand_rate: float):
        if demand is None:
            return None
        year = crossing_year(market.start_year, supply, supply_rate, demand, demand_rate)
        return year if year is not None and year <= end else None

    entrant = (market.entrant, market.entrant_rate)
    return Outcome(
        lines=long,
        entrant_serves_low_end=reached(*entrant, market.low_end, market.low_end_rate),
        entrant_serves_mainstream=reached(*entrant, market.mainstream, market.mainstream_rate),
        incumbent_overshoots_mainstream=reached(
            market.incumbent, market.incumbent_rate, market.mainstream, market.mainstream_rate
        ),
        entrant_serves_non_consumers=reached(
            *entrant, market.non_consumers, market.non_consumers_rate
        ),
    )
