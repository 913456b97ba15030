"""Grading: every check reports when COURSE_GRADING=1, and submissions get the marks they earned.

The test marked ``notebooks`` grades three submissions of lesson 2 in fresh kernels (``make
notebooks``): one with the solutions filled in (full marks), one untouched (nothing answered)
and one solved but with a failing cell, a cell past the time limit, a changed answer and a
kernel that dies at the end (partial marks, each problem named).
"""

from __future__ import annotations

import csv
import importlib
import json
from pathlib import Path

import nbformat
import pytest

from course_lib import exercises
from devtools import grade, solutions
from devtools.exercise_cells import NOTEBOOKS, learner_cells

LESSON_MODULES = sorted(
    path.stem
    for path in (Path(exercises.__file__).parent / "lessons").glob("*.py")
    if not path.stem.startswith("_")
)
PHASES = NOTEBOOKS / "02_phases_of_value_migration.ipynb"


@pytest.mark.parametrize("lesson", LESSON_MODULES)
def test_every_kind_of_exercise_reports_its_check_when_grading_and_only_then(lesson, monkeypatch):
    module = importlib.import_module(f"course_lib.lessons.{lesson}")
    found = [value for value in vars(module).values() if isinstance(value, exercises.Exercise)]
    monkeypatch.setattr(exercises, "RESULTS", [])
    monkeypatch.delenv("COURSE_GRADING", raising=False)
    for exercise in found:
        exercise.check(None)
    assert exercises.RESULTS == []
    monkeypatch.setenv("COURSE_GRADING", "1")
    for exercise in found:
        feedback = exercise.check(None)
        assert exercises.RESULTS[-1] == (exercise, feedback), type(exercise).__name__
    assert len(exercises.RESULTS) == len(found)


def test_a_check_inside_a_check_is_recorded_once(monkeypatch):
    inner = exercises.Numeric("1 + 1?", answer=2)

    class Outer(exercises.Numeric):
        def check(self, answer):
            return inner.check(answer)

    monkeypatch.setattr(exercises, "RESULTS", [])
    monkeypatch.setenv("COURSE_GRADING", "1")
    outer = Outer("Same?", answer=2)
    outer.check(2)
    assert [exercise for exercise, _ in exercises.RESULTS] == [outer]


def test_the_collection_code_reads_results_in_a_namespace_a_learner_has_changed(monkeypatch):
    monkeypatch.setattr(exercises, "RESULTS", [])
    monkeypatch.setenv("COURSE_GRADING", "1")
    lesson = importlib.import_module("course_lib.lessons.start_here")
    lesson.gaps.check("b")
    lesson.gaps.check("a")
    lesson.slider_kind.check(None)
    namespace = {"list": None, "print": None, "json": None, "sys": None}
    printed = []
    monkeypatch.setattr("sys.stdout.write", printed.append)
    exec(grade.COLLECT, namespace)
    found = grade.read_results("".join(printed))
    assert found["gaps"][0] is True and found["slider_kind"][0] is None
    assert set(namespace) == {"list", "print", "json", "sys", "__builtins__"}


def _write(notebook, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, path)
    return path


def test_a_notebook_that_cannot_be_read_or_has_no_lesson_gets_a_row_that_says_so(tmp_path):
    (tmp_path / "dana").mkdir()
    (tmp_path / "dana" / "02_phases_of_value_migration.ipynb").write_text("{not json")
    _write(
        nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")]), tmp_path / "eve.ipynb"
    )
    rows = grade.grade(tmp_path, jobs=1)
    dana = [row for row in rows if row.learner == "dana"]
    assert [row.exercise for row in dana[:-1]] == list(learner_cells(nbformat.read(PHASES, 4)))
    assert {row.result for row in dana[:-1]} == {grade.NOT_ANSWERED}
    assert dana[-1].exercise == "TOTAL" and dana[-1].points == 0
    assert "could not read the notebook" in dana[-1].feedback
    (eve,) = [row for row in rows if row.learner == "eve"]
    assert eve.out_of == 0 and "no course lesson found" in eve.feedback


def test_the_command_writes_the_csv_and_a_line_per_notebook(tmp_path, capsys):
    _write(nbformat.v4.new_notebook(), tmp_path / "in" / "frank.ipynb")
    assert grade.main([str(tmp_path / "in"), "--out", str(tmp_path / "out" / "g.csv")]) == 0
    with (tmp_path / "out" / "g.csv").open() as file:
        (row,) = list(csv.DictReader(file))
    assert list(row) == grade.FIELDS and row["learner"] == "frank" and row["exercise"] == "TOTAL"
    assert "1 notebooks graded" in capsys.readouterr().out


def _cell(source: str):
    return nbformat.v4.new_code_cell(source)


@pytest.mark.notebooks
def test_solved_untouched_and_broken_submissions_get_full_none_and_partial_marks(tmp_path):
    solved = solutions.solve(PHASES).notebook
    cells = learner_cells(nbformat.read(PHASES, 4))
    _write(solved, tmp_path / "alice" / PHASES.name)
    _write(nbformat.read(PHASES, 4), tmp_path / f"bob_{PHASES.name}")
    broken = solutions.solve(PHASES).notebook
    first = min(cells.values())
    after_adjusting = cells["adjusting"] + 1
    broken.cells.insert(after_adjusting, _cell('lesson.adjusting.check("a")  # a second try'))
    broken.cells.insert(after_adjusting + 1, _cell("import os\nos._exit(1)  # the kernel dies"))
    broken.cells.insert(first, _cell("import time\ntime.sleep(600)"))
    broken.cells.insert(first, _cell("1 / 0"))
    _write(broken, tmp_path / "carol" / "my copy.ipynb")
    (tmp_path / "carol" / ".ipynb_checkpoints").mkdir()
    _write(broken, tmp_path / "carol" / ".ipynb_checkpoints" / "my copy-checkpoint.ipynb")

    out = tmp_path / "grades.csv"
    assert grade.main([str(tmp_path), "--out", str(out), "--timeout", "30"]) == 0
    with out.open() as file:
        rows = list(csv.DictReader(file))
    by_learner = {}
    for row in rows:
        by_learner.setdefault(row["learner"], []).append(row)
    assert sorted(by_learner) == ["alice", "bob", "carol"]
    for learner, marked in by_learner.items():
        assert [row["exercise"] for row in marked] == [*cells, "TOTAL"], learner
        assert {row["lesson"] for row in marked} == {"phases_of_value_migration"}

    alice, bob, carol = (by_learner[name] for name in ("alice", "bob", "carol"))
    assert {row["result"] for row in alice[:-1]} == {grade.CORRECT}
    assert (alice[-1]["points"], alice[-1]["out_of"], alice[-1]["feedback"]) == ("6", "6", "")
    assert {row["result"] for row in bob[:-1]} == {grade.NOT_ANSWERED}
    assert bob[-1]["points"] == "0"

    results = {row["exercise"]: row["result"] for row in carol[:-1]}
    assert results.pop("adjusting") == grade.INCORRECT  # the last check counts
    assert set(results.values()) == {grade.CORRECT}
    assert (carol[-1]["points"], carol[-1]["out_of"]) == ("5", "6")
    problems = carol[-1]["feedback"]
    assert "ZeroDivisionError" in problems and "time limit of 30 s" in problems
    assert "the kernel died" in problems
    kinds = {row["exercise"]: row["kind"] for row in alice}
    assert kinds["phase"] == "code" and kinds["adjusting"] == "question"
    json.dumps(rows)  # plain text, nothing else
