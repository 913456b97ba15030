"""The README's two commands: `make lab` must start as root too (containers, cloud machines)."""

from __future__ import annotations

import os
import subprocess


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
