"""Lesson 4, disruptive innovation: the explorers and the lesson's exercises.

The computations the lesson states (a trajectory, a crossing time, the disk drives' catch-up,
Concorde's figures) are written in the notebook itself with ``cl.data`` and ``cl.disruption``;
this module holds only what is particular to the lesson: the trajectory simulator, the disk
drive figure, the explorer of the source text's four cases, and the exercises with their checks.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import pandas as pd

from .. import charts, data, disruption, render, widgets
from ..exercises import Checklist, FunctionCheck, MultipleChoice, Numeric, SeriesCheck

if TYPE_CHECKING:
    import altair as alt

# ------------------------------------------------------------------- the trajectory simulator

#: The simulator's fixed starting points: the incumbent's product and mainstream needs.
INCUMBENT, MAINSTREAM, START_YEAR, YEARS = 100.0, 80.0, 1980, 25


@cache
def _simulation(
    entrant: float,
    entrant_rate: float,
    incumbent_rate: float,
    needs_rate: float,
    low_end: float,
    non_consumers: float | None = None,
) -> tuple[alt.LayerChart, pd.DataFrame, str]:
    """The simulator's chart and table; rates in percent a year, as the sliders show them
    (``non_consumers`` None leaves the new-market line out)."""
    market = disruption.Market(
        start_year=START_YEAR, years=YEARS, incumbent=INCUMBENT, mainstream=MAINSTREAM,
        entrant=entrant, entrant_rate=entrant_rate / 100, incumbent_rate=incumbent_rate / 100,
        mainstream_rate=needs_rate / 100, low_end=low_end, low_end_rate=needs_rate / 100,
        non_consumers=non_consumers, non_consumers_rate=needs_rate / 100,
    )  # fmt: skip
    outcome = disruption.simulate(market)
    found = {
        "entrant meets non-consumers' needs": outcome.entrant_serves_non_consumers,
        "entrant meets low-end needs": outcome.entrant_serves_low_end,
        "entrant meets mainstream needs": outcome.entrant_serves_mainstream,
    }
    marks = {label: year for label, year in found.items() if year is not None}
    description = (
        f"{outcome.describe()} Each line grows by a fixed share a year, a straight line on this "
        "log scale; customers' needs (all three groups) grow at the rate you set."
    )
    chart = charts.trajectory_chart(
        outcome.lines,
        marks=marks,
        title="Performance supplied and demanded",
        description=description,
    )
    table = outcome.lines.pivot(index="year", columns="line", values="performance")
    table.columns.name = None
    return (
        chart,
        table.round(1).reset_index(),
        "A model: the settings are yours, not measured data.",
    )


def simulator() -> widgets.Figure:
    """The trajectory simulator: the learner sets starting points and improvement rates.

    Non-consumers (people who bought nothing before) are a line of their own, so the entrant's
    first foothold can be a new market as well as the low end of the existing one.

    >>> shown = simulator()
    >>> "Its foothold is a new market" in shown.chart.spec["description"]
    True
    """
    controls = {
        "entrant": widgets.slider("Entrant starts at", 1, 60, 10),
        "entrant_rate": widgets.slider("Entrant improves (% a year)", 0, 80, 40, step=5),
        "incumbent_rate": widgets.slider("Incumbent improves (% a year)", 0, 80, 30, step=5),
        "needs_rate": widgets.slider("Customers' needs grow (% a year)", 0, 50, 15, step=5),
        "low_end": widgets.slider("Low-end customers need", 1, 60, 20),
        "non_consumers": widgets.slider("Non-consumers need", 1, 60, 5),
    }

    def build(entrant, entrant_rate, incumbent_rate, needs_rate, low_end, non_consumers):
        return _simulation(float(entrant), float(entrant_rate), float(incumbent_rate),
                           float(needs_rate), float(low_end), float(non_consumers))  # fmt: skip

    # On the static site, the lesson's things to try: the entrant improving only as fast as
    # customers' needs grow, and non-consumers needing more than the low end.
    needed = [
        {"entrant_rate": controls["needs_rate"].value},
        {"non_consumers": controls["low_end"].value + 10},
    ]
    return widgets.explore(build, controls, lesson_settings=needed)


# ------------------------------------------------------------------------- the disk drives

#: The ranges Christensen reports: what a drive generation supplied, what a market demanded.
DRIVE_RANGES = (
    ("8-inch drives", "supplied"),
    ("Mainframe market", "demanded"),
    ("5.25-inch drives", "supplied"),
    ("Minicomputer market", "demanded"),
)


def _disk_drive_ranges() -> pd.DataFrame:
    rows = []
    for entity, kind in DRIVE_RANGES:
        low = data.metric("disk_drives", f"capacity_{kind}_min", entity=entity)
        high = data.metric("disk_drives", f"capacity_{kind}_max", entity=entity)
        year = int(low.index[0])
        rows.append({"label": f"{entity} ({year})", "low": float(low[year]),
                     "high": float(high[year]), "kind": f"capacity {kind}"})  # fmt: skip
    return pd.DataFrame(rows)


def disk_drive_figure() -> widgets.Figure:
    """The disk drives' capacities as ranges (supplied by a new drive, demanded by a market).

    >>> "300 to 400 MB demanded" in disk_drive_figure().chart.spec["description"]
    True
    """
    ranges = _disk_drive_ranges()
    said = [
        f"{row.label}: {row.low:g} to {row.high:g} MB {row.kind.split()[1]}"
        for row in ranges.itertuples()
    ]
    chart = charts.range_chart(
        ranges, unit="MB", title="Disk drives: capacity offered vs capacity needed",
        description="; ".join(said) + ". Each new, smaller drive started far below what the "
        "established market of its day needed.",
    )  # fmt: skip
    frame = data.load("disk_drives")
    return widgets.figure(
        chart, ranges, data.citation(frame[frame.metric.str.startswith("capacity")])
    )


# --------------------------------------------------------------------- the four cases, by unit


@dataclass(frozen=True)
class Line:
    """One line of a case panel: a sourced series, optionally only the rows on one basis."""

    case: str
    entity: str
    metric: str
    unit: str
    name: str
    basis: str | None = None


@dataclass(frozen=True)
class Panel:
    """Lines that share a unit and a measure, so that where they cross means something."""

    title: str
    y_title: str
    lines: tuple[Line, ...]
    log: bool = False


@dataclass(frozen=True)
class Event:
    """A dated event of a case, drawn as a rule across the case's panels."""

    case: str
    entity: str
    date: str
    label: str


KODAK_BASES = {
    "as first reported": "Kodak, as first reported (with the Health Group)",
    "continuing operations (2009-2011 filings)": "Kodak, continuing operations (2009-2011 filings)",
    "continuing operations (2012 10-K)": "Kodak, continuing operations (2012 10-K)",
}

#: The source text's four cases; each panel holds lines of one unit and one measure.
CASES: dict[str, tuple[Panel, ...]] = {
    "Wikipedia vs Britannica": (
        Panel("English Wikipedia: articles", "Articles", (
            Line("encyclopedias", "English Wikipedia", "articles", "count", "Wikipedia articles"),
        )),
        Panel("Britannica: print sets sold", "Print sets sold", (
            Line("encyclopedias", "Encyclopaedia Britannica", "sets_sold", "count",
                 "Britannica print sets sold"),
        )),
    ),
    "Netflix vs Blockbuster": (
        Panel("Revenue", "Revenue (USD billion)", (
            Line("video_rental", "Netflix", "revenue", "USD_billion", "Netflix"),
            Line("video_rental", "Blockbuster", "revenue", "USD_billion", "Blockbuster"),
        )),
    ),
    "Digital cameras and smartphones vs Kodak": (
        Panel("Units shipped worldwide", "Units shipped (million, log scale)", (
            Line("cameras", "Digital still cameras (worldwide)", "shipments", "million",
                 "Digital cameras"),
            Line("cameras", "Film cameras (worldwide)", "shipments", "million", "Film cameras"),
            Line("cameras", "Smartphones (worldwide)", "shipments", "million", "Smartphones"),
        ), log=True),
        Panel("Kodak revenue, one line per basis", "Revenue (USD billion)", tuple(
            Line("kodak", "Eastman Kodak", "revenue", "USD_billion", name, basis)
            for basis, name in KODAK_BASES.items()
        )),
    ),
    "Business jets vs Concorde": (
        Panel("Aircraft: business jets delivered each year, Concorde's fleet", "Aircraft", (
            Line("aviation", "Business jets (worldwide)", "deliveries", "count",
                 "Business jets delivered in the year"),
            Line("aviation", "Concorde", "aircraft_in_service", "count",
                 "Concorde aircraft in service"),
        )),
    ),
}  # fmt: skip

CASE_NOTES = {
    "Wikipedia vs Britannica": "Articles written and print sets sold are different things: "
    "each has its own panel and axis, so compare when each line rises or falls, not where "
    "they would meet. Britannica's 2010 figure counts the final edition's sales up to 2012.",
    "Netflix vs Blockbuster": "Both companies' revenue in one unit (USD billion), so the two "
    "lines can be compared directly.",
    "Digital cameras and smartphones vs Kodak": "Top: units shipped, one unit for all three "
    "lines (log scale, so the cameras' rise and fall shows beside the smartphones). Bottom: "
    "Kodak's revenue in its own panel; Kodak restated its sales twice, so each basis is a line "
    "of its own and no line joins figures of two bases.",
    "Business jets vs Concorde": "Both lines count aircraft: the business jets delivered in "
    "each year against Concorde's whole fleet in service (the only year the data have).",
}

#: One event per case, drawn as a dashed rule (its date and wording come from events.csv).
CASE_EVENTS = {
    "Wikipedia vs Britannica": Event(
        "encyclopedias", "Encyclopaedia Britannica", "2012-03-13", "Britannica stops printing"
    ),
    "Netflix vs Blockbuster": Event(
        "video_rental", "Blockbuster", "2010-09-23", "Blockbuster files for bankruptcy"
    ),
    "Digital cameras and smartphones vs Kodak": Event(
        "kodak", "Eastman Kodak", "2012-01-19", "Kodak files for bankruptcy"
    ),
    "Business jets vs Concorde": Event(
        "aviation", "Concorde", "2003-10-24", "last Concorde flight"
    ),
}


def _event_rows(event: Event) -> pd.DataFrame:
    """The event's row in its case's events.csv (a KeyError if the data no longer have it)."""
    found = data.events(event.case)
    found = found[(found.entity == event.entity) & (found.date == event.date)]
    if len(found) != 1:
        raise KeyError(f"{event.case} has no event of {event.entity} on {event.date}")
    return found


def _line_frame(line: Line) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A line's figures (``line``, ``year``, ``value``) and the rows they come from. A line on
    one basis takes every row of that basis, preferred or not (Kodak's 2004 as first reported
    sits beside its recast 2004), so the chart shows each version of a year."""
    frame = data.load(line.case, all_rows=line.basis is not None)
    rows = frame[(frame.entity == line.entity) & (frame.metric == line.metric)]
    if line.basis is not None:
        rows = rows[rows.basis.fillna("") == line.basis]
    long = data.tidy_series(rows, line.metric, unit=line.unit)
    return long.assign(line=line.name)[["line", "year", "value"]], rows


def _panel_chart(
    panel: Panel, frame: pd.DataFrame, event: Event, years: tuple[int, int]
) -> alt.LayerChart:
    import altair as alt

    chart = charts.line_chart(
        frame, x="year", y="value", series="line", title=panel.title,
        description=f"{panel.title}, by year.", x_title="Year", y_title=panel.y_title,
    )  # fmt: skip
    legend = alt.Legend(orient="bottom", labelLimit=0, columns=1 if len(panel.lines) > 2 else 2)
    scale = alt.Scale(type="log") if panel.log else alt.Scale(zero=True)
    chart = chart.encode(
        y=alt.Y("value:Q", title=panel.y_title, scale=scale),
        color=alt.Color("line:N", title=None, legend=legend),
        strokeDash=alt.StrokeDash("line:N", title=None, legend=legend,
                                  scale=alt.Scale(range=list(charts.DASHES))),
    )  # fmt: skip
    year = int(event.date[:4])
    marked = alt.Chart(pd.DataFrame({"year": [year], "label": [f"{event.label} ({year})"]}))
    right = year > sum(years) / 2  # a label in the right half ends at its rule: never cut off
    rule = marked.mark_rule(color="#000", strokeDash=[3, 3]).encode(x="year:Q")
    label = marked.mark_text(
        align="right" if right else "left", dx=-4 if right else 4, y=-8, fontSize=12
    ).encode(x="year:Q", text="label:N")
    return alt.layer(chart, rule, label).properties(
        title=alt.TitleParams(panel.title, fontSize=14, offset=18), height=170
    )


@cache
def _case_view(label: str) -> tuple[alt.VConcatChart, pd.DataFrame, str]:
    import altair as alt

    event = CASE_EVENTS[label]
    frames, cited = [], []
    for panel in CASES[label]:
        parts = [_line_frame(line) for line in panel.lines]
        frames.append(pd.concat([long for long, _ in parts], ignore_index=True))
        cited += [rows for _, rows in parts]
    every = pd.concat(frames, ignore_index=True)
    years = (int(every.year.min()), max(int(every.year.max()), int(event.date[:4])))
    panels = [
        _panel_chart(panel, frame, event, years)
        for panel, frame in zip(CASES[label], frames, strict=True)
    ]
    tables = [
        frame.assign(panel=panel.title) for panel, frame in zip(CASES[label], frames, strict=True)
    ]
    event_rows = _event_rows(event)
    description = f"{label}. {CASE_NOTES[label]} Dashed rule: {event_rows.event.item()}"
    chart = alt.vconcat(*panels, title=label, description=description, spacing=28)
    chart = chart.resolve_scale(
        x="shared", y="independent", color="independent", strokeDash="independent"
    )
    table = pd.concat(tables, ignore_index=True)[["panel", "line", "year", "value"]]
    sources = pd.concat([*cited, event_rows], ignore_index=True)
    return chart, table, data.citation(sources)


def case_explorer() -> widgets.Figure:
    """The source text's four cases, one at a time, each unit in a panel of its own.

    >>> shown = case_explorer()
    >>> shown.children[0].children[0].value = "Business jets vs Concorde"
    >>> shown.chart.spec["title"]
    'Business jets vs Concorde'
    """
    for label in CASES:  # build every case up front, so switching cases is quick
        render.remember_spec(_case_view(label)[0]).to_dict()
    return widgets.explore_choice(_case_view, "Case", list(CASES))


# ------------------------------------------------------------------------------- exercises

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

predictable = MultipleChoice(
    "The source text says sustaining technologies improve performance predictably, while "
    "disruptive ones are less predictable. Why is a disruption harder to forecast?",
    {
        "a": "Because disruptive products use more advanced technology, whose progress no one "
        "can foresee.",
        "b": "Because a disruptive product starts in a market that is small or does not exist "
        "yet: its customers and their uses are found along the way, and there are no figures "
        "to size the market from.",
        "c": "Because established companies keep their plans secret.",
    },
    answer="b",
    explanations={
        "a": "Disruptive products often use known, simpler technology; what is new is who "
        "buys them and how they make money.",
        "b": "A sustaining innovation has customers who can say what they want and a measure "
        "everyone tracks; a disruptive one has neither at first.",
        "c": "Secrecy is not the reason: even the entrant does not know at first who its "
        "customers will be.",
    },
)

footholds = MultipleChoice(
    "Two classic stories. Steel minimills first made reinforcing bar, the cheapest steel, which "
    "the big integrated mills were glad to give up. Sony's first pocket transistor radios sold "
    "to teenagers who could not afford the tabletop radios of the day. Which footholds were "
    "these?",
    {
        "a": "Both low-end footholds.",
        "b": "Minimills: a low-end foothold; Sony: a new-market foothold.",
        "c": "Minimills: a new-market foothold; Sony: a low-end foothold.",
        "d": "Both new-market footholds.",
    },
    answer="b",
    explanations={
        "a": "The teenagers were not the radio makers' customers at all: they bought no radio "
        "before. That is a new market of non-consumers.",
        "b": "Minimills took the least profitable customers of an existing market; Sony found "
        "people who had bought nothing before.",
        "c": "Rebar buyers already bought steel from the integrated mills: the minimills took "
        "the bottom of an existing market.",
        "d": "Rebar buyers already bought steel: the minimills started at the low end of an "
        "existing market.",
    },
    hint="Ask whether the first customers bought the incumbent's product before.",
)


def _drive(metric: str, entity: str) -> float:
    series = data.metric("disk_drives", metric, entity=entity)
    return float(series.iloc[0])


def _catch_up(supply: float, demand: float, supply_factor: float, demand_factor: float) -> float:
    return math.log(demand / supply) / math.log(supply_factor / demand_factor)


def _eight_inch(demand_metric: str = "capacity_demanded_min") -> tuple[float, float, float, float]:
    """8-inch supply (MB), mainframe demand (MB), and the two yearly growth rates in percent."""
    return (
        _drive("capacity_supplied_max", "8-inch drives"),
        _drive(demand_metric, "Mainframe market"),
        _drive("improvement_rate", "8-inch drives"),
        _drive("improvement_rate", "14-inch drives"),
    )


def _growing_needs() -> float:
    supply, demand, supply_rate, demand_rate = _eight_inch()
    return _catch_up(supply, demand, 1 + supply_rate / 100, 1 + demand_rate / 100)


def _still_needs(_right: float) -> float:
    supply, demand, supply_rate, _ = _eight_inch()
    return _catch_up(supply, demand, 1 + supply_rate / 100, 1.0)


def _rates_subtracted(_right: float) -> float:
    supply, demand, supply_rate, demand_rate = _eight_inch()
    return _catch_up(supply, demand, 1 + (supply_rate - demand_rate) / 100, 1.0)


def _percent_factors(_right: float) -> float:
    supply, demand, supply_rate, demand_rate = _eight_inch()
    return _catch_up(supply, demand, 1 + supply_rate, 1 + demand_rate)


def _top_of_range(_right: float) -> float:
    supply, demand, supply_rate, demand_rate = _eight_inch("capacity_demanded_max")
    return _catch_up(supply, demand, 1 + supply_rate / 100, 1 + demand_rate / 100)


catch_up = Numeric(
    "8-inch drives held up to 40 MB in 1978 and improved at least 40% a year; mainframes "
    "needed 300 to 400 MB. Suppose mainframe needs grew as fast as the 14-inch drives built "
    "for them improved (the improvement_rate of '14-inch drives' in the disk drive data). "
    "After how many years would 8-inch drives reach the bottom of the mainframe range? Compute "
    "it with math.log from the figures of cl.data.metric and assign it to `years` (two "
    "decimals).",
    answer=_growing_needs,
    tolerance=0.01,
    absolute=True,
    asks_for_code=True,
    mistakes={
        "that is the time if mainframe needs stood still; here they grow, so divide by "
        "ln((1 + supply rate) / (1 + demand rate)).": _still_needs,
        "a negative time means a ratio is upside down: the levels go D0 / S0 (needed over "
        "supplied) and the growth factors (1 + supply rate) / (1 + demand rate).": (
            lambda right: -right
        ),
        "you subtracted the rates (1 + 0.40 - 0.22); growth compounds, so the gap between two "
        "rates is the ratio of their factors, 1.40 / 1.22.": _rates_subtracted,
        "you used the rates as percents (1 + 40); a rate of 40% is the factor 1.40.": (
            _percent_factors
        ),
        "you rounded up to whole years; the question asks for the exact time, with two "
        "decimals.": lambda right: float(math.ceil(right)),
        "you used 400 MB, the top of the mainframe range; the drives first serve mainframe "
        "makers at the bottom of it.": _top_of_range,
    },
    hint="Read the four figures with cl.data.metric('disk_drives', ...), then t = ln(D0 / S0) "
    "/ ln((1 + gS) / (1 + gD)) with the rates as fractions (40% is 0.40).",
)


def _years_to_catch_up(
    supply: float, supply_rate: float, demand: float, demand_rate: float
) -> float | None:
    if supply >= demand:
        return 0.0
    if supply_rate <= demand_rate:
        return None
    return math.log(demand / supply) / math.log((1 + supply_rate) / (1 + demand_rate))


def _rounded_up(supply, supply_rate, demand, demand_rate):
    time = _years_to_catch_up(supply, supply_rate, demand, demand_rate)
    return None if time is None else math.ceil(time)


def _upside_down(supply, supply_rate, demand, demand_rate):
    time = _years_to_catch_up(supply, supply_rate, demand, demand_rate)
    return None if time is None else -time


def _only_equal_rates(supply, supply_rate, demand, demand_rate):
    if supply >= demand:
        return 0.0
    if supply_rate == demand_rate:
        return None
    return math.log(demand / supply) / math.log((1 + supply_rate) / (1 + demand_rate))


def _ahead_not_checked(supply, supply_rate, demand, demand_rate):
    if supply_rate <= demand_rate:
        return None
    return math.log(demand / supply) / math.log((1 + supply_rate) / (1 + demand_rate))


_years_to_catch_up.__name__ = "years_to_catch_up"
_FUNCTION_CASES = [
    (4.0, 0.6, 100.0, 0.2),
    (30.0, 0.25, 90.0, 0.0),
    (2.0, 1.0, 64.0, 0.0),
    (12.0, 0.1, 60.0, 0.1),  # same pace: never
    (12.0, 0.05, 60.0, 0.1),  # slower: never
    (70.0, 0.3, 50.0, 0.1),  # already good enough
]

years_to_catch_up = FunctionCheck(
    "Write `years_to_catch_up(supply, supply_rate, demand, demand_rate)`: the years until a "
    "product at `supply`, improving by `supply_rate` a year (0.4 for 40%), reaches needs at "
    "`demand` growing by `demand_rate`. Return 0.0 if supply already meets demand, and None if "
    "it never will. Use math.log (cl.disruption.crossing_time does the same: compare afterwards).",
    reference=_years_to_catch_up,
    cases=_FUNCTION_CASES,
    mistakes={
        "you round up to whole years; return the exact time (cl.disruption.crossing_year is "
        "the one that rounds to a year).": _rounded_up,
        "your times come out negative: ln(demand / supply) goes on top and (1 + supply_rate) "
        "/ (1 + demand_rate) below.": _upside_down,
        "a product that improves more slowly than needs grow never catches up either: return "
        "None when supply_rate <= demand_rate, not only when they are equal.": _only_equal_rates,
        "a product that already meets the need has nothing to catch up: return 0.0 when "
        "supply >= demand (your function gives a negative time).": _ahead_not_checked,
    },
    hint="Check the two special cases first (supply >= demand, then supply_rate <= "
    "demand_rate), then return math.log(demand / supply) / math.log((1 + supply_rate) / (1 + "
    "demand_rate)).",
)


def _minicomputer_years() -> range:
    start = int(
        data.metric("disk_drives", "capacity_demanded_min", entity="Minicomputer market").index[0]
    )
    return range(start, start + 11)


def _minicomputer(level_metric: str = "capacity_demanded_min", percent: bool = False,
                  from_rate_year: bool = False) -> pd.Series:  # fmt: skip
    level = data.metric("disk_drives", level_metric, entity="Minicomputer market")
    rate = data.metric("disk_drives", "demand_growth_rate", entity="Minicomputer market")
    years = _minicomputer_years()
    start = int(rate.index[0]) if from_rate_year else None
    growth = float(rate.iloc[0]) if percent else float(rate.iloc[0]) / 100
    return disruption.trajectory(float(level.iloc[0]), growth, years, start_year=start)


minicomputer_needs = SeriesCheck(
    "Minicomputer makers needed 40 to 60 MB drives in 1980, and their needs grew about 25% a "
    "year. Build `minicomputer_needs`: the bottom of that range year by year from 1980 to 1990 "
    "(both included), with cl.disruption.trajectory and the figures of cl.data.metric.",
    expected=_minicomputer,
    tolerance=0.001,
    mistakes={
        "you started from 60 MB, the top of the range; the question asks for the bottom "
        "(capacity_demanded_min).": lambda: _minicomputer("capacity_demanded_max"),
        "the rate is in percent: 25% a year is 0.25, not 25.": lambda: _minicomputer(percent=True),
        "your line grows from 1978, the year the growth rate's row carries; the 40 MB is the "
        "need in 1980, so 1980 is the start year.": lambda: _minicomputer(from_rate_year=True),
    },
    hint="cl.disruption.trajectory(level, rate, range(first_year, last_year + 1)) with the "
    "rate as a fraction; a range leaves out its end, so add 1.",
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
        "b": "A breakthrough makes a great product better; a disruption makes a product "
        "affordable and accessible to people the leaders do not serve.",
        "c": "Entrants and established firms both make breakthroughs. Concorde was one, and "
        "airlines received only 14 of them.",
    },
)

crossing_units = MultipleChoice(
    "A classmate draws Netflix's subscribers (in millions) and Blockbuster's stores (in "
    "thousands) as two lines on one axis, and says Netflix overtook Blockbuster in the year the "
    "lines cross. What is wrong with that reading?",
    {
        "a": "Nothing: the year the lines cross is the year Netflix overtook Blockbuster.",
        "b": "The lines measure different things in different units: with stores counted one by "
        "one, or subscribers in thousands, they would cross in another year or never, so the "
        "crossing means nothing.",
        "c": "The lines should first be indexed to a base year = 100; where the indexed lines "
        "cross is when Netflix overtook Blockbuster.",
    },
    answer="b",
    explanations={
        "a": "Change the unit of one line (stores instead of thousands of stores) and the "
        "crossing moves: it says nothing about the companies.",
        "b": "A crossing means something only for lines in the same unit and measure, like "
        "the two companies' revenue.",
        "c": "Indexed lines cross where both have grown by the same factor since the base "
        "year; that says nothing about which company is bigger.",
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
            "Volunteer writers, donors and search engines sending readers formed a network that "
            "worked together.",
        ),
        "business model": (
            True,
            "Free to read, written by volunteers and paid for by donations: nothing like selling "
            "print sets.",
        ),
    },
)

concorde = Checklist(
    "The source text reads Concorde as an incumbent displaced by private business jets. Tick "
    "the statements about business jets against Concorde that hold, judging by Christensen's "
    "theory and the aviation data. Answer with a list of items.",
    {
        "worse on speed": (
            True,
            "Business jets fly below the speed of sound: on the measure Concorde was built for "
            "they were worse, as a disruptor's product is.",
        ),
        "better on other things": (
            True,
            "They fly when the passenger wants, from airports near where they are going, in "
            "private: other measures, which Concorde's passengers also valued.",
        ),
        "new business model": (
            True,
            "Charter by the hour, jet cards and fractional ownership let a company use a jet "
            "without buying one: a business-model innovation.",
        ),
        "cheaper per seat": (
            False,
            "Flying privately was never the cheap option: business jets did not start at the "
            "low end of Concorde's market with a cheaper, simpler product.",
        ),
        "rose as Concorde retired": (
            False,
            "Business jet deliveries fell from 795 in 2001 to 518 in 2003, the years Concorde "
            "was grounded, brought back and retired; they grew only after it had gone.",
        ),
    },
    hint="Christensen's disruptor is worse on the old measure, better on a new one, and starts "
    "at the low end or with non-consumers; check each statement against that and the data.",
)
