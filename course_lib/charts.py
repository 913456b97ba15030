"""The course's chart theme and chart builders.

Each builder takes a tidy DataFrame and returns an ``alt.Chart`` that carries a title and
a text description (read aloud by screen readers and shown under the chart). Colours come
from the Okabe-Ito palette, which stays distinct for the common kinds of colour blindness,
and series are also told apart by their line dash (shown in the legend too), so colour
never carries meaning alone.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import altair as alt
    import pandas as pd

THEME_NAME = "value_migration_course"

#: Okabe & Ito (2008), "Color Universal Design": distinguishable with any colour vision.
PALETTE: tuple[str, ...] = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#000000",  # black
    "#F0E442",  # yellow (last: weak on white)
)
DASHES: tuple[list[int], ...] = ([1, 0], [6, 3], [2, 2], [8, 3, 2, 3], [12, 4], [3, 6])
WIDTH = 560
HEIGHT = 300


def theme() -> dict[str, Any]:
    """The course theme as a Vega-Lite ``config``.

    >>> theme()["config"]["range"]["category"][0]
    '#0072B2'
    """
    font = "Source Sans Pro, Segoe UI, Helvetica, Arial, sans-serif"
    return {
        "config": {
            "view": {"continuousWidth": WIDTH, "continuousHeight": HEIGHT, "stroke": None},
            "font": font,
            "range": {"category": list(PALETTE)},
            "title": {"fontSize": 16, "anchor": "start", "subtitleFontSize": 13},
            "axis": {"labelFontSize": 12, "titleFontSize": 13, "gridOpacity": 0.5},
            # Legend entries are short lines drawn with each series' dash, not just colour dots.
            "legend": {
                "labelFontSize": 12,
                "titleFontSize": 13,
                "orient": "bottom",
                "symbolType": "stroke",
                "symbolStrokeWidth": 2.5,
                "symbolSize": 300,
            },
            "line": {"strokeWidth": 2.5},
            "point": {"size": 60, "filled": True},
        }
    }


def use_course_theme() -> None:
    """Register the course theme with Altair and make it the active one.

    >>> use_course_theme()
    >>> import altair as alt
    >>> alt.theme.active == THEME_NAME
    True
    """
    import altair as alt

    if THEME_NAME not in alt.theme.names():
        alt.theme.register(THEME_NAME, enable=False)(theme)
    alt.theme.enable(THEME_NAME)


def describe(chart: alt.TopLevelMixin) -> tuple[str, str]:
    """Return a chart's title and description, refusing a chart that lacks either.

    >>> import altair as alt
    >>> describe(alt.Chart(title="T", description="D").mark_point())
    ('T', 'D')
    >>> describe(alt.Chart().mark_point())
    Traceback (most recent call last):
    ...
    ValueError: every course chart needs a title and a description (a sentence saying what it shows)
    """
    import altair as alt

    title = chart.title if chart.title is not alt.Undefined else ""
    if isinstance(title, alt.TitleParams):
        title = title.text
    description = chart.description if chart.description is not alt.Undefined else ""
    if not title or not description:
        raise ValueError(
            "every course chart needs a title and a description (a sentence saying what it shows)"
        )
    return str(title), str(description)


RUN = "run_of_years"


def line_runs(data: pd.DataFrame, x: str, series: str | None = None) -> pd.Series:
    """Which unbroken run of years each row belongs to, so a line joins consecutive years only.

    A missing year starts a new run: the chart never draws a line across years the data do
    not have (a figure every five years shows as points, each a sourced year).

    >>> import pandas as pd
    >>> yearly = pd.DataFrame({"year": [2000, 2001, 2003, 2004], "value": [1, 2, 3, 4]})
    >>> line_runs(yearly, "year").tolist()
    ['0', '0', '1', '1']
    >>> sparse = pd.DataFrame({"year": [1994, 2001, 2012], "value": [1, 2, 3]})
    >>> line_runs(sparse, "year").tolist()
    ['0', '1', '2']
    """
    import pandas as pd

    groups = data.groupby(series, sort=False)[x] if series else [(None, data[x])]
    runs = pd.Series("", index=data.index, dtype="object")
    for name, years in groups:
        ordered = years.sort_values()
        number = (ordered.diff() > 1).cumsum()
        label = "" if name is None else f"{name}-"
        runs[ordered.index] = label + number.astype(str)
    return runs


def line_chart(
    data: pd.DataFrame,
    *,
    x: str,
    y: str,
    title: str,
    description: str,
    series: str | None = None,
    x_title: str | None = None,
    y_title: str | None = None,
) -> alt.Chart:
    """Lines over time, one per ``series``, each with its own colour and dash pattern.

    Points mark the years with a figure. A missing year breaks the line (see ``line_runs``),
    so the chart never draws a figure the data do not have.

    >>> import pandas as pd
    >>> frame = pd.DataFrame({"year": [2000, 2001], "revenue": [10.0, 12.0]})
    >>> chart = line_chart(frame, x="year", y="revenue", title="Revenue",
    ...                    description="Revenue grows from 10 to 12.")
    >>> chart.to_dict()["mark"]["type"], chart.to_dict()["encoding"]["y"]["field"]
    ('line', 'revenue')
    """
    import altair as alt
    import pandas as pd

    # Ticks on whole years only: a two-year chart would otherwise label 2004.5 as "2005". Over
    # fewer than three years Vega still picks half years, so those years are listed.
    axis = alt.Axis(format="d", tickMinStep=1)
    years = data[x].dropna() if isinstance(data, pd.DataFrame) and x in data else pd.Series()
    if len(years) and years.max() - years.min() < 3:
        axis = alt.Axis(format="d", values=list(range(int(years.min()), int(years.max()) + 1)))
    encoding: dict[str, Any] = {
        "x": alt.X(f"{x}:Q", title=x_title or x, axis=axis),
        "y": alt.Y(f"{y}:Q", title=y_title or y),
        "tooltip": [alt.Tooltip(f"{x}:Q", format="d"), alt.Tooltip(f"{y}:Q", format=",.4~g")],
    }
    if series is not None:
        encoding["color"] = alt.Color(f"{series}:N", title=None)
        encoding["strokeDash"] = alt.StrokeDash(
            f"{series}:N", title=None, scale=alt.Scale(range=list(DASHES))
        )
        encoding["tooltip"] = [alt.Tooltip(f"{series}:N"), *encoding["tooltip"]]
    if isinstance(data, pd.DataFrame) and not data.empty:
        data = data.reset_index(drop=True)  # a repeated index (pd.concat of tables) is fine
        data = data.assign(**{RUN: line_runs(data, x, series)})
        encoding["detail"] = alt.Detail(f"{RUN}:N")
    return (
        alt.Chart(data, title=title, description=description)
        .mark_line(point=True)
        .encode(**encoding)
    )


def year_slider_chart(
    data: pd.DataFrame,
    *,
    x: str,
    y: str,
    title: str,
    description: str,
    start: int | None = None,
    series: str | None = None,
    y_title: str | None = None,
    name: str = "year",
    breaks: Iterable[int] = (),
) -> alt.LayerChart:
    """A line chart with a slider under it that moves a marker along the years.

    The slider is a Vega-Lite parameter bound to a range input, so moving it redraws the
    chart in the browser without a round trip to Python, and it keeps working in a static
    HTML export of the notebook. ``breaks`` are years where the figures change basis (a
    restatement, see ``data.basis_breaks``): the line is not joined into them from the year
    before, as it is not joined across a missing year.

    >>> import pandas as pd
    >>> frame = pd.DataFrame({"year": [2000, 2001, 2002], "revenue": [10.0, 12.0, 9.0]})
    >>> chart = year_slider_chart(frame, x="year", y="revenue", title="Revenue",
    ...                           description="Revenue by year, with a movable marker.")
    >>> spec = chart.to_dict()
    >>> spec["params"][0]["name"], spec["params"][0]["bind"]["input"], spec["params"][0]["value"]
    ('year', 'range', 2000)
    >>> broken = year_slider_chart(frame, x="year", y="revenue", title="Revenue",
    ...                            description="Revenue by year.", breaks=[2002])
    >>> broken.layer[0].data[RUN].tolist()
    ['0/0', '0/0', '0/1']
    """
    import bisect

    import altair as alt

    years = sorted(int(value) for value in data[x].dropna().unique())
    if not years:
        raise ValueError("the chart needs at least one year of data")
    year = alt.param(
        name=name,
        value=start if start is not None else years[0],
        bind=alt.binding_range(min=years[0], max=years[-1], step=1, name="Year "),
    )
    lines = line_chart(
        data,
        x=x,
        y=y,
        title=title,
        description=description,
        series=series,
        y_title=y_title,
        x_title="Year",
    )
    starts = sorted(breaks)
    if starts and RUN in lines.data:
        part = lines.data[x].map(lambda value: str(bisect.bisect_right(starts, value)))
        lines.data = lines.data.assign(**{RUN: lines.data[RUN] + "/" + part})
    at_year = alt.datum[x] == year
    rule = (
        alt.Chart(data)
        .mark_rule(color="#444", strokeDash=[4, 4])
        .encode(x=alt.X(f"{x}:Q"))
        .transform_filter(at_year)
    )
    # The figure reads to the right of its point, but to the left near the last years, so
    # it never runs off the chart's right edge.
    late = f"{name} > {years[0] + 0.75 * (years[-1] - years[0])}"
    labels = (
        alt.Chart(data)
        .mark_text(
            align={"expr": f"{late} ? 'right' : 'left'"},
            dx={"expr": f"{late} ? -8 : 8"},
            dy=-10,
            fontSize=13,
            fontWeight="bold",
        )
        .encode(x=alt.X(f"{x}:Q"), y=alt.Y(f"{y}:Q"), text=alt.Text(f"{y}:Q", format=",.4~g"))
        .transform_filter(at_year)
    )
    return alt.layer(lines, rule, labels, title=title, description=description).add_params(year)


def table_html(data: pd.DataFrame, max_rows: int = 200) -> str:
    """The data behind a chart as a plain HTML table (the chart's table view).

    >>> import pandas as pd
    >>> "<td>2000</td>" in table_html(pd.DataFrame({"year": [2000], "revenue": [1.5]}))
    True
    """
    shown = data.head(max_rows)
    html = shown.to_html(index=False, border=0, classes="course-table", na_rep="(no data)")
    if len(data) > max_rows:
        html += f"<p>Showing the first {max_rows} of {len(data)} rows.</p>"
    return html


#: Phase colours (Okabe-Ito) and the short labels printed on each year, so colour is not needed.
PHASE_COLOURS = {"inflow": "#0072B2", "stability": "#999999", "outflow": "#D55E00"}
PHASE_LABELS = {"inflow": "IN", "stability": "=", "outflow": "OUT"}
#: The word printed under a box's label for the method that decided it (see migration.classify).
METHOD_LABELS = {"value ratio": "ratio", "growth and margin": "trend"}


def phase_timeline(table: pd.DataFrame, *, title: str, description: str) -> alt.LayerChart:
    """One row per entity, one box per year, coloured and labelled by phase; hover for the reason.

    ``table`` has columns ``entity``, ``year``, ``phase`` and ``reason``, and optionally
    ``method``: then each box also names, in small type under its label, the method that
    decided it ("ratio" for the value ratio, "trend" for growth and margin), so a reader sees
    where the method changes from one year to the next. Every year from the first to the last
    has a column, so a year without figures shows as an empty slot, not a skipped one.

    >>> import pandas as pd
    >>> table = pd.DataFrame({"entity": ["A", "A"], "year": [2000, 2002],
    ...                       "phase": ["inflow", "outflow"], "reason": ["r1", "r2"],
    ...                       "method": ["value ratio", "growth and margin"]})
    >>> spec = phase_timeline(table, title="T", description="D").to_dict()
    >>> spec["layer"][0]["encoding"]["color"]["scale"]["domain"]
    ['inflow', 'stability', 'outflow']
    >>> spec["layer"][0]["encoding"]["x"]["scale"]["domain"]
    [2000, 2001, 2002]
    >>> [layer["encoding"]["text"]["field"] for layer in spec["layer"][1:]]
    ['label', 'method_label']
    """
    import altair as alt

    labelled = table.assign(label=table["phase"].map(PHASE_LABELS))
    has_method = "method" in table.columns
    tooltip = ["entity:N", "year:O", "phase:N", "reason:N"]
    if has_method:
        tooltip.insert(3, "method:N")
        labelled = labelled.assign(
            method_label=table["method"].map(METHOD_LABELS).fillna(table["method"])
        )
    years = list(range(int(table["year"].min()), int(table["year"].max()) + 1))
    base = alt.Chart(labelled).encode(
        x=alt.X(
            "year:O",
            title="Year",
            scale=alt.Scale(domain=years),
            axis=alt.Axis(labelAngle=0, labelOverlap=False),
        ),
        y=alt.Y("entity:N", title=None),
        # Tooltip objects, not shorthand strings: Altair converts strings slowly, and a
        # slider redraws this chart at every step.
        tooltip=[alt.Tooltip(field) for field in tooltip],
    )
    boxes = base.mark_rect(stroke="white", strokeWidth=2).encode(
        color=alt.Color(
            "phase:N",
            title="Phase",
            legend=alt.Legend(symbolType="square"),
            scale=alt.Scale(domain=list(PHASE_COLOURS), range=list(PHASE_COLOURS.values())),
        )
    )
    # Black on the grey of stability, white on the blue and vermillion: both read clearly.
    ink = alt.condition(alt.datum.phase == "stability", alt.value("#000"), alt.value("#fff"))
    labels = base.mark_text(fontSize=12, fontWeight="bold", dy=-7 if has_method else 0).encode(
        text="label:N", color=ink
    )
    layers = [boxes, labels]
    if has_method:
        layers.append(base.mark_text(fontSize=10, dy=9).encode(text="method_label:N", color=ink))
    # Boxes wide enough for the bold "OUT" label and the word "trend" under it.
    return alt.layer(*layers, title=title, description=description).properties(
        width=alt.Step(44), height=alt.Step(44 if has_method else 36)
    )


def ratio_chart(
    data: pd.DataFrame, *, inflow: float, outflow: float, title: str, description: str
) -> alt.LayerChart:
    """Value ratio by year for each entity, with the inflow and outflow lines drawn across.

    >>> import pandas as pd
    >>> data = pd.DataFrame({"year": [2010, 2011], "entity": ["N", "N"], "value": [1.9, 4.2]})
    >>> spec = ratio_chart(data, inflow=2, outflow=0.8, title="T", description="D").to_dict()
    >>> [layer["mark"]["type"] for layer in spec["layer"]]
    ['line', 'rule', 'text']
    """
    import altair as alt
    import pandas as pd

    lines = line_chart(
        data, x="year", y="value", series="entity", title=title, description=description,
        x_title="Year", y_title="Market value ÷ revenue",
    )  # fmt: skip
    # Half a year of room at each end, so the first and last points are not drawn on the axis,
    # and every year labelled (a ratio for a lone year is easy to misplace otherwise).
    first, last = int(data["year"].min()), int(data["year"].max())
    lines = lines.encode(
        x=alt.X(
            "year:Q",
            title="Year",
            axis=alt.Axis(format="d", values=list(range(first, last + 1))),
            scale=alt.Scale(domain=[first - 0.5, last + 0.5], nice=False, zero=False),
        ),
        y=alt.Y("value:Q", title="Market value ÷ revenue", scale=alt.Scale(padding=12)),
    )
    marks = pd.DataFrame(
        {
            "value": [inflow, outflow],
            "label": [f"inflow line {inflow:g}", f"outflow line {outflow:g}"],
        }
    )
    rules = alt.Chart(marks).mark_rule(strokeDash=[2, 2], color="#444").encode(y="value:Q")
    names = (
        alt.Chart(marks)
        .mark_text(align="left", dx=4, dy=-6, color="#444")
        .encode(y="value:Q", text="label:N", x=alt.value(0))
    )
    return alt.layer(lines, rules, names, title=title, description=description)


def signal_grid(
    table: pd.DataFrame,
    *,
    event_year: int,
    first_warning: int | None,
    title: str,
    description: str,
) -> alt.VConcatChart:
    """Which warning signals fired in which year, with the event and the first warning marked.

    ``table`` is long: ``year``, ``signal`` (a readable name) and ``fired`` (True, False or
    None for no data). Every year from the first to the event has a column, so no year is
    skipped on the axis; a year the table lacks shows as no data. An optional boolean column
    ``across_bases`` marks a cell whose change compares figures on two bases (a restatement)
    with an asterisk after its tick or dot.

    >>> import pandas as pd
    >>> table = pd.DataFrame({"year": [2005, 2007], "signal": ["s", "s"], "fired": [False, True]})
    >>> spec = signal_grid(table, event_year=2010, first_warning=2007, title="T", description="D").to_dict()
    >>> [len(part["layer"]) for part in spec["vconcat"]]  # two label layers; cells, ticks, frames
    [2, 3]
    >>> rows = spec["datasets"][spec["vconcat"][1]["layer"][0]["data"]["name"]]
    >>> [(row["year"], row["mark"]) for row in rows][:3]
    [(2005, '·'), (2006, '?'), (2007, '✔')]
    """
    import altair as alt
    import pandas as pd

    first = int(min(table["year"].min(), event_year))
    years = list(range(first, int(max(table["year"].max(), event_year)) + 1))
    signals = list(dict.fromkeys(table["signal"]))
    every = pd.MultiIndex.from_product([years, signals], names=["year", "signal"])
    full = table.set_index(["year", "signal"]).reindex(every).reset_index()
    fired = full["fired"].astype("object").where(full["fired"].notna(), None)
    across = full.get("across_bases", pd.Series(False, index=full.index)).fillna(False)
    star = across.astype(bool).map({True: "*", False: ""})
    shown = full.assign(
        state=fired.map({True: "fired", False: "quiet"}).fillna("no data"),
        mark=fired.map({True: "✔", False: "·"}).fillna("?") + star,
        basis=across.astype(bool).map({True: "compares two bases", False: "one basis"}),
    )[["year", "signal", "state", "mark", "basis"]]
    # The two labels sit on two lines above the grid, so close years never overprint.
    marks = pd.DataFrame({"year": [event_year], "label": [f"event {event_year}"], "line": [0]})
    if first_warning is not None:
        warning = {
            "year": [first_warning],
            "label": [f"first warning {first_warning}"],
            "line": [1],
        }
        marks = pd.concat([marks, pd.DataFrame(warning)], ignore_index=True)
    column = 26  # pixels: wide enough for a tick and its asterisk
    room = (years[-1] - marks["year"] + 1) * column
    marks["late"] = room < marks["label"].str.len() * 7  # about 7 pixels a character
    x = alt.X("year:O", title="Year", scale=alt.Scale(domain=years), axis=alt.Axis(labelAngle=-45))
    base = alt.Chart(shown).encode(x=x, y=alt.Y("signal:N", title=None, sort=signals))
    cells = base.mark_rect(stroke="white", strokeWidth=2).encode(
        color=alt.Color(
            "state:N",
            title="Signal",
            legend=alt.Legend(symbolType="square", symbolStrokeColor="#999"),
            scale=alt.Scale(
                domain=["fired", "quiet", "no data"], range=["#D55E00", "#e8e8e8", "#ffffff"]
            ),
        ),
        tooltip=[alt.Tooltip(f) for f in ("signal:N", "year:O", "state:N", "basis:N")],
    )
    ticks = base.mark_text(fontSize=14, fontWeight="bold").encode(text="mark:N")
    events = alt.Chart(marks)
    # A frame around the whole column of the event and of the first warning, so the line
    # never runs through a cell's tick.
    frames = events.mark_rect(fill=None, stroke="#000", strokeWidth=2.5).encode(x=x)
    # A label starts at its column's left edge, or, where the columns to its right are too
    # few to hold it (about 7 pixels a character), ends at its right edge: never past the grid.
    late = "datum.late"
    label_y = alt.Y("line:Q", axis=None, scale=alt.Scale(domain=[-0.3, 1.7]), title=None)
    names = [
        events.transform_filter(which)
        .mark_text(align=side, baseline="bottom")
        .encode(
            x=alt.X("year:O", scale=alt.Scale(domain=years), axis=None, bandPosition=position),
            y=label_y,
            text="label:N",
        )
        for which, side, position in ((f"!({late})", "left", 0), (late, "right", 1))
    ]
    grid = alt.layer(cells, ticks, frames).properties(width=alt.Step(column), height=alt.Step(34))
    labels = alt.layer(*names).properties(
        width=alt.Step(column), height=30, view=alt.ViewConfig(stroke=None)
    )
    return alt.vconcat(labels, grid, title=title, description=description, spacing=2)


def message_chart(title: str, message: str) -> alt.Chart:
    """A chart that says, in words, why there is nothing to draw (no data, or settings to fix).

    >>> message_chart("No data", "Nothing sourced yet.").to_dict()["mark"]["type"]
    'text'
    """
    import altair as alt
    import pandas as pd

    lines = textwrap.wrap(message, width=70) or [""]
    return (
        alt.Chart(pd.DataFrame({"message": ["\n".join(lines)]}), title=title, description=message)
        .mark_text(fontSize=15, color="#8a3b00", lineBreak="\n", align="center")
        .encode(text="message:N")
        .properties(height=24 * len(lines) + 30)
    )


def trajectory_chart(
    lines: pd.DataFrame,
    *,
    marks: dict[str, int],
    title: str,
    description: str,
    unit: str = "performance",
) -> alt.LayerChart:
    """Performance trajectories on a log scale (``line``, ``year``, ``performance``), with the
    years in ``marks`` (label -> year) drawn as vertical rules.

    Each mark's label has a line of its own at the top, so marks in the same or close years
    never overprint; a label in the right half ends at its rule, so it is never cut off.

    >>> import pandas as pd
    >>> lines = pd.DataFrame({"line": ["a", "a"], "year": [2000, 2001], "performance": [1.0, 2.0]})
    >>> spec = trajectory_chart(lines, marks={"crossing": 2001}, title="T", description="D").to_dict()
    >>> spec["layer"][0]["encoding"]["y"]["scale"]["type"]
    'log'
    """
    import altair as alt
    import pandas as pd

    rules = pd.DataFrame({"year": list(marks.values()), "label": list(marks)})
    rules["offset"] = [10 + 16 * row for row in range(len(rules))]  # pixels from the top
    middle = (lines["year"].min() + lines["year"].max()) / 2 if len(lines) else 0
    chart = line_chart(lines, x="year", y="performance", series="line", title=title,
                       description=description, x_title="Year",
                       y_title=f"{unit} (log scale)")  # fmt: skip
    legend = alt.Legend(columns=3, labelLimit=0)
    chart = chart.encode(
        y=alt.Y("performance:Q", title=f"{unit} (log scale)", scale=alt.Scale(type="log")),
        color=alt.Color("line:N", title=None, legend=legend),
        strokeDash=alt.StrokeDash(
            "line:N", title=None, legend=legend, scale=alt.Scale(range=list(DASHES))
        ),
    )
    below_labels = 16 * len(rules) + 4  # rules start under the labels, never through them
    rule = alt.Chart(rules).mark_rule(color="#000", strokeDash=[3, 3])
    layers = [
        chart.mark_line(point=False),
        rule.encode(x="year:Q", y=alt.value(below_labels), y2=alt.value({"expr": "height"})),
    ]
    for side, shown in (
        ("left", rules[rules.year <= middle]),
        ("right", rules[rules.year > middle]),
    ):
        if len(shown):
            text = alt.Chart(shown).mark_text(align=side, dx=4 if side == "left" else -4)
            layers.append(
                text.encode(x="year:Q", y=alt.Y("offset:Q", scale=None, axis=None), text="label:N")
            )
    return alt.layer(*layers, title=title, description=description)


def bass_chart(
    curve: pd.DataFrame, *, peak_year: float, title: str, description: str
) -> alt.HConcatChart:
    """Two panels: new adopters a year (peak marked) and adopters so far (the S-curve).

    ``curve`` has ``year``, ``new`` and ``cumulative`` (as ``diffusion.bass_curve`` gives).

    >>> import pandas as pd
    >>> curve = pd.DataFrame({"year": [0, 1], "new": [1.0, 2.0], "cumulative": [1.0, 3.0]})
    >>> chart = bass_chart(curve, peak_year=1, title="T", description="D")
    >>> len(chart.to_dict()["hconcat"]), chart.properties(title="Mine").to_dict()["title"]
    (2, 'Mine')
    """
    import altair as alt
    import pandas as pd

    width = WIDTH // 2 - 20
    x = alt.X("year:Q", title="Year", axis=alt.Axis(format="d", tickMinStep=1))
    peak = alt.Chart(pd.DataFrame({"year": [peak_year], "label": [f"peak {peak_year:.1f}"]}))
    new = (
        alt.Chart(curve)
        .mark_area(opacity=0.6, line=True)
        .encode(
            x=x,
            y=alt.Y("new:Q", title="New adopters a year"),
            tooltip=[alt.Tooltip("year:Q", format="d"), alt.Tooltip("new:Q", format=",.3~g")],
        )
    )
    rule = peak.mark_rule(strokeDash=[4, 3], color="#D55E00").encode(x="year:Q")
    label = peak.mark_text(align="left", dx=4, y=8, color="#D55E00").encode(
        x="year:Q", text="label:N"
    )
    cumulative = (
        alt.Chart(curve)
        .mark_line(color=PALETTE[2])
        .encode(
            x=x,
            y=alt.Y("cumulative:Q", title="Adopters so far"),
            tooltip=[
                alt.Tooltip("year:Q", format="d"),
                alt.Tooltip("cumulative:Q", format=",.3~g"),
            ],
        )
    )
    return alt.hconcat(
        alt.layer(new, rule, label).properties(width=width),
        cumulative.properties(width=width),
        title=title,
        description=description,
    )


def _legend_by_mark(points: str, line: str) -> alt.Legend:
    """A legend whose entries look like their marks: a diamond for the observed ``points``, a
    dashed stroke for the fitted ``line``, a pale square for anything else (the band)."""
    import json

    import altair as alt

    def choose(point: Any, stroke: Any, band: Any) -> dict[str, str]:
        first, second = json.dumps(points), json.dumps(line)
        return {
            "expr": f"datum.value === {first} ? {json.dumps(point)} : "
            f"datum.value === {second} ? {json.dumps(stroke)} : {json.dumps(band)}"
        }

    return alt.Legend(
        symbolType=choose("diamond", "stroke", "square"),
        symbolSize=choose(120, 300, 150),
        symbolDash=choose([], [6, 3], []),
        symbolStrokeWidth=choose(0, 2.5, 0),
        symbolOpacity=choose(1, 1, 0.35),
    )


def fit_chart(
    observed: pd.DataFrame, fitted: pd.DataFrame, *, title: str, description: str, y_title: str
) -> alt.LayerChart:
    """Observed points (``year``, ``value``), the fitted curve and its 90% band (``year``,
    ``cumulative``, ``low``, ``high``), with a legend naming all three.

    >>> import pandas as pd
    >>> observed = pd.DataFrame({"year": [2000], "value": [1.0]})
    >>> fitted = pd.DataFrame({"year": [2000], "cumulative": [1.1], "low": [1.0], "high": [1.2]})
    >>> [layer["mark"]["type"] for layer in fit_chart(observed, fitted, title="T", description="D",
    ...                                              y_title="y").to_dict()["layer"]]
    ['area', 'line', 'point']
    """
    import altair as alt

    names = ("observed", "fitted curve", "90% band of the fit")
    legend = alt.Color(
        "what:N",
        title=None,
        scale=alt.Scale(domain=list(names), range=[PALETTE[3], PALETTE[0], PALETTE[5]]),
        legend=_legend_by_mark(names[0], names[1]),
    )
    x = alt.X("year:Q", title="Year", axis=alt.Axis(format="d", tickMinStep=1))
    band = (
        alt.Chart(fitted.assign(what=names[2]))
        .mark_area(opacity=0.3)
        .encode(x=x, y=alt.Y("low:Q", title=y_title), y2="high:Q", color=legend)
    )
    line = (
        alt.Chart(fitted.assign(what=names[1]))
        .mark_line(strokeDash=[6, 3])
        .encode(
            x=x,
            y="cumulative:Q",
            color=legend,
            tooltip=[alt.Tooltip("year:Q", format="d"), alt.Tooltip("cumulative:Q", format=".3~g")],
        )
    )
    points = (
        alt.Chart(observed.assign(what=names[0]))
        .mark_point(filled=True, shape="diamond")
        .encode(
            x=x,
            y="value:Q",
            color=legend,
            tooltip=[alt.Tooltip("year:Q", format="d"), alt.Tooltip("value:Q", format=".3~g")],
        )
    )
    return alt.layer(band, line, points, title=title, description=description)


def share_chart(
    observed: pd.DataFrame, fitted: pd.DataFrame, *, title: str, description: str
) -> alt.LayerChart:
    """A new technology's share (``year``, ``share`` from 0 to 1): observed points, the fitted
    Fisher-Pry curve, its band when ``fitted`` has ``low`` and ``high`` columns (as
    ``FisherPryFit.forecast`` gives), the 10% and 90% lines, and a legend naming each part.

    >>> import pandas as pd
    >>> frame = pd.DataFrame({"year": [2000], "share": [0.5], "low": [0.4], "high": [0.6]})
    >>> spec = share_chart(frame, frame, title="T", description="D").to_dict()
    >>> [layer["mark"]["type"] for layer in spec["layer"]]
    ['area', 'line', 'point', 'rule', 'text']
    >>> spec["layer"][0]["encoding"]["color"]["scale"]["domain"]
    ['observed share', 'Fisher-Pry fit', '90% band of the fit']
    """
    import altair as alt
    import pandas as pd

    names = ["observed share", "Fisher-Pry fit", "90% band of the fit"]
    colours = [PALETTE[3], PALETTE[0], PALETTE[5]]
    has_band = {"low", "high"} <= set(fitted.columns)
    if not has_band:
        names, colours = names[:2], colours[:2]
    legend = alt.Color(
        "what:N",
        title=None,
        scale=alt.Scale(domain=names, range=colours),
        legend=_legend_by_mark(names[0], names[1]),
    )
    x = alt.X("year:Q", title="Year", axis=alt.Axis(format="d", tickMinStep=1))
    scale = alt.Scale(domain=[0, 1])
    y = alt.Y(
        "share:Q", title="Share of the new technology", axis=alt.Axis(format="%"), scale=scale
    )
    tooltip = [alt.Tooltip("year:Q", format="d"), alt.Tooltip("share:Q", format=".1%")]
    curve = (
        alt.Chart(fitted.assign(what=names[1]))
        .mark_line(strokeDash=[6, 3])
        .encode(x=x, y=y, color=legend, tooltip=tooltip)
    )
    points = (
        alt.Chart(observed.assign(what=names[0]))
        .mark_point(filled=True, size=80, shape="diamond")
        .encode(x=x, y=y, color=legend, tooltip=tooltip)
    )
    levels = pd.DataFrame({"share": [0.1, 0.9], "label": ["10%", "90%"]})
    rules = alt.Chart(levels).mark_rule(color="#888", strokeDash=[2, 2]).encode(y="share:Q")
    level_names = (
        alt.Chart(levels)
        .mark_text(align="left", x=4, dy=-6, color="#555")
        .encode(y="share:Q", text="label:N")
    )
    layers = [curve, points, rules, level_names]
    if has_band:
        band = (
            alt.Chart(fitted.assign(what=names[2]))
            .mark_area(opacity=0.3)
            .encode(x=x, y=alt.Y("low:Q", scale=scale), y2="high:Q", color=legend)
        )
        layers.insert(0, band)
    return alt.layer(*layers, title=title, description=description)


def bar_chart(
    data: pd.DataFrame,
    *,
    x: str,
    y: str,
    title: str,
    description: str,
    y_title: str,
    label: str | None = None,
) -> alt.LayerChart:
    """Bars in the order given, each labelled with its value (or with the ``label`` column,
    where a newline starts a second line), across the course's full chart width with
    horizontal category names and room above the tallest bar for its label.

    >>> import pandas as pd
    >>> spec = bar_chart(pd.DataFrame({"g": ["a"], "v": [1.0]}), x="g", y="v", title="T",
    ...                  description="D", y_title="v").to_dict()
    >>> spec["layer"][0]["mark"]["type"], spec["width"], spec["layer"][1]["mark"]["lineBreak"]
    ('bar', 560, '\\n')
    """
    import altair as alt

    axis = alt.Axis(labelAngle=0, labelLimit=WIDTH, labelFontSize=13)
    top = float(data[y].max()) * 1.25
    base = alt.Chart(data).encode(
        x=alt.X(f"{x}:N", sort=list(data[x]), title=None, axis=axis),
        y=alt.Y(f"{y}:Q", title=y_title, scale=alt.Scale(domainMax=top)),
    )
    bars = base.mark_bar(color=PALETTE[0])
    text = alt.Text(f"{label}:N") if label else alt.Text(f"{y}:Q", format=".1f")
    # Vega stacks a label's later lines below its first: lift it by their height.
    extra_lines = int(data[label].astype(str).str.count("\n").max()) if label else 0
    labels = base.mark_text(
        baseline="bottom", dy=-4 - 15 * extra_lines, fontSize=12, lineBreak="\n"
    ).encode(text=text)
    return alt.layer(bars, labels, title=title, description=description).properties(width=WIDTH)


def range_chart(data: pd.DataFrame, *, title: str, description: str, unit: str) -> alt.LayerChart:
    """Horizontal bars from ``low`` to ``high`` for each ``label`` (log scale), e.g. capacity ranges.

    >>> import pandas as pd
    >>> frame = pd.DataFrame({"label": ["a"], "low": [1.0], "high": [2.0], "kind": ["supplied"]})
    >>> range_chart(frame, title="T", description="D", unit="MB").to_dict()["layer"][0]["mark"]["type"]
    'bar'
    """
    import altair as alt

    base = alt.Chart(data).encode(y=alt.Y("label:N", title=None, sort=list(data["label"])))
    bars = base.mark_bar(height=14).encode(
        x=alt.X("low:Q", title=f"{unit} (log scale)", scale=alt.Scale(type="log")),
        x2="high:Q",
        color=alt.Color("kind:N", title=None, legend=alt.Legend(symbolType="square")),
        tooltip=["label:N", "low:Q", "high:Q"],
    )
    text = base.mark_text(align="left", dx=6).encode(x="high:Q", text=alt.Text("range:N"))
    shown = data.assign(
        range=[f"{low:g} to {high:g} {unit}" for low, high in zip(data.low, data.high, strict=True)]
    )
    return alt.layer(
        bars, text.properties(data=shown), title=title, description=description
    ).properties(height=alt.Step(30))


#: How each kind of flow is drawn in a network chart: colour (greys, so the roles' colours
#: stay distinct) and dash pattern, so a flow's kind never rests on colour alone.
FLOW_STYLES: dict[str, tuple[str, list[int]]] = {
    "goods": ("#1a1a1a", [1, 0]),
    "money": ("#555555", [7, 4]),
    "information": ("#808080", [2, 3]),
}


def _network_geometry(
    nodes: pd.DataFrame, flows: pd.DataFrame, width: int, height: int
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Pixel positions of the nodes, the flows' straight pieces and their arrowheads.

    Flows between the same two nodes run side by side; a flow whose straight line would pass
    over another node bends around it.
    """
    import math

    import pandas as pd

    left, top, bottom = 80, 20, 62
    placed = nodes.assign(
        px=left + nodes["x"] * (width - 2 * left),
        py=top + (1 - nodes["y"]) * (height - top - bottom),
    )
    where = {row.node: (row.px, row.py) for row in placed.itertuples()}
    # The area each node takes with its labels (name and role under the circle).
    boxes = {
        row.node: (
            row.px - max(14.0, 3.5 * max(len(str(row.node)), 0.9 * len(str(row.role)))),
            row.py - 14.0,
            row.px + max(14.0, 3.5 * max(len(str(row.node)), 0.9 * len(str(row.role)))),
            row.py + (56.0 if str(getattr(row, "flag", "") or "") else 42.0),
        )
        for row in placed.itertuples()
    }

    def crosses(start: tuple[float, float], end: tuple[float, float], box: tuple) -> bool:
        """Whether the straight piece from start to end passes through a box (clipping the
        piece to the box's four sides, as Liang and Barsky do)."""
        (x1, y1), (x2, y2) = start, end
        low, high = 0.0, 1.0
        for step, room in (
            (x1 - x2, x1 - box[0]), (x2 - x1, box[2] - x1),
            (y1 - y2, y1 - box[1]), (y2 - y1, box[3] - y1),
        ):  # fmt: skip
            if step == 0:
                if room < 0:
                    return False
                continue
            ratio = room / step
            if step < 0:
                low = max(low, ratio)
            else:
                high = min(high, ratio)
            if low > high:
                return False
        return True

    def hits(path: list[tuple[float, float]], skip: set[str]) -> int:
        """How many other nodes' areas the path crosses."""
        return sum(
            any(crosses(a, b, box) for a, b in zip(path, path[1:], strict=False))
            for name, box in boxes.items()
            if name not in skip
        )

    pieces, heads = [], []
    shown = flows[flows["from"].isin(where) & flows["to"].isin(where)]
    pairs: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in shown.to_dict("records"):
        pairs.setdefault(tuple(sorted((row["from"], row["to"]))), []).append(row)
    for (first, second), rows in pairs.items():
        (x1, y1), (x2, y2) = where[first], where[second]
        length = math.hypot(x2 - x1, y2 - y1) or 1.0
        normal = (-(y2 - y1) / length, (x2 - x1) / length)
        middle = ((x1 + x2) / 2, (y1 + y2) / 2)
        options: list[tuple[float, float] | None] = [None] + [
            (
                min(max(middle[0] + normal[0] * distance, 4.0), width - 4.0),
                min(max(middle[1] + normal[1] * distance, 4.0), height - 4.0),
            )
            for distance in (30, -30, 50, -50, 75, -75, 100, -100, 135, -135, 170, -170)
        ]
        bend = min(
            options,
            key=lambda point: hits(
                [(x1, y1), *([point] if point else []), (x2, y2)], {first, second}
            ),
        )
        for number, row in enumerate(rows):
            shift = (number - (len(rows) - 1) / 2) * 7
            dx, dy = normal[0] * shift, normal[1] * shift
            path = [(x1, y1), *([bend] if bend else []), (x2, y2)]
            path = [(x + dx, y + dy) for x, y in path]
            if row["from"] != first:
                path.reverse()
            for (ax, ay), (bx, by) in zip(path, path[1:], strict=False):
                pieces.append({**row, "x": ax, "y": ay, "x2": bx, "y2": by})
            (ax, ay), (bx, by) = path[-2], path[-1]
            heads.append({
                **row,
                "x": ax + 0.55 * (bx - ax),
                "y": ay + 0.55 * (by - ay),
                "angle": (math.degrees(math.atan2(by - ay, bx - ax)) + 90) % 360,
            })  # fmt: skip
    columns = ["from", "to", "flow", "what", "x", "y"]
    return (
        placed,
        pd.DataFrame(pieces, columns=[*columns, "x2", "y2"]),
        pd.DataFrame(heads, columns=[*columns, "angle"]),
    )


def network_chart(
    nodes: pd.DataFrame,
    flows: pd.DataFrame,
    *,
    title: str,
    description: str,
    width: int = 680,
    height: int = 380,
    role_order: Iterable[str] | None = None,
) -> alt.LayerChart:
    """A value network: nodes where ``nodes`` places them, flows as arrows between them.

    ``nodes`` has ``node``, ``role``, ``x`` and ``y`` (0 to 1, as ``networks.layout`` gives)
    and may have ``flag``, a short word drawn under a node with a ring around it ("removed",
    "not served"). ``flows`` has ``from``, ``to``, ``flow`` (goods, money or information) and
    ``what``. Each node is coloured by its role and labelled with its name and role; each
    flow is drawn in the dash of its kind, with an arrowhead, so neither colour nor position
    alone carries the meaning. ``role_order`` fixes which colour each role gets (so a role
    keeps its colour when a change removes other roles); by default, the order roles appear
    in. The positions are computed here, in Python, so the chart is plain Vega-Lite and draws
    the same in JupyterLab, Colab and a static page.

    >>> import pandas as pd
    >>> nodes = pd.DataFrame({"node": ["Maker", "Buyers"], "role": ["manufacturer", "customer"],
    ...                       "x": [0.0, 1.0], "y": [0.5, 0.5]})
    >>> flows = pd.DataFrame({"from": ["Maker", "Buyers"], "to": ["Buyers", "Maker"],
    ...                       "flow": ["goods", "money"], "what": ["cars", "price"]})
    >>> spec = network_chart(nodes, flows, title="T", description="D").to_dict()
    >>> [layer["mark"]["type"] for layer in spec["layer"]]
    ['rule', 'point', 'rect', 'circle', 'text', 'text']
    """
    import altair as alt

    placed, pieces, heads = _network_geometry(nodes, flows, width, height)
    kinds = [kind for kind in FLOW_STYLES if kind in set(flows["flow"])] or list(FLOW_STYLES)
    present = set(placed["role"])
    order = list(dict.fromkeys([*(role_order if role_order is not None else []), *placed["role"]]))
    colours = [colour for colour in PALETTE if colour != "#000000"] + ["#999999"]
    others = iter(colours * (len(order) // len(colours) + 1))
    colour_of = {role: "#000000" if role == "customer" else next(others) for role in order}
    roles = tuple(role for role in order if role in present)
    # One table for every node layer; a white card under each node's labels keeps them
    # readable where flows cross them, and a flag ("removed") is drawn with a ring.
    longest = placed[["node", "role"]].astype(str).apply(lambda column: column.str.len())
    given = placed["flag"] if "flag" in placed else placed["node"].map(lambda _: "")
    flag = given.fillna("").astype(str)
    placed = placed.assign(
        flag=flag,
        left=placed["px"] - 3.2 * longest.max(axis=1) - 4,
        right=placed["px"] + 3.2 * longest.max(axis=1) + 4,
        upper=placed["py"] + 13,
        lower=placed["py"] + flag.map(lambda text: 56 if text else 42),
    )
    key = (
        tuple(kinds),
        roles,
        tuple(colour_of[role] for role in roles),
        width,
        height,
        bool((placed["flag"] != "").any()),
    )
    if key not in _NETWORK_LAYERS:
        _NETWORK_LAYERS[key] = _network_layers(*key)
    scaffold = _NETWORK_LAYERS[key]
    lines, arrows, *node_layers = scaffold
    return alt.layer(  # the layer chart copies its layers: the kept scaffold stays as it is
        lines.properties(data=pieces),
        arrows.properties(data=heads),
        *node_layers,
        data=placed,
        title=title,
        description=description,
        width=width,
        height=height,
    )


#: The layers of each network chart drawn so far, without data (see ``_network_layers``).
_NETWORK_LAYERS: dict[tuple[Any, ...], tuple[alt.Chart, ...]] = {}


def _network_layers(
    kinds: tuple[str, ...],
    roles: tuple[str, ...],
    role_colours: tuple[str, ...],
    width: int,
    height: int,
    flagged: bool,
) -> tuple[alt.Chart, ...]:
    """The layers of a network chart without their data: built once for each set of flow
    kinds, roles and size, and copied for each chart (building the encodings is the slow part
    of drawing a network). Kept in ``_NETWORK_LAYERS``."""
    import altair as alt

    x_scale = alt.Scale(domain=[0, width])
    y_scale = alt.Scale(domain=[0, height], reverse=True)
    flow_scale = alt.Scale(domain=list(kinds), range=[FLOW_STYLES[kind][0] for kind in kinds])
    flow_colour = alt.Color(
        "flow:N",
        title="Flow",
        scale=flow_scale,
        legend=alt.Legend(orient="right", symbolType="stroke", symbolStrokeWidth=2.5),
    )
    flow_dash = alt.StrokeDash(
        "flow:N",
        title="Flow",
        scale=alt.Scale(domain=list(kinds), range=[FLOW_STYLES[kind][1] for kind in kinds]),
        legend=alt.Legend(orient="right", symbolType="stroke", symbolStrokeWidth=2.5),
    )
    flow_tooltip = [alt.Tooltip("from:N"), alt.Tooltip("to:N"), alt.Tooltip("flow:N"),
                    alt.Tooltip("what:N")]  # fmt: skip
    x, y = alt.X("x:Q", scale=x_scale, axis=None), alt.Y("y:Q", scale=y_scale, axis=None)
    lines = (
        alt.Chart()
        .mark_rule(strokeWidth=2, opacity=0.85)
        .encode(x=x, y=y, x2="x2:Q", y2="y2:Q", color=flow_colour, strokeDash=flow_dash,
                tooltip=flow_tooltip)
    )  # fmt: skip
    arrows = (
        alt.Chart()
        .mark_point(shape="triangle", filled=True, size=70, opacity=1)
        .encode(x=x, y=y, angle=alt.Angle("angle:Q", scale=None),
                color=alt.Color("flow:N", scale=flow_scale, legend=None),
                tooltip=flow_tooltip)
    )  # fmt: skip
    place = {
        "x": alt.X("px:Q", scale=x_scale, axis=None),
        "y": alt.Y("py:Q", scale=y_scale, axis=None),
    }
    cards = (
        alt.Chart()
        .mark_rect(color="white", opacity=0.85)
        .encode(x=alt.X("left:Q", scale=x_scale, axis=None), x2="right:Q",
                y=alt.Y("upper:Q", scale=y_scale, axis=None), y2="lower:Q")
    )  # fmt: skip
    circles = (
        alt.Chart()
        .mark_circle(size=420, opacity=1, stroke="white", strokeWidth=1.5)
        .encode(
            **place,
            fill=alt.Fill(
                "role:N",
                title="Role",
                scale=alt.Scale(domain=list(roles), range=list(role_colours)),
                legend=alt.Legend(orient="right", symbolType="circle", labelLimit=200),
            ),
            tooltip=[alt.Tooltip("node:N"), alt.Tooltip("role:N")],
        )
    )
    names = (
        alt.Chart().mark_text(dy=21, fontSize=12, fontWeight="bold").encode(**place, text="node:N")
    )
    role_names = (
        alt.Chart().mark_text(dy=35, fontSize=11, color="#555555").encode(**place, text="role:N")
    )
    layers = [lines, arrows, cards, circles, names, role_names]
    if flagged:
        flags = alt.Chart().transform_filter("datum.flag != ''")
        layers.append(
            flags.mark_point(shape="circle", filled=False, size=1000, strokeWidth=2.5,
                             color="#000000").encode(**place)
        )  # fmt: skip
        layers.append(
            flags.mark_text(dy=49, fontSize=11, fontWeight="bold", color="#8a3b00").encode(
                **place, text="flag:N"
            )
        )
    return tuple(layers)


# ----------------------------------------------------------- lesson 8: the innovation toolbox


_QUADRANT_LAYERS: dict[tuple[str, str, tuple[str, str], bool], tuple[Any, ...]] = {}


def _quadrant_layers(
    x_title: str, y_title: str, ticks: tuple[str, str], with_kind: bool
) -> tuple[alt.Chart, alt.Chart, alt.Chart, alt.Chart]:
    """The four layers of a ``quadrant_chart`` without their data, built once per set of
    titles (an explorer redraws the same matrix with new placements, so only the data change)."""
    key = (x_title, y_title, tuple(ticks), with_kind)
    if key not in _QUADRANT_LAYERS:
        _QUADRANT_LAYERS[key] = _build_quadrant_layers(*key)
    return _QUADRANT_LAYERS[key]


def _build_quadrant_layers(
    x_title: str, y_title: str, ticks: tuple[str, str], with_kind: bool
) -> tuple[alt.Chart, alt.Chart, alt.Chart, alt.Chart]:
    import altair as alt

    scale = alt.Scale(domain=[0, 2], nice=False)

    def axis(name: str) -> alt.Axis:
        return alt.Axis(
            values=[0.5, 1.5],
            labelExpr=f"datum.value < 1 ? '{ticks[0]}' : '{ticks[1]}'",
            grid=False,
            ticks=False,
            domain=False,
            title=name,
            labelFontSize=13,
        )

    rects = (
        alt.Chart()
        .mark_rect(stroke="white", strokeWidth=3, color="#eef3fa")
        .encode(
            x=alt.X("x0:Q", scale=scale, axis=axis(x_title)),
            x2="x1:Q",
            y=alt.Y("y0:Q", scale=scale, axis=axis(y_title)),
            y2="y1:Q",
        )
    )
    names = (
        alt.Chart()
        .mark_text(align="left", baseline="top", fontSize=14, fontWeight="bold", color="#0b4f85")
        .encode(x=alt.X("nx:Q", scale=scale), y=alt.Y("ny:Q", scale=scale), text="name:N")
    )
    encoding: dict[str, Any] = {
        "x": alt.X("px:Q", scale=scale),
        "y": alt.Y("py:Q", scale=scale),
        "tooltip": [alt.Tooltip("text:N", title="case")],
    }
    marker: dict[str, Any] = {"size": 110, "filled": True, "opacity": 1}
    if with_kind:
        encoding["shape"] = alt.Shape("kind:N", title=None)
        encoding["color"] = alt.Color("kind:N", title=None)
    else:
        marker["color"] = PALETTE[0]
    points = alt.Chart().mark_point(**marker).encode(**encoding)
    texts = (
        alt.Chart()
        .mark_text(align="left", baseline="middle", dx=10, fontSize=12, limit=250)
        .encode(x=alt.X("px:Q", scale=scale), y=alt.Y("py:Q", scale=scale), text="text:N")
    )
    return rects, names, points, texts


def quadrant_chart(
    data: pd.DataFrame,
    *,
    x: str,
    y: str,
    label: str,
    quadrants: dict[tuple[bool, bool], str],
    title: str,
    description: str,
    x_title: str,
    y_title: str,
    kind: str | None = None,
    ticks: tuple[str, str] = ("no", "yes"),
) -> alt.LayerChart:
    """A 2x2 matrix: each quadrant named, and each row of ``data`` placed in the quadrant its
    two yes/no columns ``x`` and ``y`` give (``quadrants`` maps (x, y) to a quadrant's name).
    Rows in one quadrant are listed under its name; ``kind`` (e.g. "you" or "course") gives
    each row its own marker shape and colour.

    >>> import pandas as pd
    >>> cases = pd.DataFrame({"case": ["A", "B"], "p": [True, False], "d": [True, True]})
    >>> names = {(True, True): "both", (False, True): "d only", (True, False): "p only",
    ...          (False, False): "neither"}
    >>> spec = quadrant_chart(cases, x="p", y="d", label="case", quadrants=names, title="T",
    ...                       description="D", x_title="p?", y_title="d?").to_dict()
    >>> [layer["mark"]["type"] for layer in spec["layer"]]
    ['rect', 'text', 'point', 'text']
    """
    import altair as alt

    # Plain rows, not DataFrames: the chart is redrawn on every choice in an explorer, and
    # inline rows skip pandas' conversion.
    boxes = [
        {"x0": float(across), "x1": across + 1.0, "y0": float(up), "y1": up + 1.0,
         "nx": across + 0.04, "ny": up + 0.92, "name": name}
        for (across, up), name in quadrants.items()
    ]  # fmt: skip
    placed, seen = [], {}
    kinds = data[kind] if kind is not None else [None] * len(data)
    for across, up, name, who in zip(data[x], data[y], data[label], kinds, strict=True):
        cell = (int(bool(across)), int(bool(up)))
        order = seen[cell] = seen.get(cell, -1) + 1
        text = f"{who}: {name}" if who is not None else str(name)
        placed.append({"px": cell[0] + 0.07, "py": cell[1] + 0.7 - 0.17 * order, "text": text,
                       "kind": str(who)})  # fmt: skip
    rects, names, points, texts = _quadrant_layers(x_title, y_title, ticks, kind is not None)
    rows, cases = alt.Data(values=boxes), alt.Data(values=placed)
    layers = [
        rects.properties(data=rows),
        names.properties(data=rows),
        points.properties(data=cases),
        texts.properties(data=cases),
    ]
    return alt.layer(*layers, title=title, description=description).properties(
        width=WIDTH, height=360
    )


def funnel_chart(
    levels: pd.DataFrame,
    *,
    label: str,
    value: str,
    title: str,
    description: str,
    value_title: str,
) -> alt.LayerChart:
    """A funnel as horizontal bars in the order given (the widest first), on a log scale so
    that 3,000 ideas and 1.7 launches both show; each bar labelled with its number.

    >>> import pandas as pd
    >>> levels = pd.DataFrame({"stage": ["ideas", "launches"], "count": [3000.0, 1.7]})
    >>> spec = funnel_chart(levels, label="stage", value="count", title="T", description="D",
    ...                     value_title="ideas").to_dict()
    >>> spec["layer"][0]["encoding"]["x"]["scale"]["type"], spec["layer"][1]["mark"]["type"]
    ('log', 'text')
    """
    import math

    import altair as alt

    smallest = float(levels[value][levels[value] > 0].min())
    floor = 10 ** math.floor(math.log10(smallest) - 0.3)
    top = float(levels[value].max()) * 8
    shown = levels.assign(base=floor)
    scale = alt.Scale(type="log", domain=[floor, top], nice=False)
    powers = [10.0**power for power in range(round(math.log10(floor)), math.ceil(math.log10(top)))]
    base = alt.Chart(shown).encode(
        y=alt.Y(f"{label}:N", sort=list(levels[label]), title=None, axis=alt.Axis(labelLimit=260))
    )
    bars = base.mark_bar(color=PALETTE[0], height=20).encode(
        x=alt.X(
            "base:Q",
            scale=scale,
            title=f"{value_title} (log scale)",
            axis=alt.Axis(values=powers, format=",~r", grid=True),
        ),
        x2=f"{value}:Q",
        tooltip=[alt.Tooltip(f"{label}:N"), alt.Tooltip(f"{value}:Q", format=",.3~r")],
    )
    labels = base.mark_text(align="left", dx=5, fontSize=12).encode(
        x=alt.X(f"{value}:Q", scale=scale), text=alt.Text(f"{value}:Q", format=",.3~r")
    )
    return alt.layer(bars, labels, title=title, description=description).properties(
        width=WIDTH - 120, height=alt.Step(34)
    )


def grouped_bar_chart(
    data: pd.DataFrame,
    *,
    category: str,
    value: str,
    group: str,
    title: str,
    description: str,
    value_title: str,
    value_max: float | None = None,
    line: float | None = None,
    line_label: str = "",
    value_format: str = ".3g",
    value_ticks: list[float] | None = None,
) -> alt.LayerChart:
    """Horizontal bars, one row per ``category`` (in the order given) and a bar per ``group``
    within it; each bar is labelled with its group and value, so colour is never needed to
    read it (``value_format`` is a Python format: ".3g", ".0%"). ``line`` draws a dashed
    vertical rule (a threshold) named ``line_label``; ``value_ticks`` fixes the axis's ticks.

    >>> import pandas as pd
    >>> frame = pd.DataFrame({"lens": ["d", "d"], "score": [3, 4], "who": ["A", "B"]})
    >>> spec = grouped_bar_chart(frame, category="lens", value="score", group="who", title="T",
    ...                          description="D", value_title="score", line=3).to_dict()
    >>> [layer["mark"]["type"] for layer in spec["layer"]]
    ['bar', 'text', 'rule', 'text']
    """
    import altair as alt
    import pandas as pd

    groups = list(dict.fromkeys(data[group]))
    axis_format = ".0%" if value_format.endswith("%") else "~g"
    ticks = {"values": value_ticks} if value_ticks is not None else {}
    top = value_max if value_max is not None else float(data[value].max()) * 1.45
    scale = alt.Scale(domain=[0, top], nice=False)
    formatted = data.assign(
        bar_label=[
            f"{who}: {format(float(amount), value_format)}"
            for who, amount in zip(data[group], data[value], strict=True)
        ]
    )
    base = alt.Chart(formatted).encode(
        y=alt.Y(f"{category}:N", sort=list(dict.fromkeys(data[category])), title=None,
                axis=alt.Axis(labelLimit=200, labelFontSize=13)),
        yOffset=alt.YOffset(f"{group}:N", sort=groups),
    )  # fmt: skip
    bars = base.mark_bar(height={"band": 0.85}).encode(
        x=alt.X(
            f"{value}:Q",
            scale=scale,
            title=value_title,
            axis=alt.Axis(format=axis_format, **ticks),
        ),
        color=alt.Color(
            f"{group}:N",
            sort=groups,
            title=None,
            scale=alt.Scale(range=list(PALETTE)),
            legend=alt.Legend(symbolType="square") if len(groups) > 1 else None,
        ),
        tooltip=[
            alt.Tooltip(f"{group}:N"),
            alt.Tooltip(f"{category}:N"),
            alt.Tooltip(f"{value}:Q"),
        ],
    )
    labels = base.mark_text(align="left", dx=4, fontSize=11).encode(
        x=alt.X(f"{value}:Q", scale=scale), text="bar_label:N"
    )
    layers = [bars, labels]
    if line is not None:
        rule_data = pd.DataFrame({"line": [line], "name": [line_label or f"line: {line:g}"]})
        layers.append(
            alt.Chart(rule_data)
            .mark_rule(strokeDash=[6, 3], color="#8a3b00", strokeWidth=2)
            .encode(x=alt.X("line:Q", scale=scale))
        )
        layers.append(
            alt.Chart(rule_data)
            .mark_text(align="left", dx=4, y=-8, fontSize=12, color="#8a3b00")
            .encode(x=alt.X("line:Q", scale=scale), text="name:N")
        )
    return alt.layer(*layers, title=title, description=description).properties(
        width=WIDTH - 140, height=alt.Step(22)
    )


def cycle_chart(
    steps: list[str], *, title: str, description: str, subtitle: str = ""
) -> alt.LayerChart:
    """Steps on a ring with an arrow from each to the next, the last leading back to the first:
    a loop such as research, invention, engineering and manufacturing. ``subtitle`` goes under
    the title (what the loop does, in a few words).

    >>> spec = cycle_chart(["build", "measure", "learn"], title="T", description="D",
    ...                    subtitle="S").to_dict()
    >>> [layer["mark"]["type"] for layer in spec["layer"]], spec["title"]["subtitle"]
    (['rule', 'point', 'text'], 'S')
    """
    import math

    import altair as alt
    import pandas as pd

    width, margin, rx, ry = WIDTH, 45, 190, 105
    angles = [-math.pi / 2 + 2 * math.pi * i / len(steps) for i in range(len(steps))]
    rows = [ry * math.sin(a) for a in angles]
    height = round(max(rows) - min(rows) + 2 * margin)  # no empty band under a triangle
    nodes = pd.DataFrame(
        {
            "step": steps,
            "px": [width / 2 + rx * math.cos(a) for a in angles],
            "py": [row - min(rows) + margin for row in rows],
        }
    )
    pieces, heads = [], []
    for i in range(len(steps)):
        start, end = nodes.iloc[i], nodes.iloc[(i + 1) % len(steps)]
        dx, dy = end.px - start.px, end.py - start.py
        x0, y0 = start.px + 0.3 * dx, start.py + 0.3 * dy
        x1, y1 = start.px + 0.7 * dx, start.py + 0.7 * dy
        pieces.append({"x0": x0, "y0": y0, "x1": x1, "y1": y1})
        heads.append({"px": x1, "py": y1, "angle": math.degrees(math.atan2(dx, -dy))})
    scale_x = alt.Scale(domain=[0, width], nice=False)
    scale_y = alt.Scale(domain=[0, height], nice=False, reverse=True)
    hidden_x = alt.X("x0:Q", scale=scale_x, axis=None)
    arrows = (
        alt.Chart(pd.DataFrame(pieces))
        .mark_rule(strokeWidth=2.5, color="#555555")
        .encode(x=hidden_x, y=alt.Y("y0:Q", scale=scale_y, axis=None), x2="x1:Q", y2="y1:Q")
    )
    tips = (
        alt.Chart(pd.DataFrame(heads))
        .mark_point(shape="triangle-up", filled=True, size=160, color="#555555", opacity=1)
        .encode(
            x=alt.X("px:Q", scale=scale_x, axis=None),
            y=alt.Y("py:Q", scale=scale_y, axis=None),
            angle=alt.Angle("angle:Q", scale=None),
        )
    )
    names = (
        alt.Chart(nodes)
        .mark_text(fontSize=14, fontWeight="bold", color="#0b4f85")
        .encode(
            x=alt.X("px:Q", scale=scale_x, axis=None),
            y=alt.Y("py:Q", scale=scale_y, axis=None),
            text="step:N",
        )
    )
    heading = alt.TitleParams(title, subtitle=subtitle) if subtitle else title
    return alt.layer(arrows, tips, names, title=heading, description=description).properties(
        width=width, height=height
    )


def step_chart(
    data: pd.DataFrame,
    *,
    x: str,
    y: str,
    series: str,
    title: str,
    description: str,
    x_title: str,
    y_title: str,
    y_format: str = "%",
) -> alt.Chart:
    """Lines that move in steps (a value that changes only when something completes, such as
    a loop), one per ``series``, told apart by colour and dash.

    >>> import pandas as pd
    >>> frame = pd.DataFrame({"week": [0, 1], "gap": [1.0, 0.5], "team": ["A", "A"]})
    >>> spec = step_chart(frame, x="week", y="gap", series="team", title="T", description="D",
    ...                   x_title="Week", y_title="Gap").to_dict()
    >>> spec["mark"]["interpolate"], spec["encoding"]["strokeDash"]["field"]
    ('step-after', 'team')
    """
    import altair as alt

    order = list(dict.fromkeys(data[series]))
    return (
        alt.Chart(data, title=title, description=description)
        .mark_line(interpolate="step-after")
        .encode(
            x=alt.X(
                f"{x}:Q",
                title=x_title,
                axis=alt.Axis(format="d"),
                scale=alt.Scale(domain=[float(data[x].min()), float(data[x].max())], nice=False),
            ),
            y=alt.Y(f"{y}:Q", title=y_title, axis=alt.Axis(format=y_format)),
            color=alt.Color(f"{series}:N", title=None, scale=alt.Scale(domain=order)),
            strokeDash=alt.StrokeDash(
                f"{series}:N", title=None, scale=alt.Scale(domain=order, range=list(DASHES))
            ),
            tooltip=[
                alt.Tooltip(f"{series}:N"),
                alt.Tooltip(f"{x}:Q"),
                alt.Tooltip(f"{y}:Q", format=".1%"),
            ],
        )
    )
