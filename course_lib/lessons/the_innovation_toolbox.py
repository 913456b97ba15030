"""Lesson 8, the innovation toolbox: the explorers and the lesson's exercises.

The models are in :mod:`course_lib.toolbox` and the notebook calls them openly (a funnel's
expected launches, the overlap of two companies, a portfolio's barbell). This module holds only
what is particular to the lesson: the cases the course places on the two matrices, each with
the course's reason; the explorers; and the exercises with their checks.
"""

from __future__ import annotations

import math
from functools import cache
from typing import TYPE_CHECKING, NamedTuple

import pandas as pd

from .. import charts, data, toolbox, widgets
from ..exercises import FunctionCheck, MultipleChoice, Numeric

if TYPE_CHECKING:
    import altair as alt

# ------------------------------------------------------------------------ the two matrices


class Reading(NamedTuple):
    """The course's answer to a matrix's two yes/no questions for one case, and why."""

    first: bool
    second: bool
    reason: str


#: Four types of innovation: (is the problem well defined?, is the domain well defined?).
#: These are the course's readings, with its reasons; the learner may read a case otherwise.
TYPE_CASES: dict[str, Reading] = {
    "Bigger disk drives": Reading(
        True,
        True,
        "The problem (more megabytes per drive for the computer makers already buying them) "
        "and the domain (magnetic recording, the drive makers' own engineering) were both well "
        "known: sustaining innovation, like the disk-drive makers of lesson 4.",
    ),
    "Concorde": Reading(
        True,
        False,
        "The problem was precise (carry airline passengers across the Atlantic at twice the "
        "speed of sound), but no airliner had flown faster than sound: the aerodynamics, "
        "engines and materials had to be found. A breakthrough, as lesson 4 reads it.",
    ),
    "Netflix's DVDs by mail": Reading(
        False,
        True,
        "The domain was well known (DVDs, the post, a web site); the problem was not: which "
        "customers wanted what Blockbuster's stores did not give them, and how to earn money "
        "from them. Finding that out is a business-model question: disruptive innovation.",
    ),
    "Quantum theory of solids": Reading(
        False,
        False,
        "University physicists studied how electrons move in solids with no device in view and "
        "no settled field to build on; the transistor was later built on what they found: "
        "basic research.",
    ),
}

#: The growth matrix: (a new problem to solve?, new customers?); the course's readings.
GROWTH_CASES: dict[str, Reading] = {
    "Blockbuster's Total Access": Reading(
        False,
        False,
        "The same problem (renting a film) for Blockbuster's existing online subscribers, who "
        "could now also return mailed DVDs to a store: gain mode.",
    ),
    "Netflix streaming abroad": Reading(
        False,
        True,
        "The same service, films streamed for a monthly fee, offered to new customers in other "
        "countries: expand mode.",
    ),
    "IBM's services": Reading(
        True,
        False,
        "A new problem (making many machines and programs work together, and running them) "
        "solved for customers who already bought IBM's hardware: extend mode (lesson 1).",
    ),
    "Fujifilm's skincare": Reading(
        True,
        True,
        "A new problem (ageing skin) for new customers (people who never bought film), built on "
        "chemistry Fujifilm knew from film: reinvent mode.",
    ),
}

#: Each matrix: its cases, its quadrant names by (first, second), its two questions and the
#: words for "no" and "yes" on each axis.
MATRICES = {
    "types": (
        TYPE_CASES,
        toolbox.INNOVATION_TYPES,
        ("Is the problem well defined?", "Is the domain well defined?"),
        ("no", "yes"),
    ),
    "growth": (
        GROWTH_CASES,
        toolbox.GROWTH_MODES,
        ("A new problem to solve?", "New customers?"),
        ("no: the same", "yes: new"),
    ),
}
YES_NO = {"yes": True, "no": False}


@cache
def _placement(
    matrix: str, case: str, first: str, second: str
) -> tuple[alt.LayerChart, pd.DataFrame]:
    """Where the learner placed ``case`` and where the course places it, with the reason."""
    cases, names, questions, ticks = MATRICES[matrix]
    reading = cases[case]
    mine, course = (YES_NO[first], YES_NO[second]), (reading.first, reading.second)
    placed = pd.DataFrame(
        {
            "case": [case, case],
            "across": [mine[0], course[0]],
            "up": [mine[1], course[1]],
            "who": ["you", "course"],
        }
    )
    if mine == course:
        title = f"{case}: {names[mine]}, as the course reads it too"
        verdict = f"You placed {case} in {names[mine]}, where the course places it too."
    else:
        title = f"{case}: you say {names[mine]}, the course {names[course]}"
        verdict = f"You placed {case} in {names[mine]}; the course places it in {names[course]}."
    chart = charts.quadrant_chart(
        placed, x="across", y="up", label="case", kind="who", quadrants=names,
        title=title,
        description=f"{verdict} Why: {reading.reason}",
        x_title=questions[0], y_title=questions[1], ticks=ticks,
    )  # fmt: skip
    table = placed.rename(columns={"across": questions[0], "up": questions[1]})
    table["quadrant"] = [names[mine], names[course]]
    return chart, table


def _placer(matrix: str) -> widgets.Figure:
    cases, _, questions, _ = MATRICES[matrix]
    controls = {
        "case": widgets.choice("Case", list(cases)),
        "first": widgets.choice(questions[0], ["yes", "no"]),
        "second": widgets.choice(questions[1], ["yes", "no"]),
    }

    def build(case: str, first: str, second: str) -> tuple[alt.LayerChart, pd.DataFrame]:
        return _placement(matrix, case, first, second)

    return widgets.explore(build, controls, citation="The placements are the course's readings.")


def types_explorer() -> widgets.Figure:
    """Place a case on the four types of innovation by answering the two questions; the chart
    shows your placement beside the course's, and the description says why.

    >>> shown = types_explorer()
    >>> "Bigger disk drives" in shown.chart.spec["description"]
    True
    """
    return _placer("types")


def growth_explorer() -> widgets.Figure:
    """Place a case on the growth matrix (gain, expand, extend, reinvent).

    >>> "gain mode" in growth_explorer().chart.spec["description"]
    True
    """
    return _placer("growth")


# ---------------------------------------------------------------------------- the funnel

#: The stages of Stevens and Burley's funnel, named for the work done on the ideas that enter
#: each, with the metric that counts those ideas in the ``innovation_funnel`` case.
STAGES = (
    ("raw idea", "raw_ideas"),
    ("minimal action", "ideas_with_minimal_action"),
    ("small project", "small_projects"),
    ("significant project", "significant_projects"),
    ("major development", "major_developments"),
    ("launch", "launches"),
)
#: Cost of taking one idea through each stage, in units where considering one raw idea costs
#: 1. An ASSUMPTION of the course (each stage ten times the one before), not a published figure.
ASSUMED_COSTS = (1, 10, 100, 1_000, 10_000, 100_000)
#: The lesson's question: which stage, its pass rate raised by this many percentage points,
#: gives the most commercial successes, and which the cheapest?
RAISE_BY = 10


def published_counts() -> pd.Series:
    """Stevens and Burley's counts at each level of the funnel, from 3,000 raw ideas down to
    one commercial success, by metric name.

    >>> float(published_counts()["launches"])
    1.7
    """
    frame = data.load("innovation_funnel")
    return frame.set_index("metric")["value"].sort_values(ascending=False)


def published_rates() -> list[float]:
    """The share of ideas passing each stage, from one level's count to the next.

    >>> [round(rate, 3) for rate in published_rates()]
    [0.1, 0.417, 0.072, 0.444, 0.425, 0.588]
    """
    counts = published_counts()
    return [float(counts.iloc[i + 1] / counts.iloc[i]) for i in range(len(STAGES))]


def published_stages(costs: tuple[float, ...] = ASSUMED_COSTS) -> list[toolbox.Stage]:
    """The published funnel as ``toolbox.Stage`` objects, with the course's assumed costs."""
    return [
        toolbox.Stage(name, rate, cost)
        for (name, _), rate, cost in zip(STAGES, published_rates(), costs, strict=True)
    ]


def _funnel_citation() -> str:
    return (
        data.citation(data.load("innovation_funnel"))
        + " Costs per stage are the course's assumption."
    )


@cache
def _funnel_view(
    rates: tuple[float, ...], ideas: int = 3000
) -> tuple[alt.LayerChart, pd.DataFrame]:
    stages = [
        toolbox.Stage(name, rate / 100, cost)
        for (name, _), rate, cost in zip(STAGES, rates, ASSUMED_COSTS, strict=True)
    ]
    table = toolbox.funnel(ideas, stages)
    result = toolbox.outcome(ideas, stages)
    launches = float(table["leaving"].iloc[-2])
    levels = pd.DataFrame(
        {
            "level": [f"{name} stage" for name, _ in STAGES] + ["commercial successes"],
            "ideas": [*table["entering"], result.launches],
        }
    )
    description = (
        f"From {ideas:,} raw ideas: {launches:.3g} expected launches and {result.launches:.3g} "
        f"expected commercial successes, for {result.cost:,.0f} cost units in all, "
        f"{result.cost_per_launch:,.0f} per success. Each bar counts the ideas entering a "
        "stage (log scale). Pass rates are yours to set; the costs per stage are the course's "
        "assumption."
    )
    chart = charts.funnel_chart(
        levels, label="level", value="ideas", value_title="Ideas entering (expected)",
        title=f"Expected commercial successes: {result.launches:.3g}, at "
        f"{result.cost_per_launch:,.0f} cost units each",
        description=description,
    )  # fmt: skip
    shown = table.assign(pass_rate=table.pass_rate.round(3), entering=table.entering.round(2))
    return chart, shown.drop(columns="leaving").round(2)


def funnel_explorer() -> widgets.Figure:
    """Stevens and Burley's funnel with a slider for each stage's pass rate (in percent),
    starting from the published rates; the chart and its title give the expected commercial
    successes from 3,000 raw ideas and the cost of each, with the course's assumed costs.

    >>> shown = funnel_explorer()
    >>> shown.chart.spec["title"]
    'Expected commercial successes: 1, at 237,500 cost units each'
    """
    published = published_rates()
    controls = {
        f"rate_{i}": widgets.slider(
            f"{name.capitalize()} stage: % passing", 0.5, 100, 100 * rate, step=0.01
        )
        for i, ((name, _), rate) in enumerate(zip(STAGES, published, strict=True))
    }

    def build(**rates: float) -> tuple[alt.LayerChart, pd.DataFrame]:
        return _funnel_view(tuple(float(rates[f"rate_{i}"]) for i in range(len(STAGES))))

    # The lesson asks which stage, raised by 10 percentage points, gives the most successes
    # and the cheapest: the static site offers each, besides each slider's main values.
    raised = [{name: control.value + RAISE_BY} for name, control in controls.items()]
    return widgets.explore(
        build,
        controls,
        citation=_funnel_citation(),
        lesson_settings=raised,
        site_limit=1 + len(raised) + 2 * len(controls),
    )


# ---------------------------------------------------------------- business competition

#: The course's scores for Netflix and Blockbuster in 2007, the year Netflix started streaming
#: and Blockbuster ran Total Access: how much of each dimension lies in the space the two share
#: (0 none, 3 all or nearly all). A judgement, with the reasons in ``SCORE_REASONS``.
COURSE_SCORES = {
    "Netflix": {"customers": 3, "technology": 2, "distribution": 3, "financial model": 3},
    "Blockbuster": {"customers": 3, "technology": 1, "distribution": 1, "financial model": 1},
}
SCORE_REASONS = {
    "customers": "Both served households in the United States that rent films to watch at home.",
    "technology": "Both ran a web site and DVD-by-mail distribution centres; Netflix's business "
    "was mostly that, Blockbuster's mostly store systems.",
    "distribution": "Netflix delivered only by post (streaming was just starting); Blockbuster "
    "mostly through its stores, with mail for its online subscribers.",
    "financial model": "Netflix earned monthly subscriptions with no late fees; Blockbuster "
    "mostly rentals paid one by one in its stores, with subscriptions for its online service.",
}


@cache
def _competition_view(
    first: str, second: str, scores: tuple[tuple[float, ...], tuple[float, ...]]
) -> tuple[alt.LayerChart, pd.DataFrame]:
    first = first.strip() or "First company"
    second = second.strip() or "Second company"
    if first == second:
        second = f"{second} (2)"
    one, two = (dict(zip(toolbox.OVERLAPS, side, strict=True)) for side in scores)
    table = toolbox.competition_overlap(one, two).rename(columns={"first": first, "second": second})
    long = table.melt(id_vars="dimension", var_name="who", value_name="score")
    most = table.set_index("dimension")["overlap"]
    where = [name for name in toolbox.OVERLAPS if most[name] == most.max() and most.max() > 0]
    said = (
        f"They compete most on {' and '.join(where)} (overlap {most.max():g} of 3)."
        if where
        else "They do not overlap on any dimension."
    )
    chart = charts.grouped_bar_chart(
        long, category="dimension", value="score", group="who", value_max=4.2,
        value_ticks=[0, 1, 2, 3],
        value_title="Score, 0 (none) to 3 (all), and the overlap (the smaller score)",
        title=f"Where {first} and {second} compete",
        description=f"{said} Each dimension shows both companies' scores and their overlap, "
        "the smaller of the two. The scores are yours.",
    )  # fmt: skip
    return chart, table


def competition_explorer() -> widgets.Figure:
    """Score two companies on the four dimensions of business competition and see where they
    overlap; the sliders start at the course's scores for Netflix and Blockbuster in 2007.

    >>> shown = competition_explorer()
    >>> shown.chart.spec["title"]
    'Where Netflix and Blockbuster compete'
    """
    import ipywidgets

    names = list(COURSE_SCORES)
    controls: dict[str, ipywidgets.ValueWidget] = {
        "first": ipywidgets.Text(
            value=names[0], description="First company", style={"description_width": "initial"}
        ),
        "second": ipywidgets.Text(
            value=names[1], description="Second company", style={"description_width": "initial"}
        ),
    }
    for side, company in (("first", names[0]), ("second", names[1])):
        for i, dimension in enumerate(toolbox.OVERLAPS):
            label = f"{'First' if side == 'first' else 'Second'}: {dimension}"
            controls[f"{side}_{i}"] = widgets.slider(label, 0, 3, COURSE_SCORES[company][dimension])

    def build(first: str, second: str, **scores: int) -> tuple[alt.LayerChart, pd.DataFrame]:
        count = len(toolbox.OVERLAPS)
        sides = tuple(
            tuple(float(scores[f"{side}_{i}"]) for i in range(count))
            for side in ("first", "second")
        )
        return _competition_view(first, second, sides)

    # On the static site each score slider can be moved to each of its four scores (one
    # slider at a time): the lesson asks the reader to change them.
    sliders = len(controls) - 2
    return widgets.explore(
        build,
        controls,
        citation="The scores are judgements: yours, or the course's.",
        site_limit=1 + 3 * sliders,
    )


# ------------------------------------------------------------- the loop and the barbell


@cache
def _loop_view(weeks_a: int, weeks_b: int, share: float) -> tuple[alt.Chart, pd.DataFrame]:
    teams = {f"a loop every {weeks_a} weeks": weeks_a, f"a loop every {weeks_b} weeks": weeks_b}
    if weeks_a == weeks_b:
        teams = {f"a loop every {weeks_a} weeks": weeks_a}
    parts = [
        toolbox.feedback_loop(share / 100, weeks_per_loop=weeks).assign(team=team)
        for team, weeks in teams.items()
    ]
    frame = pd.concat(parts, ignore_index=True)
    ends = frame.groupby("team", sort=False)["gap"].last()
    said = "; ".join(f"{team}: {gap:.0%} of the gap left" for team, gap in ends.items())
    chart = charts.step_chart(
        frame, x="week", y="gap", series="team", x_title="Week",
        y_title="Gap left between product and problem",
        title="After a year of feedback loops", description=f"After 52 weeks, {said}. Each "
        f"completed loop closes {share:g}% of the gap that remains (your setting, not a measured "
        "figure).",
    )  # fmt: skip
    table = frame.pivot(index="week", columns="team", values="gap").round(3).reset_index()
    table.columns.name = None
    return chart, table


def loop_explorer() -> widgets.Figure:
    """Two teams run the same feedback loop at different speeds: how much of the gap between
    their product and the customers' problem is left after a year?

    >>> shown = loop_explorer()
    >>> "of the gap left" in shown.chart.spec["description"]
    True
    """
    controls = {
        "weeks_a": widgets.slider("Team A: weeks per loop", 1, 26, 4),
        "weeks_b": widgets.slider("Team B: weeks per loop", 1, 26, 13),
        "share": widgets.slider("Each loop closes (% of the gap left)", 5, 50, 20),
    }
    return widgets.explore(
        _loop_view, controls, citation="A model: every setting is yours, not measured data."
    )


KINDS = ("sustaining", "middle", "long bet")
#: Nagji and Tuff's three kinds of initiative, read onto the barbell (the course's mapping).
PORTFOLIO_KINDS = {"core": "sustaining", "adjacent": "middle", "transformational": "long bet"}


def published_portfolio() -> pd.Series:
    """Nagji and Tuff's split of outperforming firms' innovation resources (percent), by the
    barbell's kinds.

    >>> published_portfolio().tolist()
    [70.0, 20.0, 10.0]
    """
    frame = data.load("innovation_portfolio").set_index("metric")["value"]
    return pd.Series(
        {
            kind: frame[f"share_of_innovation_resources_{name}"]
            for name, kind in PORTFOLIO_KINDS.items()
        }
    )


@cache
def _barbell_view(
    sustaining: int, middle: int, long_bets: int
) -> tuple[alt.LayerChart, pd.DataFrame]:
    efforts = {"sustaining work": (sustaining, "sustaining"), "the middle": (middle, "middle"),
               "long bets": (long_bets, "long bet")}  # fmt: skip
    shares = toolbox.barbell(efforts)
    published = published_portfolio() / 100
    both = pd.concat(
        [
            shares.assign(who="your portfolio"),
            pd.DataFrame({"kind": KINDS, "share": published.to_numpy(), "who": "Nagji and Tuff"}),
        ],
        ignore_index=True,
    )
    middle_share = float(shares.set_index("kind").share["middle"])
    chart = charts.grouped_bar_chart(
        both, category="kind", value="share", group="who", value_max=1.35, value_format=".0%",
        value_ticks=[0, 0.25, 0.5, 0.75, 1],
        value_title="Share of innovation effort", title=f"Your portfolio: {middle_share:.0%} "
        "in the middle", description=f"Your split of effort between sustaining work, the middle "
        f"and long bets ({middle_share:.0%} in the middle; a barbell keeps the middle small), "
        "beside the split of the outperforming firms in Nagji and Tuff's study (core read as "
        "sustaining, adjacent as the middle, transformational as long bets).",
    )  # fmt: skip
    return chart, both.round(3)


def barbell_explorer() -> widgets.Figure:
    """Split effort between sustaining work, the middle and long bets; compare with the split
    of the outperforming firms in Nagji and Tuff's study.

    >>> barbell_explorer().chart.spec["title"]
    'Your portfolio: 20% in the middle'
    """
    controls = {
        "sustaining": widgets.slider("Sustaining work", 0, 100, 70),
        "middle": widgets.slider("The middle", 0, 100, 20),
        "long_bets": widgets.slider("Long bets", 0, 100, 10),
    }
    return widgets.explore(
        _barbell_view, controls, citation=data.citation(data.load("innovation_portfolio"))
    )


# ------------------------------------------------------------------------ design thinking

LENSES = ("desirability", "feasibility", "viability")
#: The course's scores for Concorde on the three lenses (lesson 4's reading; a judgement).
CONCORDE_SCORES = {"desirability": 3, "feasibility": 5, "viability": 1}


@cache
def _design_view(
    desirability: int, feasibility: int, viability: int, line: int
) -> tuple[alt.LayerChart, pd.DataFrame]:
    verdict = toolbox.design_filter(desirability, feasibility, viability, line=line)
    scores = pd.DataFrame(
        {"lens": LENSES, "score": [desirability, feasibility, viability], "who": "your idea"}
    )
    chart = charts.grouped_bar_chart(
        scores, category="lens", value="score", group="who", value_max=6.2,
        value_ticks=[0, 1, 2, 3, 4, 5],
        value_title="Score, 1 (poor) to 5 (strong)", line=line, line_label=f"the line: {line}",
        title=verdict.describe(), description=f"{verdict.describe()} An idea passes only if "
        "every lens reaches the line: a strong score on one lens does not make up for a weak one.",
    )  # fmt: skip
    return chart, scores.drop(columns="who")


def design_explorer() -> widgets.Figure:
    """Score an idea on desirability, feasibility and viability; the filter says whether it
    passes and, if not, on which lens it fails.

    >>> design_explorer().chart.spec["title"]
    'The idea is desirable, feasible and viable: it passes the filter.'
    """
    controls = {lens: widgets.slider(lens.capitalize(), 1, 5, 3) for lens in LENSES}
    controls["line"] = widgets.slider("The line every lens must reach", 1, 5, 3)
    # The static site offers every score of each slider (one at a time) and the course's
    # scores for Concorde, which the lesson puts through the filter.
    return widgets.explore(
        _design_view,
        controls,
        citation="The scores are yours.",
        lesson_settings=[CONCORDE_SCORES],
        site_limit=1 + 4 * len(controls) + 1,
    )


# ----------------------------------------------------------------------------- exercises

four_types = MultipleChoice(
    "In the eighteenth century the British Parliament offered a prize for a way to find a "
    "ship's longitude at sea, and stated how accurate it had to be. Astronomers expected the "
    "answer to come from the stars; it came from a clockmaker, John Harrison, whose clocks kept "
    "time at sea. Which of the four types of innovation was it?",
    {
        "a": "basic research",
        "b": "breakthrough innovation",
        "c": "sustaining innovation",
        "d": "disruptive innovation",
    },
    answer="b",
    explanations={
        "a": "Basic research has neither a defined problem nor a defined domain; here the "
        "problem was stated down to the accuracy required.",
        "b": "The problem was well defined, the domain was not: the experts looked in "
        "astronomy, and the answer came from clockmaking.",
        "c": "Sustaining innovation works on a known problem in a known domain; here nobody knew "
        "which field would solve it.",
        "d": "Disruptive innovation has a known domain and an ill-defined problem; here the "
        "problem was the part everyone knew.",
    },
    hint="Ask the two questions: could the problem be stated precisely? Did anyone know which "
    "field of knowledge would solve it?",
)

growth = MultipleChoice(
    "Amazon began renting out computing infrastructure (servers and storage) to software "
    "developers and companies, through Amazon Web Services. For Amazon, which mode of the "
    "growth matrix was that?",
    {"a": "gain", "b": "expand", "c": "extend", "d": "reinvent"},
    answer="d",
    explanations={
        "a": "Gain solves the same problem for existing customers; renting computing is not "
        "what Amazon's shoppers came to it for.",
        "b": "Expand takes the same offer to new customers; here the offer (computing) was new "
        "too.",
        "c": "Extend solves a new problem for existing customers; the developers and companies "
        "renting servers were new customers, not Amazon's shoppers.",
        "d": "A new problem (computing capacity on demand) for new customers (developers and "
        "companies): reinvent mode.",
    },
    hint="Ask two questions: is the problem solved new for Amazon? Are the customers new?",
)


def _successes(
    ideas: float = 4500, small_project_rate: float = 0.15, stage: int = 2, last: int = 6
) -> float:
    rates = published_rates()
    rates[stage] = small_project_rate
    return ideas * math.prod(rates[:last])


successes = Numeric(
    "A firm improves one stage of the published funnel: its small projects now become "
    "significant projects at 15% instead of the published 9 of 125. With every other stage at "
    "its published rate, how many commercial successes should it expect from 4,500 raw ideas? "
    "Build the stages with cl.toolbox.Stage and compute it with cl.toolbox.outcome; assign it "
    "to `successes`.",
    answer=_successes,
    tolerance=0.01,
    asks_for_code=True,
    mistakes={
        "that is the expected launches: a launched product still has to pass the last stage "
        "to become a commercial success.": lambda _right: _successes(last=5),
        "that is the published funnel: the small-project stage should pass 15%, not 9 of 125.": (
            lambda _right: _successes(small_project_rate=published_rates()[2])
        ),
        "that is for 3,000 raw ideas; the firm starts with 4,500.": lambda _right: _successes(
            ideas=3000
        ),
        "you changed the stage after the small projects (significant projects); the 15% "
        "applies to the small-project stage, whose ideas become significant projects.": (
            lambda _right: _successes(stage=3)
        ),
        "you changed the stage before the small projects (minimal action); the 15% applies to "
        "the small-project stage.": lambda _right: _successes(stage=1),
    },
    hint="Copy the list of stages from above, change the pass rate of the 'small project' stage "
    "to 0.15, and call cl.toolbox.outcome(4500, stages).launches: with the launch stage "
    "included, what leaves the last stage is the commercial successes.",
)


def _cost_per_success(ideas: float, pass_rates: list[float], costs: list[float]) -> float:
    entering, total = float(ideas), 0.0
    for rate, cost in zip(pass_rates, costs, strict=True):
        total += entering * cost
        entering *= rate
    return total / entering


def _charged_on_leaving(ideas: float, pass_rates: list[float], costs: list[float]) -> float:
    entering, total = float(ideas), 0.0
    for rate, cost in zip(pass_rates, costs, strict=True):
        entering *= rate
        total += entering * cost
    return total / entering


def _per_idea(ideas: float, pass_rates: list[float], costs: list[float]) -> float:
    return _cost_per_success(ideas, pass_rates, costs) * math.prod(pass_rates)


def _total_cost(ideas: float, pass_rates: list[float], costs: list[float]) -> float:
    return _cost_per_success(ideas, pass_rates, costs) * ideas * math.prod(pass_rates)


_cost_per_success.__name__ = "cost_per_success"

cost_per_success = FunctionCheck(
    "Write a function `cost_per_success(ideas, pass_rates, costs)`: `ideas` raw ideas enter a "
    "funnel whose stages pass the shares in the list `pass_rates` (0.1 is 10%) and cost the "
    "amounts in the list `costs` for every idea that enters them. Return the total cost "
    "divided by the expected number of ideas that leave the last stage. Write the loop "
    "yourself, with arithmetic only.",
    reference=_cost_per_success,
    cases=[
        (3000, [0.1, 0.5], [1.0, 10.0]),
        (100, [0.5, 0.2], [1.0, 10.0]),
        (500, [0.2, 0.25, 0.5], [2.0, 5.0, 40.0]),
        (1000, [1.0], [3.0]),
    ],
    mistakes={
        "you charge each stage for the ideas that leave it; a stage costs money for every idea "
        "that enters it, including those it rejects.": _charged_on_leaving,
        "you divide the total cost by the raw ideas; the question asks per idea that leaves "
        "the last stage.": _per_idea,
        "you return the total cost; divide it by the expected ideas leaving the last stage.": (
            _total_cost
        ),
    },
    hint="Keep two running numbers: the ideas entering the current stage and the total cost. "
    "For each stage add entering * cost to the total, then multiply entering by the pass rate.",
)


def _ideas_for_launches(launches: float = 5, stages: int = 5) -> int:
    return toolbox.ideas_needed(launches, published_stages()[:stages])


ideas_for_launches = Numeric(
    "With the published pass rates, how many raw ideas (a whole number) must a firm start "
    "with to expect at least 5 launches (launches, not commercial successes)? Use "
    "cl.toolbox.ideas_needed with the stages up to the launch; assign it to `ideas`.",
    answer=_ideas_for_launches,
    tolerance=0.5,
    absolute=True,
    asks_for_code=True,
    mistakes={
        "that is the raw ideas for 5 commercial successes: the last stage (launch to success) "
        "does not stand between an idea and its launch.": lambda _right: _ideas_for_launches(
            stages=6
        ),
        "with one idea fewer the funnel expects slightly under 5 launches: round up, not "
        "down.": lambda right: right - 1,
    },
    hint="The launch is reached by the ideas leaving the fifth stage (major development): "
    "cl.toolbox.ideas_needed(5, stages[:5]).",
)


def _overlap_share(first: dict[str, float], second: dict[str, float]) -> float:
    return sum(min(first[name], second[name]) for name in toolbox.OVERLAPS) / 12


def _larger_scores(first: dict[str, float], second: dict[str, float]) -> float:
    return sum(max(first[name], second[name]) for name in toolbox.OVERLAPS) / 12


def _average_overlap(first: dict[str, float], second: dict[str, float]) -> float:
    return sum(min(first[name], second[name]) for name in toolbox.OVERLAPS) / 4


def _both_scores(first: dict[str, float], second: dict[str, float]) -> float:
    return sum(first[name] + second[name] for name in toolbox.OVERLAPS) / 24


_overlap_share.__name__ = "overlap_share"


def _scores(customers: float, technology: float, distribution: float, money: float) -> dict:
    return dict(zip(toolbox.OVERLAPS, (customers, technology, distribution, money), strict=True))


overlap_share = FunctionCheck(
    "Write a function `overlap_share(first, second)`: each argument maps the four dimensions "
    "in cl.toolbox.OVERLAPS to a score from 0 to 3. Return how far the two companies overlap "
    "in all, as a share of the most they could: add up the overlap of each dimension (the "
    "smaller of the two scores) and divide by 12, since each of the four dimensions can "
    "overlap by 3 at most.",
    reference=_overlap_share,
    cases=[
        (_scores(3, 2, 3, 3), _scores(3, 1, 1, 1)),
        (_scores(0, 0, 0, 0), _scores(3, 3, 3, 3)),
        (_scores(3, 3, 3, 3), _scores(3, 3, 3, 3)),
        (_scores(1, 2, 0, 3), _scores(2, 2, 1, 0)),
    ],
    mistakes={
        "you take the larger of the two scores; two companies overlap only as far as the one "
        "that puts less into the shared space.": _larger_scores,
        "you return the average overlap per dimension (divided by 4); the question asks for a "
        "share of the most possible, 12.": _average_overlap,
        "you add both companies' scores; the overlap of a dimension is the smaller score, not "
        "their sum.": _both_scores,
    },
    hint="Loop over the names in cl.toolbox.OVERLAPS: for each, take the smaller of the two "
    "scores with min(...); add them up, then divide by the most possible.",
)

design_average = MultipleChoice(
    "A manager scores two ideas from 1 to 5. Idea A: desirability 5, feasibility 5, viability "
    "1. Idea B: desirability 3, feasibility 3, viability 3. She funds the idea with the higher "
    "average. What does design thinking's filter (every lens must reach 3) say?",
    {
        "a": "Fund A: its average is higher, so it is the better idea.",
        "b": "Both fail: neither scores 5 on every lens.",
        "c": "A fails on viability and B passes: fund B, or rework A's business model before "
        "building it.",
    },
    answer="c",
    explanations={
        "a": "An average lets a strong lens hide a fatal one: people want A and it can be built, "
        "but no one can earn money from it.",
        "b": "The line is 3, not 5: an idea needs to be good enough on every lens, not perfect.",
        "c": "Every lens must reach the line; a failing lens tells you what to rework.",
    },
)

constructive = MultipleChoice(
    "How does P&G's 'constructive disruption' differ from disruptive innovation as Christensen "
    "describes it (lesson 4)?",
    {
        "a": "It is an incumbent's stance: P&G means to change how it innovates, builds brands, "
        "runs its supply chain and uses data, so as to grow its markets, rather than a "
        "newcomer displacing the leaders from the bottom.",
        "b": "It is the same process: an entrant with a cheaper product takes the low end of "
        "the market and climbs.",
        "c": "It means avoiding any change that could harm the company's existing brands.",
    },
    answer="a",
    explanations={
        "a": "P&G chose 'constructive' to say it disrupts its own ways of working to create "
        "value for retailers, consumers and investors, not to destroy it.",
        "b": "P&G is the incumbent here; Christensen's disruption is something that happens to "
        "incumbents from below.",
        "c": "P&G defines it as a willingness to change, adapt and create new trends.",
    },
)

frugal = MultipleChoice(
    "Navi Radjou defines frugal innovation as creating more economic and social value with "
    "fewer resources, and 'not about making do'. Which of these is frugal innovation in that "
    "sense?",
    {
        "a": "Stripping features out of an existing product to sell it cheaper, with nothing "
        "else changed.",
        "b": "A premium car with more sensors and a higher price.",
        "c": "A potter's fridge made of clay that keeps vegetables fresh for days without "
        "electricity, from a material he already worked with.",
    },
    answer="c",
    explanations={
        "a": "That is making do: less value for less money. Frugal innovation redesigns so that "
        "fewer resources give as much value or more.",
        "b": "More value, but from more resources: the opposite of frugal.",
        "c": "Mansukh Prajapati's clay fridge, Radjou's own example: it solves the problem with "
        "no electricity and a cheap, local material.",
    },
)
