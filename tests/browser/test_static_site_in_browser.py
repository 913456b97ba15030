"""The static site in headless Chromium, with every network request refused: each page draws
all its charts from the shared script beside it, shows no error, and a year slider moved with
the keyboard still redraws its chart with no kernel. A page whose chart is broken on purpose
must be caught. Screenshots land in build/screenshots/site/.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from course_lib import static_site
from devtools import lab as harness

pytestmark = pytest.mark.browser
NOTEBOOKS = sorted((harness.ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
SCREENSHOTS = harness.ROOT / "build" / "screenshots" / "site"

CHARTS = """() => ({
  charts: document.querySelectorAll('.course-static-chart').length,
  drawn: document.querySelectorAll('.course-static-chart svg.marks, .course-static-chart canvas.marks').length,
  failed: Array.from(document.querySelectorAll('.course-static-chart'))
    .filter((element) => element.textContent.includes('could not be drawn')).length,
  ranges: document.querySelectorAll('.course-static-chart .vega-bind input[type=range]').length,
})"""

RANGE_CHART = """(index) => {
  const input = document.querySelectorAll('.course-static-chart .vega-bind input[type=range]')[index];
  const marks = input.closest('.course-static-chart').querySelector('svg.marks, canvas.marks');
  return marks.tagName === 'svg' ? marks.innerHTML : marks.toDataURL();
}"""


def check_page(chromium, path: Path, screenshots: Path | None = None) -> tuple[list[str], dict]:
    """Open one page offline; return the problems a reader would meet and the chart counts."""
    problems: list[str] = []
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    # Nothing may come from the network: only the files of the site itself.
    context.route(
        "**/*",
        lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort(),
    )
    page = context.new_page()
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    try:
        page.goto(path.as_uri())
        deadline = time.monotonic() + 20
        counts = page.evaluate(CHARTS)
        while time.monotonic() < deadline and counts["drawn"] + counts["failed"] < counts["charts"]:
            page.wait_for_timeout(200)
            counts = page.evaluate(CHARTS)
        if counts["charts"] == 0:
            problems.append("the page has no chart")
        if counts["drawn"] < counts["charts"]:
            problems.append(
                f"{counts['charts'] - counts['drawn']} of {counts['charts']} charts did not draw"
            )
        for index in range(counts["ranges"]):
            before = page.evaluate(RANGE_CHART, index)
            control = page.locator(".course-static-chart .vega-bind input[type=range]").nth(index)
            control.focus()
            for _press in range(3):
                page.keyboard.press("ArrowRight")
            page.wait_for_timeout(300)
            if page.evaluate(RANGE_CHART, index) == before:
                problems.append(f"year slider {index + 1}: moving it changed nothing")
        if screenshots is not None:
            screenshots.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(screenshots / f"{path.stem}.png"), full_page=True)
    finally:
        context.close()
    return problems, counts


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    if not Path(harness.CHROMIUM).exists():
        pytest.fail(f"Chromium is not at {harness.CHROMIUM}: run scripts/ensure_chromium.sh")
    output = harness.ROOT / "build" / "site"
    pages = static_site.build(NOTEBOOKS, output)
    with harness.browser() as chromium:
        yield output, pages, chromium


def test_every_lesson_has_a_page_and_the_index_links_it(site):
    output, pages, _ = site
    assert [page.stem for page in pages] == [path.stem for path in NOTEBOOKS]
    index = (output / "index.html").read_text()
    for page in pages:
        assert f'href="{page.name}"' in index


@pytest.mark.parametrize("name", [path.stem for path in NOTEBOOKS])
def test_page_draws_every_chart_offline(site, name):
    output, _, chromium = site
    problems, counts = check_page(chromium, output / f"{name}.html", SCREENSHOTS)
    assert problems == []
    assert counts["drawn"] >= 1


def test_a_year_slider_still_works_without_a_kernel(site):
    output, _, chromium = site
    problems, counts = check_page(chromium, output / "00_start_here.html")
    assert problems == [] and counts["ranges"] >= 1


@pytest.mark.parametrize("fault", ["unknown mark", "missing script"])
def test_a_broken_page_is_caught(site, tmp_path, fault):
    output, _, chromium = site
    page = (output / "00_start_here.html").read_text()
    if fault == "unknown mark":
        broken = re.sub(r'"mark": (\{"type": )?"\w+"', r'"mark": \1"no-such-mark"', page, count=1)
        (tmp_path / static_site.SCRIPT_NAME).write_text(
            (output / static_site.SCRIPT_NAME).read_text()
        )
    else:
        broken = page  # the shared script is not beside the page
    assert broken != page or fault == "missing script"
    (tmp_path / "broken.html").write_text(broken)
    problems, _ = check_page(chromium, tmp_path / "broken.html")
    assert any("did not draw" in problem for problem in problems), problems
