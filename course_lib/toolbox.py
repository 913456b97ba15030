"""The innovation toolbox as small models: each framework a function a learner can run.

- ``innovation_type``: the four types of innovation, from how well the problem and the domain
  are defined;
- ``growth_mode``: the growth matrix (gain, expand, extend, reinvent);
- ``funnel`` and ``ideas_needed``: an innovation funnel screening ideas stage by stage, with
  expected launches and cost per launch, and ``simulate_funnel`` for the spread around them;
- ``competition_overlap``: business competition as overlaps of customers, technology,
  distribution and financial model;
- ``barbell``: technological modeling as a barbell of sustaining work and long bets;
- ``design_filter``: design thinking's desirability, feasibility and viability as a filter;
- ``feedback_loop``: continuous innovation as a loop that closes part of the gap to the
  customers' problem each time round.

Every function is pure and raises a :class:`~course_lib.problems.CourseProblem` with a plain
message for a setting that cannot be modelled.

>>> innovation_type(problem_defined=True, domain_defined=False)
'breakthrough innovation'
>>> growth_mode(new_problem=False, new_customers=True)
'expand'
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .problems import CourseProblem, RulesProblem

#: (problem well defined, domain well defined) -> type, as the source text lays them out.
INNOVATION_TYPES = {
    (False, False): "basic research",
    (True, False): "breakthrough innovation",
    (True, True): "sustaining innovation",
    (False, True): "disruptive innovation",
}


def innovation_type(problem_defined: bool, domain_defined: bool) -> str:
    """The type of innovation for a problem and a domain that are, or are not, well defined.

    >>> [innovation_type(p, d) for p in (True, False) for d in (True, False)]
    ['sustaining innovation', 'breakthrough innovation', 'disruptive innovation', 'basic research']
    """
    return INNOVATION_TYPES[(bool(problem_defined), bool(domain_defined))]


#: (new problem, new customers) -> mode of the growth matrix.
GROWTH_MODES = {
    (False, False): "gain",
    (False, True): "expand",
    (True, False): "extend",
    (True, True): "reinvent",
}


def growth_mode(new_problem: bool, new_customers: bool) -> str:
    """The growth matrix: solve the same or a new problem, for existing or new customers.

    >>> growth_mode(new_problem=True, new_customers=False)
    'extend'
    """
    return GROWTH_MODES[(bool(new_problem), bool(new_customers))]


@dataclass(frozen=True)
class Stage:
    """One gate of a funnel: the share of ideas that pass it and the cost of taking one idea
    through it (in any money unit, the same for every stage)."""

    name: str
    pass_rate: float
    cost_per_idea: float

    def __post_init__(self) -> None:
        if not 0 < self.pass_rate <= 1:
            raise RulesProblem(
                f'the pass rate of "{self.name}" must be above 0 and at most 1 '
                f"(write 25% as 0.25), not {self.pass_rate}"
            )
        if self.cost_per_idea < 0:
            raise RulesProblem(f'the cost per idea of "{self.name}" cannot be negative')


def funnel(ideas: float, stages: Sequence[Stage]) -> pd.DataFrame:
    """Expected ideas entering and leaving each stage, and what each stage costs.

    Each stage costs ``cost_per_idea`` for every idea that enters it; the ideas leaving the
    last stage are the expected launches.

    >>> stages = [Stage("screen", 0.5, 1.0), Stage("build", 0.2, 10.0)]
    >>> funnel(100, stages)[["stage", "entering", "leaving", "cost"]].values.tolist()
    [['screen', 100.0, 50.0, 100.0], ['build', 50.0, 10.0, 500.0]]
    """
    if not stages:
        raise RulesProblem("a funnel needs at least one stage")
    if ideas <= 0:
        raise RulesProblem(f"the funnel needs some ideas to start with, not {ideas}")
    rows, entering = [], float(ideas)
    for stage in stages:
        leaving = entering * stage.pass_rate
        rows.append(
            {
                "stage": stage.name,
                "entering": entering,
                "pass_rate": stage.pass_rate,
                "leaving": leaving,
                "cost": entering * stage.cost_per_idea,
            }
        )
        entering = leaving
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class FunnelOutcome:
    """What a funnel gives: expected launches, total cost and cost per launch."""

    launches: float
    cost: float

    @property
    def cost_per_launch(self) -> float:
        """Total cost divided by expected launches."""
        return self.cost / self.launches


def outcome(ideas: float, stages: Sequence[Stage]) -> FunnelOutcome:
    """Expected launches and total cost of a funnel.

    >>> result = outcome(100, [Stage("screen", 0.5, 1.0), Stage("build", 0.2, 10.0)])
    >>> result.launches, result.cost, result.cost_per_launch
    (10.0, 600.0, 60.0)
    """
    table = funnel(ideas, stages)
    return FunnelOutcome(float(table["leaving"].iloc[-1]), float(table["cost"].sum()))


def ideas_needed(launches: float, stages: Sequence[Stage]) -> int:
    """The fewest ideas (a whole number) whose expected launches reach ``launches``.

    >>> ideas_needed(3, [Stage("screen", 0.5, 1.0), Stage("build", 0.2, 10.0)])
    30
    """
    if launches <= 0:
        raise RulesProblem("the target must be at least some launches")
    survival = math.prod(stage.pass_rate for stage in stages)
    return math.ceil(launches / survival - 1e-9)


def simulate_funnel(
    ideas: int, stages: Sequence[Stage], runs: int = 2000, seed: int = 0
) -> pd.DataFrame:
    """Launches and cost in many simulated runs: each idea passes each stage by chance.

    The mean matches :func:`outcome`; the spread shows how lucky or unlucky one year can be.

    >>> runs = simulate_funnel(100, [Stage("screen", 0.5, 1.0), Stage("build", 0.2, 10.0)])
    >>> bool(9.5 < runs.launches.mean() < 10.5), len(runs)
    (True, 2000)
    """
    rng = np.random.default_rng(seed)
    alive = np.full(runs, int(ideas))
    cost = np.zeros(runs)
    for stage in stages:
        cost += alive * stage.cost_per_idea
        alive = rng.binomial(alive, stage.pass_rate)
    return pd.DataFrame({"launches": alive, "cost": cost})


#: The four ways two companies can overlap, as the source text lists them.
OVERLAPS = ("customers", "technology", "distribution", "financial model")


def competition_overlap(first: Mapping[str, float], second: Mapping[str, float]) -> pd.DataFrame:
    """How far two companies overlap on each dimension: the smaller of their two scores
    (0 to 3: how much of the dimension each puts into the shared space).

    Each mapping scores one company on every dimension in ``OVERLAPS``.

    >>> a = {"customers": 3, "technology": 1, "distribution": 2, "financial model": 0}
    >>> b = {"customers": 2, "technology": 3, "distribution": 2, "financial model": 1}
    >>> competition_overlap(a, b).overlap.tolist()
    [2, 1, 2, 0]
    """
    problems = []
    for label, scores in (("first", first), ("second", second)):
        missing = [name for name in OVERLAPS if name not in scores]
        if missing:
            problems.append(f"the {label} company has no score for {', '.join(missing)}")
        for name, score in scores.items():
            if name not in OVERLAPS:
                problems.append(f'"{name}" is not a dimension; use {", ".join(OVERLAPS)}')
            elif not 0 <= score <= 3:
                problems.append(f"{name} must be scored 0 to 3, not {score}")
    if problems:
        raise RulesProblem("; ".join(problems))
    return pd.DataFrame(
        {
            "dimension": list(OVERLAPS),
            "first": [first[name] for name in OVERLAPS],
            "second": [second[name] for name in OVERLAPS],
            "overlap": [min(first[name], second[name]) for name in OVERLAPS],
        }
    )


def barbell(projects: Mapping[str, tuple[float, str]]) -> pd.DataFrame:
    """Technological modeling's barbell: the share of effort on sustaining work, on long bets,
    and in the middle (bets neither safe nor bold), from projects given as name ->
    (effort, kind) with kind one of "sustaining", "middle", "long bet".

    >>> barbell({"A": (6, "sustaining"), "B": (3, "long bet"), "C": (1, "middle")}).share.tolist()
    [0.6, 0.1, 0.3]
    """
    kinds = ("sustaining", "middle", "long bet")
    totals = dict.fromkeys(kinds, 0.0)
    for name, (effort, kind) in projects.items():
        if kind not in kinds:
            raise RulesProblem(f'{name}: "{kind}" is not one of {", ".join(kinds)}')
        if effort < 0:
            raise RulesProblem(f"{name}: effort cannot be negative")
        totals[kind] += effort
    whole = sum(totals.values())
    if whole <= 0:
        raise CourseProblem("the projects have no effort in total")
    return pd.DataFrame({"kind": kinds, "share": [totals[kind] / whole for kind in kinds]})


@dataclass(frozen=True)
class DesignVerdict:
    """Which of desirability, feasibility and viability an idea fails, if any."""

    passes: bool
    failing: tuple[str, ...]

    def describe(self) -> str:
        """The verdict in one sentence.

        >>> DesignVerdict(False, ("viability",)).describe()
        'The idea fails on viability: rework it before building it.'
        """
        if self.passes:
            return "The idea is desirable, feasible and viable: it passes the filter."
        return f"The idea fails on {' and '.join(self.failing)}: rework it before building it."


def design_filter(
    desirability: float, feasibility: float, viability: float, line: float = 3
) -> DesignVerdict:
    """Design thinking's three lenses as a filter: every score (1 to 5) must reach ``line``.

    >>> design_filter(5, 4, 2).failing
    ('viability',)
    """
    scores = {"desirability": desirability, "feasibility": feasibility, "viability": viability}
    for name, score in scores.items():
        if not 1 <= score <= 5:
            raise RulesProblem(f"{name} is scored 1 to 5, not {score}")
    failing = tuple(name for name, score in scores.items() if score < line)
    return DesignVerdict(not failing, failing)


def feedback_loop(
    share_closed: float, weeks_per_loop: int, weeks: int = 52, gap: float = 1.0
) -> pd.DataFrame:
    """Continuous innovation as a feedback loop, week by week: each completed loop (build,
    show it to customers, learn) closes ``share_closed`` of the gap that remains between the
    product and the customers' problem, so after ``n`` loops the gap is
    ``gap * (1 - share_closed) ** n``.

    >>> feedback_loop(0.5, weeks_per_loop=2, weeks=4).gap.tolist()
    [1.0, 1.0, 0.5, 0.5, 0.25]
    >>> feedback_loop(0.5, weeks_per_loop=0)
    Traceback (most recent call last):
    ...
    course_lib.problems.RulesProblem: a loop takes at least one week, not 0
    """
    if not 0 <= share_closed <= 1:
        raise RulesProblem(
            f"the share of the gap a loop closes is between 0 and 1 (write 20% as 0.2), "
            f"not {share_closed}"
        )
    if weeks_per_loop < 1:
        raise RulesProblem(f"a loop takes at least one week, not {weeks_per_loop}")
    week = np.arange(int(weeks) + 1)
    loops = week // int(weeks_per_loop)
    return pd.DataFrame({"week": week, "loops": loops, "gap": gap * (1 - share_closed) ** loops})
