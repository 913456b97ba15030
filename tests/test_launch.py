"""Launch links (Binder, Colab, a JupyterHub class) and the Colab setup line."""

from __future__ import annotations

import os
import subprocess
import sys
import types
from urllib.parse import parse_qs, urlparse

from course_lib import launch


def test_links_point_at_the_repository_in_pyproject(root):
    text = (root / "pyproject.toml").read_text()
    url = launch.repository_url()
    assert f'Repository = "{url}"' in text
    slug = url.removeprefix("https://github.com/")
    assert (
        launch.colab_url("notebooks/x.ipynb")
        == f"https://colab.research.google.com/github/{slug}/blob/main/notebooks/x.ipynb"
    )
    assert launch.binder_url() == f"https://mybinder.org/v2/gh/{slug}/main"


def test_nbgitpuller_link_clones_the_course_and_opens_a_notebook():
    url = urlparse(
        launch.nbgitpuller_url("https://hub.example.edu/", "notebooks/00_start_here.ipynb")
    )
    assert (url.netloc, url.path) == ("hub.example.edu", "/hub/user-redirect/git-pull")
    query = parse_qs(url.query)
    folder = launch.repository_url().rstrip("/").split("/")[-1]
    assert query["repo"] == [launch.repository_url()] and query["branch"] == ["main"]
    assert query["urlpath"] == [f"lab/tree/{folder}/notebooks/00_start_here.ipynb"]


def test_setup_cell_installs_only_on_colab(monkeypatch):
    first, second = launch.setup_cell().splitlines()
    assert second == "import course_lib as cl; cl.setup()"
    commands: list[str] = []
    monkeypatch.setattr(os, "system", commands.append)
    monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    exec(compile(first, "<setup>", "exec"), {})  # noqa: S102 - the notebooks' real first line
    assert commands == []  # outside Colab nothing is installed
    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    exec(compile(first, "<setup>", "exec"), {})  # noqa: S102
    assert commands == [launch.install_command()]


def test_link_sync_is_up_to_date(root):
    result = subprocess.run(
        [sys.executable, "scripts/sync_links.py", "--check"],
        cwd=root,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_importing_the_package_does_not_import_altair_or_pandas(root):
    code = "import sys, course_lib; print('altair' in sys.modules, 'pandas' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True)
    assert result.stdout.split() == ["False", "False"]
