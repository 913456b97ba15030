"""Lesson 9, capstone: the phase explorer for the learner's own company, and the exercises.

The analysis itself (reading the file, the phases, the signals, the substitution fit, the
checklist, the canvas and the report) is written in the notebook, with ``cl.learner_csv``,
``cl.migration``, ``cl.diffusion`` and ``cl.report``, so it runs on whatever company the
learner chose; this module holds the explorer whose sliders move the classifier's lines for
that company, and the exercises, which use the course's sample file (Netflix and Blockbuster).
"""

from __future__ import annotations

import math
import numbers
from typing import TYPE_CHECKING, Any

import pandas as pd

from .. import charts, data, diffusion, learner_csv, migration, report, widgets
from ..exercises import ChartCheck, MultipleChoice, Numeric, chart_fields, chart_marks
from ..problems import CourseProblem

if TYPE_CHECKING:
    import altair as alt

# The lesson ends by saving a report whose Markdown copy has SVG figures: the engine that draws
# them starts now, beside the kernel, while the learner works through the lesson.
report.start_figure_drawer()

#: The sample file the exercises use: two companies of one case, each in its own unit.
SAMPLE_CASE = "video_rental"
SAMPLE_COMPANIES = ("Netflix", "Blockbuster")


def _wide(table: pd.DataFrame, entity: str) -> pd.DataFrame:
    """One company's figures from a learner's tidy table: a row per year, a column per metric."""
    own = table[table.entity == entity]
    if own.empty:
        names = ", ".join(dict.fromkeys(table.entity))
        raise CourseProblem(f'the file has no company called "{entity}"; it has: {names}')
    return own.pivot(index="year", columns="metric", values="value").sort_index()


def _phase_view(
    table: pd.DataFrame, entity: str, inflow: float, outflow: float, growth: float
) -> tuple[alt.TopLevelMixin, pd.DataFrame]:
    import altair as alt

    figures = _wide(table, entity)
    rules = migration.PhaseRules(inflow=inflow, outflow=outflow, growth=growth)
    phases = migration.classify(
        figures["revenue"], figures.get("net_income"), figures.get("market_value"), rules
    )
    if phases.empty:
        raise CourseProblem(
            f"{entity} needs revenue for at least two years, or a market value and a revenue "
            "in the same year, to be given a phase"
        )
    description = (
        f"Each box is a year of {entity}: IN for inflow, = for stability, OUT for outflow; the "
        "word under it names the method that decided ('ratio': the value ratio, where a market "
        "value is known; 'trend': revenue growth, with the margin as tie-breaker). An empty slot "
        "is a year without figures. Hover over a box, or open the table view, for the reason."
    )
    title = alt.TitleParams(
        f"{entity}: phases, year by year",
        subtitle=f"inflow above {inflow:g}, outflow below {outflow:g}, growth line {growth:.0%}",
    )
    chart = charts.phase_timeline(
        phases.assign(entity=entity), title=title, description=description
    )
    return chart, phases


def phases_explorer(
    table: pd.DataFrame, entity: str, citation: str | None = None
) -> widgets.Figure:
    """Sliders for the inflow, outflow and growth lines, and one company's phases at those lines.

    ``table`` is a learner's tidy table, as ``cl.learner_csv.read_company_csv`` gives it, and
    ``entity`` the company to classify. The growth line is set in whole percents (5, not 0.05).

    >>> table = learner_csv.read_company_csv("year,revenue,market_value\\n2019,100,300\\n2020,90,50\\n")
    >>> shown = phases_explorer(table, "Your company")
    >>> [control.value for control in shown.children[0].children]
    [2.0, 0.8, 5]
    >>> shown.children[0].children[0].value = 3.5
    >>> shown.chart.chart.title.subtitle
    'inflow above 3.5, outflow below 0.8, growth line 5%'
    """

    def view(inflow: float, outflow: float, percent: int) -> tuple[Any, ...]:
        # Slider floats such as 1.9000000000000001 are rounded so one setting is one view.
        return _phase_view(table, entity, round(inflow, 2), round(outflow, 2), percent / 100)

    controls = {
        "inflow": widgets.slider("Inflow line (value ratio above)", 1.0, 4.0, 2.0, step=0.1),
        "outflow": widgets.slider("Outflow line (value ratio below)", 0.2, 1.5, 0.8, step=0.1),
        "percent": widgets.slider("Growth line (% a year, up or down)", 0, 20, 5),
    }
    return widgets.explore(view, controls, citation)


# ------------------------------------------------------------------------- exercises


def _sample() -> pd.DataFrame:
    text = learner_csv.sample_csv(SAMPLE_CASE, list(SAMPLE_COMPANIES))
    return learner_csv.read_company_csv(text, name="sample.csv")


def _outflow_years(entity: str = "Blockbuster", income: bool = True, value: bool = True) -> int:
    figures = _wide(_sample(), entity)
    phases = migration.classify(
        figures["revenue"],
        figures.get("net_income") if income else None,
        figures.get("market_value") if value else None,
    )
    return int((phases.phase == "outflow").sum())


class _Count(Numeric):
    """A count: numpy's integers (what pandas' ``.sum()`` gives) are checked as the numbers
    they are (``numbers.parse_number`` takes only Python's own ints and floats)."""

    def check(self, answer: Any) -> Any:
        if isinstance(answer, numbers.Integral) and not isinstance(answer, bool):
            answer = int(answer)
        return super().check(answer)


outflow_years = _Count(
    "Value moving between companies shows as inflow at one and outflow at the other. Read the "
    "sample file (`sample`, in the cell above), classify Blockbuster's years with "
    "`cl.migration.classify`, using every figure the file has for it, and assign the number of "
    "its years in outflow to `outflow_years`.",
    answer=_outflow_years,
    tolerance=0,
    absolute=True,
    asks_for_code=True,
    mistakes={
        "you classified Blockbuster by revenue alone: pass its net income and market value too, "
        "so the value ratio decides the years that have a market value and the margin breaks "
        "ties in the others.": lambda _right: _outflow_years(income=False, value=False),
        "you left out net income: while revenue holds within the growth line, only a margin "
        "that falls into a loss shows the outflow.": lambda _right: _outflow_years(income=False),
        "that is Netflix's count; the question asks about Blockbuster (filter the table with "
        "entity == 'Blockbuster').": lambda _right: _outflow_years("Netflix"),
    },
    hint="figures = sample[sample.entity == 'Blockbuster'].pivot(index='year', "
    "columns='metric', values='value') gives a column per figure; pass them to "
    "cl.migration.classify(revenue, net_income, market_value) and count the 'outflow' rows.",
)


def _shares(in_one_unit: bool = True) -> pd.Series:
    sample = _sample()
    if in_one_unit:
        both = data.series(sample, "revenue", unit="USD_million")
    else:
        revenue = sample[sample.metric == "revenue"]
        both = revenue.pivot(index="year", columns="entity", values="value")
    both = both.dropna()
    return both["Netflix"] / (both["Netflix"] + both["Blockbuster"])


def _year_at(share_reached: float, **how: bool) -> float:
    shares = _shares(**how)
    fit = diffusion.fit_fisher_pry(shares.index, shares.values)
    return fit.midpoint + math.log(share_reached / (1 - share_reached)) / fit.slope


half_year = Numeric(
    "Fit Fisher and Pry's line to Netflix's share of the two companies' revenue in the sample "
    "(the years both have a figure). By that line, in which year was Netflix's revenue half "
    "of Blockbuster's? Compute it and assign it to `half_year` (a year with decimals).",
    answer=lambda: _year_at(1 / 3),
    tolerance=0.1,
    absolute=True,
    year=True,
    asks_for_code=True,
    mistakes={
        "that is the year Netflix's revenue equals Blockbuster's, a share of one half: when "
        "Netflix earns half as much as Blockbuster, it has a third of the two together.": (
            lambda _right: _year_at(1 / 2)
        ),
        "that is the year Blockbuster's revenue is half of Netflix's, a share of two thirds: "
        "the share is Netflix's revenue over the two together.": lambda _right: _year_at(2 / 3),
        "the sample gives Blockbuster's revenue in USD billion and Netflix's in USD million: "
        "put both in one unit before adding them (cl.data.series(sample, 'revenue', "
        "unit='USD_million')).": lambda _right: _year_at(1 / 3, in_one_unit=False),
    },
    hint="Netflix earns half of Blockbuster's revenue when its share of the two together is "
    "1/3. Fit with cl.diffusion.fit_fisher_pry(share.index, share.values), then "
    "fit.year_reaching(...) gives the year a share is reached.",
)


def _rows(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """Every data row a chart's spec carries, through its named datasets."""
    return [row for rows in (spec.get("datasets") or {}).values() for row in rows]


def _one_field(spec: dict[str, Any], channel: str) -> str | None:
    fields = chart_fields(spec).get(channel, set())
    return next(iter(fields)) if len(fields) == 1 else None


def _points(spec: dict[str, Any]) -> list[tuple[str, int, float]]:
    """(company, year, value) for every row that has the fields on color, x and y."""
    company, year, value = (_one_field(spec, channel) for channel in ("color", "x", "y"))
    if None in (company, year, value):
        return []
    return [
        (str(row[company]), int(row[year]), float(row[value]))
        for row in _rows(spec)
        if isinstance(row.get(value), (int, float)) and row.get(year) is not None
    ]


def _margins() -> dict[tuple[str, int], float]:
    margins = {}
    for entity in SAMPLE_COMPANIES:
        figures = _wide(_sample(), entity)
        margin = (100 * figures["net_income"] / figures["revenue"]).dropna()
        margins.update({(entity, int(year)): float(value) for year, value in margin.items()})
    return margins


def _both_companies(spec: dict[str, Any]) -> bool:
    return {company for company, _, _ in _points(spec)} >= set(SAMPLE_COMPANIES)


def _not_shares(spec: dict[str, Any]) -> bool:
    return any(abs(value) > 1 for _, _, value in _points(spec))


def _not_amounts(spec: dict[str, Any]) -> bool:
    return all(abs(value) <= 100 for _, _, value in _points(spec))


def _right_margins(spec: dict[str, Any]) -> bool:
    truth = _margins()
    shown = {(company, year): value for company, year, value in _points(spec)}
    return set(shown) == set(truth) and all(
        math.isclose(shown[key], truth[key], rel_tol=0.01, abs_tol=0.05) for key in truth
    )


margin_chart = ChartCheck(
    "Chart both companies' net margin in the sample, net income ÷ revenue in percent, for "
    "every year that has both figures: a line chart from cl.charts.line_chart with one line per "
    "company (series='entity'), the year on the x axis and a title of your own. Assign it to "
    "`my_chart`; once it passes, it goes into your report.",
    {
        "draw lines (cl.charts.line_chart draws them)": lambda spec: "line" in chart_marks(spec),
        "put the year on the x axis (x='year')": lambda spec: _one_field(spec, "x") == "year",
        "draw one line per company, Netflix and Blockbuster: pass series='entity' (the column "
        "that names the company)": _both_companies,
        "the values look like shares (none above 1 or below minus 1): the question asks for "
        "percent, so multiply by 100": _not_shares,
        "the values look like amounts, not margins: divide net income by revenue": _not_amounts,
        "some margins are off: for each company and year with both figures, the margin is "
        "100 × net income ÷ revenue (years with only one of the two have none)": _right_margins,
        "give the chart a title of your own, not empty": lambda spec: bool(spec.get("title")),
    },
    hint="Build a table with columns year, entity and margin: for each company, pivot its "
    "rows (index='year', columns='metric'), compute 100 * net_income / revenue, .dropna(), "
    "and put the two together with pd.concat([...], ignore_index=True). Then "
    "cl.charts.line_chart(table, x='year', "
    "y='margin', series='entity', title=..., description=...).",
)

currencies = MultipleChoice(
    "Your file holds your company's figures in EUR_million and its rival's in USD_million. The "
    "lesson still computes your company's value ratio, phases and warning signals, but gives "
    "no substitution fit. Why?",
    {
        "a": "A ratio, a growth rate or a margin divides two figures of one company in one "
        "unit, so the unit cancels; a share adds the two companies' revenues, which means "
        "nothing unless both are in one currency.",
        "b": "Fisher and Pry's model is defined for figures in US dollars only.",
        "c": "The reader cannot read a file that uses two units.",
    },
    answer="a",
    explanations={
        "a": "Right: to fit the substitution, convert one company's figures at a stated "
        "exchange rate, and say so in your report.",
        "b": "The model fits a share, a number between 0 and 1 with no unit; the problem is "
        "adding euros to dollars to get the total the share is taken of.",
        "c": "The reader accepts one unit per company; it only refuses a company whose own rows "
        "mix units.",
    },
)

value_network = MultipleChoice(
    "A start-up has a simpler, cheaper technology and a new way of earning money, but it sells "
    "only through the incumbent's distributors, who earn most on the incumbent's premium "
    "products. What does the disruption checklist suggest?",
    {
        "a": "A disruption is under way: two of the three ingredients are enough.",
        "b": "The old value network is likely to absorb the technology: the distributors will "
        "use it where it sustains their existing business, and the new model gets no room "
        "to grow.",
        "c": "The value network does not matter once the technology is good enough.",
    },
    answer="b",
    explanations={
        "a": "Christensen and his co-authors argue that an enabling technology placed in the "
        "incumbent's value network is usually co-opted to sustain the old business model.",
        "b": "Right: without a coherent value network of its own, whose members profit from "
        "the new model, the innovation is bent to serve the old one.",
        "c": "Good enough technology is one ingredient; the partners who sell, supply and "
        "service it decide whether the new model can grow.",
    },
    hint="Ask who profits from the new product in this network, and what they will do with it.",
)
