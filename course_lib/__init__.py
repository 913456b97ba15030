"""Helpers for the value migration course: data, models, charts, widgets and exercises.

Importing the package is cheap; each part is imported the first time it is used, so
``import course_lib as cl`` does not pay for Altair or pandas until a lesson needs them.

>>> import course_lib as cl
>>> cl.environment() in {"colab", "binder", "jupyterhub", "local"}
True
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__all__ = [
    "charts",
    "data",
    "environment",
    "exercises",
    "launch",
    "setup",
    "widgets",
]

_SUBMODULES = {"charts", "data", "exercises", "launch", "lessons", "widgets"}
_SHORTCUTS = {"setup": "launch", "environment": "launch"}

if TYPE_CHECKING:  # pragma: no cover - for type checkers and editors only
    from . import charts, data, exercises, launch, widgets
    from .launch import environment, setup


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    if name in _SHORTCUTS:
        module = importlib.import_module(f"{__name__}.{_SHORTCUTS[name]}")
        return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | _SUBMODULES | set(_SHORTCUTS))
