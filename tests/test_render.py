"""Charts render offline from one cached Vega bundle, and updates that only change data are
cheap: a chart is converted once per setting, and specs keep stable dataset names."""

from __future__ import annotations

import re
from html.parser import HTMLParser

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


def test_on_the_site_a_chart_left_as_a_value_carries_a_table_view_of_each_data_set(monkeypatch):
    monkeypatch.setenv(render.STATIC_SITE, "1")
    sales = pd.DataFrame({"year": [2000, 2001], "units": [1234.56789, 2.5]})
    event = pd.DataFrame({"year": [2001], "label": ["launch"]})
    line = alt.Chart(sales).mark_line().encode(x="year:Q", y="units:Q")
    chart = alt.layer(
        line, line.mark_point(), alt.Chart(event).mark_rule().encode(x="year:Q"),
        title="Units", description="Units sold each year.",
    )  # fmt: skip
    page = render.course_renderer(chart.to_dict())["text/html"]
    view = page[page.index("<details") :]
    # The chart's two data sets, each once (the point layer repeats the line's data).
    assert view.count("<table") == 2 and "Table view of the data" in view
    cells = re.findall(r"<td>(.*?)</td>", view)
    assert cells == ["2000", "1,234.57", "2001", "2.5", "2001", "launch"]
    assert page.startswith('<div class="course-figure-static">') and page.endswith("</div>")
    assert '"description": "Units sold each year."' in page  # Vega's aria-label on the page


def test_a_chart_with_no_data_gets_no_empty_table_view():
    assert render.table_view_html(alt.Chart().mark_text(text="No data").to_dict()) == ""


class _Labels(HTMLParser):
    """Each drop-down of a page and the text of the <label> around it."""

    def __init__(self) -> None:
        super().__init__()
        self.labels: list[list[str]] = []  # the text of each open <label>
        self.selects: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "label":
            self.labels.append([])
        elif tag == "select":
            self.selects.append(" ".join(" ".join(self.labels[-1]).split()) if self.labels else "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "label" and self.labels:
            self.labels.pop()

    def handle_data(self, data: str) -> None:
        if self.labels:
            self.labels[-1].append(data)


def test_each_drop_down_of_a_static_explorer_is_labelled_with_its_control_name():
    settings = render.SiteSettings(
        (("Case", ["IBM", "Kodak"]), ("Measure", ["ratio", "revenue"])),
        (0, 0),
        [
            render.SiteSetting((0, 0), {"mark": "point"}, "<p>IBM</p>"),
            render.SiteSetting((1, 1), {"mark": "point"}, "<p>Kodak</p>"),
        ],
    )
    parser = _Labels()
    parser.feed(render.settings_html(settings, "c"))
    assert parser.selects == ["Case", "Measure"]
