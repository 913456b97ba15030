"""Each lesson's code-writing exercises as an otter-grader assignment.

    python -m devtools.assignment notebooks build/assignments               # every lesson
    python -m devtools.assignment notebooks build/assignments --lesson 07   # one lesson

For every lesson notebook this writes an otter "master" notebook (otter-assign's v1 format) and
runs ``otter assign`` on it. ``build/assignments/<lesson>/`` then holds:

- ``master/<lesson>.ipynb``: the lesson with an ``ASSIGNMENT CONFIG`` cell and, around each
  exercise that asks for code, a question block: the cell that shows the exercise, a solution
  cell (the learner's starting cell as the prompt, the instructor's solution from
  ``instructors/solutions/`` between ``BEGIN SOLUTION`` and ``END SOLUTION``) and a test that
  calls the course's own check on what the learner built and asserts that it says correct, so
  a failed test shows the same feedback the learner saw.
- ``student/<lesson>.ipynb``: what to hand out: the whole lesson (explore, under the hood, every
  exercise) with the learner's starting cells and no solution. It needs nothing but the course:
  no otter cells are added (the course's checks already answer the learner).
- ``autograder/<lesson>-autograder_<time>.zip``: otter's grading configuration, used by
  ``make grade`` (``devtools.grade``), and ``autograder/<lesson>.ipynb``, the solved lesson.

Exercises that ask the learner to choose (multiple choice, a number read off a chart) stay in
the student notebook with their checks but are not part of the assignment. Unless told
``--no-run-tests``, ``otter assign`` grades the solved lesson with its tests and fails unless
every test passes.
"""

from __future__ import annotations

import argparse
import ast
import copy
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from devtools.exercise_cells import learner_cells, lesson_exercises, lesson_name
from devtools.solutions import read_solutions, solutions_file

POINTS = 1
CONFIG = """\
# ASSIGNMENT CONFIG
init_cell: false
check_all_cell: false
export_cell: false
run_tests: true
generate: true
tests:
    files: false
    ok_format: false
"""


class AssignmentError(Exception):
    """A lesson cannot be turned into an assignment: the message says which exercise and why."""


def check_arguments(source: str, exercise: str) -> list[str]:
    """The arguments that a learner's cell passes to ``<lesson>.<exercise>.check(...)``.

    >>> check_arguments("growth_2011 = None\\nlesson.netflix_growth.check(growth_2011)", "netflix_growth")
    ['growth_2011']
    >>> check_arguments("x = 1", "gaps")
    Traceback (most recent call last):
    ...
    devtools.assignment.AssignmentError: gaps: the learner's cell never passes its answer to lesson.gaps.check
    """
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "check"
            and isinstance(node.func.value, ast.Attribute)
            and node.func.value.attr == exercise
        ):
            if node.keywords or not node.args:
                break
            return [ast.get_source_segment(source, argument) for argument in node.args]
    raise AssignmentError(
        f"{exercise}: the learner's cell never passes its answer to lesson.{exercise}.check"
    )


def otter_test(lesson: str, exercise: str, arguments: list[str]) -> str:
    """An otter test (exception-based format) that runs the course's check on the learner's work.

    Otter passes each parameter the learner's variable of that name, so the check sees what the
    learner built; a wrong answer fails with the feedback the check gives.

    >>> print(otter_test("start_here", "netflix_growth", ["growth_2011"]))
    def test_netflix_growth(growth_2011):
        from course_lib.lessons import start_here
        feedback = start_here.netflix_growth.check(growth_2011)
        assert feedback.correct, str(feedback)
    <BLANKLINE>
    test_netflix_growth(growth_2011)
    """
    names = sorted(
        {
            node.id
            for argument in arguments
            for node in ast.walk(ast.parse(argument, mode="eval"))
            if isinstance(node, ast.Name)
        }
    )
    parameters = ", ".join(names)
    return (
        f"def test_{exercise}({parameters}):\n"
        f"    from course_lib.lessons import {lesson}\n"
        f"    feedback = {lesson}.{exercise}.check({', '.join(arguments)})\n"
        f"    assert feedback.correct, str(feedback)\n\n"
        f"test_{exercise}({parameters})"
    )


def solution_cell(prompt: str, solution: str) -> str:
    """One cell that otter turns into the learner's starting cell or into the solution.

    The student notebook keeps the lines between the ``PROMPT`` markers (the lesson's own
    starting cell); the solved notebook runs the lines between the ``SOLUTION`` markers.

    >>> print(solution_cell("x = None\\nlesson.q.check(x)", "x = 2\\nlesson.q.check(x)"))
    \"\"\" # BEGIN PROMPT
    x = None
    lesson.q.check(x)
    \"\"\" # END PROMPT
    # BEGIN SOLUTION NO PROMPT
    x = 2
    lesson.q.check(x)
    # END SOLUTION
    """
    quote = '"""' if '"""' not in prompt else "'''"
    if quote in prompt:
        raise AssignmentError("a learner's cell with both kinds of triple quotes")
    return (
        f"{quote} # BEGIN PROMPT\n{prompt}\n{quote} # END PROMPT\n"
        f"# BEGIN SOLUTION NO PROMPT\n{solution}\n# END SOLUTION"
    )


def code_exercises(notebook: Any) -> dict[str, int]:
    """The exercises of a lesson notebook that ask for code: their learner cells, in order.

    >>> import nbformat
    >>> from devtools.exercise_cells import NOTEBOOKS
    >>> list(code_exercises(nbformat.read(NOTEBOOKS / "00_start_here.ipynb", as_version=4)))
    ['netflix_growth', 'slowest_growth', 'ibm_csv']
    """
    lesson = lesson_name(notebook)
    exercises = lesson_exercises(lesson) if lesson else {}
    return {
        name: index
        for name, index in learner_cells(notebook).items()
        if getattr(exercises.get(name), "asks_for_code", False)
    }


def _raw(source: str) -> Any:
    import nbformat

    return nbformat.v4.new_raw_cell(source)


def master_notebook(
    notebook_path: Path, solutions: dict[str, str] | None = None, points: int = POINTS
) -> Any:
    """The lesson as an otter master notebook: each code exercise becomes a question block.

    The question block runs from the cell that shows the exercise to the learner's cell; every
    other cell of the lesson is left as it is. ``solutions`` (exercise name -> code) default to
    the lesson's file in ``instructors/solutions``.
    """
    import nbformat

    notebook = nbformat.read(notebook_path, as_version=4)
    lesson = lesson_name(notebook)
    if solutions is None:
        file = solutions_file(notebook_path)
        solutions = read_solutions(file.read_text(encoding="utf-8")) if file.exists() else {}
    exercises = code_exercises(notebook)
    missing = [name for name in exercises if name not in solutions]
    if missing:
        raise AssignmentError(f"{notebook_path.name}: no solution for {', '.join(missing)}")
    starts = {}  # the index of the cell that shows each exercise: the code cell before its cell
    for name, index in exercises.items():
        starts[name] = max(i for i in range(index) if notebook.cells[i].cell_type == "code")
    by_start = {start: name for name, start in starts.items()}

    cells = [_raw(CONFIG)]
    for index, cell in enumerate(notebook.cells):
        if index in by_start:
            name = by_start[index]
            cells.append(
                _raw(f"# BEGIN QUESTION\nname: {name}\npoints: {points}\ncheck_cell: false")
            )
        name = next((name for name, at in exercises.items() if at == index), None)
        if name is None:
            cells.append(copy.deepcopy(cell))
            continue
        answer = copy.deepcopy(cell)
        answer.source = solution_cell(cell.source, solutions[name])
        test = nbformat.v4.new_code_cell(
            otter_test(lesson, name, check_arguments(cell.source, name))
        )
        cells += [
            _raw("# BEGIN SOLUTION"),
            answer,
            _raw("# END SOLUTION"),
            _raw("# BEGIN TESTS"),
            test,
            _raw("# END TESTS"),
            _raw("# END QUESTION"),
        ]
    master = copy.deepcopy(notebook)
    master.cells = cells
    return master


@dataclass
class Built:
    """One lesson's assignment: where its notebooks and autograder are, and what it holds."""

    name: str
    folder: Path
    questions: list[str] = field(default_factory=list)

    @property
    def student(self) -> Path:
        return self.folder / "student" / f"{self.name}.ipynb"

    @property
    def master(self) -> Path:
        return self.folder / "master" / f"{self.name}.ipynb"

    @property
    def autograder(self) -> Path:
        return autograder_zip(self.folder, self.name)


def autograder_zip(folder: Path, name: str) -> Path:
    """The autograder zip that ``otter assign`` wrote into ``folder/autograder``.

    >>> autograder_zip(Path("nowhere"), "00_start_here")
    Traceback (most recent call last):
    ...
    FileNotFoundError: no autograder in nowhere/autograder: run python -m devtools.assignment
    """
    found = sorted((folder / "autograder").glob(f"{name}-autograder_*.zip"))
    if not found:
        raise FileNotFoundError(
            f"no autograder in {folder / 'autograder'}: run python -m devtools.assignment"
        )
    return found[-1]


def build_one(notebook_path: Path, out: Path, run_tests: bool = True) -> Built:
    """Write the master notebook of one lesson and run ``otter assign`` on it."""
    import nbformat

    name = notebook_path.stem
    built = Built(name, out / name)
    master = master_notebook(notebook_path)
    built.questions = list(code_exercises(nbformat.read(notebook_path, as_version=4)))
    if built.folder.exists():
        shutil.rmtree(built.folder)  # an old autograder zip must not be graded with
    built.master.parent.mkdir(parents=True)
    nbformat.write(master, built.master)
    command = [sys.executable, "-m", "otter", "assign", str(built.master), str(built.folder)]
    if not run_tests:
        command.append("--no-run-tests")
    finished = subprocess.run(command, capture_output=True, text=True)
    if finished.returncode != 0:
        raise AssignmentError(
            f"{name}: otter assign failed:\n{finished.stdout[-3000:]}{finished.stderr[-3000:]}"
        )
    return built


def build(
    source: Path,
    out: Path,
    lessons: list[str] | None = None,
    run_tests: bool = True,
    jobs: int = 2,
) -> list[Built]:
    """Build the assignment of every lesson notebook in ``source`` (or those ``lessons`` name)."""
    from devtools.grade import in_parallel

    paths = sorted(source.glob("[0-9][0-9]_*.ipynb"))
    if lessons:
        paths = [path for path in paths if any(path.stem.startswith(key) for key in lessons)]
    return in_parallel(build_one, [(path, out, run_tests) for path in paths], jobs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m devtools.assignment", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("source", type=Path, help="the lesson notebooks (notebooks/)")
    parser.add_argument("out", type=Path, help="where to write the assignments")
    parser.add_argument(
        "--lesson",
        action="append",
        help="only this lesson (its number or file name; repeat for more)",
    )
    parser.add_argument(
        "--no-run-tests",
        action="store_true",
        help="do not grade the solved lesson while building (faster)",
    )
    parser.add_argument("--jobs", type=int, default=2, help="lessons built at once")
    arguments = parser.parse_args(argv)
    try:
        built = build(
            arguments.source,
            arguments.out,
            arguments.lesson,
            not arguments.no_run_tests,
            arguments.jobs,
        )
    except AssignmentError as error:
        print(error, file=sys.stderr)
        return 1
    for assignment in built:
        print(
            f"{assignment.name}: {len(assignment.questions)} questions "
            f"({', '.join(assignment.questions)}); hand out {assignment.student}"
        )
    print(f"Assignments written to {arguments.out}; grade with make grade SUBMISSIONS=folder")
    return 0


if __name__ == "__main__":
    sys.exit(main())
