"""Every notebook in real JupyterLab in headless Chromium: it runs with no error output, every
chart and widget draws, and a control moved with the keyboard changes its chart.

Screenshots land in build/screenshots/ for a person to look at.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from devtools import lab as harness

pytestmark = pytest.mark.browser
NOTEBOOKS = sorted(path.name for path in (harness.ROOT / "notebooks").glob("*.ipynb"))
SCREENSHOTS = harness.ROOT / "build" / "screenshots"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    if not Path(harness.CHROMIUM).exists():
        pytest.fail(f"Chromium is not at {harness.CHROMIUM}: run scripts/ensure_chromium.sh")
    folder = harness.scratch_copy(tmp_path_factory.mktemp("lab"))
    with harness.jupyterlab(folder) as lab, harness.browser() as chromium:
        yield lab, chromium


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_renders_and_responds(served, name):
    lab, chromium = served
    report = harness.check_notebook(chromium, lab, name, SCREENSHOTS)
    assert report.problems == [], report
    assert report.charts >= 1 and report.widgets >= 1
    assert report.controls_moved >= 1, "no control in a figure was moved"


def _notebook(cells: list[str]) -> dict:
    return {
        "cells": [
            {
                "cell_type": "code",
                "id": f"c{i}",
                "metadata": {},
                "source": source,
                "outputs": [],
                "execution_count": None,
            }
            for i, source in enumerate(cells)
        ],
        "metadata": {
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


BROKEN = {
    # Vega's JavaScript from a CDN: with no network the chart cannot load.
    "online_chart.ipynb": [
        "import altair as alt, pandas as pd\nalt.JupyterChart.enable_offline(False)",
        "alt.JupyterChart(alt.Chart(pd.DataFrame({'x': [1, 2]}), title='T').mark_point().encode(x='x'))",
    ],
    # A slider bound to a parameter that nothing in the chart uses: it moves, nothing changes.
    "dead_slider.ipynb": [
        "import course_lib as cl; cl.setup()\nimport altair as alt, pandas as pd",
        "data = pd.DataFrame({'year': [2000, 2001, 2002], 'value': [1.0, 2.0, 3.0]})\n"
        "unused = alt.param(name='unused', value=2000, bind=alt.binding_range(min=2000, max=2002, step=1))\n"
        "chart = cl.charts.line_chart(data, x='year', y='value', title='T', description='D').add_params(unused)\n"
        "cl.widgets.figure(chart, data)",
    ],
    # A cell that raises.
    "raises.ipynb": ["import course_lib as cl; cl.setup()", "cl.data.load('no such case')"],
}
EXPECTED = {
    "online_chart.ipynb": "no chart was drawn",
    "dead_slider.ipynb": "changed nothing in the chart",
    "raises.ipynb": "error output",
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_the_browser_check_catches_a_broken_notebook(served, name):
    lab, chromium = served
    (lab.folder / name).write_text(json.dumps(_notebook(BROKEN[name])))
    report = harness.check_notebook(chromium, lab, name)
    assert any(EXPECTED[name] in problem for problem in report.problems), report
