"""The readability checks of the browser test catch what a learner would trip over.

Every lesson's figures are checked by ``devtools/lab.py``'s ``inspect`` in the per-notebook
browser test (tests/browser/test_notebooks_in_browser.py), so each notebook runs once: in
every figure, text of one chart must not overlap other text, be cut with "…", or be clipped
at the chart's or its cell's edge; an axis must not repeat a label or leave out labels of a
discrete scale; drop-downs must show their whole options; outputs must fit their cell; and
no raw Python value (tuple, list, dict, Series) is shown. Each figure is checked in every
setting of its drop-downs (or each option in turn when there are many combinations) and
with each slider at its ends. Here a notebook with one such defect per cell shows that each
is reported, with the figure and its text, and that the course's own charts pass.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from devtools import lab as harness
from tests.browser.test_notebooks_in_browser import _notebook

pytestmark = pytest.mark.browser

SETUP = """import course_lib as cl; cl.setup()
import altair as alt, ipywidgets, pandas as pd
from IPython.display import HTML, display
series = pd.DataFrame({
    "year": [2000, 2001] * 2, "value": [1, 2, 3, 4],
    "line": ["United Kingdom (fixed-line telephony): voice"] * 2
    + ["United Kingdom (fixed-line telephony): data"] * 2,
})"""

# Each cell: its source and the words its problem must contain (None: it must have none).
CELLS: list[tuple[str, list[str] | None]] = [
    (
        'names = pd.DataFrame({"name": [f"a long category name {k}" for k in range(8)], "v": range(8)})\n'
        'alt.Chart(names, width=200, title="Overlapping").mark_bar().encode(\n'
        '    x=alt.X("name:N", axis=alt.Axis(labelAngle=0)), y="v")',
        [
            '"Overlapping"',
            'axis labels overlap: "a long category name 0" and "a long category name 1"',
        ],
    ),
    (
        'alt.Chart(series, title="Legend").mark_line().encode(x="year:O", y="value",\n'
        '    color=alt.Color("line:N", legend=alt.Legend(labelLimit=120)))',
        ['"Legend"', 'cut short with "…": legend label "United Kingdom'],
    ),
    (
        'alt.Chart(series, title=alt.Title("A title far too long for the room this chart gives it",\n'
        '    limit=150)).mark_point().encode(x="year:O", y="value")',
        ['cut short with "…": title "A title far'],
    ),
    (
        'alt.Chart(series, title="Clipped", padding=0, autosize="none", width=200, height=100)'
        '.mark_point().encode(x="year:O", y="value")',
        ['"Clipped"', "clipped at the chart's edge: "],
    ),
    (
        'labels = pd.DataFrame({"x": [1, 1.02], "y": [1, 1], "text": ["first warning", "event"]})\n'
        'alt.Chart(labels, title="Labels").mark_text(fontSize=13).encode(x="x:Q", y="y:Q", text="text:N")',
        ['texts overlap: label "first warning" and label "event"'],
    ),
    (
        'two_years = pd.DataFrame({"year": [2004, 2005], "value": [1.0, 2.0]})\n'
        'alt.Chart(two_years, title="Two years").mark_line().encode(\n'
        '    x=alt.X("year:Q", axis=alt.Axis(format="d")), y="value")',
        ['"Two years"', "an axis repeats the label"],
    ),
    (
        # The course's line chart labels whole years only (it read "2004, 2005, 2005").
        'cl.charts.line_chart(two_years, x="year", y="value", title="Builder: two years",\n'
        '                     description="Two years.")',
        None,
    ),
    (
        'years = pd.DataFrame({"year": range(1990, 2016), "v": range(26)})\n'
        'alt.Chart(years, width=200, title="Skipped years").mark_bar().encode(\n'
        '    x=alt.X("year:O", axis=alt.Axis(labelAngle=0, labelOverlap=True)), y="v")',
        ['"Skipped years"', "an axis leaves out", "labels"],
    ),
    (
        'ipywidgets.Dropdown(description="Case", options=["Blockbuster vs Netflix (between companies)",\n'
        '    "IBM"], layout=ipywidgets.Layout(width="160px"))',
        ['the drop-down "Case" cuts its option "Blockbuster vs Netflix (between companies)"'],
    ),
    (
        'ipywidgets.IntSlider(description="Challenger lead over the incumbent (points)")',
        ['"Challenger lead over the incumbent (points)" is cut with'],
    ),
    (
        "display(HTML('<div style=\"width: 2400px\">A message that runs off the right edge</div>'))",
        ['"A message that runs off the right edge" runs', "px off the right edge of its cell"],
    ),
    (
        'pd.set_option("display.max_colwidth", 50)\n'
        'pd.DataFrame({"reason": ["the value ratio fell below the outflow line, and revenue fell"]})',
        ['the table entry "the value ratio fell', "is cut"],
    ),
    ("(1995, 2012)", ['shows a tuple as raw Python output: "(1995, 2012)"']),
    ('pd.Series([0.5, 0.25], name="share")', ["shows a Series as raw Python output"]),
    ('print({"Kodak": 2012})', ["shows a dict or set as raw Python output"]),
    ('print("The years:")\nprint([2001, 2002])', ["shows a list as raw Python output"]),
    (
        # A figure whose second option draws a cut title: every setting is checked.
        "def build(case):\n"
        '    data = pd.DataFrame({"x": [0, 1], "y": [0, 1]})\n'
        "    chart = alt.Chart(data, title=alt.Title(case, limit=150), description='A line.')\n"
        '    return chart.mark_line().encode(x="x", y="y"), data\n'
        'cl.widgets.explore_choice(build, "Case", ["Short", "A far longer title that the limit cuts"])',
        [
            'cut short with "…": title "A far longer',
            '(with Case "A far longer title that the limit cuts")',
        ],
    ),
    (
        # A figure whose slider, at its highest, stacks labels on one another.
        "def stacked(count):\n"
        '    data = pd.DataFrame({"x": [0.5] * count, "y": [0.5] * count,\n'
        '                         "text": [f"label {k}" for k in range(count)]})\n'
        "    chart = alt.Chart(data, title='Stacked', description='Labels.')\n"
        '    return chart.mark_text(fontSize=13).encode(x="x:Q", y="y:Q", text="text:N"), data\n'
        'cl.widgets.explore(stacked, {"count": cl.widgets.slider("Labels", 1, 3, 1)})',
        ['texts overlap: label "label 0" and label "label 1"', "(with Labels at its highest"],
    ),
    (
        # The course's fit chart and a wide table in a course figure read well.
        'observed = pd.DataFrame({"year": [2000, 2001, 2002], "value": [1.0, 3.0, 6.0]})\n'
        'fitted = pd.DataFrame({"year": [2000, 2001, 2002, 2003], "cumulative": [1.2, 3.0, 5.5, 7.5],\n'
        '                       "low": [1.0, 2.5, 5.0, 7.0], "high": [1.5, 3.5, 6.0, 8.0]})\n'
        'chart = cl.charts.fit_chart(observed, fitted, title="Builder: a fit", description="A fit.",\n'
        '                            y_title="value")\n'
        "cl.widgets.figure(chart, fitted)",
        None,
    ),
    (
        # The year slider's figure stays inside the chart at the last year (it ran off).
        'revenue = pd.DataFrame({"year": [2000, 2001, 2002], "revenue": [81.7, 90.0, 81.7]})\n'
        'chart = cl.charts.year_slider_chart(revenue, x="year", y="revenue",\n'
        '    title="Builder: a year slider", description="Revenue.")\n'
        "cl.widgets.figure(chart, revenue)",
        None,
    ),
]


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    if not Path(harness.CHROMIUM).exists():
        pytest.fail(f"Chromium is not at {harness.CHROMIUM}: run scripts/ensure_chromium.sh")
    folder = harness.scratch_copy(tmp_path_factory.mktemp("lab"))
    name = "figures_that_do_not_read_well.ipynb"
    (folder / name).write_text(json.dumps(_notebook([SETUP] + [source for source, _ in CELLS])))
    with harness.jupyterlab(folder) as lab, harness.browser() as chromium:
        return harness.check_notebook(chromium, lab, name)


def _problems_of(report: harness.Report, cell: int) -> list[str]:
    """Problems naming the notebook's cell ``cell`` (1-based, the setup cell is 1)."""
    pattern = re.compile(rf"\bcell {cell}[,:)]")
    return [problem for problem in report.problems if pattern.search(problem)]


@pytest.mark.parametrize(
    "position", [k for k, (_, expected) in enumerate(CELLS) if expected is not None]
)
def test_each_defect_is_reported_with_its_figure_and_text(report, position):
    source, expected = CELLS[position]
    found = _problems_of(report, position + 2)
    assert any(all(words in problem for words in expected) for problem in found), (
        f"cell {position + 2} ({source.splitlines()[0]}): expected {expected}, found {found}"
    )


@pytest.mark.parametrize(
    "position", [k for k, (_, expected) in enumerate(CELLS) if expected is None]
)
def test_the_course_chart_builders_read_well(report, position):
    assert _problems_of(report, position + 2) == []


def test_every_chart_is_checked_as_svg_in_every_setting(report):
    assert report.charts == 12 and report.figures_inspected == report.charts, report
    # Two options of the explorer, two sliders at both ends (the fit figure has no controls).
    assert report.settings_checked == 6, report
