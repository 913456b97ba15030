"""The capstone in JupyterLab in headless Chromium: run it, upload a learner's CSV through the
upload box, run the analysis again from the table cell down, and find the report written from
the upload; then open that report with every network request refused and find every chart
drawn from the copy of Vega it carries."""

from __future__ import annotations

from pathlib import Path

import pytest

from devtools import lab as harness

pytestmark = pytest.mark.browser

NOTEBOOK = "09_capstone_your_own_case.ipynb"
SCREENSHOTS = harness.ROOT / "build" / "screenshots"
#: A learner's file: made-up figures for a made-up pair, with a comma-free name and a year of
#: trouble (2011) inside its years, so every step has something to draw.
UPLOAD = (
    "entity,year,revenue,net_income,market_value,unit\n"
    + "".join(
        f"Acme Test Co,{year},{revenue},{income},{value},EUR_million\n"
        for year, revenue, income, value in [
            (2007, 900, 40, 2100), (2008, 950, 45, ""), (2009, 990, 30, 1500),
            (2010, 1000, 12, 900), (2011, 980, -20, 600), (2012, 940, -35, 450),
        ]
    )
    + "".join(
        f"Rival Start-up,{year},{revenue},,,EUR_million\n"
        for year, revenue in [(2007, 20), (2008, 45), (2009, 90), (2010, 170), (2011, 300),
                              (2012, 480)]
    )
)  # fmt: skip


CELL_STARTING = """(start) => {
  const notebook = window.jupyterapp.shell.currentWidget.content;
  return notebook.widgets.findIndex((cell) => cell.model.sharedModel.getSource().startsWith(start));
}"""

RUN_BELOW = """(index) => {
  const notebook = window.jupyterapp.shell.currentWidget.content;
  notebook.activeCellIndex = index;
  return window.jupyterapp.commands.execute('notebook:run-all-below');
}"""


def wait_until_idle(page, timeout: float = 120) -> None:
    page.wait_for_timeout(500)  # let the kernel start the cells before waiting for the end
    page.wait_for_function(
        f"""() => ({harness.KERNEL_STATUS})() === 'idle' && !Array.from(
             document.querySelectorAll('.jp-Notebook .jp-InputPrompt')).some(p => p.innerText.includes('*'))""",
        timeout=timeout * 1000,
    )


def test_the_capstone_reports_on_an_uploaded_file_and_the_report_draws_offline(tmp_path_factory):
    if not Path(harness.CHROMIUM).exists():
        pytest.fail(f"Chromium is not at {harness.CHROMIUM}: run scripts/ensure_chromium.sh")
    folder = harness.scratch_copy(tmp_path_factory.mktemp("lab"))
    report_path = folder / "my_report" / "report.html"
    with harness.jupyterlab(folder) as lab, harness.browser() as chromium:
        context = chromium.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        try:
            harness.open_notebook(page, lab, NOTEBOOK)
            harness.run_all(page)
            assert "Value migration: Netflix" in report_path.read_text(encoding="utf-8")

            # The FileUpload's <input type=file> is never attached to the page: clicking the
            # button opens it, and Playwright sets the files on that input as it opens.
            button = page.locator(".jp-Notebook .widget-upload").first
            button.scroll_into_view_if_needed()
            with page.expect_file_chooser() as chooser:
                button.click()
            chooser.value.set_files(
                files=[{"name": "acme.csv", "mimeType": "text/csv", "buffer": UPLOAD.encode()}]
            )
            page.locator(".course-data-loaded").first.wait_for(timeout=20_000)
            assert "Acme Test Co" in page.locator(".course-data-loaded").first.inner_text()

            start = page.evaluate(CELL_STARTING, "if box.frame is not None:")
            assert start > 0, "the cell that reads the table was not found"
            page.evaluate(RUN_BELOW, start)
            wait_until_idle(page)
            report = harness.inspect(page, NOTEBOOK, SCREENSHOTS / "upload")
        finally:
            context.close()
            lab.shutdown_kernels()
    assert report.problems == [], report
    page_text = report_path.read_text(encoding="utf-8")
    assert "Value migration: Acme Test Co" in page_text and "Rival Start-up" in page_text
    assert "Netflix" not in page_text  # nothing of the sample is left in the report
    assert (report_path.parent / "report.md").is_file()

    with harness.browser() as chromium:
        counts, _title, problems = harness.open_report_offline(
            chromium, report_path, SCREENSHOTS / "capstone_report.png"
        )
    # The figures, the phases, the signals' back-test and the substitution fit: four charts.
    assert counts == {"charts": 4, "drawn": 4}, counts
    assert problems == []
