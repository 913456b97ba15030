"""A learner's exported report opens in Chromium with every network request refused, and
draws each of its charts from the copy of Vega it carries."""

from __future__ import annotations

import altair as alt
import pandas as pd
import pytest

from course_lib import report
from devtools import lab as harness

pytestmark = pytest.mark.browser


def test_an_exported_report_draws_every_chart_offline(tmp_path, chromium):
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
    counts, title, problems = harness.open_report_offline(chromium, html_path)
    assert counts == {"charts": 2, "drawn": 2}, counts
    assert title == "Offline report" and problems == []
