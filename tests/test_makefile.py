"""The Makefile: `make lab` starts as root too (containers, cloud machines), and the grading
targets install otter-grader before they use it."""

from __future__ import annotations

import os
import subprocess

import pytest


def test_make_lab_passes_allow_root_exactly_when_run_as_root(root):
    # Run as its own make, not as a sub-make of `make test` (which prints directory lines).
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("MAKE", "MFLAGS"))}
    lines = subprocess.run(
        ["make", "--no-print-directory", "-n", "lab"],
        cwd=root, env=environment, capture_output=True, text=True, check=True,
    ).stdout.splitlines()  # fmt: skip
    planned = next(line for line in lines if "jupyter lab" in line)
    command = subprocess.run(
        ["bash", "-c", f"echo {planned}"], cwd=root, capture_output=True, text=True, check=True
    ).stdout.split()
    assert command[:2] == [".venv/bin/jupyter", "lab"]
    assert ("--allow-root" in command) == (os.geteuid() == 0)


def _planned(root, *arguments: str) -> list[str]:
    """What `make -n -B` would run for a target on a fresh machine (every step, in order)."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("MAKE", "MFLAGS"))}
    return subprocess.run(
        ["make", "--no-print-directory", "-n", "-B", *arguments],
        cwd=root, env=environment, capture_output=True, text=True, check=True,
    ).stdout.splitlines()  # fmt: skip


@pytest.mark.parametrize("target", ["unit", "notebooks", "assignment", "grade"])
def test_targets_that_use_otter_install_the_pinned_grading_requirements_first(root, target):
    lines = _planned(root, target)
    site = next(i for i, line in enumerate(lines) if "-r requirements/site.txt" in line)
    grading = next(i for i, line in enumerate(lines) if "-r requirements/grading.txt" in line)
    assert site < grading < len(lines) - 1
    pins = (root / "requirements" / "grading.txt").read_text().splitlines()
    assert "otter-grader==7.0.0" in pins
    assert all("==" in line for line in pins if line and not line.startswith("#"))


def test_make_assignment_and_make_grade_run_the_grading_commands(root):
    assert _planned(root, "assignment")[-1] == (
        ".venv/bin/python -m devtools.assignment notebooks build/assignments"
    )
    assert _planned(root, "grade", "SUBMISSIONS=handed_in")[-1] == (
        ".venv/bin/python -m devtools.grade handed_in --out grades.csv"
    )
