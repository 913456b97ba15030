"""Grade submitted lesson notebooks: run each in a fresh kernel and read back every exercise.

    python -m devtools.grade submissions --out grades.csv

``submissions`` holds one folder per learner (``submissions/alice/02_phases_of_value_migration.ipynb``)
or notebooks named for the learner (``submissions/alice_02_phases_of_value_migration.ipynb``, or
``submissions/alice.ipynb``). Each notebook runs from the top in a fresh kernel, cell by cell, with
``COURSE_GRADING=1`` in its environment, so every ``lesson.<name>.check(...)`` records what it said
(``course_lib.exercises.RESULTS``). A cell that stops with an error, or runs past the time limit,
is noted and the run goes on, so the exercises after it are still marked: a notebook that fails
half-way gets the marks it earned. The last check of an exercise counts.

The exercises marked are those the course's own notebook of the lesson gives the learner to fill
(``devtools.exercise_cells``). ``grades.csv`` has one row per learner, notebook and exercise
(correct, incorrect, not answered) and a ``TOTAL`` row per notebook, with the cells that failed.

Grading runs the learners' code: run it in a container or an account that holds nothing else.
The marks are what the course's checks say; a learner who wanted to could fool them, so skim
the code of answers you doubt.
"""

from __future__ import annotations

import argparse
import csv
import json
import multiprocessing
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from devtools.exercise_cells import (
    course_notebook,
    learner_cells,
    lesson_exercises,
    lesson_from_file_name,
    lesson_name,
)

MARKER = "COURSE-GRADING-RESULTS:"
# Runs in the learner's kernel. Everything it uses is imported inside the function, so a
# learner's own `list = ...` or `print = ...` cannot break it, and it leaves no name behind.
COLLECT = f"""def _course_grading_collect():
    import json, sys
    from builtins import id, isinstance, list, vars
    from course_lib import exercises
    names, questions = {{}}, {{}}
    for module_name, module in list(sys.modules.items()):
        if module_name.startswith("course_lib.lessons.") and module is not None:
            for name, value in list(vars(module).items()):
                if isinstance(value, exercises.Exercise):
                    names.setdefault(id(value), name)
                    questions.setdefault(value.question, name)
    found = [[names.get(id(exercise), questions.get(exercise.question)), feedback.correct,
              feedback.message] for exercise, feedback in exercises.RESULTS]
    sys.stdout.write("\\n{MARKER}" + json.dumps(found) + "\\n")
_course_grading_collect()
del _course_grading_collect"""

CORRECT, INCORRECT, NOT_ANSWERED = "correct", "incorrect", "not answered"
FIELDS = [
    "learner",
    "notebook",
    "lesson",
    "exercise",
    "kind",
    "result",
    "points",
    "out_of",
    "feedback",
]


@dataclass
class Run:
    """What one run of a notebook gave: each exercise's last result, and what went wrong."""

    results: dict[str, tuple[bool | None, str]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    notebook: Any = None


@dataclass
class Row:
    """One line of grades.csv."""

    learner: str
    notebook: str
    lesson: str
    exercise: str
    kind: str
    result: str
    points: int
    out_of: int
    feedback: str


def _stdout(cell: Any) -> str:
    return "".join(
        output.get("text", "")
        for output in cell.get("outputs", [])
        if output.get("output_type") == "stream" and output.get("name") == "stdout"
    )


def read_results(text: str) -> dict[str, tuple[bool | None, str]] | None:
    """The results a collection printed, by exercise name (the last check of each counts).

    >>> read_results('x\\nCOURSE-GRADING-RESULTS:[["gaps", false, "No."], ["gaps", true, "Yes."]]')
    {'gaps': (True, 'Yes.')}
    >>> read_results("nothing here") is None
    True
    """
    for line in reversed(text.splitlines()):
        if line.startswith(MARKER):
            found = json.loads(line[len(MARKER) :])
            return {name: (correct, message) for name, correct, message in found if name}
    return None


def _first_line(source: str) -> str:
    line = next((line for line in source.splitlines() if line.strip()), "")
    return line if len(line) <= 60 else line[:57] + "..."


def run_notebook(notebook: Any, workdir: Path, timeout: int = 60) -> Run:
    """Run ``notebook`` from the top in a fresh kernel in ``workdir``, reading every check.

    Each cell may take up to ``timeout`` seconds; a cell that fails or times out is noted and
    the run goes on. Results are read after every cell that calls a check, so a kernel that
    dies keeps what was recorded before.
    """
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    run = Run(notebook=notebook)
    client = NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        allow_errors=True,
        interrupt_on_timeout=True,
        resources={"metadata": {"path": str(workdir)}},
    )

    def collect() -> None:
        cell = nbformat.v4.new_code_cell(COLLECT)
        notebook.cells.append(cell)  # nbclient stores a cell's outputs at its index
        try:
            client.execute_cell(cell, len(notebook.cells) - 1)
        finally:
            notebook.cells.pop()
        found = read_results(_stdout(cell))
        if found is not None:
            run.results = found

    environment = {**os.environ, "COURSE_GRADING": "1"}
    with client.setup_kernel(env=environment):
        for index, cell in enumerate(notebook.cells):
            if cell.cell_type != "code":
                continue
            where = f"cell {index + 1} ({_first_line(cell.source)})"
            started = time.monotonic()
            try:
                client.execute_cell(cell, index)
            except DeadKernelError:
                run.problems.append(f"{where}: the kernel died; later cells were not run")
                return run
            except CellTimeoutError:
                run.problems.append(f"{where}: ran past the time limit of {timeout} s")
                continue
            if time.monotonic() - started >= timeout:
                run.problems.append(f"{where}: ran past the time limit of {timeout} s")
            else:
                for output in cell.get("outputs", []):
                    if output.get("output_type") == "error":
                        run.problems.append(f"{where}: {output['ename']}: {output['evalue']}")
            if ".check(" in cell.source:
                collect()
        collect()
    return run


def _result(found: tuple[bool | None, str] | None) -> tuple[str, str]:
    if found is None:
        return NOT_ANSWERED, "no check of this exercise ran"
    correct, message = found
    result = {True: CORRECT, False: INCORRECT, None: NOT_ANSWERED}[correct]
    return result, message


def mark(
    learner: str,
    notebook: str,
    lesson: str,
    exercises: dict[str, str],
    run: Run,
) -> list[Row]:
    """One row per exercise of the lesson (``exercises``: name -> kind), then a TOTAL row.

    >>> run = Run(results={"gaps": (True, "Right."), "netflix_growth": (False, "Too high.")},
    ...           problems=["cell 9 (x = 1 / 0): ZeroDivisionError: division by zero"])
    >>> rows = mark("alice", "00.ipynb", "start_here",
    ...             {"netflix_growth": "code", "gaps": "question", "slowest_growth": "code"}, run)
    >>> [(row.exercise, row.result, row.points) for row in rows]
    [('netflix_growth', 'incorrect', 0), ('gaps', 'correct', 1), ('slowest_growth', 'not answered', 0), ('TOTAL', '1 of 3 correct', 1)]
    >>> rows[-1].feedback
    'cell 9 (x = 1 / 0): ZeroDivisionError: division by zero'
    """
    rows = []
    for exercise, kind in exercises.items():
        result, message = _result(run.results.get(exercise))
        points = int(result == CORRECT)
        rows.append(Row(learner, notebook, lesson, exercise, kind, result, points, 1, message))
    earned = sum(row.points for row in rows)
    summary = f"{earned} of {len(rows)} correct"
    rows.append(
        Row(
            learner,
            notebook,
            lesson,
            "TOTAL",
            "",
            summary,
            earned,
            len(rows),
            "; ".join(run.problems),
        )
    )
    return rows


def learner_of(path: Path, folder: Path) -> str:
    """Whose notebook this is: its folder under ``folder``, or its name without the lesson's.

    >>> folder = Path("submissions")
    >>> learner_of(folder / "alice" / "02_phases_of_value_migration.ipynb", folder)
    'alice'
    >>> learner_of(folder / "bob_02_phases_of_value_migration.ipynb", folder)
    'bob'
    >>> learner_of(folder / "carol.ipynb", folder)
    'carol'
    """
    relative = path.relative_to(folder)
    if len(relative.parts) > 1:
        return relative.parts[0]
    lesson = lesson_from_file_name(path)
    stem = path.stem
    if lesson:
        course = course_notebook(lesson)
        stem = stem[: -len(course.stem)].rstrip("_- ") if course else stem
    return stem or path.stem


def submitted_notebooks(folder: Path) -> list[Path]:
    """Every notebook under ``folder``, leaving out JupyterLab's checkpoints."""
    return sorted(
        path for path in folder.rglob("*.ipynb") if ".ipynb_checkpoints" not in path.parts
    )


def _exercises_of(lesson: str) -> dict[str, str]:
    import nbformat

    course = course_notebook(lesson)
    if course is None:
        return {}
    objects = lesson_exercises(lesson)
    names = learner_cells(nbformat.read(course, as_version=4))
    return {
        name: "code" if getattr(objects.get(name), "asks_for_code", False) else "question"
        for name in names
    }


def grade_notebook(path: Path, folder: Path, timeout: int = 60) -> list[Row]:
    """Run one submitted notebook and mark every exercise of its lesson."""
    import nbformat

    learner, name = learner_of(path, folder), str(path.relative_to(folder))
    try:
        notebook = nbformat.read(path, as_version=4)
    except Exception as error:  # a learner's broken file: say so, mark nothing
        lesson = lesson_from_file_name(path) or ""
        problem = f"could not read the notebook: {type(error).__name__}: {error}"
        exercises = _exercises_of(lesson) if lesson else {}
        return mark(learner, name, lesson, exercises, Run(problems=[problem]))
    lesson = lesson_name(notebook) or lesson_from_file_name(path) or ""
    exercises = _exercises_of(lesson) if lesson else {}
    if not exercises:
        problem = "no course lesson found in it (it never uses cl.lessons.<lesson>)"
        return mark(learner, name, lesson, {}, Run(problems=[problem]))
    with tempfile.TemporaryDirectory(prefix="grading-") as scratch:
        workdir = Path(scratch)
        for sibling in path.parent.iterdir():  # the learner's own files: a CSV, say
            if sibling.is_file() and sibling.suffix != ".ipynb":
                shutil.copy2(sibling, workdir / sibling.name)
        run = run_notebook(notebook, workdir, timeout)
    return mark(learner, name, lesson, exercises, run)


def in_parallel(function: Callable[..., Any], calls: Iterable[tuple[Any, ...]], jobs: int) -> list:
    """``function(*call)`` for every call, in order, on up to ``jobs`` processes at once."""
    calls = list(calls)
    if jobs <= 1 or len(calls) <= 1:
        return [function(*call) for call in calls]
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        futures = [pool.submit(function, *call) for call in calls]
        return [future.result() for future in futures]


def grade(folder: Path, timeout: int = 60, jobs: int = 2) -> list[Row]:
    """Grade every notebook under ``folder``: its rows, learner by learner."""
    paths = submitted_notebooks(folder)
    marked = in_parallel(grade_notebook, [(path, folder, timeout) for path in paths], jobs)
    return [row for rows in marked for row in rows]


def write_csv(rows: list[Row], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows(asdict(row) for row in rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m devtools.grade", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("folder", type=Path, help="the submitted notebooks")
    parser.add_argument("--out", type=Path, default=Path("grades.csv"), help="the CSV to write")
    parser.add_argument("--timeout", type=int, default=60, help="seconds a cell may run")
    parser.add_argument("--jobs", type=int, default=2, help="notebooks run at once")
    arguments = parser.parse_args(argv)
    if not arguments.folder.is_dir():
        parser.error(f"{arguments.folder} is not a folder")
    rows = grade(arguments.folder, arguments.timeout, arguments.jobs)
    write_csv(rows, arguments.out)
    totals = [row for row in rows if row.exercise == "TOTAL"]
    for row in totals:
        print(f"{row.learner:20} {row.notebook:50} {row.points}/{row.out_of}")
    print(f"{len(totals)} notebooks graded; every exercise's result: {arguments.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
