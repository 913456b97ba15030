"""Drive real JupyterLab in headless Chromium: start a server, run a notebook, inspect the page.

Used by the browser tests and by the benchmark. JupyterLab serves a scratch copy of the
notebooks, so nothing it saves can touch the committed files.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SETTINGS = {
    # Keep every cell attached to the page, so off-screen charts are drawn and counted.
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Lab:
    """A running JupyterLab server: its address, token and the folder it serves."""

    url: str
    token: str
    folder: Path
    process: subprocess.Popen

    def notebook_url(self, name: str) -> str:
        return f"{self.url}/lab/tree/{name}?token={self.token}&reset"

    def _api(self, path: str, method: str = "GET") -> Any:
        request = urllib.request.Request(f"{self.url}/api/{path}?token={self.token}", method=method)
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shutdown_kernels(self) -> None:
        """Stop every running kernel, so each notebook starts in a fresh one."""
        for kernel in self._api("kernels"):
            self._api(f"kernels/{kernel['id']}", method="DELETE")


@contextmanager
def jupyterlab(folder: Path, timeout: float = 60) -> Any:
    """Start JupyterLab serving ``folder`` on a free local port; stop it afterwards."""
    port, token = free_port(), secrets.token_hex(16)
    settings = folder.parent / "lab-settings"
    for name, values in SETTINGS.items():
        target = settings / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values))
    environment = dict(
        os.environ,
        JUPYTERLAB_SETTINGS_DIR=str(settings),
        JUPYTERLAB_WORKSPACES_DIR=str(folder.parent / "lab-workspaces"),
    )
    command = [
        sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--port={port}",
        "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={folder}", "--LabApp.expose_app_in_browser=True",
        "--ServerApp.disable_check_xsrf=True", "--allow-root",
    ]  # fmt: skip
    log = open(folder.parent / "jupyterlab.log", "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        command, cwd=folder, env=environment, stdout=log, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"JupyterLab did not start; see {log.name}") from None
                time.sleep(0.3)
        yield Lab(url, token, folder, process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def scratch_copy(destination: Path) -> Path:
    """Copy the notebooks to ``destination`` (JupyterLab may save them; the originals stay clean)."""
    target = destination / "notebooks"
    shutil.copytree(ROOT / "notebooks", target, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    return target


@contextmanager
def browser() -> Any:
    """Debian's Chromium driven by Playwright (no browser download)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


KERNEL_STATUS = """() => {
  const widget = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const kernel = widget && widget.sessionContext && widget.sessionContext.session
    && widget.sessionContext.session.kernel;
  return kernel ? kernel.status : "none";
}"""

# Widget outputs the kernel sent (from the notebook model) and those drawn on the page.
WIDGET_OUTPUTS = """() => {
  const notebook = window.jupyterapp.shell.currentWidget.content;
  let sent = 0;
  for (const cell of notebook.widgets) {
    if (cell.model.type !== 'code') continue;
    for (const output of cell.model.outputs.toJSON()) {
      if (output.data && output.data['application/vnd.jupyter.widget-view+json']) sent += 1;
    }
  }
  const drawn = Array.from(document.querySelectorAll('.jp-Notebook .jp-OutputArea-output.lm-Panel'))
    .filter((element) => element.querySelector('.jupyter-widgets, .vega-embed')).length;
  return {sent, drawn};
}"""

ERRORS = """() => Array.from(document.querySelectorAll(
  '.jp-Notebook [data-mime-type="application/vnd.jupyter.stderr"], .jp-Notebook [data-mime-type="application/vnd.jupyter.error"]'
)).map((element) => element.innerText.slice(0, 300))"""

FIGURES = """() => Array.from(document.querySelectorAll('.jp-Notebook .course-figure')).map((figure) => ({
  embeds: figure.querySelectorAll('.vega-embed').length,
  drawn: figure.querySelectorAll('.vega-embed svg.marks, .vega-embed canvas.marks').length,
  ranges: figure.querySelectorAll('.vega-bind input[type=range]').length,
  sliders: figure.querySelectorAll('.widget-slider .noUi-handle, .widget-slider .ui-slider-handle').length,
  selects: figure.querySelectorAll('.widget-dropdown select').length,
}))"""

ALL_CHARTS = """() => ({
  embeds: document.querySelectorAll('.jp-Notebook .vega-embed').length,
  drawn: document.querySelectorAll('.jp-Notebook .vega-embed svg.marks, .jp-Notebook .vega-embed canvas.marks').length,
})"""

CHART_STATE = """(index) => {
  const figure = document.querySelectorAll('.jp-Notebook .course-figure')[index];
  const marks = figure.querySelector('.vega-embed svg.marks, .vega-embed canvas.marks');
  if (!marks) return '';
  return marks.tagName === 'svg' ? marks.innerHTML : marks.toDataURL();
}"""

SELECT_CELL = """(index) => {
  const figure = document.querySelectorAll('.jp-Notebook .course-figure')[index];
  const notebook = window.jupyterapp.shell.currentWidget.content;
  const cell = notebook.widgets.findIndex((widget) => widget.node.contains(figure));
  notebook.activeCellIndex = cell;
}"""


@dataclass
class Report:
    """What a learner would have seen in one notebook."""

    notebook: str
    problems: list[str] = field(default_factory=list)
    charts: int = 0
    widgets: int = 0
    controls_moved: int = 0
    seconds: float = 0.0
    screenshot: Path | None = None


def open_notebook(page: Any, lab: Lab, name: str, timeout: float = 60) -> None:
    page.goto(lab.notebook_url(name))
    page.wait_for_function(
        "() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
        " && window.jupyterapp.shell.currentWidget.sessionContext",
        timeout=timeout * 1000,
    )
    page.wait_for_function(f"() => ({KERNEL_STATUS})() === 'idle'", timeout=timeout * 1000)


def run_all(page: Any, timeout: float = 120) -> None:
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function(
        f"""() => ({KERNEL_STATUS})() === 'idle' && !Array.from(
             document.querySelectorAll('.jp-Notebook .jp-InputPrompt')).some(p => p.innerText.includes('*'))""",
        timeout=timeout * 1000,
    )


def wait_for_charts(page: Any, timeout: float = 15) -> dict[str, int]:
    """Wait until every chart on the page has drawn (or the time runs out); return the counts."""
    deadline = time.monotonic() + timeout
    counts = page.evaluate(ALL_CHARTS)
    while time.monotonic() < deadline:
        counts = page.evaluate(ALL_CHARTS)
        if counts["embeds"] and counts["drawn"] >= counts["embeds"]:
            break
        page.wait_for_timeout(250)
    return counts


def move_control(
    page: Any, figure_index: int, kind: str, key: str | None = None, nth: int = 0
) -> None:
    """Move the first control of ``kind`` in a figure with the keyboard, as a learner without a mouse."""
    selector = {
        "ranges": ".vega-bind input[type=range]",
        "sliders": ".widget-slider .noUi-handle, .widget-slider .ui-slider-handle",
        "selects": ".widget-dropdown select",
    }[kind]
    # A keyboard learner first moves to the figure's cell (arrow keys in command mode), which
    # makes it the active cell; JupyterLab returns focus to the active cell on every key press.
    page.evaluate(SELECT_CELL, figure_index)
    control = (
        page.locator(".jp-Notebook .course-figure").nth(figure_index).locator(selector).nth(nth)
    )
    control.scroll_into_view_if_needed()
    control.focus()
    page.keyboard.press(key or ("ArrowDown" if kind == "selects" else "ArrowRight"))


def inspect(page: Any, notebook: str, screenshots: Path | None = None) -> Report:
    """Check the page of a notebook that has run: errors, charts, widgets, and live controls."""
    report = Report(notebook)
    counts = wait_for_charts(page)
    report.charts = counts["drawn"]
    if counts["embeds"] == 0:
        report.problems.append("no chart was drawn")
    elif counts["drawn"] < counts["embeds"]:
        report.problems.append(
            f"{counts['embeds'] - counts['drawn']} of {counts['embeds']} charts did not draw"
        )
    page_text = page.locator(".jp-Notebook").inner_text()
    for phrase in (
        "Error loading script",
        "Error displaying widget",
        "Traceback (most recent call last)",
        "Javascript Error",
        "Loading widget...",
    ):
        if phrase in page_text:
            report.problems.append(f'the page shows "{phrase}"')
    for text in page.evaluate(ERRORS):
        if "Warning" not in text:
            report.problems.append(f"error output: {text[:200]}")
    widgets = page.evaluate(WIDGET_OUTPUTS)
    report.widgets = widgets["drawn"]
    if widgets["drawn"] < widgets["sent"]:
        report.problems.append(
            f"{widgets['sent'] - widgets['drawn']} of {widgets['sent']} widgets did not render"
        )
    for index, figure in enumerate(page.evaluate(FIGURES)):
        for kind in ("ranges", "sliders", "selects"):
            # Some settings legitimately leave a chart as it is (a line moved where no data
            # crosses it); the check is that some control of each kind visibly drives the chart.
            changed = False
            for nth in range(min(figure[kind], 6)):
                for _press in range(2):
                    before = page.evaluate(CHART_STATE, index)
                    move_control(page, index, kind, nth=nth)
                    report.controls_moved += 1
                    deadline = time.monotonic() + 3
                    while time.monotonic() < deadline and not changed:
                        page.wait_for_timeout(50)
                        changed = page.evaluate(CHART_STATE, index) != before
                    if changed:
                        break
                if changed:
                    break
            if figure[kind] and not changed:
                report.problems.append(
                    f"figure {index + 1}: moving its {kind[:-1]}s changed nothing in the chart"
                )
    if screenshots is not None:
        screenshots.mkdir(parents=True, exist_ok=True)
        height = page.evaluate(
            "() => Math.max(...Array.from(document.querySelectorAll('.jp-WindowedPanel-outer'))"
            ".map((element) => element.scrollHeight), 0)"
        )
        page.set_viewport_size({"width": 1280, "height": min(max(int(height) + 200, 800), 16000)})
        page.evaluate(
            "() => document.querySelectorAll('.jp-WindowedPanel-outer').forEach((e) => e.scrollTo(0, 0))"
        )
        page.wait_for_timeout(300)
        report.screenshot = screenshots / f"{Path(notebook).stem}.png"
        page.screenshot(path=str(report.screenshot), full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})
    return report


def check_notebook(chromium: Any, lab: Lab, name: str, screenshots: Path | None = None) -> Report:
    """Open, run and inspect one notebook in a fresh page."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    started = time.monotonic()
    try:
        open_notebook(page, lab, name)
        run_all(page)
        report = inspect(page, name, screenshots)
    finally:
        context.close()
        lab.shutdown_kernels()
    report.seconds = time.monotonic() - started
    return report
