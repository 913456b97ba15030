"""The README's two commands: `make lab` must start as root too (containers, cloud machines)."""

from __future__ import annotations

import os
import subprocess


def test_make_lab_passes_allow_root_exactly_when_run_as_root(root):
    planned = subprocess.run(
        ["make", "-n", "lab"], cwd=root, capture_output=True, text=True, check=True
    ).stdout.splitlines()[-1]
    command = subprocess.run(
        ["bash", "-c", f"echo {planned}"], cwd=root, capture_output=True, text=True, check=True
    ).stdout.split()
    assert command[:2] == [".venv/bin/jupyter", "lab"]
    assert ("--allow-root" in command) == (os.geteuid() == 0)
