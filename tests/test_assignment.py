"""Each lesson's code exercises as an otter-grader assignment (``devtools/assignment.py``).

The master notebooks are read cell by cell against otter-assign's v1 format; lesson 0's
assignment is built with ``otter assign`` (without grading it: ``tests/test_grade.py`` grades
it in ``make notebooks``) and its student notebook must be the lesson, without solutions.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import nbformat
import pytest
import yaml

import course_lib as cl
from devtools import assignment, solutions
from devtools.exercise_cells import NOTEBOOKS, learner_cells, lesson_exercises, lesson_name

LESSONS = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
START_HERE = NOTEBOOKS / "00_start_here.ipynb"
BOUNDARY = re.compile(r"#\s+(BEGIN|END)\s+(QUESTION|SOLUTION|TESTS|PROMPT)\b", re.IGNORECASE)


def _code_exercises(path: Path) -> list[str]:
    """The exercises of a lesson whose objects say they ask for code, in the notebook's order."""
    notebook = nbformat.read(path, as_version=4)
    objects = lesson_exercises(lesson_name(notebook))
    return [name for name in learner_cells(notebook) if objects[name].asks_for_code]


def _blocks(master) -> tuple[dict, dict[str, list]]:
    """The config, and each question's cells (boundaries marked), read from a master notebook."""
    first, *cells = master.cells
    assert first.cell_type == "raw" and first.source.startswith("# ASSIGNMENT CONFIG")
    config = yaml.safe_load(first.source)
    questions, current = {}, None
    for cell in cells:
        marker = BOUNDARY.match(cell.source) if cell.cell_type == "raw" else None
        if marker and marker.group(2) == "QUESTION" and marker.group(1) == "BEGIN":
            settings = yaml.safe_load(cell.source)
            current = settings["name"]
            questions[current] = [("config", settings)]
        elif marker and marker.group(2) == "QUESTION":
            current = None
        elif current is not None:
            questions[current].append((marker.group(0) if marker else cell.cell_type, cell))
    return config, questions


@pytest.mark.parametrize("path", LESSONS, ids=lambda path: path.stem)
def test_every_code_exercise_is_a_question_with_its_solution_and_a_test_of_its_check(path):
    lesson = nbformat.read(path, as_version=4)
    written = solutions.read_solutions(solutions.solutions_file(path).read_text(encoding="utf-8"))
    master = assignment.master_notebook(path)
    config, questions = _blocks(master)

    assert config["init_cell"] is False and config["export_cell"] is False
    assert config["tests"] == {"files": False, "ok_format": False} and config["generate"] is True
    expected = _code_exercises(path)
    assert list(questions) == expected and len(expected) >= 2
    for name, cells in questions.items():
        (_, settings), show, *rest = cells
        assert settings == {"name": name, "points": 1, "check_cell": False}
        assert (show[0], show[1].source.strip().splitlines()[-1]) == ("code", f"lesson.{name}")
        kinds = [kind for kind, _ in rest]
        assert kinds[-6:] == [
            "# BEGIN SOLUTION",
            "code",
            "# END SOLUTION",
            "# BEGIN TESTS",
            "code",
            "# END TESTS",
        ], name
        answer, test = rest[-5][1].source, rest[-2][1].source
        prompt = lesson.cells[learner_cells(lesson)[name]].source
        assert f"# BEGIN PROMPT\n{prompt}\n" in answer
        assert f"# BEGIN SOLUTION NO PROMPT\n{written[name]}\n# END SOLUTION" in answer
        assert f".{name}.check(" in test and "assert feedback.correct, str(feedback)" in test
    assert _as_lesson(master) == [cell.source for cell in lesson.cells]


def _as_lesson(master) -> list[str]:
    """The master notebook read back as the learner's lesson: prompts in, markers and tests out."""
    sources, block = [], None
    for cell in master.cells[1:]:
        marker = BOUNDARY.match(cell.source) if cell.cell_type == "raw" else None
        if marker:
            block = marker.group(2) if marker.group(1).upper() == "BEGIN" else None
        elif block == "SOLUTION":
            found = re.search(r'""" # BEGIN PROMPT\n(.*)\n""" # END PROMPT', cell.source, re.S)
            sources.append(found.group(1))
        elif block != "TESTS":
            sources.append(cell.source)
    return sources


def _test_function(path: Path, name: str):
    _, questions = _blocks(assignment.master_notebook(path))
    test_cell = questions[name][-2][1].source
    namespace: dict = {}
    exec(test_cell.split("\n\ntest_")[0], namespace)
    return namespace[f"test_{name}"]


def test_the_test_runs_the_course_check_and_fails_with_its_feedback():
    test = _test_function(START_HERE, "netflix_growth")
    lesson = cl.lessons.start_here
    with pytest.raises(AssertionError) as failed:
        test(None)
    assert str(failed.value) == str(lesson.netflix_growth.check(None))
    assert str(failed.value).startswith("Not answered yet.")
    with pytest.raises(AssertionError, match=r"^Not quite\."):
        test(0.48)
    namespace = {"cl": cl, "lesson": lesson}
    exec(
        solutions.read_solutions(solutions.solutions_file(START_HERE).read_text())[
            "netflix_growth"
        ],
        namespace,
    )
    test(namespace["growth_2011"])  # the solution passes


def test_a_lesson_without_a_solution_for_a_code_exercise_is_refused():
    with pytest.raises(assignment.AssignmentError, match="no solution for netflix_growth"):
        assignment.master_notebook(START_HERE, {"slowest_growth": "", "ibm_csv": ""})


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("assignments")
    assert assignment.main(["notebooks", str(out), "--lesson", "00", "--no-run-tests"]) == 0
    return assignment.Built("00_start_here", out / "00_start_here")


def test_the_student_notebook_is_the_whole_lesson_without_solutions(built):
    lesson = nbformat.read(START_HERE, as_version=4)
    student = nbformat.read(built.student, as_version=4)
    assert [(cell.cell_type, cell.source) for cell in student.cells] == [
        (cell.cell_type, cell.source) for cell in lesson.cells
    ]
    text = "\n".join(cell.source for cell in student.cells)
    master = "\n".join(cell.source for cell in nbformat.read(built.master, as_version=4).cells)
    in_lesson = {line.strip() for cell in lesson.cells for line in cell.source.splitlines()}
    written = solutions.read_solutions(solutions.solutions_file(START_HERE).read_text())
    for name in _code_exercises(START_HERE):
        own = [line for line in written[name].splitlines() if line.strip() not in in_lesson]
        assert own and all(line in master for line in own), name  # the solution went in ...
        assert [line for line in own if line in text.splitlines()] == [], name  # ... not out
    assert not BOUNDARY.search(text) and "otter" not in text and "SOLUTION" not in text


def test_the_autograder_holds_a_test_of_one_point_per_question(built):
    with zipfile.ZipFile(built.autograder) as archive:
        tests = {
            Path(name).stem: archive.read(name).decode()
            for name in archive.namelist()
            if name.startswith("tests/")
        }
    assert sorted(tests) == sorted(_code_exercises(START_HERE))
    for name, source in tests.items():
        assert "points = 1" in source and f"start_here.{name}.check(" in source
