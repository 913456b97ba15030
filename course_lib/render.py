"""How charts reach the learner's browser: offline, once per page, and updated in place.

Altair's interactive chart widget (``alt.JupyterChart``) normally loads Vega from a CDN,
which fails offline ("Error loading script"). The course's chart widget keeps Altair's
Python side (``chart``, ``params``) with a small front-end of its own:

- Vega, Vega-Lite and Vega-Embed come as one script built by ``vl-convert``, kept in a cache
  folder and sent by the kernel to the first chart on a page; every chart shares it.
- When a control changes a chart and only its data changed, the front-end swaps the data
  in the running Vega view instead of drawing the chart again from scratch.

On the Python side, ``remember_spec`` converts a chart once, without re-validating it, and
names its datasets by position, so two settings of one explorer differ only in their data.
The chart builders in ``charts`` stay plain: what they return is an ordinary Altair chart
that a learner can change (``.properties(title=...)``) and show.
"""

from __future__ import annotations

import html
import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import altair as alt
    import pandas as pd


def cache_folder() -> Path:
    """The folder where the course keeps files it can rebuild (the chart bundle).

    >>> cache_folder().name
    'value-migration-course'
    """
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "value-migration-course"


def vega_bundle() -> str:
    """Vega, Vega-Lite and Vega-Embed in one script (from ``vl-convert``) that sets
    ``window.vegaEmbed``; built once per version and kept in the cache folder.

    >>> "window.vegaEmbed" in vega_bundle()
    True
    """
    import vl_convert
    from altair.utils._importers import vl_version_for_vl_convert

    version = vl_version_for_vl_convert()
    path = cache_folder() / f"vega-embed-{version}-vl-convert-{vl_convert.__version__}.js"
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        pass
    script = vl_convert.javascript_bundle(vl_version=version)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(script, encoding="utf-8")
        temporary.replace(path)
    except OSError:  # a read-only home folder: no cache, the bundle is built again next time
        pass
    return script


# The chart widget's front-end. The first chart on a page asks the kernel for the Vega bundle
# (a message, not widget state, so a saved notebook does not carry 0.9 MB per chart); every
# chart on the page shares it. A new spec whose only changes are its datasets (and its
# description) updates the running view; any other change draws the chart again.
_FRONT_END = """
function loadVega(model) {
  if (!globalThis.__valueMigrationCourseVega) {
    globalThis.__valueMigrationCourseVega = new Promise((resolve, reject) => {
      const listener = (message) => {
        if (!message || message.type !== "course-bundle") return;
        model.off("msg:custom", listener);
        const url = URL.createObjectURL(new Blob([message.source], { type: "text/javascript" }));
        import(url).then(() => resolve(globalThis.vegaEmbed), reject);
      };
      model.on("msg:custom", listener);
      model.send({ type: "course-bundle-request" });
    });
  }
  return globalThis.__valueMigrationCourseVega;
}

const structureOf = (spec) => JSON.stringify({ ...spec, datasets: null, description: null });

export default {
  async render({ model, el }) {
    const vegaEmbed = await loadVega(model);
    let result = null;
    let shown = null;
    let queue = Promise.resolve();
    const inTurn = (task) => () => (queue = queue.then(task, task));

    const applyParams = async () => {
      if (!result) return;
      for (const [name, value] of Object.entries(model.get("_params") ?? {})) {
        if (value === null || value === undefined) continue;
        try { result.view.signal(name, value); } catch (error) { /* not in this chart */ }
      }
      await result.view.runAsync();
    };
    const embed = async () => {
      if (result) { result.finalize(); result = null; }
      const spec = model.get("spec");
      if (!spec) { el.replaceChildren(); return; }
      try {
        result = await vegaEmbed(el, structuredClone(spec),
                                 structuredClone(model.get("embed_options") ?? {}));
      } catch (error) {
        el.textContent = "This chart could not be drawn: " + error.message;
        return;
      }
      shown = { structure: structureOf(spec), datasets: spec.datasets ?? {} };
      await applyParams();
    };
    const update = async () => {
      const spec = model.get("spec");
      if (!result || !spec || structureOf(spec) !== shown.structure) return embed();
      const datasets = spec.datasets ?? {};
      for (const [name, values] of Object.entries(datasets)) {
        if (JSON.stringify(values) !== JSON.stringify(shown.datasets[name])) {
          result.view.data(name, structuredClone(values));
        }
      }
      shown.datasets = datasets;
      if (spec.description && typeof result.view.description === "function") {
        result.view.description(spec.description);
      }
      await result.view.runAsync();
    };

    const onSpec = inTurn(update);
    const onParams = inTurn(applyParams);
    const onOptions = inTurn(embed);
    model.on("change:spec", onSpec);
    model.on("change:_params", onParams);
    model.on("change:embed_options", onOptions);
    await inTurn(embed)();
    return () => {
      model.off("change:spec", onSpec);
      model.off("change:_params", onParams);
      model.off("change:embed_options", onOptions);
      if (result) result.finalize();
    };
  },
};
"""

# --------------------------------------------------------------- the static site's copy

#: Set to "1" by the static site builder: figures then also carry a plain-HTML copy.
STATIC_SITE = "COURSE_STATIC_SITE"


def building_site() -> bool:
    """Whether this kernel runs a notebook for the static site (``COURSE_STATIC_SITE=1``).

    >>> import os
    >>> os.environ[STATIC_SITE] = "1"; building_site()
    True
    >>> del os.environ[STATIC_SITE]; building_site()
    False
    """
    return os.environ.get(STATIC_SITE) == "1"


def chart_html(spec: dict[str, Any], element_id: str) -> str:
    """HTML that draws one Vega-Lite chart on a page that has loaded the course's Vega script.

    If the chart cannot be drawn, the page says so in words where the chart would be.

    >>> page = chart_html({"mark": "point"}, "chart-1")
    >>> 'id="chart-1"' in page and 'vegaEmbed("#chart-1"' in page
    True
    >>> "</script>" in chart_html({"title": "</script>"}, "c").split("<script>")[1][:-9]
    False
    """
    source = json.dumps(spec).replace("</", "<\\/")
    return (
        f'<div class="course-static-chart" id="{element_id}"></div>\n'
        "<script>\n"
        f'vegaEmbed("#{element_id}", {source}, {{"actions": false}}).catch(function (error) {{\n'
        f'  document.getElementById("{element_id}").textContent = '
        '"This chart could not be drawn: " + error;\n'
        "});\n"
        "</script>"
    )


def chart_data(spec: dict[str, Any]) -> list[list[Any]]:
    """The rows of every data set a Vega-Lite spec draws, in the order it uses them, each once
    (a layer that repeats another's data adds nothing).

    >>> rows = [{"year": 2000, "revenue": 1.5}]
    >>> spec = {"datasets": {"d1": rows}, "layer": [{"data": {"name": "d1"}},
    ...         {"data": {"values": rows}}, {"data": {"values": [{"year": 2001}]}}]}
    >>> chart_data(spec)
    [[{'year': 2000, 'revenue': 1.5}], [{'year': 2001}]]
    """
    named = spec.get("datasets") or {}
    found: list[list[Any]] = []

    def visit(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                visit(item)
            return
        if not isinstance(node, dict):
            return
        data = node.get("data")
        if isinstance(data, dict):
            rows = named.get(data.get("name")) if "name" in data else data.get("values")
            # Altair gives a chart without data one empty row: that is no data to show.
            if isinstance(rows, list) and any(rows) and rows not in found:
                found.append(rows)
        for key, value in node.items():
            if key not in ("data", "datasets"):
                visit(value)

    visit(spec)
    return found


def table_view_html(spec: dict[str, Any]) -> str:
    """The table view of a chart drawn from its Vega-Lite spec alone: every data set it draws,
    as a table behind a "Table view of the data" toggle ("" for a chart with no data).

    >>> page = table_view_html({"data": {"values": [{"year": 2000, "revenue": 1111.2004}]}})
    >>> page.startswith("<details") and "<th>revenue</th>" in page and "<td>1,111.2</td>" in page
    True
    >>> table_view_html({"mark": "text"})
    ''
    """
    import pandas as pd

    from .charts import table_html

    def readable(value: Any) -> Any:  # 1,111.2 rather than 1111.200683
        return f"{value:,.6g}" if isinstance(value, float) else value

    tables = []
    for rows in chart_data(spec):
        records = (
            rows if all(isinstance(row, dict) for row in rows) else [{"value": row} for row in rows]
        )
        frame = pd.DataFrame(
            [{key: readable(value) for key, value in row.items()} for row in records]
        )
        tables.append(table_html(frame))
    if not tables:
        return ""
    return (
        '<details class="course-table-view"><summary>Table view of the data</summary>'
        + "".join(tables)
        + "</details>"
    )


def controls_note(names: Sequence[str]) -> str:
    """A note under a figure whose controls need Python, which a static page does not have.

    >>> "Case and Measure" in controls_note(["Case", "Measure"])
    True
    """
    if not names:
        return ""
    listed = " and ".join(
        [", ".join(html.escape(name) for name in names[:-1]), html.escape(names[-1])]
        if len(names) > 1
        else [html.escape(names[0])]
    )
    return (
        '<p class="course-static-note">This figure has controls (' + listed + ") that run the "
        "course's models in Python. This page shows their first setting; open the notebook "
        "on Binder or Colab (links at the top) to move them.</p>"
    )


@dataclass(frozen=True)
class SiteSetting:
    """One setting of an explorer, computed for a static page: which option of each control
    (by position), the chart's Vega-Lite spec and the caption under it."""

    values: tuple[int, ...]
    spec: dict[str, Any]
    caption: str


@dataclass(frozen=True)
class SiteSettings:
    """An explorer's settings for a static page: each control's name and option labels, the
    options it starts at, and the settings computed (``widgets.site_settings``)."""

    controls: tuple[tuple[str, list[str]], ...]
    start: tuple[int, ...]
    settings: list[SiteSetting]


# Switches a static figure between its precomputed settings. A reader changes one control;
# the page shows the computed setting that has that option and agrees with the other controls
# the most (else keeps them where the explorer starts), and sets the controls to match it.
_SETTINGS_SCRIPT = """(function (id) {
  var figure = document.getElementById(id + "-figure");
  var data = JSON.parse(document.getElementById(id + "-settings").textContent);
  var selects = Array.prototype.slice.call(figure.querySelectorAll("select[data-control]"));
  var chart = document.getElementById(id), caption = document.getElementById(id + "-caption");
  var result = null;
  // A part that several settings share is stored once (see share_repeats).
  function whole(node) {
    if (Array.isArray(node)) return node.map(whole);
    if (node === null || typeof node !== "object") return node;
    var keys = Object.keys(node);
    if (keys.length === 1 && keys[0] === "course-piece") return whole(data.pieces[node["course-piece"]]);
    var copy = {};
    keys.forEach(function (key) { copy[key] = whole(node[key]); });
    return copy;
  }
  function show(index) {
    var setting = whole(data.settings[index]);
    selects.forEach(function (select, i) { select.value = String(setting.values[i]); });
    caption.innerHTML = setting.caption;
    if (result) { result.finalize(); result = null; }
    vegaEmbed(chart, setting.spec, {"actions": false}).then(function (embedded) {
      result = embedded;
    }).catch(function (error) {
      chart.textContent = "This chart could not be drawn: " + error;
    });
  }
  function choose(changed) {
    var wanted = selects.map(function (select) { return Number(select.value); });
    var best = 0, bestScore = -1;
    data.settings.forEach(function (setting, index) {
      if (setting.values[changed] !== wanted[changed]) return;
      var score = 0;
      setting.values.forEach(function (value, i) {
        score += value === wanted[i] ? 2 : value === data.start[i] ? 1 : 0;
      });
      if (score > bestScore) { best = index; bestScore = score; }
    });
    show(best);
  }
  selects.forEach(function (select, i) {
    select.addEventListener("change", function () { choose(i); });
  });
  show(0);
})"""


PIECE = "course-piece"


def share_repeats(values: list[Any], smallest: int = 64) -> tuple[list[Any], list[Any]]:
    """Store once each part that ``values`` (JSON-ready) repeat: a list, object or string of
    at least ``smallest`` characters of JSON found more than once (such as the data, the
    theme and the captions that an explorer's settings share) goes into a list of pieces and
    is replaced, wherever it was, by ``{"course-piece": <its position in the list>}``.
    Returns the pieces and the values; a piece may refer to other pieces.

    >>> rows = [{"year": 2000 + k, "value": k} for k in range(3)]
    >>> pieces, shared = share_repeats([{"data": rows, "k": 1}, {"data": rows, "k": 2}])
    >>> pieces == [rows], shared
    (True, [{'data': {'course-piece': 0}, 'k': 1}, {'data': {'course-piece': 0}, 'k': 2}])
    """
    counts: dict[str, int] = {}

    def count(node: Any) -> None:
        if not isinstance(node, dict | list | str):
            return
        text = json.dumps(node)
        if len(text) >= smallest:
            counts[text] = counts.get(text, 0) + 1
            if counts[text] > 1:  # its parts were counted at its first sight
                return
        if not isinstance(node, str):
            for part in node.values() if isinstance(node, dict) else node:
                count(part)

    for value in values:
        count(value)
    pieces: list[Any] = []
    positions: dict[str, int] = {}

    def compact(node: Any, whole: bool = False) -> Any:
        if not isinstance(node, dict | list | str):
            return node
        text = json.dumps(node)
        if not whole and counts.get(text, 0) > 1:
            if text not in positions:
                body = compact(node, whole=True)
                positions[text] = len(pieces)
                pieces.append(body)
            return {PIECE: positions[text]}
        if isinstance(node, dict):
            return {key: compact(part) for key, part in node.items()}
        return node if isinstance(node, str) else [compact(part) for part in node]

    return pieces, [compact(value) for value in values]


def settings_html(settings: SiteSettings, element_id: str) -> str:
    """A static figure whose drop-downs switch between an explorer's precomputed settings,
    drawn by Vega-Embed from the page's shared script (no Python needed). What the settings
    share (their data, theme, captions) is in the page once (``share_repeats``).

    >>> one = SiteSetting((0,), {"mark": "point", "title": "</script>"}, "<p>Caption</p>")
    >>> page = settings_html(SiteSettings((("Case", ["IBM"]),), (0,), [one]), "c")
    >>> '<select data-control="0"' in page and 'id="c-caption"' in page
    True
    >>> "</script>" in page.split('type="application/json"')[1].split("</script>")[0]
    False
    """
    used = [
        {setting.values[index] for setting in settings.settings}
        for index in range(len(settings.controls))
    ]
    selects = []
    for index, (name, labels) in enumerate(settings.controls):
        options = "".join(
            f'<option value="{position}">{html.escape(label)}</option>'
            for position, label in enumerate(labels)
            if position in used[index]
        )
        selects.append(
            f'<label class="course-setting">{html.escape(name)} '
            f'<select data-control="{index}">{options}</select></label>'
        )
    pieces, shown = share_repeats(
        [
            {"values": list(setting.values), "spec": setting.spec, "caption": setting.caption}
            for setting in settings.settings
        ]
    )
    payload = {"start": list(settings.start), "pieces": pieces, "settings": shown}
    source = json.dumps(payload).replace("</", "<\\/")
    return (
        f'<div class="course-figure-static" id="{element_id}-figure">'
        '<p class="course-static-note">This explorer runs the course\'s models in Python. On this '
        "page its controls switch between the main settings, computed when the page was built; "
        "open the notebook on Binder or Colab to try any other.</p>"
        f'<div class="course-settings">{"".join(selects)}</div>'
        f'<div class="course-static-chart" id="{element_id}"></div>'
        f'<div class="course-static-caption" id="{element_id}-caption"></div>'
        f'<script type="application/json" id="{element_id}-settings">{source}</script>'
        f'<script>{_SETTINGS_SCRIPT}("{element_id}");</script></div>'
    )


_chart_class = None


def chart_widget(chart: object) -> object:
    """An interactive chart widget (an ``alt.JupyterChart``) that renders offline, shares one
    copy of Vega with every other chart on the page, and updates its data in place.

    Setting ``widget.chart`` shows another chart; setting ``widget.params.<name>`` moves a
    Vega-Lite parameter. (Parameters moved in the browser are not reported back to Python.)

    >>> import altair as alt
    >>> widget = chart_widget(alt.Chart().mark_point())
    >>> isinstance(widget, alt.JupyterChart), len(widget._esm) < 5_000
    (True, True)
    """
    global _chart_class
    import altair as alt

    if _chart_class is None:

        class CourseChart(alt.JupyterChart):
            _esm = _FRONT_END

            def __init__(self, *args: object, **kwargs: object) -> None:
                super().__init__(*args, **kwargs)
                self.on_msg(self.answer_message)

            def answer_message(self, _widget: object, content: object, _buffers: object) -> None:
                """Send the Vega bundle to the front-end that asks for it."""
                if isinstance(content, dict) and content.get("type") == "course-bundle-request":
                    self.send({"type": "course-bundle", "source": vega_bundle()})

        _chart_class = CourseChart
    return _chart_class(chart)


RENDERER = "value_migration_course"


def widget_bundle(widget: Any, text: str) -> dict[str, Any]:
    """The display data that shows a widget, the same on ipywidgets 7 and 8.

    >>> import ipywidgets
    >>> sorted(widget_bundle(ipywidgets.HTML(), "a note"))
    ['application/vnd.jupyter.widget-view+json', 'text/plain']
    """
    view = {"version_major": 2, "version_minor": 0, "model_id": widget.model_id}
    return {"application/vnd.jupyter.widget-view+json": view, "text/plain": text}


def course_renderer(spec: dict[str, Any], **_metadata: Any) -> dict[str, Any]:
    """Altair renderer: a chart left as a cell's value is drawn by the course's chart widget,
    so it works offline and on Colab, and shows exactly the chart the learner built.

    >>> bundle = course_renderer({"mark": "point", "title": "Mine"})
    >>> "application/vnd.jupyter.widget-view+json" in bundle, bundle["text/plain"]
    (True, 'Chart: Mine')
    """
    import altair as alt

    widget = chart_widget(alt.Chart().mark_point())
    widget.spec = spec
    title = spec.get("title", "")
    title = title.get("text", "") if isinstance(title, dict) else title
    bundle = widget_bundle(widget, f"Chart: {title}".strip(": "))
    if building_site():  # the chart, its description (Vega's aria-label) and its data
        bundle["text/html"] = (
            '<div class="course-figure-static">'
            + chart_html(spec, f"course-chart-{widget.model_id[:12]}")
            + table_view_html(spec)
            + "</div>"
        )
    return bundle


def use_course_renderer() -> None:
    """Make Altair show charts through :func:`course_renderer` in this kernel.

    >>> import altair as alt
    >>> use_course_renderer(); alt.renderers.active
    'value_migration_course'
    """
    import altair as alt

    if RENDERER not in alt.renderers.names():
        alt.renderers.register(RENDERER, course_renderer)
    alt.renderers.enable(RENDERER)


_DATASET_NAME = re.compile(r'"(data-[0-9a-f]{32})"')


def stable_dataset_names(spec: dict[str, Any]) -> dict[str, Any]:
    """Rename Altair's datasets (named by a hash of their values) by their order: ``data-0``,
    ``data-1``... Two charts that differ only in their data then differ only in ``datasets``,
    which the front-end updates in place.

    >>> spec = {"data": {"name": "data-" + "a" * 32}, "datasets": {"data-" + "a" * 32: [{"x": 1}]}}
    >>> stable_dataset_names(spec)
    {'data': {'name': 'data-0'}, 'datasets': {'data-0': [{'x': 1}]}}
    """
    names = list(spec.get("datasets", {}))
    if not names or not all(_DATASET_NAME.fullmatch(f'"{name}"') for name in names):
        return spec
    order = {name: f"data-{index}" for index, name in enumerate(names)}
    text = _DATASET_NAME.sub(lambda match: f'"{order.get(match[1], match[1])}"', json.dumps(spec))
    return json.loads(text)


def remember_spec(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """Make ``chart.to_dict()`` (without arguments) compute its spec once, without validation.

    ``alt.JupyterChart`` converts the chart on every assignment; a chart shown again (a slider
    moved back to a setting seen before) then reuses its spec instead of rebuilding it. Schema
    validation is skipped here because it takes most of the conversion time and the course's
    chart builders are validated by their own tests; the browser test catches a chart that
    does not draw. Datasets get stable names (``stable_dataset_names``).

    >>> import altair as alt
    >>> chart = remember_spec(alt.Chart().mark_point())
    >>> chart.to_dict() is chart.to_dict()
    True
    """
    if "to_dict" in vars(chart):
        return chart
    original = chart.to_dict
    remembered: dict[str, dict] = {}

    def to_dict(*args: object, **kwargs: object) -> dict:
        if args or kwargs:
            return original(*args, **kwargs)
        if "spec" not in remembered:
            remembered["spec"] = stable_dataset_names(original(validate=False))
        return remembered["spec"]

    object.__setattr__(chart, "to_dict", to_dict)
    return chart


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A table as JSON-ready rows, as Vega-Lite takes inline data (missing values become null).

    >>> import pandas as pd
    >>> records(pd.DataFrame({"year": [2000, 2001], "value": [1.5, None]}))
    [{'year': 2000, 'value': 1.5}, {'year': 2001, 'value': None}]
    """
    return json.loads(frame.to_json(orient="records", date_format="iso", double_precision=12))


def prepare() -> None:
    """Build (or find) the chart bundle now, so the first chart on a page opens fast.

    >>> prepare()
    >>> any(cache_folder().glob("vega-embed-*.js")) or not os.access(cache_folder().parent, os.W_OK)
    True
    """
    vega_bundle()
