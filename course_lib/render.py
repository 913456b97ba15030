"""How charts reach the learner's browser without a network connection.

Altair's interactive chart widget (``alt.JupyterChart``) normally loads Vega from a CDN,
which fails offline ("Error loading script"). Altair can instead bundle Vega's JavaScript
with ``vl-convert``; building that bundle takes a second or two, so the bundle is kept in a
cache folder keyed by the Altair and vl-convert versions and reused by later kernels.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path


def cache_folder() -> Path:
    """The folder where the course keeps files it can rebuild (the chart bundle).

    >>> cache_folder().name
    'value-migration-course'
    """
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "value-migration-course"


def _bundle_path() -> Path:
    import altair as alt
    import vl_convert

    key = f"altair-{alt.__version__}-vl-convert-{vl_convert.__version__}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:12]
    return cache_folder() / f"jupyterchart-{digest}.js"


def enable_offline_charts() -> None:
    """Make every ``alt.JupyterChart`` load its JavaScript from the kernel, not from a CDN.

    >>> enable_offline_charts()
    >>> import altair as alt
    >>> len(alt.JupyterChart._esm) > 100_000
    True
    """
    import altair as alt

    chart_class = alt.JupyterChart
    if getattr(chart_class, "_is_offline", False):
        return
    path = _bundle_path()
    try:
        bundle = path.read_text(encoding="utf-8")
    except OSError:
        bundle = ""
    if bundle and hasattr(chart_class, "_is_offline"):
        chart_class._esm = bundle
        chart_class._is_offline = True
        return
    chart_class.enable_offline()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(chart_class._esm, encoding="utf-8")
        temporary.replace(path)
    except OSError:  # a read-only home folder: no cache, the bundle is rebuilt next time
        pass


# A chart widget whose module is a few lines: the first chart on a page asks the kernel for
# the Vega bundle once (a message, not widget state) and every chart on the page shares it.
# Without this, each chart would carry its own 0.9 MB copy of Vega in the saved notebook.
_LOADER = """
function loadBundle(model) {
  if (!globalThis.__valueMigrationCourseVega) {
    globalThis.__valueMigrationCourseVega = new Promise((resolve, reject) => {
      const listener = (message) => {
        if (!message || message.type !== "course-bundle") return;
        model.off("msg:custom", listener);
        const url = URL.createObjectURL(new Blob([message.source], { type: "text/javascript" }));
        import(url).then(resolve, reject);
      };
      model.on("msg:custom", listener);
      model.send({ type: "course-bundle-request" });
    });
  }
  return globalThis.__valueMigrationCourseVega;
}

export default {
  async render(context) {
    const bundle = await loadBundle(context.model);
    const widget = bundle.default && bundle.default.render ? bundle.default : bundle;
    return widget.render(context);
  },
};
"""

_chart_class = None


def chart_widget(chart: object) -> object:
    """An interactive chart widget (``alt.JupyterChart``) that renders offline and shares
    one copy of Vega's JavaScript with every other chart on the page.

    >>> import altair as alt
    >>> widget = chart_widget(alt.Chart().mark_point())
    >>> isinstance(widget, alt.JupyterChart), len(widget._esm) < 2_000
    (True, True)
    """
    global _chart_class
    import altair as alt

    enable_offline_charts()
    if _chart_class is None:

        class CourseChart(alt.JupyterChart):
            _esm = _LOADER

            def __init__(self, *args: object, **kwargs: object) -> None:
                super().__init__(*args, **kwargs)
                self.on_msg(self._send_bundle)

            def _send_bundle(self, _widget: object, content: object, _buffers: object) -> None:
                if isinstance(content, dict) and content.get("type") == "course-bundle-request":
                    self.send({"type": "course-bundle", "source": alt.JupyterChart._esm})

        _chart_class = CourseChart
    return _chart_class(chart)


def remember_spec(chart: object) -> object:
    """Make ``chart.to_dict()`` (without arguments) compute its spec once, without validation.

    ``alt.JupyterChart`` converts the chart on every assignment; a chart shown again (a slider
    moved back to a setting seen before) then reuses its spec instead of rebuilding it. Schema
    validation is skipped here because it takes most of the conversion time and the course's
    chart builders are validated by their own tests; the browser test catches a chart that
    does not draw.

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
            remembered["spec"] = original(validate=False)
        return remembered["spec"]

    object.__setattr__(chart, "to_dict", to_dict)
    return chart
