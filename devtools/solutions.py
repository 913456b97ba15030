"""The solutions version of each lesson: every exercise's learner cell replaced by its solution.

    python -m devtools.solutions notebooks build/solutions            # write the notebooks
    python -m devtools.solutions notebooks build/solutions --execute  # run them, check every answer

The solutions live outside the learners' notebooks, one file per lesson named like it:
``instructors/solutions/02_phases_of_value_migration.py``. In it each exercise's solution is a
cell headed ``# %% <exercise name>`` (the "percent" cells that VS Code, Spyder and JupyterLab
with jupytext read as cells): the code that replaces the learner's cell, computed with the
course's tools as a learner would write it, ending with the same ``lesson.<name>.check(...)``.
With ``--execute`` each solutions notebook runs in a fresh kernel and the command fails unless
every exercise's check says correct.
"""

from __future__ import annotations

import argparse
import copy
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from devtools.exercise_cells import ROOT, learner_cells

SOLUTIONS = ROOT / "instructors" / "solutions"
_CELL = re.compile(r"^# %% (\w+)[ \t]*$", re.MULTILINE)


def read_solutions(text: str) -> dict[str, str]:
    """Each exercise's solution code in a solutions file, by exercise name.

    >>> read_solutions('"Lesson 0."\\n# %% gaps\\nanswer = "a"\\nlesson.gaps.check(answer)\\n\\n')
    {'gaps': 'answer = "a"\\nlesson.gaps.check(answer)'}
    """
    parts = _CELL.split(text)
    return {name: code.strip("\n") for name, code in zip(parts[1::2], parts[2::2], strict=True)}


def solutions_file(notebook_path: Path) -> Path:
    """Where a lesson's solutions are: ``instructors/solutions/<notebook name>.py``."""
    return SOLUTIONS / f"{notebook_path.stem}.py"


@dataclass
class Solved:
    """A lesson's solutions notebook, which exercises it solves and which it lacks."""

    name: str
    notebook: Any
    solved: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    correct: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def solve(notebook_path: Path, solutions: dict[str, str] | None = None) -> Solved:
    """The lesson's notebook with each learner cell replaced by its solution (tagged "solution")."""
    import nbformat

    notebook = nbformat.read(notebook_path, as_version=4)
    if solutions is None:
        file = solutions_file(notebook_path)
        solutions = read_solutions(file.read_text(encoding="utf-8")) if file.exists() else {}
    solved = Solved(notebook_path.name, copy.deepcopy(notebook))
    for name, index in learner_cells(notebook).items():
        if name not in solutions:
            solved.missing.append(name)
            continue
        cell = solved.notebook.cells[index]
        cell.source = solutions[name]
        cell.metadata["tags"] = [*cell.metadata.get("tags", []), "solution"]
        solved.solved.append(name)
    return solved


def execute(solved: Solved, timeout: int = 120) -> Solved:
    """Run the solutions notebook in a fresh kernel; note which exercises' checks say correct.

    A solved exercise is correct when its cell shows the check's "Correct." feedback.
    """
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    from devtools.grade import cell_problems

    submitted = copy.deepcopy(solved.notebook)
    with tempfile.TemporaryDirectory(prefix="solutions-") as scratch:
        client = NotebookClient(
            solved.notebook,
            timeout=timeout,
            kernel_name="python3",
            allow_errors=True,
            resources={"metadata": {"path": scratch}},
        )
        try:
            client.execute()
        except (CellTimeoutError, DeadKernelError) as error:
            solved.problems.append(f"the run stopped: {type(error).__name__}: {error}")
    cells = learner_cells(solved.notebook)
    solved.correct = [
        name for name in solved.solved if _says_correct(solved.notebook.cells[cells[name]])
    ]
    solved.problems += cell_problems(solved.notebook, submitted)
    return solved


def _says_correct(cell: Any) -> bool:
    shown = [output.get("data", {}).get("text/plain", "") for output in cell.get("outputs", [])]
    return any(text.startswith("Correct") for text in shown)


def _build_one(notebook_path: Path, out: Path, run: bool, timeout: int) -> Solved:
    import nbformat

    solved = solve(notebook_path)
    if run:
        execute(solved, timeout)
    nbformat.write(solved.notebook, out / notebook_path.name)
    solved.notebook = None  # written; no need to send it back between processes
    return solved


def build(
    source: Path, out: Path, run: bool = False, timeout: int = 120, jobs: int = 2
) -> list[Solved]:
    """Write the solutions version of every lesson notebook in ``source`` into ``out``."""
    from devtools.grade import in_parallel

    out.mkdir(parents=True, exist_ok=True)
    paths = sorted(source.glob("[0-9][0-9]_*.ipynb"))
    return in_parallel(_build_one, [(path, out, run, timeout) for path in paths], jobs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m devtools.solutions", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("source", type=Path, help="the lesson notebooks (notebooks/)")
    parser.add_argument("out", type=Path, help="where to write the solutions notebooks")
    parser.add_argument("--execute", action="store_true", help="run them and check every answer")
    parser.add_argument("--timeout", type=int, default=120, help="seconds a cell may run")
    parser.add_argument("--jobs", type=int, default=2, help="notebooks run at once")
    arguments = parser.parse_args(argv)
    built = build(
        arguments.source, arguments.out, arguments.execute, arguments.timeout, arguments.jobs
    )
    failed = False
    for solved in built:
        line = f"{solved.name}: {len(solved.solved)} exercises solved"
        if solved.missing:
            line += f", no solution yet for {', '.join(solved.missing)}"
            failed = True
        if arguments.execute:
            wrong = [name for name in solved.solved if name not in solved.correct]
            line += f"; run: {len(solved.correct)} correct"
            if wrong:
                line += f", NOT correct: {', '.join(wrong)}"
            if wrong or solved.problems:
                failed = True
            for problem in solved.problems:
                line += f"\n    {problem}"
        print(line)
    print(f"Solutions notebooks written to {arguments.out}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
