"""Every exercise of every lesson has a solution, kept outside the learners' notebooks, that works.

The quick tests read the files: each lesson's learner cells (``devtools.exercise_cells``) against
its solutions file (``instructors/solutions/NN_<lesson>.py``). The tests marked ``notebooks``
run each solutions notebook in a fresh kernel (``make notebooks``) and require every check to
say "Correct".
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from devtools import solutions
from devtools.exercise_cells import NOTEBOOKS, learner_cells, lesson_exercises, lesson_name

LESSONS = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def _read(path: Path):
    return nbformat.read(path, as_version=4)


def _solutions(path: Path) -> dict[str, str]:
    file = solutions.solutions_file(path)
    assert file.exists(), f"{file.relative_to(solutions.ROOT)} is missing"
    return solutions.read_solutions(file.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", LESSONS, ids=lambda path: path.stem)
def test_every_exercise_of_the_lesson_has_a_learner_cell_and_a_solution(path):
    notebook = _read(path)
    lesson = lesson_name(notebook)
    cells = learner_cells(notebook)
    assert lesson and cells, "a lesson uses cl.lessons.<lesson> and has exercises"
    assert set(cells) <= set(lesson_exercises(lesson)), "each learner cell checks an exercise"
    written = _solutions(path)
    assert [name for name in cells if name not in written] == []
    assert [name for name in written if name not in cells] == [], "a solution for no exercise"


@pytest.mark.parametrize("path", LESSONS, ids=lambda path: path.stem)
def test_each_solution_is_python_that_fills_in_the_template_and_ends_in_its_own_check(path):
    notebook = _read(path)
    for name, code in _solutions(path).items():
        compile(code, f"{path.stem}: {name}", "exec")
        assert f".{name}.check(" in code, f"{name}: the solution must call its own check"
        template = notebook.cells[learner_cells(notebook)[name]].source.splitlines()
        placeholders = [line.strip() for line in template if "None" in line]
        left = [line for line in placeholders if line in map(str.strip, code.splitlines())]
        assert left == [], f"{name}: the template's placeholder is still there"


def test_the_solutions_stay_out_of_the_learners_notebooks():
    for path in LESSONS:
        notebook = _read(path)
        for name, index in learner_cells(notebook).items():
            assert "solution" not in notebook.cells[index].metadata.get("tags", [])
            assert notebook.cells[index].source != _solutions(path).get(name)


def test_read_solutions_keeps_each_cell_whole():
    text = (
        '"""Doc."""\n# ruff: noqa: F821\n\n# %% phase\ndef phase(ratio):\n    return "inflow"\n\n\n'
        "lesson.phase.check(phase)\n\n# %% gaps\nanswer = 'a'\nlesson.gaps.check(answer)\n"
    )
    assert solutions.read_solutions(text) == {
        "phase": 'def phase(ratio):\n    return "inflow"\n\n\nlesson.phase.check(phase)',
        "gaps": "answer = 'a'\nlesson.gaps.check(answer)",
    }


def test_solve_replaces_only_the_learner_cells_and_tags_them():
    path = NOTEBOOKS / "00_start_here.ipynb"
    original = _read(path)
    solved = solutions.solve(path, {"gaps": "answer = 'a'\nlesson.gaps.check(answer)"})
    cells = learner_cells(original)
    assert solved.solved == ["gaps"] and set(solved.missing) == set(cells) - {"gaps"}
    for index, (before, after) in enumerate(
        zip(original.cells, solved.notebook.cells, strict=True)
    ):
        if index == cells["gaps"]:
            assert after.source.startswith("answer = 'a'") and "solution" in after.metadata.tags
        else:
            assert after == before


def test_the_command_writes_a_solutions_notebook_per_lesson(tmp_path, capsys):
    status = solutions.main([str(NOTEBOOKS), str(tmp_path), "--jobs", "1"])
    written = sorted(path.name for path in tmp_path.glob("*.ipynb"))
    assert written == [path.name for path in LESSONS]
    report = capsys.readouterr().out
    assert "00_start_here.ipynb: 5 exercises solved" in report
    assert status == (1 if "no solution yet" in report else 0)


@pytest.mark.notebooks
@pytest.mark.parametrize("path", LESSONS, ids=lambda path: path.stem)
def test_every_solution_runs_and_its_check_says_correct(path):
    solved = solutions.execute(solutions.solve(path), timeout=180)
    assert solved.problems == [], "a cell of the solutions notebook failed"
    assert solved.missing == [] and solved.correct == solved.solved
    for index in learner_cells(_read(path)).values():
        cell = solved.notebook.cells[index]
        shown = [output.get("data", {}).get("text/plain", "") for output in cell.outputs]
        assert any(text.startswith("Correct") for text in shown), (cell.source, shown)
