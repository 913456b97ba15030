"""A learner's exported report opens in Chromium with every network request refused, and
draws each of its charts from the copy of Vega it carries."""

from __future__ import annotations

import time
from pathlib import Path

import altair as alt
import pandas as pd
import pytest

from course_lib import report
from devtools import lab as harness

pytestmark = pytest.mark.browser

DRAWN = """() => ({
  charts: document.querySelectorAll('.course-report-chart').length,
  drawn: document.querySelectorAll('.course-report-chart svg.marks, .course-report-chart canvas.marks').length,
})"""


def test_an_exported_report_draws_every_chart_offline(tmp_path):
    if not Path(harness.CHROMIUM).exists():
        pytest.fail(f"Chromium is not at {harness.CHROMIUM}: run scripts/ensure_chromium.sh")
    data = pd.DataFrame({"year": [2019, 2020, 2021], "revenue": [1.0, 2.0, 1.5]})
    sections = [
        report.Section(
            f"Chart {n}",
            learner_text="<script>document.title = 'hacked'</script>",
            chart=alt.Chart(data, title=f"Revenue {n}", description="Revenue by year.")
            .mark_line()
            .encode(x="year:Q", y="revenue:Q"),
        )
        for n in (1, 2)
    ]
    html_path, _ = report.save(tmp_path, "Offline report", sections)
    problems: list[str] = []
    with harness.browser() as chromium:
        context = chromium.new_context(viewport={"width": 1280, "height": 900})
        context.route(
            "**/*",
            lambda route: (
                route.continue_() if route.request.url.startswith("file:") else route.abort()
            ),
        )
        page = context.new_page()
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.goto(html_path.as_uri())
        deadline = time.monotonic() + 20
        counts = page.evaluate(DRAWN)
        while time.monotonic() < deadline and counts["drawn"] < counts["charts"]:
            page.wait_for_timeout(200)
            counts = page.evaluate(DRAWN)
        title = page.title()
        context.close()
    assert counts == {"charts": 2, "drawn": 2}, counts
    assert title == "Offline report" and problems == []
