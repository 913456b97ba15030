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


def test_every_lesson_view_is_a_valid_vega_lite_spec():
    """Interactive updates skip validation (render.remember_spec), so every view the lessons
    can show at their default settings is validated here."""
    from course_lib.lessons import (
        anticipating_migration,
        diffusion_and_substitution,
        disruptive_innovation,
        phases_of_value_migration,
        value_migration,
    )

    views = [
        value_migration._view(case, measure)
        for case in value_migration.CASES
        for measure in value_migration.MEASURES
    ]
    views.append(phases_of_value_migration._timeline(2.0, 0.8, 0.05))
    views += [
        anticipating_migration._view(label, 0.02, 0.15, 0.03, 0.2, 1)
        for label in anticipating_migration.CASES
    ]
    views.append(disruptive_innovation._simulation(10.0, 0.4, 0.3, 0.15, 8.0))
    views += [disruptive_innovation._case_view(label) for label in disruptive_innovation.CASES]
    views.append(diffusion_and_substitution._bass_view(0.03, 0.38, 100.0))
    views += [
        diffusion_and_substitution._fit_view(name)
        for name in diffusion_and_substitution.series_names()
    ]
    views += [
        diffusion_and_substitution._substitution_view(label)
        for label in diffusion_and_substitution.SUBSTITUTIONS
    ]
    for chart, _data, _citation in views:
        spec = chart.to_dict(validate=True)
        assert spec["title"] and spec["description"]


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
