"""Where each exercise sits in a lesson notebook: the question cell, then the learner's cell.

A lesson shows an exercise in one code cell (``lesson.netflix_growth``: the question) and gives
the learner the next code cell to fill (``growth_2011 = None``, ``def phase(...): return None``),
which ends with ``lesson.netflix_growth.check(...)``. That second cell is the exercise's
*learner cell*: the solutions replace it, and the grader marks the exercise. A check with no
question cell before it (lesson 0's worked example) is part of the lesson, not an exercise to
answer.

>>> import nbformat
>>> notebook = nbformat.v4.new_notebook(cells=[
...     nbformat.v4.new_code_cell("lesson = cl.lessons.start_here"),
...     nbformat.v4.new_code_cell("lesson.worked_example.check(growth)"),
...     nbformat.v4.new_code_cell("lesson.gaps"),
...     nbformat.v4.new_markdown_cell("Think first."),
...     nbformat.v4.new_code_cell("answer = None  # a letter\\nlesson.gaps.check(answer)"),
... ])
>>> lesson_name(notebook), learner_cells(notebook)
('start_here', {'gaps': 4})
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"

_LESSON = re.compile(r"\bcl\.lessons\.(\w+)")
_QUESTION = re.compile(r"^\s*\w+\.(\w+)\s*$")
_CHECK = re.compile(r"\b\w+\.(\w+)\.check\(")
_NOTEBOOK_STEM = re.compile(r"(\d\d)_(\w+?)$")


def lesson_name(notebook: Any) -> str | None:
    """The lesson module a notebook uses (``cl.lessons.<name>``), or None if it uses none."""
    for cell in notebook.cells:
        if cell.cell_type == "code":
            found = _LESSON.search(cell.source)
            if found:
                return found.group(1)
    return None


def learner_cells(notebook: Any) -> dict[str, int]:
    """Each exercise's learner cell, by exercise name, in the notebook's order (cell indices)."""
    code = [(index, cell) for index, cell in enumerate(notebook.cells) if cell.cell_type == "code"]
    found: dict[str, int] = {}
    for (_, cell), (index, following) in zip(code, code[1:], strict=False):
        lines = cell.source.strip().splitlines()
        question = _QUESTION.match(lines[-1]) if lines else None
        if question and question.group(1) in _CHECK.findall(following.source):
            found.setdefault(question.group(1), index)
    return found


def course_notebook(lesson: str, folder: Path = NOTEBOOKS) -> Path | None:
    """The course's own notebook for a lesson module, ``NN_<lesson>.ipynb``, if there is one.

    >>> course_notebook("start_here").name
    '00_start_here.ipynb'
    """
    found = sorted(folder.glob(f"[0-9][0-9]_{lesson}.ipynb"))
    return found[0] if found else None


def lesson_from_file_name(path: Path) -> str | None:
    """The lesson a file is named for (``alice_02_phases_of_value_migration.ipynb``), if any.

    >>> lesson_from_file_name(Path("alice_02_phases_of_value_migration.ipynb"))
    'phases_of_value_migration'
    >>> lesson_from_file_name(Path("homework.ipynb")) is None
    True
    """
    for notebook in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")):
        if path.stem.endswith(notebook.stem):
            return _NOTEBOOK_STEM.search(notebook.stem).group(2)
    return None


def lesson_exercises(lesson: str) -> dict[str, Any]:
    """The exercise objects a lesson module defines, by name.

    >>> sorted(lesson_exercises("start_here"))[:3]
    ['gaps', 'ibm_csv', 'netflix_growth']
    """
    from course_lib.exercises import Exercise

    module = importlib.import_module(f"course_lib.lessons.{lesson}")
    return {name: value for name, value in vars(module).items() if isinstance(value, Exercise)}
