"""Lesson 1, value migration: views of value moving between companies, businesses and designs."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

import pandas as pd

from .. import charts, data, migration, widgets
from ..exercises import MultipleChoice, Numeric

if TYPE_CHECKING:
    import altair as alt

#: Each case: its folder, the entities or business lines compared, and what the comparison shows.
CASES = {
    "Blockbuster vs Netflix (between companies)": "video_rental",
    "Kodak vs Fujifilm (between companies)": "kodak_fujifilm",
    "IBM: hardware, services, software (between business designs)": "ibm",
    "Telecom: voice vs data (between business designs)": "telecom",
    "Kodak: digital vs traditional (inside one company)": "kodak",
}
#: Kodak reports in US dollars and Fujifilm in yen: only an index puts them on one axis.
INDEX_YEAR = 2004
NOT_COMPARABLE = {
    ("kodak_fujifilm", measure): (
        "Kodak reports in US dollars and Fujifilm in yen, so their amounts cannot share an "
        f"axis. Choose revenue: it compares the two as an index ({INDEX_YEAR} = 100). Kodak's "
        "own figures are under the case 'Kodak: digital vs traditional'."
    )
    for measure in ("share of revenue", "net income", "market value", "value ratio")
}
MEASURES = ("revenue", "share of revenue", "net income", "market value", "value ratio")
IBM_LINES = {
    "revenue_hardware": "Hardware",
    "revenue_services": "Services",
    "revenue_software": "Software",
    "revenue_financing": "Financing",
}


def ibm_business_lines() -> pd.DataFrame:
    """IBM's revenue by business line in USD billion, long form (``year``, ``entity``, ``value``, ``status``).

    From 2006 IBM reported services as two segments (Global Technology Services and Global
    Business Services); their sum is computed here and marked ``derived``.

    >>> lines = ibm_business_lines()
    >>> round(lines.query("year == 2010 and entity == 'Services'").value.item(), 1)
    56.4
    >>> lines.query("year == 2010 and entity == 'Services'").status.item()
    'derived: sum of Global Technology Services and Global Business Services'
    """
    ibm = data.load("ibm")
    wide = pd.concat(
        {
            name: data.series(ibm, metric, unit="USD_billion")["IBM"]
            for metric, name in IBM_LINES.items()
        },
        axis=1,
    )
    status = pd.DataFrame("reported", index=wide.index, columns=wide.columns)
    parts = pd.concat(
        [
            data.series(ibm, metric, unit="USD_billion")["IBM"]
            for metric in ("revenue_services_gts", "revenue_services_gbs")
        ],
        axis=1,
    ).dropna()
    summed = parts.sum(axis=1)
    fill = summed.index.difference(wide["Services"].dropna().index)
    wide = wide.reindex(wide.index.union(fill))
    status = status.reindex(wide.index).fillna("reported")
    wide.loc[fill, "Services"] = summed[fill]
    status.loc[fill, "Services"] = (
        "derived: sum of Global Technology Services and Global Business Services"
    )
    long = wide.reset_index(names="year").melt(
        id_vars="year", var_name="entity", value_name="value"
    )
    long["status"] = status.reset_index(names="year").melt(id_vars="year", value_name="status")[
        "status"
    ]
    return long.dropna(subset=["value"]).sort_values(["entity", "year"]).reset_index(drop=True)


def case_frame(case: str) -> pd.DataFrame:
    """The data of a case as ``data.load`` gives it; a comparison case joins two folders.

    >>> sorted(set(case_frame("kodak_fujifilm").entity))
    ['Eastman Kodak', 'Fujifilm']
    """
    if case == "kodak_fujifilm":
        return pd.concat([data.load("kodak"), data.load("fujifilm")], ignore_index=True)
    return data.load(case)


def kodak_fujifilm_index() -> pd.DataFrame:
    """Kodak's and Fujifilm's revenue as an index, each company's INDEX_YEAR revenue = 100.

    Kodak's figures from 2004 on are recast for continuing operations (without the Health
    Group); Fujifilm's years end in March (2004 is April 2003 to March 2004).

    >>> index = kodak_fujifilm_index().pivot(index="year", columns="entity", values="value")
    >>> round(index.loc[2012, "Eastman Kodak"]), round(index.loc[2012, "Fujifilm"])
    (39, 85)
    """
    frame = case_frame("kodak_fujifilm")
    wide = pd.concat(
        [
            data.series(frame, "revenue", unit="USD_million", entities=["Eastman Kodak"]),
            data.series(frame, "revenue", unit="JPY_million", entities=["Fujifilm"]),
        ],
        axis=1,
    )
    index = migration.index_to(wide[wide.index >= INDEX_YEAR], INDEX_YEAR)
    long = index.reset_index(names="year").melt(id_vars="year", var_name="entity")
    return long.dropna(subset=["value"]).reset_index(drop=True)


def _revenue_lines(case: str) -> tuple[pd.DataFrame, str]:
    """Revenue of each entity or business line compared in a case, with its unit label."""
    if case == "kodak_fujifilm":
        return kodak_fujifilm_index(), f"index, {INDEX_YEAR} = 100, each in its own currency"
    if case == "ibm":
        return ibm_business_lines()[["year", "entity", "value"]], "USD billion"
    frame = data.load(case)
    if case == "video_rental":
        return data.tidy_series(frame, "revenue", unit="USD_billion"), "USD billion"
    if case == "kodak":
        parts = [
            data.tidy_series(frame, metric, unit="USD_billion").assign(entity=label)
            for metric, label in (
                ("revenue_digital", "Digital"),
                ("revenue_traditional", "Traditional"),
            )
        ]
        return pd.concat(parts, ignore_index=True), "USD billion"
    # telecom: voice and data lines of each operator, each in its own currency
    parts = []
    for entity in sorted(set(frame.entity)):
        unit = frame[frame.entity == entity].unit.iloc[0]
        for metric, label in (("revenue_voice", "voice"), ("revenue_data", "data")):
            series = data.tidy_series(frame, metric, unit=unit, entities=[entity])
            parts.append(series.assign(entity=f"{entity}: {label}"))
    return pd.concat(parts, ignore_index=True), "million, own currency"


def measure_frame(case: str, measure: str) -> tuple[pd.DataFrame, str]:
    """The tidy data (``year``, ``entity``, ``value``) for a case and measure, and its unit.

    An empty frame means the sources give no such figures for this case. A measure that
    cannot compare the case's entities (amounts in two currencies) raises ``ValueError``.

    >>> frame, unit = measure_frame("video_rental", "value ratio")
    >>> round(frame.query("year == 2011").value.item(), 1), unit
    (4.2, 'market value ÷ revenue')
    """
    if (case, measure) in NOT_COMPARABLE:
        raise ValueError(NOT_COMPARABLE[case, measure])
    if measure == "revenue":
        return _revenue_lines(case)
    if measure == "share of revenue":
        lines, _ = _revenue_lines(case)
        if case == "telecom":  # each operator's own split between voice and data
            operator = lines.entity.str.split(": ").str[0]
            parts = [
                migration.shares(group.pivot(index="year", columns="entity", values="value"))
                for _, group in lines.groupby(operator)
            ]
            share = pd.concat(parts, axis=1) * 100
        else:
            share = (
                migration.shares(lines.pivot(index="year", columns="entity", values="value")) * 100
            )
        long = share.reset_index(names="year").melt(
            id_vars="year", var_name="entity", value_name="value"
        )
        return long.dropna(subset=["value"]), "% of the total"
    frame = data.load(case)
    if measure == "net income":
        if "net_income" not in set(frame.metric):
            return pd.DataFrame(columns=["year", "entity", "value"]), "USD billion"
        return data.tidy_series(frame, "net_income", unit="USD_billion"), "USD billion"
    if measure == "market value":
        if "market_value" not in set(frame.metric):
            return pd.DataFrame(columns=["year", "entity", "value"]), "USD billion"
        return data.tidy_series(frame, "market_value", unit="USD_billion"), "USD billion"
    if measure == "value ratio":
        return ratio_frame(case), "market value ÷ revenue"
    raise KeyError(f'unknown measure "{measure}"; choose one of {", ".join(MEASURES)}')


def ratio_frame(case: str) -> pd.DataFrame:
    """The value ratio of every entity in a case with both market value and revenue figures.

    >>> sorted(ratio_frame("video_rental").entity.unique())
    ['Blockbuster', 'Netflix']
    """
    frame = data.load(case)
    if not {"market_value", "revenue"} <= set(frame.metric):
        return pd.DataFrame(columns=["year", "entity", "value"])
    values = data.series(frame, "market_value", unit="USD_billion")
    revenue = data.series(frame, "revenue", unit="USD_billion")
    parts = []
    for entity in values.columns.intersection(revenue.columns):
        ratio = migration.value_ratio(values[entity], revenue[entity])
        parts.append(pd.DataFrame({"year": ratio.index, "entity": entity, "value": ratio.values}))
    if not parts:
        return pd.DataFrame(columns=["year", "entity", "value"])
    return pd.concat(parts, ignore_index=True)


def _citation(case: str, measure: str) -> str:
    frame = case_frame(case)
    if case == "kodak_fujifilm":  # exactly the rows the index is computed from
        return data.citation(
            frame[(frame.metric == "revenue") & (frame.year >= INDEX_YEAR)], limit=6
        )
    metrics = {
        "net income": {"net_income"},
        "market value": {"market_value"},
        "value ratio": {"market_value", "revenue"},
    }.get(measure, {m for m in set(frame.metric) if m.startswith("revenue")})
    return data.citation(frame[frame.metric.isin(metrics)])


@cache
def _view(case_label: str, measure: str) -> tuple[alt.Chart, pd.DataFrame, str]:
    case = CASES[case_label]
    title = f"{case_label.split(' (')[0]}: {measure}"
    if (case, measure) in NOT_COMPARABLE:
        message = NOT_COMPARABLE[case, measure]
        return (
            charts.message_chart(title, message),
            pd.DataFrame(columns=["year", "entity", "value"]),
            "",
        )
    frame, unit = measure_frame(case, measure)
    if frame.empty:
        message = (
            f"The sources give no {measure} figures for this case yet, so there is nothing to draw."
        )
        return charts.message_chart(title, message), frame, ""
    description = (
        f"{measure.capitalize()} ({unit}) by year for each line of the case. Years with no "
        "sourced figure are gaps, not zeros."
    )
    chart = charts.line_chart(
        frame, x="year", y="value", series="entity", title=title, description=description,
        x_title="Year", y_title=f"{measure.capitalize()} ({unit})",
    )  # fmt: skip
    return chart, frame, _citation(case, measure)


def explorer() -> widgets.Figure:
    """Pick a case and a measure; the chart shows value moving between its entities."""
    case = widgets.choice("Case", list(CASES))
    measure = widgets.choice("Measure", list(MEASURES))
    return widgets.explore(
        lambda case, measure: _view(case, measure), {"case": case, "measure": measure}
    )


def netflix_ratio(year: int) -> float:
    """Netflix's value ratio in ``year`` (market value of its public float ÷ revenue).

    >>> round(netflix_ratio(2011), 1)
    4.2
    """
    ratios = ratio_frame("video_rental").set_index("year")["value"]
    return float(ratios[year])


def crossover_year(case: str, rising: str, falling: str) -> int:
    """The first year in which the ``rising`` line's revenue exceeds the ``falling`` line's.

    >>> crossover_year("telecom", "AT&T Inc. (wireline): data", "AT&T Inc. (wireline): voice")
    2011
    """
    lines, _ = _revenue_lines(case)
    wide = lines.pivot(index="year", columns="entity", values="value").dropna(
        subset=[rising, falling]
    )
    ahead = wide[rising] > wide[falling]
    if not ahead.any():
        raise ValueError(f"{rising} never exceeds {falling} in the sourced years")
    return int(ahead[ahead].index.min())


def revenue_multiple(case: str, year: int, numerator: str, denominator: str) -> float:
    """How many times ``numerator``'s revenue was ``denominator``'s in ``year``.

    >>> round(revenue_multiple("video_rental", 2010, "Blockbuster", "Netflix"), 2)
    1.5
    """
    lines, _ = _revenue_lines(case)
    wide = lines.pivot(index="year", columns="entity", values="value")
    return float(wide.loc[year, numerator] / wide.loc[year, denominator])


# ------------------------------------------------------------------------- exercises

who = MultipleChoice(
    "Value migrates between three kinds of place. When IBM's revenue moved from selling "
    "hardware to selling services, inside one company, which kind was it?",
    {
        "a": "between industries",
        "b": "between companies",
        "c": "between business designs",
    },
    answer="c",
    explanations={
        "a": "The industry (computing) stayed the same.",
        "b": "It was the same company, IBM, before and after.",
        "c": "One company moved its value from one way of doing business to another.",
    },
    hint="Ask what changed: the industry, the company, or the way the company made money?",
)

ratio_meaning = MultipleChoice(
    "A company's market value is 30 billion and its revenue 10 billion. What does its value "
    "ratio of 3 suggest?",
    {
        "a": "Investors expect its profits to grow: value is flowing in.",
        "b": "It is overvalued and will fall.",
        "c": "It sells three times more than its rivals.",
    },
    answer="a",
    explanations={
        "b": "The ratio says what investors expect, not whether they are right.",
        "c": "The ratio compares the company with itself (value and sales), not with rivals.",
    },
)

netflix_2011 = Numeric(
    "Choose the Blockbuster vs Netflix case and the value ratio measure. What was Netflix's "
    "value ratio in 2011? (one decimal)",
    answer=lambda: netflix_ratio(2011),
    tolerance=0.05,
    absolute=True,
    hint="Hover over the 2011 point, or look in the table view under the chart.",
)

blockbuster_multiple = Numeric(
    "Choose Blockbuster vs Netflix and revenue. In 2010, the year Blockbuster filed for "
    "bankruptcy, how many times Netflix's revenue was Blockbuster's? (two decimals)",
    answer=lambda: revenue_multiple("video_rental", 2010, "Blockbuster", "Netflix"),
    tolerance=0.02,
    absolute=True,
    hint="Divide Blockbuster's 2010 revenue by Netflix's; the table view lists both.",
)

data_overtakes = Numeric(
    "Choose the telecom case and revenue. In which year did AT&T's wireline data revenue first "
    "exceed its voice revenue?",
    answer=lambda: crossover_year(
        "telecom", "AT&T Inc. (wireline): data", "AT&T Inc. (wireline): voice"
    ),
    tolerance=0,
    absolute=True,
)

kodak_fujifilm = MultipleChoice(
    "Choose Kodak vs Fujifilm and revenue. Kodak's line ends near 39 in 2012 and Fujifilm's "
    "near 85. What does that tell you?",
    {
        "a": "Fujifilm's revenue in 2012 was more than twice Kodak's.",
        "b": "Kodak kept about two fifths of its 2004 revenue and Fujifilm about 85% of its own: "
        "value left Kodak much faster.",
        "c": "Fujifilm's profit margin in 2012 was 85%.",
    },
    answer="b",
    explanations={
        "a": "An index compares each company with its own past, not the two companies with each "
        "other (they report in different currencies).",
        "c": "The index is built from revenue alone; it says nothing about profit.",
    },
)
