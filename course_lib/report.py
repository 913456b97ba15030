"""A report a learner can hand in: their analysis as one HTML file and as Markdown.

A report is a list of :class:`Section` objects: a title, the course's own sentences, the
learner's own text, a table, a chart and the citations behind its figures. ``to_html``
renders it with a jinja2 template whose autoescaping is on, so whatever the learner typed
shows as text (never as markup or script). Charts are embedded as Vega-Lite specs and drawn
by a copy of Vega carried inside the file, so the report opens offline and from any folder.
``to_markdown`` writes the same report as Markdown with each chart saved as an SVG image
beside it (drawn in Python by ``vl-convert``, no browser needed). Its engine takes half a
second to start, so a lesson that ends in a report calls ``start_figure_drawer`` early: the
engine then starts in a process beside the kernel, and ``save`` has the figures drawn there.

>>> import pandas as pd
>>> section = Section("Phases", paragraphs=["Revenue fell."], learner_text="<b>my view</b>",
...                   table=pd.DataFrame({"year": [2010], "phase": ["outflow"]}))
>>> page = to_html("My report", [section], author="A learner", include_vega=False)
>>> "&lt;b&gt;my view&lt;/b&gt;" in page and "<b>my view</b>" not in page
True
"""

from __future__ import annotations

import json
import queue
import re
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import altair as alt
    import pandas as pd

_TEMPLATES = Path(__file__).resolve().parent / "templates"

#: A chart drawn once to start vl-convert's engine: its marks, text, legend and layout are the
#: kinds the course's charts use, so the engine has them ready (in the course theme, see
#: ``_first_figure``) when the report's own figures come.
_FIRST_FIGURE: dict[str, Any] = {
    "title": {"text": "Start", "subtitle": "the engine"},
    "data": {
        "values": [{"year": 2000 + i, "value": i / 2, "group": "ab"[i % 2]} for i in range(8)]
    },
    "vconcat": [
        {
            "encoding": {
                "x": {"field": "year", "type": "quantitative"},
                "y": {"field": "value", "type": "quantitative"},
                "color": {"field": "group", "type": "nominal"},
            },
            "layer": [
                {"mark": "line"},
                {"mark": "point"},
                {"mark": {"type": "area", "opacity": 0.2}},
                {"mark": "text", "encoding": {"text": {"field": "group"}}},
                {"mark": "rule", "encoding": {"x": {"datum": 2004}, "color": {"value": "black"}}},
            ],
        },
        {
            "mark": "rect",
            "encoding": {
                "x": {"field": "year", "type": "ordinal"},
                "y": {"field": "group", "type": "nominal"},
                "color": {"field": "value", "type": "quantitative"},
            },
        },
    ],
}


def _first_figure() -> dict[str, Any]:
    from .charts import theme

    return {**_FIRST_FIGURE, **theme()}


#: The figure drawer: a Python process that starts vl-convert's engine, then reads Vega-Lite
#: specs, one JSON line each, and answers each with a JSON line: its SVG drawing, or null.
_DRAWER = """
import json, sys
import vl_convert
vl_convert.vegalite_to_svg(json.loads(sys.argv[1]))
for line in sys.stdin:
    try:
        svg = vl_convert.vegalite_to_svg(json.loads(line))
    except Exception:
        svg = None
    sys.stdout.write(json.dumps(svg) + "\\n")
    sys.stdout.flush()
"""
#: Seconds to wait for the drawer's last figure before drawing the figures in the kernel.
DRAWER_TIMEOUT = 120
_drawer: subprocess.Popen | None = None
_drawer_lock = threading.Lock()


def start_figure_drawer() -> None:
    """Start, in a process of its own, the engine that draws the Markdown report's figures.

    vl-convert draws a chart as SVG with Vega in an embedded JavaScript engine, which takes
    about half a second to start and holds Python's lock meanwhile, so a thread cannot hide
    it. A lesson that will save a report calls this early: the engine starts beside the
    kernel while the lesson runs, and the next ``save`` has its figures drawn there, each as
    soon as its chart is converted. The drawer serves one ``save`` (later ones draw in the
    kernel) and quits when the kernel does. Calling it while a drawer waits does nothing.

    >>> start_figure_drawer()
    >>> figures = _Drawing()
    >>> figures.add(_first_figure())
    >>> figures.svgs()[0].startswith("<svg")
    True
    """
    global _drawer
    with _drawer_lock:
        if _drawer is not None or not sys.executable:
            return
        try:
            _drawer = subprocess.Popen(
                [sys.executable, "-c", _DRAWER, json.dumps(_first_figure())],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
            )
        except OSError:  # no process can be started here: save draws in the kernel
            _drawer = None


class _Drawing:
    """The SVG drawings of one report's charts. The first spec added takes the waiting drawer,
    if any, and each spec goes to it at once (a thread writes them, another reads the answers,
    so neither side waits on the other); ``svgs`` waits for the answers and draws in the
    kernel whatever the drawer did not (none waited, it failed, or the spec cannot be drawn:
    then vl-convert's own error is raised)."""

    def __init__(self) -> None:
        self.specs: list[dict[str, Any]] = []
        self.drawer: subprocess.Popen | None = None
        self.answers: list[str | None] = []
        self.outbox: queue.SimpleQueue[dict[str, Any] | None] = queue.SimpleQueue()
        self.threads: list[threading.Thread] = []

    def add(self, spec: dict[str, Any]) -> None:
        global _drawer
        if not self.specs:
            with _drawer_lock:
                self.drawer, _drawer = _drawer, None
            if self.drawer is not None:
                self.threads = [
                    threading.Thread(target=self._write, args=(self.drawer,), daemon=True),
                    threading.Thread(target=self._read, args=(self.drawer,), daemon=True),
                ]
                for thread in self.threads:
                    thread.start()
        self.specs.append(spec)
        self.outbox.put(spec)

    def _write(self, drawer: subprocess.Popen) -> None:
        try:
            with drawer.stdin:  # type: ignore[union-attr]
                while (spec := self.outbox.get()) is not None:
                    drawer.stdin.write(json.dumps(spec) + "\n")  # type: ignore[union-attr]
                    drawer.stdin.flush()  # type: ignore[union-attr]
        except OSError:  # the drawer died: its figures are drawn in the kernel
            pass

    def _read(self, drawer: subprocess.Popen) -> None:
        try:
            for line in drawer.stdout:  # type: ignore[union-attr]
                self.answers.append(json.loads(line))
        except (OSError, ValueError):
            pass

    def svgs(self) -> list[str]:
        """The SVG of each spec added, in order."""
        drawn: list[str | None] = [None] * len(self.specs)
        if self.drawer is not None:
            self.outbox.put(None)  # no more specs: the drawer quits after its last answer
            try:
                self.drawer.wait(timeout=DRAWER_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.drawer.kill()
                self.drawer.wait()
            for thread in self.threads:
                thread.join()
            if len(self.answers) == len(self.specs):
                drawn = [svg if isinstance(svg, str) else None for svg in self.answers]
        if None in drawn:
            import vl_convert

            drawn = [
                svg or vl_convert.vegalite_to_svg(spec)
                for spec, svg in zip(self.specs, drawn, strict=True)
            ]
        return drawn  # type: ignore[return-value]


@dataclass
class Section:
    """One part of a report. ``paragraphs`` are the course's sentences, ``learner_text`` the
    learner's own words; ``chart`` is any Altair chart with a title and description."""

    title: str
    paragraphs: list[str] = field(default_factory=list)
    learner_text: str = ""
    table: pd.DataFrame | None = None
    chart: alt.TopLevelMixin | None = None
    citations: list[str] = field(default_factory=list)


def _specs(sections: list[Section], drawing: _Drawing | None = None) -> list[dict[str, Any] | None]:
    """Each section's chart as a Vega-Lite spec (None where it has no chart), each added to
    ``drawing`` as soon as it is made. Converting a chart validates it against the schema, a
    slow part of writing a report, so ``save`` converts each chart once for both files."""
    specs: list[dict[str, Any] | None] = []
    for section in sections:
        specs.append(None if section.chart is None else section.chart.to_dict())
        if drawing is not None and specs[-1] is not None:
            drawing.add(specs[-1])
    return specs


def _aligned(specs: list[dict[str, Any] | None], drawing: _Drawing) -> list[str | None]:
    """The drawing's SVGs, each at its section's place (None for a section with no chart)."""
    drawn = iter(drawing.svgs())
    return [None if spec is None else next(drawn) for spec in specs]


def safe_json(value: Any) -> str:
    """JSON that can sit inside an HTML ``<script>`` element: no character of it can close the
    element or open a comment, whatever text it carries.

    >>> safe_json({"title": "</script><script>alert(1)</script>"})
    '{"title": "\\\\u003c/script\\\\u003e\\\\u003cscript\\\\u003ealert(1)\\\\u003c/script\\\\u003e"}'
    """
    text = json.dumps(value)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _environment() -> Any:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(_TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )


def to_html(
    title: str,
    sections: list[Section],
    author: str = "",
    include_vega: bool = True,
    when: date | None = None,
) -> str:
    """The report as one self-contained HTML page (Vega inside it unless ``include_vega`` is
    False). Every text is escaped by the template; tables come from pandas, escaped too.

    >>> page = to_html("R", [Section("S", learner_text="{{ 7 * 7 }}")], include_vega=False)
    >>> "{{ 7 * 7 }}" in page and "49" not in page
    True
    """
    return _html(title, sections, _specs(sections), author, include_vega, when)


def _html(
    title: str,
    sections: list[Section],
    specs: list[dict[str, Any] | None],
    author: str,
    include_vega: bool,
    when: date | None,
) -> str:
    from .charts import describe, table_html

    shown = []
    for number, (section, spec) in enumerate(zip(sections, specs, strict=True), start=1):
        chart = None
        if section.chart is not None:
            _, description = describe(section.chart)
            chart = {
                "element_id": f"report-chart-{number}",
                "description": description,
                "spec_json": safe_json(spec),
            }
        shown.append(
            {
                "title": section.title,
                "paragraphs": section.paragraphs,
                "learner_text": section.learner_text,
                "table_html": table_html(section.table) if section.table is not None else "",
                "chart": chart,
                "citations": section.citations,
            }
        )
    vega = ""
    if include_vega:
        from .render import vega_bundle

        vega = re.sub(r"</(script)", r"<\\/\1", vega_bundle(), flags=re.IGNORECASE)
    return (
        _environment()
        .get_template("report.html.j2")
        .render(
            title=title,
            author=author,
            date=(when or date.today()).isoformat(),
            sections=shown,
            vega_script=vega,
        )
    )


def _markdown_text(text: str) -> str:
    """The learner's text as Markdown that shows literally (no markup, links or HTML).

    >>> _markdown_text("*bold* <i>x</i> [a](b)")
    '\\\\*bold\\\\* &lt;i&gt;x&lt;/i&gt; \\\\[a\\\\](b)'
    """
    escaped = re.sub(r"([\\`*_{}\[\]#!|~])", r"\\\1", text)
    escaped = re.sub(r"^(\s*)([-+]|\d+\.)", r"\1\\\2", escaped, flags=re.MULTILINE)
    return escaped.replace("<", "&lt;").replace(">", "&gt;")


def to_markdown(
    title: str,
    sections: list[Section],
    author: str = "",
    figures: Path | None = None,
    when: date | None = None,
) -> str:
    """The report as Markdown. With ``figures`` (a folder), each chart is saved there as an
    SVG image and linked; without it, the chart's description stands in its place.

    >>> print(to_markdown("R", [Section("S", paragraphs=["One."])], when=date(2026, 1, 2)))
    # R
    <BLANKLINE>
    2026-01-02
    <BLANKLINE>
    ## S
    <BLANKLINE>
    One.
    <BLANKLINE>
    """
    if figures is None:
        return _markdown(title, sections, [None] * len(sections), author, None, when)
    drawing = _Drawing()
    svgs = _aligned(_specs(sections, drawing), drawing)
    return _markdown(title, sections, svgs, author, figures, when)


def _markdown(
    title: str,
    sections: list[Section],
    svgs: list[str | None],
    author: str,
    figures: Path | None,
    when: date | None,
) -> str:
    lines = [f"# {title}", "", f"{author} · " * bool(author) + (when or date.today()).isoformat()]
    for number, (section, svg) in enumerate(zip(sections, svgs, strict=True), start=1):
        lines += ["", f"## {section.title}", ""]
        lines += [paragraph for text in section.paragraphs for paragraph in (text, "")]
        if section.learner_text:
            quoted = _markdown_text(section.learner_text).splitlines() or [""]
            lines += [*(f"> {line}" for line in quoted), ""]
        if section.table is not None:
            lines += [markdown_table(section.table), ""]
        if section.chart is not None:
            from .charts import describe

            chart_title, description = describe(section.chart)
            if figures is not None:
                figures.mkdir(parents=True, exist_ok=True)
                name = f"figure-{number}.svg"
                (figures / name).write_text(svg, encoding="utf-8")
                lines += [f"![{description}]({figures.name}/{name})", ""]
            else:
                lines += [f"*Chart: {chart_title}. {description}*", ""]
        if section.citations:
            lines += ["Sources: " + "; ".join(section.citations), ""]
    return "\n".join(lines)


def _cell_text(text: str) -> str:
    """A table cell's text that shows literally (a list marker cannot start inside a cell).

    >>> _cell_text("250.0"), _cell_text("a|b <i>")
    ('250.0', 'a\\\\|b &lt;i&gt;')
    """
    escaped = re.sub(r"([\\`*_{}\[\]#!|~])", r"\\\1", text)
    return escaped.replace("<", "&lt;").replace(">", "&gt;")


def markdown_table(table: pd.DataFrame) -> str:
    """A table in Markdown, each cell escaped so it shows literally.

    >>> import pandas as pd
    >>> print(markdown_table(pd.DataFrame({"year": [2010], "note": ["a|b"]})))
    | year | note |
    | --- | --- |
    | 2010 | a\\|b |
    """
    header = "| " + " | ".join(map(str, table.columns)) + " |"
    rule = "| " + " | ".join("---" for _ in table.columns) + " |"
    rows = ["| " + " | ".join(_cell_text(str(v)) for v in row) + " |" for row in table.values]
    return "\n".join([header, rule, *rows])


def save(
    folder: str | Path, title: str, sections: list[Section], author: str = ""
) -> tuple[Path, Path]:
    """Write ``report.html`` and ``report.md`` (with its figures) into ``folder``.

    >>> import tempfile
    >>> html_path, markdown_path = save(tempfile.mkdtemp(), "R", [Section("S")])
    >>> html_path.name, markdown_path.name
    ('report.html', 'report.md')
    """
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    html_path, markdown_path = target / "report.html", target / "report.md"
    drawing = _Drawing()  # the figures are drawn while the HTML is written
    specs = _specs(sections, drawing)
    when = date.today()
    html_path.write_text(_html(title, sections, specs, author, True, when), encoding="utf-8")
    svgs = _aligned(specs, drawing)
    markdown = _markdown(title, sections, svgs, author, target / "figures", when)
    markdown_path.write_text(markdown, encoding="utf-8")
    return html_path, markdown_path
