"""What keeps the website's pages light, and how the benchmark reports them (no browser).

An explorer's settings on a static page share most of their parts (the data of the cases
not changed by a control, the theme, often a caption): each is stored once per figure and
every setting still resolves to exactly the chart it was computed as. The site's server
lets a browser cache the shared files only; the benchmark's table states each target and
whether each page meets it.
"""

from __future__ import annotations

import json
import re
import urllib.request
from pathlib import Path

import altair as alt
import pandas as pd

from benchmarks import __main__ as benchmark
from course_lib import render
from devtools import site_speed

CASES = {
    "Kodak": pd.DataFrame(
        {"year": range(1995, 2013), "revenue": [14.0 - 0.5 * k for k in range(18)]}
    ),
    "Fujifilm": pd.DataFrame(
        {"year": range(1995, 2013), "revenue": [10.0 + 0.75 * k for k in range(18)]}
    ),
}


def resolve(node, pieces):
    """A setting as it was before its shared parts were stored apart (written for this
    test, apart from the page's script)."""
    if isinstance(node, list):
        return [resolve(item, pieces) for item in node]
    if isinstance(node, dict):
        if set(node) == {"course-piece"}:
            return resolve(pieces[node["course-piece"]], pieces)
        return {key: resolve(value, pieces) for key, value in node.items()}
    return node


def explorer_settings() -> render.SiteSettings:
    """Two cases times two chart styles: each case's data is in two settings, and every
    setting has the same theme and description."""
    settings = []
    for case_index, (case, frame) in enumerate(CASES.items()):
        for style_index, mark in enumerate(["line", "point"]):
            chart = (
                alt.Chart(frame, title=f"{case}: revenue", description="Revenue by year.")
                .mark_line()
                .encode(x="year:O", y="revenue:Q")
            )
            if mark == "point":
                chart = chart.mark_point()
            caption = (
                f"<p>{case}'s revenue, in billions of US dollars, from its annual reports.</p>"
            )
            settings.append(
                render.SiteSetting(
                    (case_index, style_index),
                    render.stable_dataset_names(chart.to_dict()),
                    caption,
                )
            )
    return render.SiteSettings(
        (("Case", list(CASES)), ("Style", ["line", "points"])), (0, 0), settings
    )


def payload_of(page: str, element_id: str) -> dict:
    found = re.search(
        rf'<script type="application/json" id="{element_id}-settings">(.*?)</script>', page, re.S
    )
    return json.loads(found[1])


def test_each_cases_data_is_in_the_page_once_and_every_setting_resolves_to_its_chart():
    settings = explorer_settings()
    page = render.settings_html(settings, "fig")
    for frame in CASES.values():
        rows = json.dumps(render.records(frame))
        assert page.count(rows) == 1, "a case's data is stored once"
        assert page.count(rows[:40]) == 1
    payload = payload_of(page, "fig")
    resolved = [resolve(setting, payload["pieces"]) for setting in payload["settings"]]
    assert resolved == [
        {"values": list(setting.values), "spec": setting.spec, "caption": setting.caption}
        for setting in settings.settings
    ]
    stored = len(json.dumps(payload["pieces"])) + len(json.dumps(payload["settings"]))
    assert stored < 0.75 * len(json.dumps(resolved))


def test_a_part_only_one_setting_has_stays_where_it_is():
    one = render.SiteSetting((0,), {"mark": "point", "data": {"values": [{"x": 1}] * 20}}, "")
    payload = payload_of(
        render.settings_html(render.SiteSettings((("Case", ["A"]),), (0,), [one]), "c"), "c"
    )
    assert payload["pieces"] == []
    assert payload["settings"][0]["spec"] == one.spec


def test_repeats_inside_a_shared_part_are_not_split_out_again():
    rows = [{"year": 2000 + k, "value": k / 3} for k in range(5)]
    layer = {"mark": "line", "data": {"values": rows}}
    pieces, shared = render.share_repeats([{"layer": [layer], "k": 1}, {"layer": [layer], "k": 2}])
    # The layer list is the largest repeat: one piece, with the rows inside it.
    assert pieces == [[layer]]
    assert shared == [
        {"layer": {"course-piece": 0}, "k": 1},
        {"layer": {"course-piece": 0}, "k": 2},
    ]


def test_the_site_server_lets_a_browser_cache_only_the_shared_files(tmp_path: Path):
    (tmp_path / "_static").mkdir()
    (tmp_path / "_static" / "course-vega.js").write_text("var vega;")
    (tmp_path / "searchindex.js").write_text("Search.setIndex({});")
    (tmp_path / "01_value_migration.html").write_text("<p>lesson</p>")
    with site_speed.serve_site(tmp_path) as address:
        vega = urllib.request.urlopen(f"{address}/_static/course-vega.js")
        index = urllib.request.urlopen(f"{address}/searchindex.js")
        lesson = urllib.request.urlopen(f"{address}/01_value_migration.html")
        assert vega.read() == b"var vega;" and lesson.read() == b"<p>lesson</p>"
    assert "max-age=3600" in vega.headers["Cache-Control"]
    assert "max-age=3600" in index.headers["Cache-Control"]
    assert lesson.headers["Cache-Control"] == "no-store"


def test_the_benchmark_table_states_each_target_and_whether_each_page_meets_it():
    site = {
        "shared_bytes": 4_550_000,
        "problems": ["asked the network for https://cdn.example/vega.js"],
        "pages": [
            {"page": "01_value_migration.html", "charts": 2, "drawn": 2, "bytes": 190_000, "seconds": 0.25},
            {"page": "08_the_innovation_toolbox.html", "charts": 12, "drawn": 12, "bytes": 1_600_000, "seconds": 1.2},
            {"page": "09_capstone_your_own_case.html", "charts": 5, "drawn": 4, "bytes": 300_000, "seconds": None},
        ],
    }  # fmt: skip
    table = "\n".join(benchmark.site_markdown(site))
    assert "target < 1.5 MB" in table and "target < 1 s" in table and "4.55 MB" in table
    rows = {
        line.split(" | ")[0].strip("| "): line for line in table.splitlines() if ".html" in line
    }
    assert "0.19 MB (meets)" in rows["01_value_migration.html"]
    assert "0.25 s (meets)" in rows["01_value_migration.html"]
    assert "1.60 MB (**misses**)" in rows["08_the_innovation_toolbox.html"]
    assert "1.20 s (**misses**)" in rows["08_the_innovation_toolbox.html"]
    assert "1 of 5 charts never drew" in rows["09_capstone_your_own_case.html"]
    assert "https://cdn.example/vega.js" in table
