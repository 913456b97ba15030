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
