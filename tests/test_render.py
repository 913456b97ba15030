"""Charts render offline from one cached Vega bundle, and updates that only change data are
cheap: a chart is converted once per setting, and specs keep stable dataset names."""

from __future__ import annotations

import altair as alt
import pandas as pd
import pytest

from course_lib import charts, render


@pytest.fixture
def fresh_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "value-migration-course"


def test_the_vega_bundle_is_built_once_and_reused(fresh_cache):
    bundle = render.vega_bundle()
    cached = list(fresh_cache.glob("vega-embed-*.js"))
    assert len(cached) == 1 and cached[0].read_text() == bundle
    assert "window.vegaEmbed" in bundle and "esm.sh" not in bundle and "cdn.jsdelivr" not in bundle
    cached[0].write_text(bundle + "\n// reused")
    assert render.vega_bundle().endswith("// reused")


def test_without_a_writable_cache_the_bundle_is_still_built(monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", "/proc/forbidden")
    assert len(render.vega_bundle()) > 100_000


def test_chart_widgets_share_one_bundle_sent_on_request(monkeypatch):
    widget = render.chart_widget(alt.Chart().mark_point())
    assert len(widget._esm) < 5_000 and "course-bundle-request" in widget._esm
    sent = []
    monkeypatch.setattr(widget, "send", sent.append)
    widget.answer_message(widget, {"type": "something else"}, [])
    assert sent == []
    widget.answer_message(widget, {"type": "course-bundle-request"}, [])
    assert sent[0]["type"] == "course-bundle" and sent[0]["source"] == render.vega_bundle()


def _line(values: list[float]) -> alt.Chart:
    data = pd.DataFrame({"x": range(len(values)), "y": values})
    return alt.Chart(data, title="T", description="D").mark_line().encode(x="x:Q", y="y:Q")


def test_charts_that_differ_only_in_data_differ_only_in_datasets():
    first = render.remember_spec(_line([1.0, 2.0])).to_dict()
    second = render.remember_spec(_line([3.0, 1.0])).to_dict()
    assert list(first["datasets"]) == list(second["datasets"]) == ["data-0"]
    assert {**first, "datasets": None} == {**second, "datasets": None}
    assert second["datasets"]["data-0"] == [{"x": 0, "y": 3.0}, {"x": 1, "y": 1.0}]


def test_a_course_chart_changed_by_a_learner_shows_the_change():
    curve = pd.DataFrame({"year": [2000, 2001], "new": [1.0, 2.0], "cumulative": [1.0, 3.0]})
    course = charts.bass_chart(curve, peak_year=2001, title="Course title", description="D.")
    mine = course.properties(title="Mine")
    assert render.chart_widget(mine).spec["title"] == "Mine"
    assert render.chart_widget(course).spec["title"] == "Course title"
