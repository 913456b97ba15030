"""The course website in headless Chromium, with every network request refused.

The site is built as `make site` builds it (each lesson run once in site mode, then Sphinx
with sphinx-book-theme). Each page draws all its charts from the scripts beside it and asks
the network for nothing; a year slider moved with the keyboard still redraws its chart; an
explorer's drop-down switches between its precomputed settings; a reader follows the sidebar,
next and previous links and finds a lesson with the search; printed output wraps inside its
box as it does in JupyterLab; every page links its own notebook on Binder and Colab; the setup
cell is hidden and each answer is folded. A page whose chart is broken on purpose must be
caught. Screenshots at 1400x900 land in build/screenshots/site/.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from course_lib import launch, static_site
from devtools import lab as harness

pytestmark = pytest.mark.browser
NOTEBOOKS = sorted((harness.ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
BUILD = harness.ROOT / "build"
SCREENSHOTS = BUILD / "screenshots" / "site"

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

SETTINGS_CHART = """(index) => {
  const figure = document.querySelectorAll('.course-figure-static .course-settings')[index]
    .closest('.course-figure-static');
  const marks = figure.querySelector('.course-static-chart svg.marks, .course-static-chart canvas.marks');
  return marks ? (marks.tagName === 'svg' ? marks.innerHTML : marks.toDataURL()) : '';
}"""

# Printed text that runs past its box, so the reader has to scroll sideways to read it.
CUT_OUTPUTS = """() => Array.from(document.querySelectorAll('.cell_output .output pre'))
  .filter((pre) => pre.scrollWidth > pre.clientWidth + 1)
  .map((pre) => pre.textContent.slice(0, 60))"""


def wait_for_charts(page) -> dict:
    deadline = time.monotonic() + 20
    counts = page.evaluate(CHARTS)
    while time.monotonic() < deadline and counts["drawn"] + counts["failed"] < counts["charts"]:
        page.wait_for_timeout(200)
        counts = page.evaluate(CHARTS)
    return counts


def check_page(chromium, path: Path, screenshots: Path | None = None) -> tuple[list[str], dict]:
    """Open one page offline; return the problems a reader would meet and the chart counts."""
    with harness.open_offline(chromium, path.parent, path.name) as opened:
        page = opened.page
        counts = wait_for_charts(page)
        if counts["charts"] == 0:
            opened.problems.append("the page has no chart")
        if counts["drawn"] < counts["charts"]:
            opened.problems.append(
                f"{counts['charts'] - counts['drawn']} of {counts['charts']} charts did not draw"
            )
        for text in page.evaluate(CUT_OUTPUTS):
            opened.problems.append(f"printed output runs past its box: {text!r}...")
        for index in range(counts["ranges"]):
            before = page.evaluate(RANGE_CHART, index)
            control = page.locator(".course-static-chart .vega-bind input[type=range]").nth(index)
            control.focus()
            for _press in range(3):
                page.keyboard.press("ArrowRight")
            page.wait_for_timeout(300)
            if page.evaluate(RANGE_CHART, index) == before:
                opened.problems.append(f"year slider {index + 1}: moving it changed nothing")
        if screenshots is not None:
            screenshots.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(screenshots / f"{path.stem}.png"), full_page=True)
    return opened.problems, counts


@pytest.fixture(scope="module")
def site(site_folder, chromium):
    return site_folder, chromium


def test_every_lesson_has_a_page_in_the_sidebar_of_the_first_page(site):
    output, chromium = site
    with harness.open_offline(chromium, output, "index.html") as opened:
        page = opened.page
        sidebar = page.locator("nav.bd-docs-nav a.reference.internal")
        targets = [
            Path(href).stem
            for href in sidebar.evaluate_all("(links) => links.map((a) => a.getAttribute('href'))")
        ]
        assert targets[-len(NOTEBOOKS) :] == [path.stem for path in NOTEBOOKS]
        assert page.locator("nav.bd-docs-nav").inner_text().count("Lesson ") == len(NOTEBOOKS)
    assert opened.problems == []


@pytest.mark.parametrize("name", [path.stem for path in NOTEBOOKS])
def test_page_draws_every_chart_offline(site, name):
    output, chromium = site
    problems, counts = check_page(chromium, output / f"{name}.html", SCREENSHOTS)
    assert problems == []
    assert counts["drawn"] >= 1


@pytest.mark.parametrize("name", [path.stem for path in NOTEBOOKS])
def test_page_links_its_notebook_hides_the_setup_and_folds_the_answers(site, name):
    output, _ = site
    page = (output / f"{name}.html").read_text(encoding="utf-8")
    relative = f"notebooks/{name}.ipynb"
    for url in (launch.binder_url(relative), launch.colab_url(relative)):
        assert f'href="{url.replace("&", "&amp;")}"' in page, url
    assert "notebooks/notebooks" not in page
    assert "google.colab" not in page and "cl.setup()" not in page
    assert "badge_logo.svg" not in page and "colab-badge.svg" not in page
    answers = re.findall(r'<details class="course-answer">', page)
    assert len(answers) >= 2 and '<details class="course-answer" open' not in page
    assert "In [" not in page


def test_a_reader_follows_the_sidebar_next_and_previous(site):
    output, chromium = site
    with harness.open_offline(chromium, output, "index.html", served=True) as opened:
        page = opened.page
        page.locator("nav.bd-docs-nav a", has_text="Lesson 1").first.click()
        page.wait_for_load_state()
        assert page.url.endswith("01_value_migration.html")
        assert page.locator("h1").first.inner_text().startswith("Lesson 1")
        page.locator("a.right-next").click()
        page.wait_for_load_state()
        assert page.url.endswith(f"{NOTEBOOKS[2].stem}.html")
        page.locator("a.left-prev").click()
        page.wait_for_load_state()
        assert page.url.endswith("01_value_migration.html")
        assert wait_for_charts(page)["drawn"] >= 1
    assert opened.problems == []


def test_the_search_finds_a_lesson_offline(site):
    output, chromium = site
    with harness.open_offline(chromium, output, "search.html?q=Blockbuster", served=True) as opened:
        page = opened.page
        results = page.locator("#search-results ul.search li a")
        results.first.wait_for(timeout=15_000)
        hrefs = results.evaluate_all("(links) => links.map((a) => a.getAttribute('href'))")
        found = {Path(href.split("?")[0].split("#")[0]).stem for href in hrefs}
        assert "02_phases_of_value_migration" in found
        page.wait_for_timeout(500)  # the summaries under the results are fetched from the pages
    assert opened.problems == []


def test_an_explorer_drop_down_switches_its_chart_without_python(site):
    output, chromium = site
    with harness.open_offline(chromium, output, "01_value_migration.html") as opened:
        page = opened.page
        wait_for_charts(page)
        select = page.locator(".course-figure-static .course-settings select").first
        select.scroll_into_view_if_needed()
        before = page.evaluate(SETTINGS_CHART, 0)
        caption = page.locator(".course-static-caption").first.inner_text()
        options = select.locator("option").all_inner_texts()
        assert len(options) >= 3
        select.select_option(label=options[1])
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and page.evaluate(SETTINGS_CHART, 0) in ("", before):
            page.wait_for_timeout(100)
        after = page.evaluate(SETTINGS_CHART, 0)
        assert after not in ("", before)
        assert page.locator(".course-static-caption").first.inner_text() != caption
        assert select.evaluate("(element) => element.selectedOptions[0].text") == options[1]
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        figure = (
            page.locator(".course-figure-static").filter(has=page.locator(".course-settings")).first
        )
        figure.screenshot(path=str(SCREENSHOTS / "explorer-switched.png"))
    assert opened.problems == []


def test_an_answer_opens_when_its_toggle_is_clicked(site):
    output, chromium = site
    with harness.open_offline(chromium, output, "01_value_migration.html") as opened:
        page = opened.page
        answer = page.locator("details.course-answer").first
        answer.scroll_into_view_if_needed()
        assert not answer.evaluate("(element) => element.open")
        answer.locator("summary").click()
        assert answer.evaluate("(element) => element.open")
        assert "Answer:" in answer.inner_text()
    assert opened.problems == []


def test_every_page_is_under_the_benchmarks_size_target_with_the_shared_files_cached(site):
    """The bytes target of ``python -m benchmarks --site`` (which also times the pages)."""
    from benchmarks.__main__ import SITE_BYTES
    from devtools import site_speed

    output, chromium = site
    pages = ["index.html"] + [f"{path.stem}.html" for path in NOTEBOOKS]
    measured = site_speed.measure_site(output, pages, repeats=1, chromium=chromium)
    assert measured["problems"] == []
    assert measured["shared_bytes"] > (output / "_static" / static_site.SCRIPT_NAME).stat().st_size
    for row in measured["pages"]:
        # The page itself always comes over the network; the shared files never again.
        assert row["bytes"] >= (output / row["page"]).stat().st_size, row["page"]
        assert not any("/_static/" in url for url in row["fetched"]), row["fetched"]
        assert row["bytes"] < SITE_BYTES, f"{row['page']}: {row['bytes'] / 1e6:.2f} MB"
        assert row["drawn"] == row["charts"], row["page"]


@pytest.mark.parametrize("fault", ["unknown mark", "missing script"])
def test_a_broken_page_is_caught(site, tmp_path, fault):
    output, chromium = site
    page = (output / "00_start_here.html").read_text(encoding="utf-8")
    if fault == "unknown mark":
        broken = re.sub(r'"mark": (\{"type": )?"\w+"', r'"mark": \1"no-such-mark"', page, count=1)
        assert broken != page
        target = output / "broken-on-purpose.html"  # beside the site's scripts
    else:
        broken = page
        target = tmp_path / "broken.html"  # the shared scripts are not beside the page
    target.write_text(broken, encoding="utf-8")
    try:
        problems, _ = check_page(chromium, target)
    finally:
        if fault == "unknown mark":
            target.unlink()
    assert any("did not draw" in problem for problem in problems), problems


def test_the_canvas_comparison_switches_canvases_without_python(site):
    """Lesson 7's comparison: its drop-down shows both canvases, then each alone."""
    output, chromium = site
    page_name = "07_business_model_and_partnership_canvas.html"
    with harness.open_offline(chromium, output, page_name) as opened:
        page = opened.page
        figure = page.locator(".course-views").filter(has_text="side by side").first
        select = figure.locator("select[data-views]")
        select.scroll_into_view_if_needed()
        views = figure.locator(":scope > [data-view]")
        names = select.locator("option").all_inner_texts()
        assert len(names) == 3 and views.count() == 3

        def shown() -> list[str]:
            return [views.nth(i).inner_text() for i in range(3) if views.nth(i).is_visible()]

        assert len(shown()) == 1 and "blocks differ" in shown()[0]
        for name in names[1:]:
            select.select_option(label=name)
            assert len(shown()) == 1 and shown()[0].startswith(name)
            other = names[2] if name == names[1] else names[1]
            assert other not in shown()[0]
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        figure.screenshot(path=str(SCREENSHOTS / "canvas-switched.png"))
    assert opened.problems == []
