"""The course website and the slide decks, built from one run of every lesson.

``python -m course_lib.static_site notebooks build/site`` writes the website;
``python -m course_lib.static_site --slides notebooks build/slides`` writes a reveal.js deck
per lesson. Both start from the same executed notebooks (``build/executed``):

1. **Run** each notebook in a fresh kernel with ``COURSE_STATIC_SITE=1``. In that mode each
   course figure also carries a plain-HTML copy of itself (the chart drawn by Vega-Embed, its
   description, table view and citation), an explorer whose controls run Python carries its
   main settings, computed then (``widgets.site_settings``), and each exercise shows its
   answer behind a "Show the answer" toggle. A notebook is run again only when it, the
   course's package or its data changed.
2. **Website**: Sphinx with myst-nb and sphinx-book-theme (the publishing stack of Jupyter
   Book 1) reads the executed notebooks without running them again: a sidebar with the
   lessons, previous and next links, search, launch links to Binder and Colab on every page,
   and the setup cell (tagged ``setup``) left out.
3. **Slides**: nbconvert's reveal.js exporter with the course's template; the setup cell is
   left out.

Nothing is fetched when a page is read: the pages load Vega from a copy beside them
(``render.vega_bundle``), and MathJax and reveal.js are unpacked beside them from the npm
registry's packages (``npm pack``, once, kept in the cache folder).
"""

from __future__ import annotations

import argparse
import hashlib
import html
import os
import re
import shutil
import subprocess
import sys
import tarfile
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from . import render

STATIC_SITE = render.STATIC_SITE
SCRIPT_NAME = "course-vega.js"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
SITE_FILES = Path(__file__).resolve().parent / "site_files"
TITLE = "Value migration, disruption and value networks"
#: Front-end packages from the npm registry, unpacked beside the pages (no CDN); reveal.js 4
#: is the series nbconvert's slide styles are made for.
REVEAL = ("reveal.js", "4.6.1")
MATHJAX = ("mathjax", "3.2.2")
#: The website's sidebar, top to bottom: the course's title, its search button (both in
#: site_files/templates) and the theme's list of lessons.
SIDEBAR = ("course-home.html", "course-search-button.html", "sbt-sidebar-nav.html")
#: Changes whenever what the site-mode run writes into a notebook changes.
RUN_FORMAT = "2"
_LINKS = re.compile(r"<!-- links:start -->.*?<!-- links:end -->", re.DOTALL)


# ----------------------------------------------------------------- exercises with answers


def answer_html(exercise: Any) -> str:
    """An exercise as a static page shows it: its question, then its answer behind a toggle.

    The answer is the exercise's ``solution`` if it has one; otherwise the answer its check
    accepts, where that is a simple value (a letter, a number, a list of items), with what
    the check says about it; otherwise a pointer to the instructor's solutions.

    >>> from course_lib.exercises import MultipleChoice
    >>> question = MultipleChoice("Who named value migration?",
    ...                           {"a": "Slywotzky", "b": "Christensen"}, answer="a")
    >>> page = answer_html(question)
    >>> "<details" in page and "<code>&#x27;a&#x27;</code>" in page and "Slywotzky." in page
    True
    """
    solution = getattr(exercise, "solution", None)
    if solution is not None:
        text = str(solution).strip("\n")
        body = (
            f"<pre><code>{html.escape(text)}</code></pre>"
            if "\n" in text or getattr(exercise, "asks_for_code", False)
            else f"<p>{html.escape(text)}</p>"
        )
    else:
        body = _accepted_answer(exercise)
    return (
        exercise._repr_html_()
        + '<details class="course-answer"><summary>Show the answer</summary>'
        + body
        + "</details>"
    )


def _accepted_answer(exercise: Any) -> str:
    fallback = "<p>See the instructor's solutions.</p>"
    try:
        accepted = exercise.answer
    except Exception:  # a code exercise has no simple answer (or cannot compute it here)
        return fallback
    simple = (str, int, float)
    if not (
        isinstance(accepted, simple)
        or (isinstance(accepted, list) and all(isinstance(item, simple) for item in accepted))
    ):
        return fallback
    try:
        feedback = exercise.check(accepted)
    except Exception:
        return fallback
    if getattr(feedback, "correct", None) is not True:
        return fallback
    shown = f"{accepted:,.4g}" if isinstance(accepted, float) else repr(accepted)
    said = re.sub(r"\.\.$", ".", feedback.message.strip())
    return (
        f"<p><strong>Answer:</strong> <code>{html.escape(shown)}</code></p>"
        f"<p>{html.escape(said)}</p>"
    )


def show_answers() -> None:
    """In this kernel, show every exercise with its answer behind a toggle (``answer_html``).

    The site's run calls it in a hidden first cell; the learners' notebooks never do.
    """
    from IPython import get_ipython

    from .exercises import Exercise

    shell = get_ipython()
    if shell is not None:
        shell.display_formatter.formatters["text/html"].for_type(Exercise, answer_html)


# ------------------------------------------------------------------ running the notebooks


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


def fingerprint(path: Path) -> str:
    """What a notebook's run depends on: the notebook, the course's package and its data.

    >>> len(fingerprint(Path(__file__)))
    64
    """
    digest = hashlib.sha256(RUN_FORMAT.encode())
    digest.update(path.read_bytes())
    package = Path(__file__).resolve().parent
    folders = [package, package.parent / "datasets"]
    for folder in folders:
        if not folder.is_dir():
            continue
        for file in sorted(folder.rglob("*")):
            if file.is_file() and "__pycache__" not in file.parts:
                digest.update(file.relative_to(folder).as_posix().encode())
                digest.update(file.read_bytes())
    return digest.hexdigest()


def execute(path: Path, folder: Path, timeout: int = 600) -> Path:
    """Run one notebook in site mode and save it, with its widgets as plain HTML, to
    ``folder``; reuse the saved run if nothing it depends on changed. Return the saved file.
    """
    import nbformat

    target = folder / path.name
    stamp = fingerprint(path)
    if target.is_file():
        try:
            saved = nbformat.read(target, as_version=4)
            if saved.metadata.get("course_site", {}).get("fingerprint") == stamp:
                return target
        except Exception:  # a half-written file from an interrupted build: run again
            pass
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    preamble = nbformat.v4.new_code_cell(
        "import course_lib.static_site as _site; _site.show_answers(); del _site"
    )
    notebook.cells.insert(0, preamble)
    client = NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute(env={**os.environ, STATIC_SITE: "1"})
    notebook.cells.pop(0)
    static_outputs(notebook)
    notebook.metadata["course_site"] = {"fingerprint": stamp}
    folder.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(".tmp")
    nbformat.write(notebook, temporary)
    temporary.replace(target)
    return target


def execute_all(paths: Sequence[Path], folder: Path, workers: int | None = None) -> list[Path]:
    """Run the notebooks (two at a time on two cores) into ``folder``; return the saved files."""
    workers = workers or max(1, min(len(paths), os.cpu_count() or 1, 4))
    if workers == 1 or len(paths) == 1:
        return [execute(path, folder) for path in paths]
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
        return list(pool.map(execute, paths, [folder] * len(paths)))


# ------------------------------------------------------------ front-end files from npm


def vega_script() -> str:
    """The course's Vega bundle as a page script that keeps its names to itself (it sets
    ``window.vegaEmbed``), so they cannot clash with the theme's (such as Sphinx's ``_``).

    >>> vega_script().startswith("(function () {") and "window.vegaEmbed" in vega_script()
    True
    """
    return "(function () {\n" + render.vega_bundle() + "\n})();\n"


def npm_package(name: str, version: str) -> Path:
    """The folder of an npm package, unpacked from ``npm pack`` once and kept in the cache
    folder (``render.cache_folder() / "npm" / "reveal.js-5.2.1"``, for example)."""
    folder = render.cache_folder() / "npm" / f"{name}-{version}"
    if (folder / "package.json").is_file():
        return folder
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit(
            f"npm is needed once to fetch {name} {version} for offline pages; install Node.js "
            "(for example: apt-get install npm) and run the command again"
        )
    download = folder.parent / "downloads"
    download.mkdir(parents=True, exist_ok=True)
    packed = subprocess.run(
        [npm, "pack", f"{name}@{version}", "--pack-destination", str(download), "--silent"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()[-1]
    unpacking = folder.with_suffix(".partial")
    shutil.rmtree(unpacking, ignore_errors=True)
    with tarfile.open(download / packed) as archive:
        archive.extractall(unpacking, filter="data")
    shutil.rmtree(folder, ignore_errors=True)
    (unpacking / "package").replace(folder)
    shutil.rmtree(unpacking, ignore_errors=True)
    return folder


def copy_mathjax(destination: Path) -> None:
    """MathJax 3 (TeX input, HTML output, its fonts and menu) into ``destination``."""
    source = npm_package(*MATHJAX) / "es5"
    destination.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source / "tex-chtml.js", destination / "tex-chtml.js")
    for part in ("input/tex/extensions", "output/chtml", "ui", "a11y"):
        shutil.copytree(source / part, destination / part, dirs_exist_ok=True)


def copy_reveal(destination: Path) -> None:
    """reveal.js (its script, styles, themes and speaker notes) into ``destination``."""
    source = npm_package(*REVEAL)
    shutil.copytree(source / "dist", destination / "dist", dirs_exist_ok=True)
    shutil.copytree(
        source / "plugin" / "notes", destination / "plugin" / "notes", dirs_exist_ok=True
    )


# ------------------------------------------------------------------------- the website


def launch_line(notebook: str) -> str:
    """The Markdown line at the top of a lesson's page: run it on Binder or Colab, or get it.

    >>> line = launch_line("01_value_migration.ipynb")
    >>> "lab/tree/notebooks/01_value_migration.ipynb" in line and "notebooks/notebooks" not in line
    True
    """
    from . import launch

    relative = f"notebooks/{notebook}"
    return (
        f"Run this lesson: [on Binder]({launch.binder_url(relative)}) · "
        f"[on Colab]({launch.colab_url(relative)}) · "
        f"[download the notebook]({launch.repository_url()}/blob/{launch.DEFAULT_BRANCH}/{relative})"
    )


def for_the_site(notebook: Any, name: str) -> Any:
    """Prepare an executed notebook for the website: the setup cell left out, the launch
    badges (pictures from the web) replaced by plain links.

    >>> import nbformat
    >>> notebook = nbformat.v4.new_notebook(cells=[
    ...     nbformat.v4.new_markdown_cell("# L\\n<!-- links:start -->[![b](x.svg)](y)<!-- links:end -->"),
    ...     nbformat.v4.new_code_cell("cl.setup()", metadata={"tags": ["setup"]})])
    >>> notebook = for_the_site(notebook, "00_start_here.ipynb")
    >>> "x.svg" in notebook.cells[0].source, notebook.cells[1].metadata["tags"]
    (False, ['setup', 'remove-cell'])
    """
    for cell in notebook.cells:
        tags = cell.metadata.get("tags", [])
        if "setup" in tags and "remove-cell" not in tags:
            cell.metadata["tags"] = [*tags, "remove-cell"]
        if cell.cell_type == "markdown":
            cell.source = _LINKS.sub(lambda _match: launch_line(name), cell.source)
    return notebook


def index_page(built: Sequence[str]) -> str:
    """The site's first page (MyST Markdown): the course map with a link to each lesson that
    has a page, how to run the course, and the table of contents the sidebar shows.

    >>> page = index_page(["00_start_here"])
    >>> "[0. Start here](00_start_here.ipynb)" in page and "9. Capstone" in page
    True
    """
    from . import launch
    from .course_map import COURSE_MAP

    first = launch.FIRST_NOTEBOOK
    rows = []
    for lesson in COURSE_MAP:
        stem = lesson.notebook.removesuffix(".ipynb")
        relative = f"notebooks/{lesson.notebook}"
        title = f"{lesson.number}. {lesson.title}"
        if stem in built:
            title = f"[{title}]({lesson.notebook})"
            run = f"[Binder]({launch.binder_url(relative)}) · [Colab]({launch.colab_url(relative)})"
        else:
            title, run = f"{title} (coming)", ""
        rows.append(f"| {title} | {lesson.summary} | {lesson.minutes} min | {run} |")
    toctree = "\n".join(built)
    return f"""# {TITLE}

Where does the value in an industry go, and why? These are the course's lessons as web pages,
run when the site was built: read them here, move the charts' controls, and open a lesson
on Binder or Colab to run and change its code and to get feedback on your answers.

**Run the course:** [on Binder]({launch.binder_url(first)}) · [on Colab]({launch.colab_url(first)})
· [the repository]({launch.repository_url()})

| Lesson | What it covers | Time | Run it |
| --- | --- | --- | --- |
{chr(10).join(rows)}

On these pages the year sliders and tooltips work as in the notebooks. The explorers whose
controls run Python switch between their main settings, computed when the site was built.
Each exercise keeps its question, with its answer behind **Show the answer**.

```{{toctree}}
:hidden:
:maxdepth: 1

{toctree}
```
"""


def sphinx_config() -> dict[str, Any]:
    """The website's Sphinx settings (written as the generated ``conf.py``).

    >>> sphinx_config()["html_theme"], sphinx_config()["nb_execution_mode"]
    ('sphinx_book_theme', 'off')
    """
    from . import launch

    return {
        "project": TITLE,
        "author": "The value migration course authors",
        "copyright": "the value migration course authors (MIT licence)",
        "html_title": TITLE,
        "html_context": {"default_mode": "light"},
        "extensions": ["myst_nb"],
        "exclude_patterns": ["_build", "**.ipynb_checkpoints"],
        "language": "en",
        # The notebooks were run once, in site mode; Sphinx only reads them.
        "nb_execution_mode": "off",
        "nb_ipywidgets_js": {},
        "nb_merge_streams": True,
        "nb_output_stderr": "remove",
        "myst_enable_extensions": ["dollarmath", "amsmath"],
        "myst_heading_anchors": 2,
        "mathjax_path": "mathjax/tex-chtml.js",
        "html_theme": "sphinx_book_theme",
        # The theme's sidebar with the course's own title link and search button
        # (site_files/templates): each in a landmark, the button named by the text it shows.
        "templates_path": ["_templates"],
        "html_sidebars": {"**": [*SIDEBAR]},
        "html_static_path": ["_static"],
        "html_css_files": ["course-site.css"],
        "html_js_files": [SCRIPT_NAME],
        "html_show_sourcelink": False,
        "html_copy_source": False,
        "html_last_updated_fmt": None,
        "html_theme_options": {
            "repository_url": launch.repository_url(),
            "repository_branch": launch.DEFAULT_BRANCH,
            "path_to_docs": "notebooks",
            "use_repository_button": True,
            "use_download_button": False,
            "home_page_in_toc": True,
            "show_toc_level": 2,
            "navbar_persistent": [],
            "launch_buttons": {
                "binderhub_url": "https://mybinder.org",
                "colab_url": "https://colab.research.google.com",
                "notebook_interface": "jupyterlab",
            },
        },
    }


def write_site_source(executed: Sequence[Path], source: Path) -> None:
    """The Sphinx project of the website: settings, first page, notebooks, local scripts."""
    import nbformat

    shutil.rmtree(source, ignore_errors=True)
    static = source / "_static"
    static.mkdir(parents=True)
    config = sphinx_config()
    (source / "conf.py").write_text(
        "# Written by course_lib.static_site: change sphinx_config() there, not this file.\n"
        + "".join(f"{key} = {value!r}\n" for key, value in config.items()),
        encoding="utf-8",
    )
    (source / "index.md").write_text(index_page([path.stem for path in executed]), "utf-8")
    for path in executed:
        notebook = for_the_site(nbformat.read(path, as_version=4), path.name)
        nbformat.write(notebook, source / path.name)
    (static / SCRIPT_NAME).write_text(vega_script(), encoding="utf-8")
    shutil.copy2(SITE_FILES / "course-site.css", static / "course-site.css")
    shutil.copytree(SITE_FILES / "templates", source / "_templates")
    copy_mathjax(static / "mathjax")


def build_site(executed: Sequence[Path], output: Path, source: Path | None = None) -> Path:
    """Write the website of the executed notebooks to ``output``; return its first page."""
    source = source or output.parent / f"{output.name}-source"
    write_site_source(executed, source)
    shutil.rmtree(output, ignore_errors=True)
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-j", "auto"]
    command += ["-d", str(source / "_doctrees"), str(source), str(output)]
    subprocess.run(command, check=True)
    return output / "index.html"


# ----------------------------------------------------------------------------- the slides


def build_slides(executed: Sequence[Path], output: Path) -> list[Path]:
    """Write a reveal.js deck per executed notebook to ``output``, with reveal.js, MathJax
    and Vega beside the decks; return the decks written."""
    import nbformat
    from nbconvert import SlidesExporter

    output.mkdir(parents=True, exist_ok=True)
    copy_reveal(output / "reveal.js")
    copy_mathjax(output / "mathjax")
    (output / SCRIPT_NAME).write_text(vega_script(), encoding="utf-8")
    exporter = SlidesExporter(
        template_name="course_slides", extra_template_basedirs=[str(SITE_FILES)]
    )
    exporter.exclude_input_prompt = exporter.exclude_output_prompt = True
    exporter.reveal_url_prefix = "reveal.js"
    exporter.reveal_scroll = True
    exporter.reveal_theme = "white"  # its fonts come with reveal.js (others load web fonts)
    exporter.reveal_transition = "none"
    decks = []
    for path in executed:
        notebook = nbformat.read(path, as_version=4)
        # The plumbing (the setup cell) goes before nbconvert marks where slides start and end.
        notebook.cells = [
            cell for cell in notebook.cells if "setup" not in cell.metadata.get("tags", [])
        ]
        for cell in notebook.cells:
            if cell.cell_type == "markdown":
                cell.source = _LINKS.sub("", cell.source)
        body, _ = exporter.from_notebook_node(
            notebook,
            resources={
                "metadata": {"name": _title(notebook, path)},
                "course_slides": {"script": SCRIPT_NAME},
            },
        )
        body = re.sub(r'href="(\d\d_[\w-]+)\.ipynb', r'href="\1.slides.html', body)
        deck = output / f"{path.stem}.slides.html"
        deck.write_text(body, encoding="utf-8")
        decks.append(deck)
    links = "".join(
        f'<li><a href="{deck.name}">{html.escape(_title(nbformat.read(path, as_version=4), path))}</a></li>'
        for deck, path in zip(decks, executed, strict=True)
    )
    (output / "index.html").write_text(
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{TITLE}: slides'
        '</title></head><body style="font:18px/1.5 system-ui,sans-serif;max-width:40em;'
        f'margin:2em auto"><h1>{TITLE}: slides</h1><ul>{links}</ul><p>Keys: arrows or space '
        "to move, Esc for an overview, S for the speaker's notes.</p></body></html>\n",
        encoding="utf-8",
    )
    return decks


def _title(notebook: Any, path: Path) -> str:
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            match = re.search(r"^# (.+)$", cell.source, re.MULTILINE)
            if match:
                return match.group(1).strip()
    return path.stem.replace("_", " ")


# ------------------------------------------------------------------------- the command


def main(arguments: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m course_lib.static_site",
        description="Run the course's notebooks once and write the website (or the slides).",
    )
    parser.add_argument("notebooks", type=Path, help="the folder of notebooks, or one notebook")
    parser.add_argument("output", type=Path, help="the folder to write the site (or decks) to")
    parser.add_argument("--slides", action="store_true", help="write reveal.js decks instead")
    parser.add_argument(
        "--executed",
        type=Path,
        default=None,
        help="where the run notebooks are kept and reused (default: executed/ beside the output)",
    )
    options = parser.parse_args(arguments)
    source: Path = options.notebooks
    paths = [source] if source.is_file() else sorted(source.glob("[0-9][0-9]_*.ipynb"))
    if not paths:
        parser.error(f"no numbered notebooks (such as 00_start_here.ipynb) in {source}")
    needed = ["nbclient", "nbconvert"] if options.slides else ["nbclient", "sphinx", "myst_nb"]
    for module in needed:
        try:
            __import__(module)
        except ImportError:
            parser.error(
                f"{module} is not installed; install the publishing tools with "
                '"pip install -r requirements/site.txt" (make site does it)'
            )
    executed = execute_all(paths, options.executed or options.output.parent / "executed")
    if options.slides:
        for deck in build_slides(executed, options.output):
            print(f"wrote {deck}")
        print(f"open {options.output / 'index.html'}")
    else:
        print(f"open {build_site(executed, options.output)}")


if __name__ == "__main__":
    main()
