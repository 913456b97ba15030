"""Drive real JupyterLab in headless Chromium: start a server, run a notebook, inspect the page.

Used by the browser tests and by the benchmark. JupyterLab serves a scratch copy of the
notebooks, so nothing it saves can touch the committed files.
"""

from __future__ import annotations

import functools
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Collection, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
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

    if not Path(CHROMIUM).exists():
        raise FileNotFoundError(f"Chromium is not at {CHROMIUM}: run scripts/ensure_chromium.sh")

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
    figures_inspected: int = 0
    settings_checked: int = 0
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


# ------------------------------------------------------------------ figures that read well
# The checks below look at every figure as a learner sees it at 1400x900: text that overlaps,
# is cut with "…" or clipped, drop-downs that cut their options, outputs that run off the
# right edge, and raw Python output. Charts are drawn as SVG for the check (``SVG_CHARTS``),
# so each text mark is an element whose box the browser measures; Vega lays text out the
# same way for both renderers, so the layout checked is the layout a learner sees.

VIEWPORT = {"width": 1400, "height": 900}

SVG_CHARTS = """(() => {
  let wrapped;
  Object.defineProperty(window, 'vegaEmbed', {
    configurable: true,
    get() { return wrapped; },
    set(original) {
      wrapped = Object.assign(
        (element, spec, options) => original(element, spec, { ...(options || {}), renderer: 'svg' }),
        original);
    },
  });
})()"""

# Problems on the page, for the whole notebook (scope null) or one course figure (its index).
# Figures are numbered in the order their charts appear in the notebook.
READABILITY = r"""(scope) => {
  const problems = [];
  const notebook = window.jupyterapp.shell.currentWidget.content;
  const root = scope === null ? document.querySelector('.jp-Notebook')
    : document.querySelectorAll('.jp-Notebook .course-figure')[scope];
  const within = (selector) => Array.from(root.querySelectorAll(selector));
  const cellOf = (node) => notebook.widgets.findIndex((cell) => cell.node.contains(node)) + 1;
  const words = (text) => (text || '').replace(/\s+/g, ' ').trim();
  const quote = (text) => JSON.stringify(words(text).length > 80 ? words(text).slice(0, 77) + '...' : words(text));
  const shown = (element, stop) => {
    if (!element.getClientRects().length) return false;
    for (let node = element; node && node !== stop; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.visibility === 'hidden' || style.display === 'none' || Number(style.opacity) === 0
          || Number(style.fillOpacity) === 0) return false;
    }
    return true;
  };
  // A text's outline on the page: its box without most of the font's line gap (digits and
  // capitals fill about the middle three quarters of it), turned as the text is turned.
  const outline = (text) => {
    const box = text.getBBox();
    const m = text.getScreenCTM();
    const [top, bottom] = [box.y + 0.15 * box.height, box.y + 0.9 * box.height];
    return [[box.x, top], [box.x + box.width, top], [box.x + box.width, bottom], [box.x, bottom]]
      .map(([x, y]) => [m.a * x + m.c * y + m.e, m.b * x + m.d * y + m.f]);
  };
  const extent = (corners) => {
    const [xs, ys] = [corners.map((c) => c[0]), corners.map((c) => c[1])];
    return { left: Math.min(...xs), right: Math.max(...xs), top: Math.min(...ys), bottom: Math.max(...ys) };
  };
  // Two (turned) rectangles overlap unless the direction of some edge separates them; a
  // pixel's tolerance, so neighbours may touch.
  const overlap = (a, b) => {
    for (const corners of [a, b]) {
      for (let k = 0; k < 2; k += 1) {
        const [[x0, y0], [x1, y1]] = [corners[k], corners[k + 1]];
        const length = Math.hypot(x1 - x0, y1 - y0) || 1;
        const project = (points) => points.map(([x, y]) => (x * (x1 - x0) + y * (y1 - y0)) / length);
        const [pa, pb] = [project(a), project(b)];
        if (Math.min(Math.max(...pa), Math.max(...pb)) - Math.max(Math.min(...pa), Math.min(...pb)) <= 1) {
          return false;
        }
      }
    }
    return true;
  };
  const ROLES = {
    'axis-label': 'axis label', 'axis-title': 'axis title', 'legend-label': 'legend label',
    'legend-title': 'legend title', 'title-text': 'title', 'title-subtitle': 'subtitle',
  };
  const roleOf = (text) => {
    const group = text.closest('g[class*="role-"]');
    const match = group && group.getAttribute('class').match(/role-([a-z-]+)/);
    return ROLES[match && match[1]] || 'label';
  };

  // Charts: every text of one chart inside the chart and its cell, uncut, apart from the others.
  const embeds = Array.from(document.querySelectorAll('.jp-Notebook .vega-embed'));
  let inspected = 0;
  embeds.forEach((embed, index) => {
    const svg = embed.querySelector('svg.marks');
    if (!root.contains(embed) || !svg || !shown(svg)) return;
    inspected += 1;
    const title = svg.querySelector('.role-title-text text');
    const name = `figure ${index + 1} (cell ${cellOf(embed)}${title ? ', ' + quote(title.textContent) : ''})`;
    const chart = svg.getBoundingClientRect();
    const area = embed.closest('.jp-OutputArea-output');
    const cell = area ? area.getBoundingClientRect() : chart;
    if (chart.right > cell.right + 1) {
      problems.push(`${name}: the chart is ${Math.round(chart.width)} px wide, wider than its cell`
        + ` (${Math.round(cell.right - chart.left)} px): its right edge is cut off`);
    }
    const texts = [];
    const found = { truncated: [], clipped: [], offCell: [], axisLabels: [], texts: [] };
    for (const text of svg.querySelectorAll('text')) {
      if (!words(text.textContent) || !shown(text, svg)) continue;
      const item = { text: words(text.textContent), role: roleOf(text), corners: outline(text),
                     axis: text.closest('.role-axis') };
      texts.push(item);
      const box = extent(item.corners);
      const named = `${item.role} ${quote(item.text)}`;
      if (item.text.endsWith('…')) found.truncated.push(named);
      if (Math.max(chart.left - box.left, box.right - chart.right, chart.top - box.top, box.bottom - chart.bottom) > 1) {
        found.clipped.push(named);
      } else if (box.right > cell.right + 1) {
        found.offCell.push(named);
      }
    }
    // One axis: each label once (2001, 2001 from ticks between whole years), and on a
    // discrete axis (years as categories) none left out.
    for (const axis of svg.querySelectorAll('.role-axis')) {
      const labels = Array.from(axis.querySelectorAll('.role-axis-label text'));
      const visible = labels.filter((text) => shown(text, svg)).map((text) => words(text.textContent));
      const repeated = [...new Set(visible.filter((text, k) => text && visible.indexOf(text) !== k))];
      if (repeated.length) {
        problems.push(`${name}: an axis repeats the label${repeated.length > 1 ? 's' : ''} `
          + `${repeated.map(quote).join(', ')} (ticks between whole values?)`);
      }
      const hidden = labels.filter((text) => !shown(text, svg)).map((text) => words(text.textContent));
      if (hidden.length && /discrete scale/.test(axis.getAttribute('aria-label') || '')) {
        problems.push(`${name}: an axis leaves out ${hidden.length} of its ${labels.length} labels`
          + ` (${hidden.slice(0, 4).map(quote).join(', ')}${hidden.length > 4 ? ', ...' : ''}) that would overlap`);
      }
    }
    for (let i = 0; i < texts.length; i += 1) {
      for (let j = i + 1; j < texts.length; j += 1) {
        const [a, b] = [texts[i], texts[j]];
        if (!overlap(a.corners, b.corners)) continue;
        if (a.role === 'axis label' && b.role === 'axis label' && a.axis === b.axis) {
          found.axisLabels.push(`${quote(a.text)} and ${quote(b.text)}`);
        } else {
          found.texts.push(`${a.role} ${quote(a.text)} and ${b.role} ${quote(b.text)}`);
        }
      }
    }
    // One line per kind of problem in a chart, naming up to three of its texts.
    const listed = (items) => {
      const unique = [...new Set(items)];
      return unique.slice(0, 3).join('; ') + (unique.length > 3 ? `; and ${unique.length - 3} more` : '');
    };
    const LINES = [
      ['truncated', 'cut short with "…"'], ['clipped', "clipped at the chart's edge"],
      ['offCell', 'running off the right edge of its cell'], ['axisLabels', 'axis labels overlap'],
      ['texts', 'texts overlap'],
    ];
    for (const [kind, says] of LINES) {
      if (found[kind].length) problems.push(`${name}: ${says}: ${listed(found[kind])}`);
    }
  });

  // Widgets: drop-downs wide enough for every option; no text cut with an ellipsis.
  const measure = document.createElement('canvas').getContext('2d');
  for (const select of within('.widget-dropdown select')) {
    if (!shown(select)) continue;
    const style = getComputedStyle(select);
    measure.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const label = select.closest('.widget-dropdown').querySelector('.widget-label');
    for (const option of select.options) {
      const width = measure.measureText(option.text).width;
      if (width > room + 1) {
        problems.push(`cell ${cellOf(select)}: the drop-down ${quote(label ? label.textContent : '')}`
          + ` cuts its option ${quote(option.text)} (${Math.round(width)} px of text in ${Math.round(room)} px)`);
      }
    }
  }
  for (const element of within('.jp-OutputArea-output *, .jupyter-widgets *')) {
    if (!element.clientWidth || element.scrollWidth <= element.clientWidth + 1) continue;
    if (element.closest('svg') || element.tagName === 'SELECT') continue;
    if (getComputedStyle(element).textOverflow !== 'ellipsis' || !shown(element)) continue;
    problems.push(`cell ${cellOf(element)}: ${quote(element.textContent)} is cut with "…"`);
  }
  for (const entry of within('.jp-OutputArea-output td, .jp-OutputArea-output th')) {
    const text = words(entry.textContent);
    if ((text.endsWith('...') || text.endsWith('…')) && shown(entry)) {
      problems.push(`cell ${cellOf(entry)}: the table entry ${quote(text)} is cut`);
    }
  }

  // Outputs no wider than their cell (charts are checked above).
  const areas = scope === null ? within('.jp-OutputArea-output') : [root.closest('.jp-OutputArea-output')];
  for (const area of areas.filter(Boolean)) {
    const edge = area.getBoundingClientRect().right;
    const walk = (element) => {
      for (const child of element.children) {
        if (child.classList.contains('vega-embed') || child.tagName.toLowerCase() === 'svg') continue;
        if (!child.getClientRects().length) continue;
        const box = child.getBoundingClientRect();
        if (box.width && box.right > edge + 1 && shown(child)) {
          problems.push(`cell ${cellOf(area)}: ${quote(child.textContent || child.tagName)}`
            + ` runs ${Math.round(box.right - edge)} px off the right edge of its cell`);
        } else {
          walk(child);
        }
      }
    };
    walk(area);
  }

  // Raw Python output: a value's repr (tuple, list, dict, Series...) where a sentence, a
  // table or a chart belongs.
  const RAW = [
    [/^\(.*,.*\)$/s, 'a tuple'], [/^\[.*\]$/s, 'a list'], [/^\{.*\}$/s, 'a dict or set'],
    [/(^|\n)(Name: .*, )?(Length: \d+, )?dtype: \w+$/, 'a Series'],
    [/^(np\.\w+\(|array\()/, 'a NumPy value'],
  ];
  notebook.widgets.forEach((cell, index) => {
    if (scope !== null || cell.model.type !== 'code') return;
    for (const output of cell.model.outputs.toJSON()) {
      const data = output.data || {};
      let text = null;
      if (output.output_type === 'stream' && output.name === 'stdout') text = [].concat(output.text).join('');
      else if (Object.keys(data).length === 1 && 'text/plain' in data) text = [].concat(data['text/plain']).join('');
      if (text === null) continue;
      const whole = text.trim();
      const found = RAW.find(([pattern]) => pattern.test(whole))
        || (output.output_type === 'stream' && whole.split('\n').map((line) => line.trim())
          .map((line) => RAW.slice(0, 3).find(([pattern]) => pattern.test(line))).find(Boolean));
      if (found) problems.push(`cell ${index + 1}: shows ${found[1]} as raw Python output: ${quote(whole)}`);
    }
  });
  return { problems, inspected };
}"""

# What a figure shows: its chart's drawing and its caption (so a redraw is seen).
FIGURE_STATE = """(index) => {
  const figure = document.querySelectorAll('.jp-Notebook .course-figure')[index];
  const marks = figure.querySelector('.vega-embed svg.marks, .vega-embed canvas.marks');
  const drawing = !marks ? '' : marks.tagName === 'svg' ? marks.innerHTML : marks.toDataURL();
  return drawing + figure.innerText;
}"""

FIGURE_CONTROLS = """(index) => {
  const figure = document.querySelectorAll('.jp-Notebook .course-figure')[index];
  const name = (control) => {
    const box = control.closest('.widget-inline-hbox, .vega-bind');
    const label = box && box.querySelector('.widget-label, .vega-bind-name');
    return label ? label.textContent.trim() : '';
  };
  return {
    selects: Array.from(figure.querySelectorAll('.widget-dropdown select')).map((select) => ({
      name: name(select), options: Array.from(select.options).map((option) => option.text),
      chosen: select.selectedIndex})),
    sliders: Array.from(figure.querySelectorAll('.widget-slider')).map((slider) => name(slider)),
    ranges: Array.from(figure.querySelectorAll('.vega-bind input[type=range]')).map((range) => name(range)),
  };
}"""

#: A figure's drop-downs are tried in every combination up to this many; beyond, one at a time.
SETTINGS_TOGETHER = 32


def wait_until_drawn(page: Any, timeout: float = 30) -> None:
    """Wait until every widget the kernel sent and every chart has drawn, and the page is still
    (or, when something never draws, until nothing has changed for five seconds)."""
    deadline = time.monotonic() + timeout
    last, since = None, time.monotonic()
    while time.monotonic() < deadline:
        widgets, charts = page.evaluate(WIDGET_OUTPUTS), page.evaluate(ALL_CHARTS)
        now = (widgets["sent"], widgets["drawn"], charts["embeds"], charts["drawn"])
        still = time.monotonic() - since
        if now != last:
            last, since = now, time.monotonic()
        elif (now[1] >= now[0] and now[3] >= now[2] and still > 0.5) or still > 5:
            return
        page.wait_for_timeout(100)


def wait_for_figure(page: Any, index: int, before: str, timeout: float = 8) -> None:
    """After a control moved: wait until the kernel is idle and the figure has stopped changing
    (and has changed, or a second and a half has passed: some settings draw the same chart)."""
    started = time.monotonic()
    last, since = None, started
    while time.monotonic() - started < timeout:
        page.wait_for_timeout(100)
        state = page.evaluate(FIGURE_STATE, index)
        if state != last:
            last, since = state, time.monotonic()
            continue
        idle = page.evaluate(f"() => ({KERNEL_STATUS})() === 'idle'")
        waited = time.monotonic() - started
        if idle and time.monotonic() - since > 0.3 and (state != before or waited > 1.5):
            return


def readability(page: Any, scope: int | None = None) -> tuple[list[str], int]:
    """Problems a learner would see in the notebook (or in course figure ``scope``), and the
    number of charts whose text was checked."""
    found = page.evaluate(READABILITY, scope)
    return found["problems"], found["inspected"]


def _choices(counts: list[int], chosen: list[int]) -> list[tuple[int, ...]]:
    """Settings of a figure's drop-downs to try: every combination when there are at most
    ``SETTINGS_TOGETHER``, else each option of each drop-down with the others as they are.

    >>> _choices([2, 2], [0, 0])
    [(0, 1), (1, 0), (1, 1)]
    >>> _choices([40, 2], [0, 0])[:2], len(_choices([40, 2], [0, 0]))
    ([(1, 0), (2, 0)], 40)
    """
    import itertools
    import math

    if math.prod(counts) <= SETTINGS_TOGETHER:
        settings = list(itertools.product(*(range(count) for count in counts)))
    else:
        settings = [
            tuple(option if k == position else value for k, value in enumerate(chosen))
            for position, count in enumerate(counts)
            for option in range(count)
        ]
    return [setting for setting in dict.fromkeys(settings) if list(setting) != chosen]


def visit_settings(page: Any, known: Collection[str] = ()) -> tuple[list[str], int]:
    """Check each course figure in the settings a learner can choose: every option of its
    drop-downs (see ``_choices``), and each slider at its lowest and its highest. Returns the
    problems (but those in ``known``, found already), each with the setting it appeared in,
    and the number of settings checked."""
    seen: dict[str, list[str]] = {}
    checked = 0
    figures = page.locator(".jp-Notebook .course-figure")

    def check(index: int, setting: str) -> None:
        nonlocal checked
        checked += 1
        for problem in readability(page, index)[0]:
            if problem not in known:
                seen.setdefault(problem, []).append(setting)

    for index in range(figures.count()):
        controls = page.evaluate(FIGURE_CONTROLS, index)
        selects = figures.nth(index).locator(".widget-dropdown select")
        names = [select["name"] or "drop-down" for select in controls["selects"]]
        chosen = [select["chosen"] for select in controls["selects"]]
        counts = [len(select["options"]) for select in controls["selects"]]
        # The setting shown now (other checks may have moved it) first, then the others.
        for setting in [tuple(chosen), *_choices(counts, chosen)] if counts else []:
            for position, option in enumerate(setting):
                if chosen[position] == option:
                    continue
                select = selects.nth(position)
                if option >= select.evaluate("(select) => select.options.length"):
                    break
                before = page.evaluate(FIGURE_STATE, index)
                select.select_option(index=option)
                wait_for_figure(page, index, before)
                chosen[position] = option
            else:
                labels = [
                    selects.nth(k).evaluate(
                        "(select) => select.options[select.selectedIndex].text.replace(/\\s+/g, ' ')"
                    )
                    for k in range(len(setting))
                ]
                check(
                    index,
                    ", ".join(
                        f'{name} "{label}"' for name, label in zip(names, labels, strict=True)
                    ),
                )
        for kind in ("sliders", "ranges"):
            for nth, name in enumerate(controls[kind]):
                for key, end in (("Home", "lowest"), ("End", "highest")):
                    before = page.evaluate(FIGURE_STATE, index)
                    move_control(page, index, kind, key=key, nth=nth)
                    wait_for_figure(page, index, before)
                    check(index, f"{name or 'a slider'} at its {end}")
    problems = []
    for problem, settings in seen.items():
        more = f"; and {len(settings) - 1} more" if len(settings) > 1 else ""
        problems.append(f"{problem} (with {settings[0]}{more})")
    return problems, checked


def inspect(page: Any, notebook: str, screenshots: Path | None = None) -> Report:
    """Check the page of a notebook that has run: errors, charts, widgets, and live controls."""
    report = Report(notebook)
    wait_until_drawn(page)
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
    problems, report.figures_inspected = readability(page)
    report.problems += problems
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
        page.set_viewport_size(
            {"width": VIEWPORT["width"], "height": min(max(int(height) + 200, 800), 16000)}
        )
        page.evaluate(
            "() => document.querySelectorAll('.jp-WindowedPanel-outer').forEach((e) => e.scrollTo(0, 0))"
        )
        page.wait_for_timeout(300)
        report.screenshot = screenshots / f"{Path(notebook).stem}.png"
        page.screenshot(path=str(report.screenshot), full_page=True)
        page.set_viewport_size(VIEWPORT)
    problems, report.settings_checked = visit_settings(page, known=report.problems)
    report.problems += problems
    return report


def check_notebook(chromium: Any, lab: Lab, name: str, screenshots: Path | None = None) -> Report:
    """Open, run and inspect one notebook in a fresh page."""
    context = chromium.new_context(viewport=VIEWPORT)
    context.add_init_script(SVG_CHARTS)
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


REPORT_CHARTS = """() => ({
  charts: document.querySelectorAll('.course-report-chart').length,
  drawn: document.querySelectorAll('.course-report-chart svg.marks, .course-report-chart canvas.marks').length,
})"""


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves a folder's files and logs nothing."""

    def log_message(self, *args: Any) -> None:
        pass


@contextmanager
def serve(folder: Path, handler: type[QuietHandler] = QuietHandler) -> Iterator[str]:
    """Serve ``folder`` on a web server on this machine, as a class would open a published
    site, with ``handler`` (a subclass may add headers); yield its address.

    >>> import tempfile, urllib.request
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "page.html").write_text("<p>hello</p>")
    >>> with serve(folder) as address:
    ...     urllib.request.urlopen(f"{address}/page.html").read()
    b'<p>hello</p>'
    """
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(folder))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class OfflinePage:
    """A page opened by :func:`open_offline` and what went wrong while it was open."""

    page: Any
    problems: list[str] = field(default_factory=list)


@contextmanager
def open_offline(
    chromium: Any, folder: Path, address: str = "index.html", *, served: bool = False
) -> Iterator[OfflinePage]:
    """Open ``address`` (relative to ``folder``, a query allowed) at 1400x900 in a fresh browser
    context that may load only from ``folder``: from the disk, or with ``served`` from a web
    server on this machine (a site's search fetches pages, which a browser refuses from the
    disk). Every other request is refused; it, a script error, an error in the console and a
    file that failed to load are each recorded as a problem. The context closes on leaving.

    Used by the report, slide and site browser tests, so this example needs Chromium::

        with browser() as chromium, open_offline(chromium, site, "index.html") as opened:
            opened.page.click("a.right-next")
        assert opened.problems == []
    """
    problems: list[str] = []
    with ExitStack() as stack:
        base = stack.enter_context(serve(folder)) if served else folder.resolve().as_uri()
        context = chromium.new_context(viewport={"width": 1400, "height": 900})
        stack.callback(context.close)

        def route(request_route: Any) -> None:
            url = request_route.request.url
            if url.startswith(f"{base}/"):
                request_route.continue_()
            else:
                problems.append(f"asked the network for {url[:120]}")
                request_route.abort()

        def failed(request: Any) -> None:
            if request.url.startswith(f"{base}/"):
                problems.append(f"could not load {request.url[len(base) :][:120]}")

        context.route("**/*", route)
        page = context.new_page()
        page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
        page.on(
            "console",
            lambda message: (
                problems.append(f"console error: {message.text[:300]}")
                if message.type == "error"
                else None
            ),
        )
        page.on("requestfailed", failed)
        opened = OfflinePage(page, problems)
        page.goto(f"{base}/{address}")
        yield opened


def open_report_offline(
    chromium: Any, path: Path, screenshot: Path | None = None, timeout: float = 30
) -> tuple[dict[str, int], str, list[str]]:
    """Open an exported report from the disk with every network request refused; return how
    many of its charts there are and how many drew, the page's title, and the problems
    :func:`open_offline` recorded."""
    with open_offline(chromium, path.parent, path.name) as opened:
        page = opened.page
        deadline = time.monotonic() + timeout
        counts = page.evaluate(REPORT_CHARTS)
        while time.monotonic() < deadline and counts["drawn"] < counts["charts"]:
            page.wait_for_timeout(200)
            counts = page.evaluate(REPORT_CHARTS)
        if screenshot is not None:
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(screenshot), full_page=True)
        title = page.title()
    return counts, title, opened.problems
