"""Lesson 4, disruptive innovation: trajectories, Christensen's disk drives, four cases."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

import pandas as pd

from .. import charts, data, disruption, widgets
from ..exercises import Checklist, MultipleChoice, Numeric

if TYPE_CHECKING:
    import altair as alt


@cache
def _simulation(
    entrant: float,
    entrant_rate: float,
    incumbent_rate: float,
    mainstream_rate: float,
    low_end: float,
) -> tuple[alt.LayerChart, pd.DataFrame, str]:
    title = "Performance supplied and demanded"
    try:
        market = disruption.Market(
            entrant=entrant, entrant_rate=entrant_rate, incumbent_rate=incumbent_rate,
            mainstream_rate=mainstream_rate, low_end=low_end, low_end_rate=mainstream_rate,
        )  # fmt: skip
    except disruption.TrajectoryError as problem:
        return charts.message_chart(title, f"Move the sliders: {problem}."), pd.DataFrame(), ""
    outcome = disruption.simulate(market)
    marks = {}
    if outcome.entrant_serves_low_end is not None:
        marks["entrant meets low end"] = outcome.entrant_serves_low_end
    if outcome.entrant_serves_mainstream is not None:
        marks["entrant meets mainstream"] = outcome.entrant_serves_mainstream
    description = (
        f"{outcome.describe()} Solid and dashed lines: what the incumbent's and the entrant's products "
        "offer, and what mainstream and low-end customers can use, each growing by a fixed share a year "
        "(straight lines on this log scale)."
    )
    chart = charts.trajectory_chart(
        outcome.lines, marks=marks, title=title, description=description
    )
    return chart, outcome.lines.round(2), "A model: the settings are yours, not measured data."


def simulator() -> widgets.Figure:
    """The trajectory simulator: the learner sets starting points and improvement rates."""
    controls = {
        "entrant": widgets.slider("Entrant starts at", 1, 60, 10),
        "entrant_rate": widgets.slider("Entrant improves (a year)", 0.0, 0.8, 0.4, step=0.05),
        "incumbent_rate": widgets.slider("Incumbent improves (a year)", 0.0, 0.8, 0.3, step=0.05),
        "mainstream_rate": widgets.slider(
            "Customers' needs grow (a year)", 0.0, 0.5, 0.15, step=0.05
        ),
        "low_end": widgets.slider("Low-end customers need", 1, 60, 8),
    }

    def build(entrant, entrant_rate, incumbent_rate, mainstream_rate, low_end):
        return _simulation(float(entrant), round(entrant_rate, 3), round(incumbent_rate, 3),
                           round(mainstream_rate, 3), float(low_end))  # fmt: skip

    return widgets.explore(build, controls)


def disk_drive_ranges() -> pd.DataFrame:
    """The capacity ranges Christensen reports: supplied by a drive generation, demanded by a market.

    >>> row = disk_drive_ranges().set_index("label").loc["8-inch drives (1978)"]
    >>> float(row.low), float(row.high)
    (10.0, 40.0)
    """
    frame = data.load("disk_drives")
    rows = []
    for entity in ("8-inch drives", "Mainframe market", "5.25-inch drives", "Minicomputer market"):
        part = frame[frame.entity == entity]
        for kind in ("supplied", "demanded"):
            low = part[part.metric == f"capacity_{kind}_min"]
            high = part[part.metric == f"capacity_{kind}_max"]
            if len(low) and len(high):
                year = int(low.year.iloc[0])
                rows.append({"label": f"{entity} ({year})", "low": float(low.value.iloc[0]),
                             "high": float(high.value.iloc[0]), "kind": f"capacity {kind}"})  # fmt: skip
    return pd.DataFrame(rows)


def disk_drive_figure() -> widgets.Figure:
    """The disk drive capacities as ranges, with their sources."""
    ranges = disk_drive_ranges()
    chart = charts.range_chart(
        ranges, unit="MB", title="Disk drives: capacity offered vs capacity needed",
        description=(
            "Around 1978 the new 8-inch drives held 10 to 40 MB while mainframe makers wanted 300 to 400 MB; "
            "around 1980 the new 5.25-inch drives held 5 to 10 MB while minicomputer makers wanted 40 to "
            "60 MB. Each new, smaller drive started far below what the established market needed."
        ),
    )  # fmt: skip
    frame = data.load("disk_drives")
    return widgets.figure(
        chart, ranges, data.citation(frame[frame.metric.str.startswith("capacity")])
    )


def eight_inch_catch_up() -> float:
    """Years for 8-inch drives (40 MB in 1978, +40% a year) to reach 300 MB if needs stood still.

    >>> round(eight_inch_catch_up(), 1)
    6.0
    """
    frame = data.load("disk_drives")

    def value(entity: str, metric: str) -> float:
        return float(frame[(frame.entity == entity) & (frame.metric == metric)].value.item())

    supply = value("8-inch drives", "capacity_supplied_max")
    rate = value("8-inch drives", "improvement_rate") / 100
    need = value("Mainframe market", "capacity_demanded_min")
    return float(disruption.crossing_time(supply, rate, need, 0.0))


CASES = {
    "Wikipedia vs Britannica": ("encyclopedias", [
        ("English Wikipedia", "articles", "count", "Wikipedia articles"),
        ("Encyclopaedia Britannica", "sets_sold", "count", "Britannica print sets sold"),
    ]),
    "Netflix vs Blockbuster": ("video_rental", [
        ("Netflix", "revenue", "USD_billion", "Netflix revenue (USD billion)"),
        ("Blockbuster", "revenue", "USD_billion", "Blockbuster revenue (USD billion)"),
    ]),
    "Digital cameras and smartphones vs Kodak": ("cameras", [
        ("Digital still cameras (worldwide)", "shipments", "million", "Digital cameras shipped (million)"),
        ("Smartphones (worldwide)", "shipments", "million", "Smartphones shipped (million)"),
    ]),
    "Business jets vs Concorde": ("aviation", [
        ("Business jets (worldwide)", "deliveries", "count", "Business jets delivered"),
    ]),
}  # fmt: skip


def case_frame(label: str) -> pd.DataFrame:
    """The sourced series of one of the four cases, long form with a readable ``entity``.

    >>> case_frame("Wikipedia vs Britannica").groupby("entity").year.min().to_dict()
    {'Britannica print sets sold': 1990, 'Wikipedia articles': 2001}
    """
    case, lines = CASES[label]
    frame = data.load(case)
    parts = [
        data.tidy_series(frame, metric, unit=unit, entities=[entity]).assign(entity=name)
        for entity, metric, unit, name in lines
    ]
    if label.startswith("Digital"):
        kodak = data.load("kodak")
        parts.append(
            data.tidy_series(kodak, "revenue", unit="USD_billion").assign(
                entity="Kodak revenue (USD billion)"
            )
        )
    return pd.concat(parts, ignore_index=True)


@cache
def _case_view(label: str) -> tuple[alt.Chart, pd.DataFrame, str]:
    frame = case_frame(label)
    chart = charts.line_chart(
        frame, x="year", y="value", series="entity", x_title="Year", y_title="Value (each line's own unit, log scale)",
        title=label,
        description=f"{label}: the sourced series, each in its own unit (named in the legend), on a log scale "
        "so that very different sizes fit; gaps are years with no sourced figure.",
    ).encode(y=_log_y())  # fmt: skip
    case = CASES[label][0]
    cited = data.load(case)
    names = {entity for entity, *_ in CASES[label][1]}
    cited = cited[cited.entity.isin(names)]
    if label.startswith("Digital"):
        kodak = data.load("kodak")
        cited = pd.concat([cited, kodak[kodak.metric == "revenue"]])
    citation = data.citation(cited)
    return chart, frame, citation


def _log_y():
    """A log-scaled y channel for the case charts (mixed units need a log scale to fit)."""
    import altair as alt

    return alt.Y(
        "value:Q", title="Value (each line's own unit, log scale)", scale=alt.Scale(type="log")
    )


def case_explorer() -> widgets.Figure:
    """The seed's four cases, one at a time."""
    return widgets.explore_choice(_case_view, "Case", list(CASES))


# ------------------------------------------------------------------------- exercises

sustaining = MultipleChoice(
    "A disk drive maker doubles the capacity of its drives for its existing mainframe customers, "
    "who pay more for it. Is this a sustaining or a disruptive innovation?",
    {"a": "sustaining", "b": "disruptive"},
    answer="a",
    explanations={
        "a": "It improves the product along the dimension the current customers already value.",
        "b": "Disruptive innovations start worse on that dimension, for other customers.",
    },
)

crossing = Numeric(
    "In the simulator, set the entrant to start at 10 and improve 40% a year, and customers' needs "
    "to grow 15% a year (mainstream needs start at 80). In which year does the entrant meet the "
    "mainstream?",
    answer=lambda: disruption.simulate(disruption.Market()).entrant_serves_mainstream,
    tolerance=0,
    absolute=True,
    hint="These are the simulator's starting settings; read the year off the chart's description.",
)

catch_up = Numeric(
    "8-inch drives offered up to 40 MB in 1978 and improved at least 40% a year; mainframes needed "
    "300 MB. If mainframe needs had stood still, after how many years would 8-inch drives have "
    "been enough? One decimal.",
    answer=eight_inch_catch_up,
    tolerance=0.05,
    absolute=True,
    hint="Solve 40 × 1.4^t = 300: t = ln(300/40) / ln(1.4).",
)

breakthrough = MultipleChoice(
    "Why is a disruptive innovation not the same thing as a technological breakthrough?",
    {
        "a": "Because disruptive products are always cheaper to make.",
        "b": "Because disruption comes from a good-enough product for neglected customers, often "
        "built from known technology, with a new business model; a breakthrough can fail to disrupt.",
        "c": "Because breakthroughs only happen in large companies.",
    },
    answer="b",
    explanations={
        "a": "Cost helps, but many cheap products never disrupt anything.",
        "c": "Both entrants and incumbents make breakthroughs; Concorde was one, and it disrupted nothing.",
    },
)

wikipedia = Checklist(
    "Which of the three ingredients of disruption did Wikipedia have against Britannica? Answer "
    'with a list of items, for example ["technology"].',
    {
        "technology": (
            True,
            "The web and wiki software let anyone edit and publish at almost no cost.",
        ),
        "value network": (
            True,
            "Volunteer writers, donors and search engines sending readers formed a network that worked together.",
        ),
        "business model": (
            True,
            "Free to read, written by volunteers and paid for by donations: nothing like selling print sets.",
        ),
    },
)

concorde = Checklist(
    "Concorde was a technological breakthrough. Which of the three ingredients did it have? "
    "Answer with a list of items.",
    {
        "technology": (True, "Supersonic passenger flight was a real leap."),
        "value network": (
            False,
            "Few airlines bought it, and noise and sonic-boom limits kept it off most routes and airports.",
        ),
        "business model": (
            False,
            "It sold premium seats on scheduled flights, the airlines' existing model, at a higher price.",
        ),
    },
    hint="Ask who, besides the makers, had to change what they did for Concorde to succeed.",
)
