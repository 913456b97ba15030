"""The chart theme and builders: accessible, colour-blind-safe, declarative."""

from __future__ import annotations

import altair as alt
import pandas as pd
import pytest

from course_lib import charts

FRAME = pd.DataFrame(
    {
        "year": [2000, 2001, 2002, 2000, 2001, 2002],
        "value": [1.0, 2.0, 3.0, 3.0, 2.0, 1.0],
        "entity": ["A", "A", "A", "B", "B", "B"],
    }
)


def test_the_palette_is_okabe_ito_and_the_theme_is_active():
    assert charts.PALETTE[:4] == ("#0072B2", "#E69F00", "#009E73", "#D55E00")
    charts.use_course_theme()
    charts.use_course_theme()  # a second call is harmless
    assert alt.theme.active == charts.THEME_NAME
    spec = alt.Chart(FRAME, title="t", description="d").mark_point().to_dict()
    assert spec["config"]["range"]["category"] == list(charts.PALETTE)


def test_series_are_told_apart_by_more_than_colour():
    spec = charts.line_chart(
        FRAME, x="year", y="value", series="entity", title="T", description="D"
    ).to_dict()
    encoding = spec["encoding"]
    assert encoding["color"]["field"] == encoding["strokeDash"]["field"] == "entity"
    assert encoding["color"].get("title") == encoding["strokeDash"].get("title")  # one legend


def test_a_chart_without_title_or_description_is_refused():
    with pytest.raises(ValueError, match="title and a description"):
        charts.describe(alt.Chart(FRAME, title="only a title").mark_line())
    titled = alt.Chart(FRAME, title=alt.Title("Main", subtitle="s"), description="d").mark_line()
    assert charts.describe(titled) == ("Main", "d")


def test_year_slider_is_a_bound_parameter_that_filters_the_marker():
    chart = charts.year_slider_chart(
        FRAME, x="year", y="value", series="entity", title="T", description="D", start=2001
    )
    spec = chart.to_dict()
    parameter = spec["params"][0]
    assert parameter["bind"] == {
        "input": "range",
        "min": 2000,
        "max": 2002,
        "step": 1,
        "name": "Year ",
    }
    assert parameter["value"] == 2001
    filters = [layer["transform"][0]["filter"] for layer in spec["layer"][1:]]
    assert all("year" in f and parameter["name"] in f for f in filters)


def test_year_slider_needs_data():
    with pytest.raises(ValueError, match="at least one year"):
        charts.year_slider_chart(FRAME.iloc[0:0], x="year", y="value", title="T", description="D")


def test_table_view_shows_gaps_and_is_capped():
    frame = pd.DataFrame({"year": range(300), "value": [None] + [1.0] * 299})
    table = charts.table_html(frame, max_rows=10)
    assert "(no data)" in table and "Showing the first 10 of 300 rows." in table


def explorers():
    """Every public function of every lesson module that returns a figure (an explorer)."""
    import importlib
    import inspect

    from course_lib.course_map import COURSE_MAP

    found = []
    for lesson in COURSE_MAP:
        try:
            module = importlib.import_module(f"course_lib.lessons.{lesson.notebook[3:-6]}")
        except ModuleNotFoundError:
            continue  # a lesson not written yet (test_notebooks checks every notebook has one)
        for name, function in vars(module).items():
            if name.startswith("_") or not inspect.isfunction(function):
                continue
            if function.__module__ != module.__name__:
                continue
            signature = inspect.signature(function)
            needs = [p for p in signature.parameters.values() if p.default is p.empty]
            if not needs and "Figure" in str(signature.return_annotation):
                found.append((f"{module.__name__}.{name}", function))
    return found


def settings(control):
    """A few values of a control: each option of a drop-down, the ends and middle of a slider."""
    if hasattr(control, "options") and control.options:
        values = [option[1] if isinstance(option, tuple) else option for option in control.options]
        return values[:8]
    if hasattr(control, "min") and hasattr(control, "max"):
        return [control.min, control.value, control.max]
    return []


@pytest.mark.parametrize(
    ("name", "explorer"), explorers(), ids=lambda x: x if isinstance(x, str) else ""
)
def test_every_view_of_every_explorer_is_a_valid_vega_lite_spec(name, explorer):
    """Interactive updates skip validation (render.remember_spec), so every setting of every
    control of every explorer is validated here, through the explorers' public functions."""
    import ipywidgets

    shown = explorer()
    controls = [
        widget
        for box in shown.children
        if isinstance(box, ipywidgets.Box)
        for widget in box.children
        if isinstance(widget, ipywidgets.ValueWidget)
    ]
    checked = 0
    for control in controls or [None]:
        for value in settings(control) if control is not None else [None]:
            if control is not None:
                control.value = value
            spec = shown.chart.chart.to_dict(validate=True)
            assert spec.get("title") and spec.get("description"), (name, value)
            checked += 1
    assert checked >= 1


def test_a_missing_year_breaks_the_line_instead_of_bridging_it():
    import pandas as pd

    from course_lib import charts

    frame = pd.DataFrame(
        {
            "year": [2008, 2010, 2012, 2004, 2005, 2006],
            "entity": ["Kodak", "Kodak", "Kodak", "Fujifilm", "Fujifilm", "Fujifilm"],
            "value": [88.0, 68.0, 39.0, 100.0, 98.0, 104.0],
        }
    )
    spec = charts.line_chart(
        frame, x="year", y="value", series="entity", title="T", description="D"
    ).to_dict()
    assert spec["encoding"]["detail"]["field"] == charts.RUN
    rows = spec["datasets"][next(iter(spec["datasets"]))]
    runs = {(row["entity"], row[charts.RUN]) for row in rows}
    # Kodak's points are two years apart: each is its own run (a point, no line across the
    # missing years); Fujifilm's consecutive years form one run.
    assert runs == {("Kodak", "Kodak-0"), ("Kodak", "Kodak-1"), ("Kodak", "Kodak-2"),
                    ("Fujifilm", "Fujifilm-0")}  # fmt: skip
    gappy = pd.DataFrame(
        {"year": [2007, 2008, 2009, 2011], "entity": "Kodak", "value": [97.0, 88.0, 80.0, 55.0]}
    )
    rows = charts.line_chart(gappy, x="year", y="value", series="entity", title="T",
                             description="D").to_dict()["datasets"]  # fmt: skip
    assert [row[charts.RUN] for row in next(iter(rows.values()))] == [
        "Kodak-0",
        "Kodak-0",
        "Kodak-0",
        "Kodak-1",
    ]


def test_line_chart_takes_a_table_whose_index_repeats():
    import pandas as pd

    from course_lib import charts

    one = pd.DataFrame({"year": [2000, 2001], "value": [1.0, 2.0], "company": "A"})
    two = pd.DataFrame({"year": [2000, 2001], "value": [3.0, 4.0], "company": "B"})
    both = pd.concat([one, two])  # index 0, 1, 0, 1
    spec = charts.line_chart(both, x="year", y="value", series="company", title="T",
                             description="D").to_dict()  # fmt: skip
    rows = next(iter(spec["datasets"].values()))
    assert [(row["company"], row[charts.RUN]) for row in rows] == [
        ("A", "A-0"), ("A", "A-0"), ("B", "B-0"), ("B", "B-0")
    ]  # fmt: skip
