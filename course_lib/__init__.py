"""The learner's toolkit for the value migration course: data, models, charts, widgets, checks.

``import course_lib as cl`` is cheap: each module is imported the first time a notebook
uses it, so ``cl.diffusion.bass_curve(...)`` works in a fresh kernel without anything else
imported first, and a lesson that never draws a chart never pays for Altair.

>>> import course_lib as cl
>>> cl.diffusion.bass_peak_time(p=0.03, q=0.38) > 0
True
>>> sorted(set(MODULES) - set(dir(cl)))
[]
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

#: Every module a learner can reach as ``cl.<name>``, with what it holds.
MODULES = {
    "data": "the course's cases: load a case, one metric by year, sources and citations",
    "datapackage": "finding the data package and checking its files against their schemas",
    "learner_csv": "reading a learner's own CSV of company figures, with a clear list of problems",
    "numbers": "reading a number a person typed",
    "problems": "the problems a learner can cause (bad data, impossible settings)",
    "migration": "value ratio, phases with reasons, early-warning signals",
    "disruption": "performance trajectories and the crossing year",
    "diffusion": "Bass, Rogers and Fisher-Pry: curves and fits",
    "networks": "value networks: build from flows, remove or add a partner, what breaks",
    "toolbox": "the innovation toolbox as small models: types, growth matrix, funnel, overlaps",
    "canvas": "business model and partnership canvases: checked, exported, compared, partner fit",
    "canvas_widget": "the canvas board to fill in, check, export and load",
    "charts": "the chart theme and chart builders",
    "render": "how charts reach the browser: offline, updated in place",
    "widgets": "controls joined to a model and a chart",
    "exercises": "checks that answer back",
    "report": "a report to hand in: HTML that draws offline, and Markdown with images",
    "course_map": "the list of lessons",
    "kernel": "preparing a kernel for the course (setup)",
    "launch": "links to open the course on Binder, Colab and a JupyterHub",
    "static_site": "the read-only web site of the executed lessons",
    "lessons": "each lesson's explorers and exercises",
}
_SHORTCUTS = {"setup": "kernel", "environment": "kernel"}

__all__ = [*MODULES, *_SHORTCUTS]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and editors only
    from . import (
        canvas,
        canvas_widget,
        charts,
        course_map,
        data,
        datapackage,
        diffusion,
        disruption,
        exercises,
        kernel,
        launch,
        learner_csv,
        lessons,
        migration,
        networks,
        numbers,
        problems,
        render,
        report,
        static_site,
        toolbox,
        widgets,
    )
    from .kernel import environment, setup


def __getattr__(name: str) -> Any:
    if name in MODULES:
        return importlib.import_module(f"{__name__}.{name}")
    if name in _SHORTCUTS:
        module = importlib.import_module(f"{__name__}.{_SHORTCUTS[name]}")
        return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(MODULES) | set(_SHORTCUTS))
