"""Grade submitted lesson notebooks with otter-grader, against each lesson's assignment.

    python -m devtools.grade submissions --out grades.csv

``submissions`` holds one folder per learner (``submissions/alice/00_start_here.ipynb``) or
notebooks named for the learner (``submissions/alice_00_start_here.ipynb``, or
``submissions/alice.ipynb``). The lesson of each notebook is found from its code
(``cl.lessons.<lesson>``) or its file name, and the notebook is graded by ``otter run`` (no
container) with that lesson's autograder from ``build/assignments/<lesson>/``
(``python -m devtools.assignment``; built first if it is not there). Otter runs the notebook
from the top in a fresh kernel, goes on past a cell that fails, and right after each answer cell
runs that exercise's test: the course's own check on what the learner built. A cell that runs
past the time limit is stopped and the run goes on.

``grades.csv`` has one row per learner, notebook and code exercise (its points and the check's
feedback) and a ``TOTAL`` row per notebook, whose feedback names the cells that failed. A
notebook that cannot be read, or whose run otter could not finish (the kernel died), still gets
its rows, with no points and the reason.

Grading runs the learners' code: run it in a container or an account that holds nothing else.
The marks are what the course's checks say; a learner who wanted to could fool them, so skim
the code of answers you doubt.
"""

from __future__ import annotations

import argparse
import copy
import csv
import multiprocessing
import os
import re
import signal
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from devtools.exercise_cells import ROOT, course_notebook, lesson_from_file_name, lesson_name

ASSIGNMENTS = ROOT / "build" / "assignments"
CORRECT, INCORRECT, NOT_ANSWERED = "correct", "incorrect", "not answered"
NOT_GRADED = "not graded"  # otter gave no result for it: the TOTAL row says why
FIELDS = ["learner", "notebook", "lesson", "exercise", "result", "points", "out_of", "feedback"]

# Put before the learner's first cell in the copy otter runs: each later cell gets `seconds`.
TIME_LIMIT_CELL = """\
# The course's grader: a cell that runs past {seconds} s is stopped and the run goes on.
def _course_grading_time_limit(seconds):
    import signal
    def stop(signum, frame):
        raise TimeoutError(f"ran past the time limit of {{seconds}} s")
    signal.signal(signal.SIGALRM, stop)
    events = get_ipython().events
    events.register("pre_run_cell", lambda info: signal.alarm(seconds))
    events.register("post_run_cell", lambda result: signal.alarm(0))
_course_grading_time_limit({seconds})
del _course_grading_time_limit"""


@dataclass
class Row:
    """One line of grades.csv."""

    learner: str
    notebook: str
    lesson: str
    exercise: str
    result: str
    points: float
    out_of: float
    feedback: str


@dataclass
class Graded:
    """What otter gave for one notebook: each question's points, out of, and feedback."""

    scores: dict[str, tuple[float, float, str]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def feedback_of(message: str) -> str:
    """The check's feedback in a failed otter test's message (what the learner saw).

    >>> feedback_of("❌ Test case failed\\nError at line 4 in test q:\\n  assert x\\n"
    ...             "AssertionError: Not quite. Too high.\\nHint: divide.")
    'Not quite. Too high. Hint: divide.'
    >>> feedback_of("❌ Test case failed\\nError at line 3 in test q:\\n  f(x)\\nTypeError: bad")
    'TypeError: bad'
    """
    lines = [line.strip() for line in message.strip().splitlines()]
    for index, line in enumerate(lines):
        if line.startswith("AssertionError: "):
            return " ".join([line[len("AssertionError: ") :], *lines[index + 1 :]])
    return lines[-1] if lines else ""


def result_of(points: float, out_of: float, feedback: str) -> str:
    """correct, not answered (the check said so) or incorrect.

    >>> result_of(1, 1, ""), result_of(0, 1, "Not answered yet. Replace None"), result_of(0, 1, "No.")
    ('correct', 'not answered', 'incorrect')
    """
    if out_of and points >= out_of:
        return CORRECT
    return NOT_ANSWERED if feedback.startswith("Not answered") else INCORRECT


def _number(value: float) -> float:
    return int(value) if float(value).is_integer() else round(float(value), 3)


def mark(
    learner: str, notebook: str, lesson: str, questions: list[str], graded: Graded
) -> list[Row]:
    """One row per question of the assignment, then a TOTAL row with the cells that failed.

    >>> graded = Graded(scores={"phase": (1.0, 1.0, ""), "needed_value": (0, 1.0, "Too high.")},
    ...                 problems=["cell 9 (x = 1 / 0): ZeroDivisionError: division by zero"])
    >>> rows = mark("alice", "02.ipynb", "phases", ["phase", "needed_value", "netflix_share"], graded)
    >>> [(row.exercise, row.result, row.points, row.out_of) for row in rows]
    [('phase', 'correct', 1, 1), ('needed_value', 'incorrect', 0, 1), ('netflix_share', 'not graded', 0, 1), ('TOTAL', '1 of 3 correct', 1, 3)]
    >>> rows[-1].feedback
    'cell 9 (x = 1 / 0): ZeroDivisionError: division by zero'
    """
    rows = []
    for question in questions:
        points, out_of, feedback = graded.scores.get(question, (0, 1, ""))
        result = result_of(points, out_of, feedback) if question in graded.scores else NOT_GRADED
        rows.append(
            Row(
                learner,
                notebook,
                lesson,
                question,
                result,
                _number(points),
                _number(out_of),
                feedback,
            )
        )
    correct = sum(row.result == CORRECT for row in rows)
    rows.append(
        Row(
            learner,
            notebook,
            lesson,
            "TOTAL",
            f"{correct} of {len(rows)} correct",
            _number(sum(row.points for row in rows)),
            _number(sum(row.out_of for row in rows)),
            "; ".join(graded.problems),
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


def questions_of(lesson: str, assignments: Path = ASSIGNMENTS) -> list[str]:
    """The questions of a lesson's assignment, in order.

    They are read from its master notebook once built, else they are those that building it
    would give: the lesson's code exercises.

    >>> questions_of("start_here", Path("nowhere"))
    ['netflix_growth', 'slowest_growth', 'ibm_csv']
    """
    import nbformat

    from devtools.assignment import code_exercises

    home = assignment_folder(lesson, assignments)
    if home is None:
        return []
    master = home / "master" / f"{home.name}.ipynb"
    if not master.exists():
        return list(code_exercises(nbformat.read(course_notebook(lesson), as_version=4)))
    found = []
    for cell in nbformat.read(master, as_version=4).cells:
        if cell.cell_type == "raw" and cell.source.startswith("# BEGIN QUESTION"):
            found += re.findall(r"^name:\s*(\S+)", cell.source, flags=re.MULTILINE)
    return found


def _first_line(source: str) -> str:
    line = next((line for line in source.splitlines() if line.strip()), "")
    return line if len(line) <= 60 else line[:57] + "..."


def cell_problems(executed: Any, submitted: Any) -> list[str]:
    """Each cell of the submitted notebook that stopped with an error in the executed copy.

    Cells that otter or the grader put in (not in ``submitted``) are skipped, so the cell
    numbers are the learner's.
    """
    sources = [
        (number, cell.source)
        for number, cell in enumerate(submitted.cells, start=1)
        if cell.cell_type == "code"
    ]
    problems, position = [], 0
    for cell in executed.cells:
        if cell.cell_type != "code":
            continue
        at = next((i for i in range(position, len(sources)) if sources[i][1] == cell.source), None)
        if at is None:
            continue
        position = at + 1
        number, source = sources[at]
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                where = f"cell {number} ({_first_line(source)})"
                problems.append(f"{where}: {output['ename']}: {output['evalue']}")
    return problems


def _submission_zip(notebook: Any, path: Path, scratch: Path, timeout: int) -> Path:
    """The notebook (with the time limit first) and the learner's other files beside it, zipped."""
    import nbformat

    timed = copy.deepcopy(notebook)
    timed.cells.insert(0, nbformat.v4.new_code_cell(TIME_LIMIT_CELL.format(seconds=timeout)))
    zipped = scratch / "submission.zip"
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("submission.ipynb", nbformat.writes(timed))
        for sibling in path.parent.iterdir():  # the learner's own files: a CSV, say
            if sibling.is_file() and sibling.suffix not in (".ipynb", ".zip"):
                archive.write(sibling, sibling.name)
    return zipped


def run_otter(notebook: Any, path: Path, autograder: Path, timeout: int = 60) -> Graded:
    """Grade one notebook with ``otter run`` and the lesson's autograder zip.

    Every cell may run ``timeout`` seconds; the whole run at most 20 times that.
    """
    import dill

    graded = Graded()
    with tempfile.TemporaryDirectory(prefix="grading-") as folder:
        scratch = Path(folder)
        submission = _submission_zip(notebook, path, scratch, timeout)
        command = [
            sys.executable,
            "-m",
            "otter",
            "run",
            "--no-logo",
            "--pickle-results",
            "--autograder",
            str(autograder.resolve()),
            "--output-dir",
            str(scratch),
            str(submission),
        ]
        process = subprocess.Popen(
            command,
            cwd=scratch,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,  # so the kernel it starts can be stopped with it
        )
        try:
            _, errors = process.communicate(timeout=20 * timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            graded.problems.append(f"the run went past {20 * timeout} s and was stopped")
            return graded
        pickled = scratch / "results.pkl"
        if process.returncode != 0 or not pickled.exists():
            last = [line for line in errors.splitlines() if line.strip()][-1:] or ["no message"]
            graded.problems.append(f"otter could not finish the run: {last[0]}")
            return graded
        with pickled.open("rb") as file:
            results = dill.load(file)
    for name, test_file in results.results.items():
        messages = [
            feedback_of(result.message)
            for result in test_file.test_case_results
            if not result.passed
        ]
        graded.scores[name] = (test_file.score, test_file.possible, " ".join(messages))
    if results.notebook is not None:
        graded.problems = cell_problems(results.notebook, notebook)
    return graded


def assignment_folder(lesson: str, assignments: Path = ASSIGNMENTS) -> Path | None:
    """Where a lesson's assignment is (or is to be built): ``<assignments>/NN_<lesson>``."""
    course = course_notebook(lesson)
    return assignments / course.stem if course else None


def ensure_assignment(lesson: str, assignments: Path = ASSIGNMENTS) -> Path:
    """The folder of a lesson's assignment, built first if it has no autograder yet."""
    from devtools import assignment

    folder = assignment_folder(lesson, assignments)
    try:
        assignment.autograder_zip(folder, folder.name)
    except FileNotFoundError:
        print(f"Building the assignment of {folder.name} first (python -m devtools.assignment)")
        assignment.build_one(course_notebook(lesson), assignments)
    return folder


def _lesson_of(path: Path) -> tuple[Any, str, str]:
    """The notebook, its lesson, and why it cannot be graded ("" if it can)."""
    import nbformat

    try:
        notebook = nbformat.read(path, as_version=4)
    except Exception as error:  # a learner's broken file: say so, mark nothing
        lesson = lesson_from_file_name(path) or ""
        return None, lesson, f"could not read the notebook: {type(error).__name__}: {error}"
    lesson = lesson_name(notebook) or lesson_from_file_name(path) or ""
    if not lesson or course_notebook(lesson) is None:
        return notebook, "", "no course lesson found in it (it never uses cl.lessons.<lesson>)"
    return notebook, lesson, ""


def grade_notebook(
    path: Path, folder: Path, assignments: Path = ASSIGNMENTS, timeout: int = 60
) -> list[Row]:
    """Grade one submitted notebook: a row per question of its lesson's assignment, and TOTAL."""
    from devtools.assignment import autograder_zip

    learner, name = learner_of(path, folder), str(path.relative_to(folder))
    notebook, lesson, problem = _lesson_of(path)
    questions = questions_of(lesson, assignments) if lesson else []
    if problem:
        return mark(learner, name, lesson, questions, Graded(problems=[problem]))
    home = assignment_folder(lesson, assignments)
    graded = run_otter(notebook, path, autograder_zip(home, home.name), timeout)
    return mark(learner, name, lesson, questions, graded)


def in_parallel(function: Callable[..., Any], calls: Iterable[tuple[Any, ...]], jobs: int) -> list:
    """``function(*call)`` for every call, in order, on up to ``jobs`` processes at once."""
    calls = list(calls)
    if jobs <= 1 or len(calls) <= 1:
        return [function(*call) for call in calls]
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        futures = [pool.submit(function, *call) for call in calls]
        return [future.result() for future in futures]


def grade(
    folder: Path, assignments: Path = ASSIGNMENTS, timeout: int = 60, jobs: int = 2
) -> list[Row]:
    """Grade every notebook under ``folder``: its rows, learner by learner."""
    paths = submitted_notebooks(folder)
    found = [_lesson_of(path) for path in paths]
    lessons = {lesson for _, lesson, problem in found if lesson and not problem}
    for lesson in sorted(lessons):  # build what is missing once, before the runs
        ensure_assignment(lesson, assignments)
    calls = [(path, folder, assignments, timeout) for path in paths]
    return [row for rows in in_parallel(grade_notebook, calls, jobs) for row in rows]


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
    parser.add_argument(
        "--assignments",
        type=Path,
        default=ASSIGNMENTS,
        help="the built assignments (python -m devtools.assignment)",
    )
    parser.add_argument("--timeout", type=int, default=60, help="seconds a cell may run")
    parser.add_argument("--jobs", type=int, default=2, help="notebooks graded at once")
    arguments = parser.parse_args(argv)
    if not arguments.folder.is_dir():
        parser.error(f"{arguments.folder} is not a folder")
    rows = grade(arguments.folder, arguments.assignments, arguments.timeout, arguments.jobs)
    write_csv(rows, arguments.out)
    totals = [row for row in rows if row.exercise == "TOTAL"]
    for row in totals:
        print(f"{row.learner:20} {row.notebook:50} {row.points}/{row.out_of}")
    print(f"{len(totals)} notebooks graded; every exercise's result: {arguments.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
