"""Grading with otter-grader: submissions get the points of the exercises they solved.

The quick tests give the grader notebooks it cannot run (unreadable, or of no lesson). The
tests marked ``notebooks`` (``make notebooks``) run kernels: the time limit a grading run puts
on each cell, and lesson 0's assignment built with ``otter assign`` and graded with ``otter
run``: a solved copy of the student notebook (full marks), a partly solved copy with a failing
cell (the points of the exercises solved, the failing cell named) and an unreadable file (a
row that says so).
"""

from __future__ import annotations

import copy
import csv
from pathlib import Path

import nbformat
import pytest

from devtools import assignment, grade, solutions
from devtools.exercise_cells import NOTEBOOKS

START_HERE = NOTEBOOKS / "00_start_here.ipynb"
# Lesson 0's exercises that ask for code, in order (the others ask for a letter).
CODE_EXERCISES = ["netflix_growth", "slowest_growth", "ibm_csv"]


def _write(notebook, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, path)
    return path


def _by_learner(rows) -> dict[str, list]:
    found: dict[str, list] = {}
    for row in rows:
        found.setdefault(row["learner"], []).append(row)
    return found


def test_a_notebook_that_cannot_be_read_or_has_no_lesson_gets_a_row_that_says_so(tmp_path):
    (tmp_path / "in" / "dana").mkdir(parents=True)
    (tmp_path / "in" / "dana" / START_HERE.name).write_text("{not json")
    _write(
        nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")]),
        tmp_path / "in" / "eve.ipynb",
    )
    rows = grade.grade(tmp_path / "in", assignments=tmp_path / "assignments", jobs=1)
    dana = [row for row in rows if row.learner == "dana"]
    assert [row.exercise for row in dana] == [*CODE_EXERCISES, "TOTAL"]
    assert {row.result for row in dana[:-1]} == {grade.NOT_GRADED}
    assert (dana[-1].points, dana[-1].out_of) == (0, 3)
    assert "could not read the notebook" in dana[-1].feedback
    (eve,) = [row for row in rows if row.learner == "eve"]
    assert eve.out_of == 0 and "no course lesson found" in eve.feedback
    assert not (tmp_path / "assignments").exists()  # nothing to grade, nothing built


def test_the_command_writes_the_csv_and_a_line_per_notebook(tmp_path, capsys):
    _write(nbformat.v4.new_notebook(), tmp_path / "in" / "frank.ipynb")
    out = tmp_path / "out" / "g.csv"
    assert grade.main([str(tmp_path / "in"), "--out", str(out)]) == 0
    with out.open() as file:
        (row,) = list(csv.DictReader(file))
    assert list(row) == grade.FIELDS and row["learner"] == "frank" and row["exercise"] == "TOTAL"
    assert "1 notebooks graded" in capsys.readouterr().out


def test_failed_cells_are_numbered_as_in_the_learners_notebook():
    cell = nbformat.v4.new_code_cell
    submitted = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_markdown_cell("# Title"), cell("x = 1"), cell("1 / 0")]
    )
    executed = copy.deepcopy(submitted)
    executed.cells.insert(0, cell("from otter import Notebook"))  # what otter puts in
    executed.cells[-1].outputs = [
        nbformat.v4.new_output("error", ename="ZeroDivisionError", evalue="division by zero")
    ]
    assert grade.cell_problems(executed, submitted) == [
        "cell 3 (1 / 0): ZeroDivisionError: division by zero"
    ]


@pytest.mark.notebooks
def test_the_time_limit_stops_a_long_cell_and_the_run_goes_on(tmp_path):
    from nbclient import NotebookClient

    cell = nbformat.v4.new_code_cell
    notebook = nbformat.v4.new_notebook(
        cells=[
            cell(grade.TIME_LIMIT_CELL.format(seconds=1)),
            cell("import time\ntime.sleep(60)"),
            cell("print('next')"),
        ]
    )
    NotebookClient(notebook, timeout=30, kernel_name="python3", allow_errors=True).execute()
    (error,) = notebook.cells[1].outputs
    assert (error.ename, error.evalue) == ("TimeoutError", "ran past the time limit of 1 s")
    assert notebook.cells[2].outputs[0].text == "next\n"


@pytest.mark.notebooks
def test_otter_gives_a_solved_copy_full_marks_and_a_partly_solved_one_its_solved_points(
    tmp_path,
):
    built = assignment.build_one(START_HERE, tmp_path / "assignments", run_tests=False)
    student = nbformat.read(built.student, as_version=4)
    written = solutions.read_solutions(solutions.solutions_file(START_HERE).read_text())
    answer_cells = {
        name: index
        for index, cell in enumerate(student.cells)
        for name in CODE_EXERCISES
        if f"\nlesson.{name}.check(" in cell.source
    }
    assert list(answer_cells) == CODE_EXERCISES

    solved = copy.deepcopy(student)
    for name, index in answer_cells.items():
        solved.cells[index].source = written[name]
    _write(solved, tmp_path / "in" / "alice" / START_HERE.name)
    partly = copy.deepcopy(student)  # slowest_growth left as handed out
    for name in ("netflix_growth", "ibm_csv"):
        partly.cells[answer_cells[name]].source = written[name]
    partly.cells.insert(answer_cells["ibm_csv"], nbformat.v4.new_code_cell("1 / 0"))
    _write(partly, tmp_path / "in" / f"bob_{START_HERE.name}")
    (tmp_path / "in" / "carol").mkdir()
    (tmp_path / "in" / "carol" / START_HERE.name).write_text('{"cells": [')

    out = tmp_path / "grades.csv"
    arguments = ["--assignments", str(tmp_path / "assignments"), "--out", str(out)]
    assert grade.main([str(tmp_path / "in"), *arguments]) == 0
    with out.open() as file:
        by_learner = _by_learner(csv.DictReader(file))
    assert sorted(by_learner) == ["alice", "bob", "carol"]
    for learner, rows in by_learner.items():
        assert [row["exercise"] for row in rows] == [*CODE_EXERCISES, "TOTAL"], learner
        assert {row["lesson"] for row in rows} == {"start_here"}

    alice, bob, carol = (by_learner[name] for name in ("alice", "bob", "carol"))
    assert [(row["result"], row["points"], row["out_of"]) for row in alice] == [
        ("correct", "1", "1"),
        ("correct", "1", "1"),
        ("correct", "1", "1"),
        ("3 of 3 correct", "3", "3"),
    ]
    assert alice[-1]["feedback"] == ""
    assert [(row["result"], row["points"]) for row in bob] == [
        ("correct", "1"),
        ("not answered", "0"),
        ("correct", "1"),
        ("2 of 3 correct", "2"),
    ]
    assert bob[1]["feedback"].startswith("Not answered yet. Replace None with your answer")
    bob_cell = answer_cells["ibm_csv"] + 1
    assert bob[-1]["feedback"] == f"cell {bob_cell} (1 / 0): ZeroDivisionError: division by zero"
    assert [(row["points"], row["out_of"]) for row in carol][-1] == ("0", "3")
    assert carol[-1]["feedback"].startswith("could not read the notebook")
