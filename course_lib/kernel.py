"""Preparing a kernel for the course: where it runs, the chart theme, offline charts.

Every notebook's setup cell calls :func:`setup`. Links to open the course live in
``launch``; this module only prepares the running kernel.
"""

from __future__ import annotations

import os
import sys


def environment() -> str:
    """Name the place this kernel runs in: ``"colab"``, ``"binder"``, ``"jupyterhub"`` or ``"local"``.

    Binder is checked before JupyterHub because Binder runs on a JupyterHub.

    >>> import os
    >>> os.environ["BINDER_LAUNCH_HOST"] = "https://mybinder.org/"
    >>> environment()
    'binder'
    >>> del os.environ["BINDER_LAUNCH_HOST"]
    """
    if "google.colab" in sys.modules or "COLAB_RELEASE_TAG" in os.environ:
        return "colab"
    if any(key.startswith("BINDER_") for key in os.environ):
        return "binder"
    if "JUPYTERHUB_API_URL" in os.environ or "JUPYTERHUB_USER" in os.environ:
        return "jupyterhub"
    return "local"


def setup() -> None:
    """Prepare this kernel for the course: widgets on Colab, the chart theme, and charts that
    render without a network connection (a chart left as a cell's value included). Safe to
    call more than once.

    >>> import altair as alt
    >>> setup()
    >>> alt.theme.active
    'value_migration_course'
    """
    if environment() == "colab":  # pragma: no cover - only on Colab
        from google.colab import output  # type: ignore[import-not-found]

        output.enable_custom_widget_manager()
    from . import charts, render

    charts.use_course_theme()
    render.use_course_renderer()
    render.prepare()
