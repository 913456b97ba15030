"""Measure how fast the course is for a learner, and write the results.

    python -m benchmarks                 # all measurements, writes build/benchmark.{md,json}
    python -m benchmarks --readme        # ... and puts the table into README.md
    python -m benchmarks --no-browser    # skip the slider latency (no Chromium needed)
    python -m benchmarks --lessons 6 9   # only these lessons, into build/benchmark-lessons.*
    python -m benchmarks --site          # only the website's pages, into build/benchmark-site.*

Measured:
- each notebook's run time in a fresh kernel (nbclient), beside the floor: a notebook that
  only imports pandas, altair and ipywidgets; and the ratio (target <= 1.5);
- ``import course_lib`` and its submodules, beyond its dependencies (target < 0.3 s);
- the time from a key press on a chart's control to the chart's drawing changing, in
  JupyterLab in headless Chromium, over 20 changes of the chart (target median < 100 ms, max < 250 ms;
  < 30 ms for controls that run in the browser);
- each executed notebook's size on disk (target < 1 MB);
- each page of the course website (built as ``make site`` builds it, served from this machine,
  opened in headless Chromium with the network cut off and the files every page shares already
  in the browser's cache): the bytes transferred (target < 1.5 MB) and the time from the start
  of the page's loading until every chart on it has drawn (target < 1 s); medians of 3 visits.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"
FLOOR_SOURCE = "import pandas, altair, ipywidgets"
REPEATS = 3
PRESSES = 20


def run_notebook(path: Path, save_to: Path | None = None) -> float:
    """Run a notebook top to bottom in a fresh kernel; return the seconds it took."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    started = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - started
    if save_to is not None:
        nbformat.write(notebook, save_to)
    return seconds


def floor_notebook(folder: Path) -> Path:
    import nbformat

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(FLOOR_SOURCE)]
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    path = folder / "floor.ipynb"
    nbformat.write(notebook, path)
    return path


def notebook_times(notebooks: list[Path]) -> tuple[float, list[dict]]:
    with tempfile.TemporaryDirectory() as folder:
        floor_path = floor_notebook(Path(folder))
        floor = statistics.median(run_notebook(floor_path) for _ in range(REPEATS))
        rows = []
        for path in notebooks:
            executed = Path(folder) / path.name
            times = [run_notebook(path, executed) for _ in range(REPEATS)]
            seconds = statistics.median(times)
            rows.append(
                {
                    "notebook": path.name,
                    "seconds": round(seconds, 2),
                    "ratio_to_floor": round(seconds / floor, 2),
                    "executed_bytes": executed.stat().st_size,
                }
            )
    return floor, rows


def import_time() -> dict[str, float]:
    """Seconds to import course_lib (and the submodules lessons use) after its dependencies."""
    code = (
        "import time, pandas, altair, ipywidgets, anywidget, scipy\n"
        "t = time.perf_counter(); import course_lib; lazy = time.perf_counter() - t\n"
        "t = time.perf_counter()\n"
        "from course_lib import charts, data, exercises, launch, widgets, lessons\n"
        "full = time.perf_counter() - t\n"
        "print(lazy, full)"
    )
    runs = []
    for _ in range(5):
        out = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
        )
        runs.append([float(value) for value in out.stdout.split()])
    return {
        "import_course_lib": statistics.median(r[0] for r in runs),
        "import_all_modules": statistics.median(r[1] for r in runs),
    }


OBSERVE = """(index) => {
  const figure = document.querySelectorAll('.jp-Notebook .course-figure')[index];
  window.__latencies = []; window.__pressed = null;
  if (window.__observer) window.__observer.disconnect();
  window.__observer = new MutationObserver(() => {
    if (window.__pressed !== null) {
      window.__latencies.push(performance.now() - window.__pressed); window.__pressed = null;
    }
  });
  window.__observer.observe(figure.querySelector('.vega-embed'), {subtree: true, childList: true,
                                                                    attributes: true, characterData: true});
  if (!window.__keyHook) {
    window.__keyHook = true;
    window.addEventListener('keydown', () => { window.__pressed = performance.now(); }, true);
  }
}"""


def press_until_changed(page: Any, harness: Any, index: int, kind: str, count: int) -> int:
    """Press keys on a figure's controls until the chart has changed PRESSES times.

    A press that changes nothing (a slider at its end, a setting that leaves this chart as it
    is) turns the direction round; after several such presses in a row the next control of
    the same kind is used. Returns the number of presses made (at most three per change).
    """
    keys = ("ArrowDown", "ArrowUp") if kind == "selects" else ("ArrowRight", "ArrowLeft")
    direction, nth, misses, presses = 0, 0, 0, 0
    while page.evaluate("() => window.__latencies.length") < PRESSES and presses < 3 * PRESSES:
        seen = page.evaluate("() => window.__latencies.length")
        harness.move_control(page, index, kind, key=keys[direction], nth=nth)
        presses += 1
        # Far beyond the 250 ms target, so a slow redraw is recorded (as a miss), not dropped.
        deadline = time.monotonic() + 3
        while page.evaluate("() => window.__pressed") is not None and time.monotonic() < deadline:
            page.wait_for_timeout(5)
        page.evaluate("() => { window.__pressed = null; }")  # no change within 3 s
        page.wait_for_timeout(60)
        if page.evaluate("() => window.__latencies.length") > seen:
            misses = 0
            continue
        misses += 1
        direction = 1 - direction
        if misses >= 4 and nth + 1 < min(count, 6):
            nth, misses = nth + 1, 0
    return presses


def slider_latencies(notebooks: list[Path]) -> list[dict]:
    """Key press to chart change, for every control inside a course figure."""
    sys.path.insert(0, str(ROOT))
    from devtools import lab as harness

    rows = []
    with tempfile.TemporaryDirectory() as folder:
        served = harness.scratch_copy(Path(folder))
        with harness.jupyterlab(served) as lab, harness.browser() as chromium:
            for path in notebooks:
                context = chromium.new_context(viewport={"width": 1280, "height": 900})
                page = context.new_page()
                harness.open_notebook(page, lab, path.name)
                harness.run_all(page)
                harness.wait_for_charts(page)
                for index, figure in enumerate(page.evaluate(harness.FIGURES)):
                    for kind in ("ranges", "sliders", "selects"):
                        if not figure[kind]:
                            continue
                        page.evaluate(OBSERVE, index)
                        presses = press_until_changed(page, harness, index, kind, figure[kind])
                        latencies = page.evaluate("() => window.__latencies")
                        rows.append(
                            {
                                "notebook": path.name,
                                "figure": index + 1,
                                "control": {
                                    "ranges": "chart slider (in browser)",
                                    "sliders": "widget slider (Python)",
                                    "selects": "drop-down (Python)",
                                }[kind],
                                "in_browser": kind == "ranges",
                                "presses": presses,
                                "changes_seen": len(latencies),
                                "median_ms": round(statistics.median(latencies), 1)
                                if latencies
                                else None,
                                "max_ms": round(max(latencies), 1) if latencies else None,
                            }
                        )
                context.close()
                lab.shutdown_kernels()
    return rows


SITE_BYTES = 1_500_000
SITE_SECONDS = 1.0


def site_speed(folder: Path | None = None) -> dict:
    """Build the course website (into a scratch folder, reusing the notebooks' site-mode runs
    in build/executed), or take the one built in ``folder``; measure each of its pages with
    the shared files cached (``devtools.site_speed``)."""
    sys.path.insert(0, str(ROOT))
    from devtools import site_speed as speed

    with tempfile.TemporaryDirectory() as scratch:
        if folder is None:
            from course_lib import static_site

            lessons = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
            executed = static_site.execute_all(lessons, BUILD / "executed")
            folder = Path(scratch) / "site"
            static_site.build_site(executed, folder, source=Path(scratch) / "source")
        pages = ["index.html"] + sorted(path.name for path in folder.glob("[0-9][0-9]_*.html"))
        measured = speed.measure_site(folder, pages, repeats=REPEATS)
    for row in measured["pages"]:
        row["meets"] = row["bytes"] < SITE_BYTES and (
            row["seconds"] is not None and row["seconds"] < SITE_SECONDS
        )
    return measured


def verdict(ok: bool) -> str:
    return "meets" if ok else "**misses**"


def site_markdown(site: dict) -> list[str]:
    """The website's table: one row per page, each measure beside its target."""
    lines = [
        "",
        "Course website, each page opened in headless Chromium from a web server on this machine with the "
        "network cut off, the files every page shares (theme, Vega, MathJax, search index: "
        f"{site['shared_bytes'] / 1e6:.2f} MB, fetched on the first page a reader opens) already cached; "
        "uncompressed bytes, medians of 3 visits.",
        "",
        f"| page | charts | transferred (target < {SITE_BYTES / 1e6:g} MB) "
        f"| until every chart is drawn (target < {SITE_SECONDS:g} s) |",
        "| --- | --- | --- | --- |",
    ]
    for row in site["pages"]:
        drawn = (
            f"{row['seconds']:.2f} s ({verdict(row['seconds'] < SITE_SECONDS)})"
            if row["seconds"] is not None
            else f"**{row['charts'] - row['drawn']} of {row['charts']} charts never drew**"
        )
        lines.append(
            f"| {row['page']} | {row['charts']} "
            f"| {row['bytes'] / 1e6:.2f} MB ({verdict(row['bytes'] < SITE_BYTES)}) | {drawn} |"
        )
    for problem in site["problems"]:
        lines.append(f"\n**Problem on the site:** {problem}")
    return lines


def markdown(results: dict) -> str:
    machine = results["machine"]
    if "notebooks" not in results:  # the website alone (--site)
        heading = (
            f"Measured {results['date']} on {machine['cores']} cores, {machine['system']}, "
            f"Python {machine['python']} (`python -m benchmarks --site`)."
        )
        return "\n".join([heading, *site_markdown(results["site"])])
    lines = [
        f"Measured {results['date']} on {machine['cores']} cores, {machine['system']}, Python {machine['python']} "
        f"(`python -m benchmarks`). Floor: a notebook that only runs `{FLOOR_SOURCE}`: {results['floor_seconds']:.2f} s.",
        "",
        "| notebook | run time | × floor (target ≤ 1.5) | executed size (target < 1 MB) |",
        "| --- | --- | --- | --- |",
    ]
    for row in results["notebooks"]:
        size = row["executed_bytes"] / 1e6
        lines.append(
            f"| {row['notebook']} | {row['seconds']:.2f} s | {row['ratio_to_floor']:.2f} ({verdict(row['ratio_to_floor'] <= 1.5)}) "
            f"| {size:.2f} MB ({verdict(size < 1)}) |"
        )
    imports = results["imports"]
    lines += [
        "",
        f"Import beyond dependencies (target < 0.3 s): `import course_lib` {imports['import_course_lib'] * 1000:.1f} ms; "
        f"all its modules {imports['import_all_modules'] * 1000:.0f} ms ({verdict(imports['import_all_modules'] < 0.3)}).",
    ]
    if results.get("latency"):
        lines += [
            "",
            "| notebook | figure | control | chart changes / key presses | median | max | target |",
            "| --- | --- | --- | --- | --- | --- | --- |",
        ]
        for row in results["latency"]:
            limit = 30 if row["in_browser"] else 100
            ok = row["changes_seen"] >= PRESSES and row["median_ms"] < limit and row["max_ms"] < 250
            lines.append(
                f"| {row['notebook']} | {row['figure']} | {row['control']} | {row['changes_seen']}/{row['presses']} "
                f"| {row['median_ms']} ms | {row['max_ms']} ms | median < {limit} ms, max < 250 ms: {verdict(ok)} |"
            )
    if results.get("site"):
        lines += site_markdown(results["site"])
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description="Measure the course's speed.")
    parser.add_argument("--readme", action="store_true", help="write the table into README.md")
    parser.add_argument(
        "--no-browser", action="store_true", help="skip the slider latency and the website"
    )
    parser.add_argument(
        "--lessons", type=int, nargs="+", metavar="N", help="measure only these lessons' notebooks"
    )
    parser.add_argument(
        "--site", action="store_true", help="measure only the website's pages (it is built first)"
    )
    parser.add_argument(
        "--site-folder",
        type=Path,
        metavar="DIR",
        help="with --site: measure the website already built in DIR (such as build/site)",
    )
    arguments = parser.parse_args()
    if (arguments.lessons or arguments.site) and arguments.readme:
        parser.error("--readme writes the whole table: run it without --lessons or --site")
    if arguments.site_folder and not arguments.site:
        parser.error("--site-folder goes with --site")
    if arguments.site:
        site = site_speed(arguments.site_folder)
        results = {"date": date.today().isoformat(), "machine": machine(), "site": site}
        return write_results(results, "benchmark-site", readme=False)
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    if arguments.lessons:
        notebooks = [path for path in notebooks if int(path.name[:2]) in arguments.lessons]
    floor, rows = notebook_times(notebooks)
    results = {
        "date": date.today().isoformat(),
        "machine": machine(),
        "floor_seconds": round(floor, 2),
        "notebooks": rows,
        "imports": import_time(),
        "latency": [] if arguments.no_browser else slider_latencies(notebooks),
    }
    if not arguments.no_browser and not arguments.lessons:
        results["site"] = site_speed()
    # --lessons keeps the full results where they are
    name = "benchmark-lessons" if arguments.lessons else "benchmark"
    return write_results(results, name, readme=arguments.readme)


def machine() -> dict[str, Any]:
    return {
        "cores": os.cpu_count(),
        "system": f"{platform.system()} {platform.machine()}",
        "python": platform.python_version(),
    }


def write_results(results: dict, name: str, readme: bool) -> int:
    """Write build/<name>.json and .md, print the table, and put it in README.md if asked."""
    BUILD.mkdir(exist_ok=True)
    (BUILD / f"{name}.json").write_text(json.dumps(results, indent=1))
    table = markdown(results)
    (BUILD / f"{name}.md").write_text(table + "\n")
    print(table)
    if readme:
        path = ROOT / "README.md"
        text = path.read_text(encoding="utf-8")
        block = f"<!-- benchmark:start -->\n{table}\n<!-- benchmark:end -->"
        text = re.sub(
            r"<!-- benchmark:start -->.*?<!-- benchmark:end -->", block, text, flags=re.DOTALL
        )
        path.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
