"""Every notebook follows the course's shape; claims the lessons make are computed and checked.

Execution itself is checked by nbval (``pytest --nbval-lax notebooks``) and in the browser
by ``tests/browser``; this file checks what a reader of the files would.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest

from course_lib import launch
from course_lib.course_map import COURSE_MAP
from course_lib.exercises import Exercise

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def text(cell: dict) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def test_there_are_notebooks_and_each_is_on_the_course_map():
    assert NOTEBOOKS
    mapped = {lesson.notebook for lesson in COURSE_MAP}
    assert {path.name for path in NOTEBOOKS} <= mapped


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_without_outputs(path):
    for cell in cells(path):
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_has_a_kernel_so_jupyterlab_does_not_ask_for_one(path):
    metadata = json.loads(path.read_text(encoding="utf-8"))["metadata"]
    assert metadata["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_lesson_shape(path):
    every = cells(path)
    top = text(every[0])
    assert top.startswith("# ") and "What you will learn" in top and "Time needed" in top
    code = [cell for cell in every if cell["cell_type"] == "code"]
    assert "setup" in code[0]["metadata"].get("tags", [])
    assert text(code[0]) == launch.setup_cell()
    markdown = " ".join(text(cell) for cell in every if cell["cell_type"] == "markdown")
    assert "## Summary" in markdown and "## Sources" in markdown and "## Exercises" in markdown
    assert sum(".check(" in text(cell) for cell in code) >= 3


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_cell_has_a_slide_type(path):
    for cell in cells(path):
        assert cell["metadata"]["slideshow"]["slide_type"] in {
            "slide",
            "subslide",
            "fragment",
            "-",
            "skip",
            "notes",
        }


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_code_cells_are_readable(path):
    """A learner reads every code cell: short, one statement a line, lines that fit."""
    for cell in cells(path):
        if cell["cell_type"] != "code" or "setup" in cell["metadata"].get("tags", []):
            continue  # the setup line is plumbing, tagged so sites and slides hide it
        lines = text(cell).splitlines()
        assert len(lines) <= 15, f"{len(lines)} lines: split it\n{text(cell)}"
        for line in lines:
            assert len(line) <= 100, f"line too long for a notebook: {line}"
            code = line.split("#")[0]
            assert ";" not in code, f"one statement a line: {line}"
            assert "lambda" not in code, f"name the function, a learner reads it: {line}"


#: Lessons whose model is shown under the hood: the modules each must call openly.
UNDER_THE_HOOD = {
    "01": ("cl.data.", "cl.migration.", "cl.charts."),
    "02": ("cl.data.", "cl.migration.classify", "cl.charts."),
    "03": ("cl.data.", "cl.migration.warning_signals", "cl.charts."),
    "04": ("cl.disruption.crossing_year", "cl.charts."),
    "05": ("cl.diffusion.fit_bass", "cl.diffusion.fit_fisher_pry", "cl.charts."),
    "09": ("cl.learner_csv.", "cl.migration.classify", "cl.report."),
    "06": ("cl.networks.", "cl.charts.network_chart"),
    "07": ("cl.canvas.",),
    "08": ("cl.toolbox.", "cl.charts."),
}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_each_lesson_opens_the_hood(path):
    every = cells(path)
    code = "\n".join(text(cell) for cell in every if cell["cell_type"] == "code")
    markdown = "\n".join(text(cell) for cell in every if cell["cell_type"] == "markdown")
    for call in UNDER_THE_HOOD.get(path.name[:2], ()):
        assert call in code, f"{path.name} never calls {call} in a visible cell"
    if path.name[:2] in UNDER_THE_HOOD:
        assert "Under the hood" in markdown and "$$" in markdown  # a formula beside its code


def lesson_module(path: Path):
    return importlib.import_module(f"course_lib.lessons.{path.stem[3:]}")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_each_lesson_has_two_code_exercises_used_in_its_notebook(path):
    module = lesson_module(path)  # a missing or renamed module fails here: no skipping
    exercises = {name: value for name, value in vars(module).items() if isinstance(value, Exercise)}
    coding = [name for name, exercise in exercises.items() if exercise.asks_for_code]
    assert len(coding) >= 2, f"{path.name}: code-writing exercises {coding}"
    code = "\n".join(text(cell) for cell in cells(path) if cell["cell_type"] == "code")
    for name in exercises:
        assert f".{name}.check(" in code, f"{path.name} never checks {name}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_each_lesson_has_its_own_test_module_that_pins_its_prose(path):
    tests = ROOT / "tests" / f"test_lesson_{path.stem}.py"
    assert tests.is_file(), f"{tests.name} is missing"
    assert "prose.unpinned(" in tests.read_text(encoding="utf-8")


def test_no_lesson_imports_another():
    for module in (ROOT / "course_lib" / "lessons").glob("*.py"):
        if module.stem == "__init__":
            continue  # the package's docstring names lessons; it imports none of them
        source = module.read_text(encoding="utf-8")
        for other in (ROOT / "course_lib" / "lessons").glob("*.py"):
            if other.stem not in {module.stem, "__init__"}:
                assert f"lessons.{other.stem}" not in source and f"from .{other.stem}" not in source


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_time_needed_agrees_with_the_course_map(path):
    import re

    top = text(cells(path)[0])
    minutes = int(re.search(r"Time needed:\*\* about (\d+) minutes", top).group(1))
    mapped = next(lesson for lesson in COURSE_MAP if lesson.notebook == path.name)
    assert minutes == mapped.minutes
