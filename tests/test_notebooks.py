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
from course_lib.data import DataProblem, read_company_csv
from course_lib.exercises import Exercise, MultipleChoice
from course_lib.lessons import COURSE_MAP

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
def test_every_cell_has_a_slide_type_and_code_cells_are_short(path):
    for cell in cells(path):
        assert cell["metadata"]["slideshow"]["slide_type"] in {
            "slide",
            "subslide",
            "fragment",
            "-",
            "skip",
            "notes",
        }
        if cell["cell_type"] == "code":
            assert len(text(cell).splitlines()) <= 8, text(cell)


def lesson_exercises() -> list[tuple[str, Exercise]]:
    found = []
    for lesson in COURSE_MAP:
        name = lesson.notebook.removesuffix(".ipynb")[3:]
        try:
            module = importlib.import_module(f"course_lib.lessons.{name}")
        except ModuleNotFoundError:
            continue
        found += [
            (f"{name}.{attr}", value)
            for attr, value in vars(module).items()
            if isinstance(value, Exercise)
        ]
    return found


@pytest.mark.parametrize(
    ("name", "exercise"), lesson_exercises(), ids=lambda x: x if isinstance(x, str) else ""
)
def test_each_exercise_accepts_its_answer_and_rejects_a_wrong_one(name, exercise):
    if isinstance(exercise, MultipleChoice):
        assert exercise.check(exercise.answer).correct is True
        wrong = next(key for key in exercise.options if key != exercise.answer)
        assert exercise.check(wrong).correct is False
    else:
        assert exercise.check(exercise.answer).correct is True
        assert exercise.check(exercise.answer * 3 + 1000).correct is False
    assert exercise.check(None).correct is None


def test_start_here_claims():
    from course_lib.lessons import start_here

    assert start_here.ibm_peak.answer == 2011  # IBM's revenue peaked at $106.9 billion in 2011
    revenue = start_here.ibm_revenue().set_index("year")["value"]
    assert revenue[2011] == pytest.approx(106.9, abs=0.05)
    with pytest.raises(DataProblem) as broken:
        read_company_csv(start_here.BROKEN_EXAMPLE)
    assert len(broken.value.problems) == 4  # the notebook says the example has four mistakes


def test_start_here_explorer_switches_series_and_sources_in_place():
    from course_lib.lessons import start_here

    shown = start_here.explorer()
    picker = shown.children[0].children[0]
    assert "IBM" in shown.caption.value
    picker.value = "Business jet deliveries, worldwide (aircraft)"
    assert shown.chart.chart.title == "Business jet deliveries, worldwide (aircraft)"
    assert "General Aviation" in shown.caption.value or "GAMA" in shown.caption.value
