"""A static web site of the executed lessons, for a class that reads without running them.

``python -m course_lib.static_site notebooks build/site`` runs every notebook in a fresh
kernel with ``COURSE_STATIC_SITE=1`` set. In that mode each course figure also carries a
plain-HTML copy of itself: the chart drawn by Vega-Embed, its description, table view and
citation. Widgets need a running kernel, so the builder shows that copy in their place (or a
note that the control works once the notebook runs), drops the saved widget state and
writes one page per notebook plus an index. Every page loads one shared copy of Vega that
sits beside it, so the site works from any web server or straight from the disk, with no
network. Interaction that runs in Vega itself (the year sliders, tooltips) keeps working.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from . import render

STATIC_SITE = render.STATIC_SITE
SCRIPT_NAME = "course-vega.js"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
_TEMPLATES = Path(__file__).resolve().parent / "site_template"


def widget_note() -> str:
    """What a static page shows in place of a widget that has no plain-HTML copy."""
    return (
        '<p class="course-static-note">An interactive control is here when the notebook runs; '
        "open it on Binder or Colab (links at the top) to use it.</p>"
    )


def static_outputs(notebook: Any) -> int:
    """Replace every widget output of an executed notebook by its plain-HTML copy (or a
    note) and drop the saved widget state; return how many outputs were replaced.

    >>> import nbformat
    >>> cell = nbformat.v4.new_code_cell(outputs=[nbformat.v4.new_output(
    ...     "display_data", data={WIDGET_VIEW: {"model_id": "1"}, "text/plain": "VBox()"})])
    >>> notebook = nbformat.v4.new_notebook(cells=[cell], metadata={"widgets": {}})
    >>> static_outputs(notebook), list(cell.outputs[0].data), "widgets" in notebook.metadata
    (1, ['text/html'], False)
    """
    replaced = 0
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if WIDGET_VIEW not in data:
                continue
            output["data"] = {"text/html": data.get("text/html") or widget_note()}
            replaced += 1
    notebook.metadata.pop("widgets", None)
    return replaced


def _execute(path: Path, timeout: int) -> Any:
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute(env={**os.environ, STATIC_SITE: "1"})
    return notebook


def _page_links(notebook: str) -> list[tuple[str, str]]:
    from . import launch

    relative = f"notebooks/{notebook}"
    return [
        ("Run it on Binder", launch.binder_url(relative)),
        ("Run it on Colab", launch.colab_url(relative)),
        ("Download the notebook", f"{launch.repository_url()}/blob/main/{relative}"),
    ]


def render_page(notebook: Any, name: str) -> str:
    """The HTML page of an executed notebook (after ``static_outputs``)."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="course_site", extra_template_basedirs=[str(_TEMPLATES)])
    resources = {
        "metadata": {"name": Path(name).stem.replace("_", " ")},
        "course_site": {"script": SCRIPT_NAME, "links": _page_links(name)},
    }
    page, _ = exporter.from_notebook_node(notebook, resources=resources)
    # Links between lessons point at their pages, not at the notebooks.
    return re.sub(r'href="(\d\d_[\w-]+)\.ipynb', r'href="\1.html', page)


def index_page(pages: Iterable[str]) -> str:
    """The site's first page: the course map, linking each lesson that has a page."""
    from . import launch
    from .course_map import COURSE_MAP

    written = set(pages)
    rows = []
    for lesson in COURSE_MAP:
        page = lesson.notebook.replace(".ipynb", ".html")
        title = html.escape(f"{lesson.number}. {lesson.title}")
        link = f'<a href="{page}">{title}</a>' if page in written else f"{title} (coming)"
        rows.append(
            f"<tr><td>{link}</td><td>{html.escape(lesson.summary)}</td>"
            f"<td>{lesson.minutes} min</td></tr>"
        )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1.0">'
        "<title>Value migration, disruption and value networks</title>"
        "<style>body{font:16px/1.5 system-ui,sans-serif;max-width:60em;margin:2em auto;"
        "padding:0 1em}td{padding:4px 8px;vertical-align:top}</style></head><body><main>"
        "<h1>Value migration, disruption and value networks</h1>"
        "<p>The lessons as read-only pages, run when the site was built. Charts keep their "
        "tooltips and year sliders; the controls that run Python work when you open a "
        f'notebook on <a href="{launch.binder_url(f"notebooks/{launch.FIRST_NOTEBOOK}")}">Binder</a> '
        "or Colab (links at the top of each page).</p>"
        "<table><thead><tr><th>Lesson</th><th>What it covers</th><th>Time</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></main></body></html>\n"
    )


def build(notebooks: Sequence[Path], output: Path, *, timeout: int = 600) -> list[Path]:
    """Run each notebook and write its page, the shared Vega script and an index to
    ``output``; return the pages written.
    """
    output.mkdir(parents=True, exist_ok=True)
    (output / SCRIPT_NAME).write_text(render.vega_bundle(), encoding="utf-8")
    written = []
    for path in sorted(notebooks):
        notebook = _execute(path, timeout)
        static_outputs(notebook)
        page = output / f"{path.stem}.html"
        page.write_text(render_page(notebook, path.name), encoding="utf-8")
        written.append(page)
    (output / "index.html").write_text(index_page(page.name for page in written), encoding="utf-8")
    return written


def main(arguments: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m course_lib.static_site",
        description="Run the course's notebooks and write them as a static web site.",
    )
    parser.add_argument("notebooks", type=Path, help="the folder of notebooks, or one notebook")
    parser.add_argument("output", type=Path, help="the folder to write the site to")
    options = parser.parse_args(arguments)
    source: Path = options.notebooks
    paths = [source] if source.is_file() else sorted(source.glob("[0-9][0-9]_*.ipynb"))
    if not paths:
        parser.error(f"no numbered notebooks (such as 00_start_here.ipynb) in {source}")
    try:
        import nbclient  # noqa: F401
        import nbconvert  # noqa: F401
    except ImportError as missing:
        parser.error(
            f"{missing.name} is not installed; install the site tools with "
            '"pip install nbconvert nbclient" (or the course\'s [site] extra)'
        )
    for page in build(paths, options.output):
        print(f"wrote {page}")
    print(f"open {options.output / 'index.html'}")


if __name__ == "__main__":
    main()
