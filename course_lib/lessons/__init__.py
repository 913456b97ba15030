"""Each lesson's own parts: its explorers (a chart with controls) and its exercises.

Everything general (data, models, charts, widgets, checks) lives in the modules named for it;
a lesson module holds only what is particular to one notebook, and no lesson imports another.
``cl.lessons.value_migration`` imports a lesson's module the first time a notebook asks.
"""

from __future__ import annotations


def __getattr__(name: str) -> object:
    """Import a lesson's module the first time a notebook asks for it (``cl.lessons.start_here``)."""
    import importlib

    try:
        return importlib.import_module(f"{__name__}.{name}")
    except ModuleNotFoundError as error:
        if error.name != f"{__name__}.{name}":
            raise
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from error
