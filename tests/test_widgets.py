"""Widgets: figures with captions, controls that change charts in place, learner uploads."""

from __future__ import annotations

import altair as alt
import ipywidgets
import pandas as pd
import pytest

from course_lib import charts, render, widgets

DATA = pd.DataFrame({"year": [2000, 2001, 2002], "value": [1.0, 4.0, 2.0]})


def chart(title: str = "Revenue") -> alt.Chart:
    return (
        alt.Chart(DATA, title=title, description="Revenue by year.")
        .mark_line()
        .encode(x="year", y="value")
    )


def test_a_figure_shows_chart_description_table_and_citation():
    shown = widgets.figure(chart(), DATA, citation="Annual report <2001>")
    assert isinstance(shown.chart, alt.JupyterChart)
    assert shown.children[0] is shown.chart
    caption = shown.caption.value
    assert (
        "Revenue by year." in caption
        and "<table" in caption
        and "Annual report &lt;2001&gt;" in caption
    )


def test_a_figure_refuses_an_undescribed_chart():
    with pytest.raises(ValueError):
        widgets.figure(alt.Chart(DATA).mark_line())


def test_update_replaces_the_chart_in_place():
    shown = widgets.figure(chart(), DATA)
    widget = shown.chart
    shown.update(chart("New title"), DATA.head(1))
    assert shown.chart is widget and widget.chart.title == "New title"
    assert shown.caption.value.count("<tr") == 2  # header and one row


def test_a_slider_drives_a_vega_lite_parameter():
    spec = charts.year_slider_chart(DATA, x="year", y="value", title="T", description="D")
    shown, year = widgets.figure(spec, DATA), widgets.slider("Year", 2000, 2002, 2000)
    widgets.drive_parameter(year, shown, "year")
    for value in (2001, 2002):
        year.value = value
        assert shown.chart.params.year == value


def test_explore_rebuilds_from_the_model_on_every_change():
    calls = []

    def build(scale: float, label: str):
        calls.append((scale, label))
        frame = DATA.assign(value=DATA.value * scale)
        return alt.Chart(frame, title=label, description="Scaled.").mark_line(), frame

    scale, label = (
        widgets.slider("Scale", 0.5, 2.0, 1.0, step=0.5),
        widgets.choice("Label", ["a", "b"]),
    )
    shown = widgets.explore(build, {"scale": scale, "label": label})
    assert isinstance(shown.children[0], ipywidgets.HBox)
    scale.value = 2.0
    label.value = "b"
    scale.value = 1.0
    scale.value = 2.0  # seen before: shown again without calling the model
    assert calls == [(1.0, "a"), (2.0, "a"), (2.0, "b"), (1.0, "b")]
    assert shown.chart.chart.title == "b" and shown.chart.chart.data.value.tolist() == [
        2.0,
        8.0,
        4.0,
    ]


def test_slider_kind_follows_the_numbers():
    assert isinstance(widgets.slider("n", 0, 10, 5), ipywidgets.IntSlider)
    floaty = widgets.slider("r", 0, 1, 0.5, step=0.1)
    assert isinstance(floaty, ipywidgets.FloatSlider) and floaty.continuous_update


def test_choice_maps_labels_to_values():
    picker = widgets.choice("Case", {"Kodak": "kodak", "IBM": "ibm"})
    assert picker.value == "kodak"
    picker.label = "IBM"
    assert picker.value == "ibm"


class FakeUpload:
    def __init__(self, value):
        self.value = value


def test_uploaded_files_reads_both_ipywidgets_shapes():
    seven = FakeUpload({"a.csv": {"metadata": {"name": "a.csv"}, "content": b"year,revenue\n"}})
    eight = FakeUpload(
        ({"name": "a.csv", "type": "text/csv", "content": memoryview(b"year,revenue\n")},)
    )
    assert (
        widgets.uploaded_files(seven)
        == widgets.uploaded_files(eight)
        == [("a.csv", b"year,revenue\n")]
    )


def test_a_rejected_file_keeps_the_last_good_one_and_the_typed_text():
    loaded = []
    box = widgets.company_data_input(on_loaded=loaded.append)
    assert box.read("year,revenue\n2020,5\n", "good.csv") is not None
    box.text.value = "year,revenue\n2020,-5\n"
    box.check_button.click()
    assert "cannot be negative" in box.message.value and "Nothing was charted" in box.message.value
    assert box.text.value == "year,revenue\n2020,-5\n"
    assert box.frame.value.tolist() == [5.0] and len(loaded) == 1


# ------------------------------------------------------------ settings for the static site


def site_explorer(monkeypatch, build, controls, **options):
    """An explorer built as the static site builds it; its settings' values, by control."""
    monkeypatch.setenv(render.STATIC_SITE, "1")
    settings = widgets.explore(build, controls, **options).site_settings
    labels = [labels for _, labels in settings.controls]
    return settings, [
        tuple(labels[index][option] for index, option in enumerate(setting.values))
        for setting in settings.settings
    ]


def line(**values):
    frame = DATA.assign(value=DATA.value * sum(values.values()))
    return alt.Chart(frame, title=str(values), description="Scaled.").mark_line(), frame


def test_a_slider_with_few_positions_offers_each_and_the_page_starts_where_the_notebook_does(
    monkeypatch,
):
    controls = {
        "signals": widgets.slider("Signals", 1, 3, 1),
        "rate": widgets.slider("Pass (%)", 0.5, 100, 125 / 3, step=0.01),  # off the steps
    }
    settings, shown = site_explorer(monkeypatch, line, controls)
    assert settings.controls[0] == ("Signals", ["1", "2", "3"])
    assert settings.controls[1][1][settings.start[1]] == "41.67"
    assert shown[0] == ("1", "41.67")  # the first setting is the notebook's own
    first = settings.settings[0].spec["title"]
    assert first == str({"signals": 1, "rate": 125 / 3})


def test_the_settings_a_lesson_names_are_always_on_the_page(monkeypatch):
    controls = {name: widgets.slider(name, 0, 10, 5) for name in ("a", "b", "c")}
    needed = [{"a": 7, "b": 9}, {"c": 10}, {"a": 6}]
    settings, shown = site_explorer(
        monkeypatch, line, controls, lesson_settings=needed, site_limit=2
    )
    assert shown == [("5", "5", "5"), ("7", "9", "5"), ("5", "5", "10"), ("6", "5", "5")]
    assert settings.controls[0] == ("a", ["2", "5", "6", "7", "8"])  # 6 and 7 added, in order
    titles = [setting.spec["title"] for setting in settings.settings]
    assert titles[1] == str({"a": 7, "b": 9, "c": 5})


def test_a_higher_limit_keeps_more_of_the_main_settings(monkeypatch):
    controls = {name: widgets.slider(name, 0, 3, 1) for name in "abcdef"}
    _, few = site_explorer(monkeypatch, line, controls)
    _, every = site_explorer(monkeypatch, line, controls, site_limit=1 + 6 * 3)
    assert len(few) == widgets.SITE_SETTINGS and len(every) == 19
    for index in range(6):  # every score of every slider, the others where they start
        moved = {values[index] for values in every if values.count("1") >= 5}
        assert moved == {"0", "1", "2", "3"}


def test_a_lesson_setting_that_does_not_fit_the_controls_is_refused(monkeypatch):
    controls = {"case": widgets.choice("Case", ["A", "B"]), "n": widgets.slider("n", 0, 10, 5)}

    def build(case, n):
        return line(n=n)

    for wrong, says in (
        ({"cases": "A"}, "no control named"),
        ({"case": "C"}, "not an option"),
        ({"n": 11}, "off the slider"),
    ):
        with pytest.raises(ValueError, match=says):
            site_explorer(monkeypatch, build, controls, lesson_settings=[wrong])


def test_a_slider_that_reads_out_a_percentage_is_labelled_so_on_the_page(monkeypatch):
    rate = widgets.slider("Innovation p (a year)", 0.005, 0.1, 0.03, step=0.005)
    rate.readout_format = ".1%"  # the notebook shows 3.0%, so the page must too
    settings, shown = site_explorer(monkeypatch, line, {"rate": rate})
    assert settings.controls[0][1][settings.start[0]] == "3.0%"
    assert all(label.endswith("%") for label in settings.controls[0][1])
    assert shown[0] == ("3.0%",)


def test_a_check_box_that_starts_ticked_starts_ticked_on_the_page(monkeypatch):
    ticked = ipywidgets.Checkbox(value=True, description="Ticked")
    settings, shown = site_explorer(
        monkeypatch, lambda ticked: line(n=int(ticked)), {"ticked": ticked}
    )
    assert shown[0] == ("yes",) and sorted(shown) == [("no",), ("yes",)]
