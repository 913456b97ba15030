"""The course website passes axe-core with no serious or critical violation, and every chart on
it keeps a text description and a table view.

axe-core (pinned below, from the npm registry, unpacked once into the course's cache folder by
``static_site.npm_package`` as MathJax is, so the test runs offline afterwards) checks every
page of the built site in headless Chromium with the network cut off: the first page, each
lesson, the search page and the index. It runs when the page's charts are drawn and with every
toggle open (the table views and the answers), so what a reader unfolds is checked too. One
browser serves all the pages, one page each. A violation is reported with its rule, impact,
page and the selector of each element it names.

A chart keeps (a) a description a screen reader announces: the chart's container carries the
chart's description as its ``aria-label``, with a role that lets the label be read (Vega sets
both from the Vega-Lite ``description``), or the figure shows a description paragraph; and
(b) a table view of its data: a "Table view of the data" toggle in its figure holding a table
with rows. A page broken on purpose (a picture without a text alternative, a chart with neither)
must be caught, so the checks are known to work.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from course_lib import static_site
from devtools import lab as harness

pytestmark = pytest.mark.browser
#: The accessibility engine, from the npm registry (``npm pack``), pinned.
AXE = ("axe-core", "4.14.1")
#: Impacts that fail the test; "moderate" and "minor" ones are reported by axe but allowed.
FAILING_IMPACTS = ("serious", "critical")
LESSONS = [path.stem for path in sorted((harness.ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))]
#: Every page Sphinx writes for the site: the first page, the lessons, search and the index.
PAGES = ["index", *LESSONS, "search", "genindex"]
BROKEN = "inaccessible-on-purpose"

DRAWN = """() => Array.from(document.querySelectorAll('.course-static-chart')).every((chart) =>
  chart.querySelector('svg.marks, canvas.marks') || chart.textContent.includes('could not be drawn'))"""

OPEN_TOGGLES = (
    "() => document.querySelectorAll('details').forEach((toggle) => { toggle.open = true; })"
)

RUN_AXE = """async () => {
  const results = await axe.run(document, {resultTypes: ['violations']});
  return results.violations.map((rule) => ({
    id: rule.id, impact: rule.impact, help: rule.help,
    nodes: rule.nodes.map((node) => ({
      target: node.target.map((part) => Array.isArray(part) ? part.join(' >>> ') : part).join(' '),
      summary: (node.failureSummary || '').split('\\n').slice(0, 2).join(' ').trim(),
    })),
  }));
}"""

# For each chart: what a screen reader is told about it, and its table view.
CHARTS = """() => Array.from(document.querySelectorAll('.course-static-chart')).map((chart, index) => {
  const figure = chart.closest('.course-figure-static');
  const label = (chart.getAttribute('aria-label') || '').trim();
  const paragraph = figure && figure.querySelector('.course-description');
  const views = figure ? Array.from(figure.querySelectorAll('details')).filter((toggle) =>
    toggle.querySelector('summary') &&
    toggle.querySelector('summary').textContent.includes('Table view')) : [];
  const rows = views.map((toggle) => toggle.querySelectorAll('table tbody tr').length)
    .reduce((total, count) => total + count, 0);
  const title = chart.querySelector('svg.marks .role-title-text');
  return {
    chart: (title ? title.textContent : chart.id || 'chart ' + (index + 1)).slice(0, 80),
    label: label, labelled: Boolean(label && chart.getAttribute('role')),
    paragraph: paragraph ? paragraph.textContent.trim() : '',
    views: views.length, rows: rows,
  };
})"""


@dataclass
class Audit:
    """What one page gave: axe's violations, its charts' descriptions and table views, and the
    problems :func:`harness.open_offline` recorded (network requests, script errors)."""

    violations: list[dict] = field(default_factory=list)
    charts: list[dict] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def audit_page(chromium, folder: Path, name: str, axe_script: str) -> Audit:
    """Open ``name``.html of ``folder`` offline, wait for its charts, open every toggle, and
    run axe-core and the chart checks on it."""
    with harness.open_offline(chromium, folder, f"{name}.html", served=True) as opened:
        page = opened.page
        page.wait_for_function(DRAWN, timeout=20_000)
        page.evaluate(OPEN_TOGGLES)
        charts = page.evaluate(CHARTS)
        page.add_script_tag(content=axe_script)
        violations = page.evaluate(RUN_AXE)
    return Audit(violations, charts, opened.problems)


def failing(audit: Audit, name: str) -> list[str]:
    """The serious and critical violations, one line per element: rule, impact, page, target."""
    lines = []
    for rule in audit.violations:
        if rule["impact"] not in FAILING_IMPACTS:
            continue
        for node in rule["nodes"]:
            lines.append(
                f"{rule['id']} ({rule['impact']}) on {name}.html at {node['target']}: "
                f"{rule['help']}. {node['summary']}"
            )
    return lines


def chart_gaps(audit: Audit, name: str) -> list[str]:
    """Charts a screen reader gets no description of, or that have no table view with rows."""
    gaps = []
    for chart in audit.charts:
        where = f"{name}.html, chart {chart['chart']!r}"
        if not (chart["labelled"] or chart["paragraph"]):
            gaps.append(f"{where}: no description (no aria-label with a role, no paragraph)")
        if chart["views"] == 0:
            gaps.append(f"{where}: no 'Table view of the data' toggle in its figure")
        elif chart["rows"] == 0:
            gaps.append(f"{where}: its table view has no rows")
    return gaps


@pytest.fixture(scope="module")
def axe_script() -> str:
    return (static_site.npm_package(*AXE) / "axe.min.js").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def audit(site_folder, chromium, axe_script):
    """Each page audited once (the axe test and the chart test share the visit)."""

    @functools.cache
    def audited(name: str) -> Audit:
        return audit_page(chromium, site_folder, name, axe_script)

    return audited


def test_the_site_has_no_page_the_audit_leaves_out(site_folder):
    assert sorted(path.stem for path in site_folder.glob("*.html")) == sorted(PAGES)


@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_serious_or_critical_accessibility_violation(audit, name):
    result = audit(name)
    assert failing(result, name) == []
    assert result.problems == []


@pytest.mark.parametrize("name", LESSONS)
def test_every_chart_keeps_a_description_and_a_table_view(audit, name):
    result = audit(name)
    assert result.charts, f"{name}.html has no chart"
    assert chart_gaps(result, name) == []


def test_a_page_broken_on_purpose_is_caught(site_folder, chromium, axe_script):
    output = site_folder
    page = (output / f"{LESSONS[0]}.html").read_text(encoding="utf-8")
    bare_chart = (
        '<div class="course-figure-static"><div class="course-static-chart" id="bare"></div>'
        '<script>vegaEmbed("#bare", {"data": {"values": [{"x": 1}]}, "mark": "point",'
        ' "encoding": {"x": {"field": "x", "type": "quantitative"}}});</script></div>'
    )
    broken = page.replace("</main>", f'<img src="nowhere.png">{bare_chart}</main>', 1)
    assert broken != page
    target = output / f"{BROKEN}.html"  # beside the site's scripts
    target.write_text(broken, encoding="utf-8")
    try:
        result = audit_page(chromium, output, BROKEN, axe_script)
    finally:
        target.unlink()
    found = failing(result, BROKEN)
    assert any(line.startswith("image-alt (critical)") and "img" in line for line in found), found
    gaps = chart_gaps(result, BROKEN)
    assert any("no description" in gap for gap in gaps), gaps
    assert any("no 'Table view of the data'" in gap for gap in gaps), gaps
