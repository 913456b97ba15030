"""Environment detection, launch links and the setup cell."""

from __future__ import annotations

import subprocess
import sys
from urllib.parse import parse_qs, urlparse

import pytest

from course_lib import launch


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({}, "local"),
        ({"COLAB_RELEASE_TAG": "x"}, "colab"),
        ({"BINDER_LAUNCH_HOST": "https://mybinder.org/", "JUPYTERHUB_USER": "u"}, "binder"),
        ({"JUPYTERHUB_API_URL": "http://hub/api"}, "jupyterhub"),
    ],
)
def test_environment_is_told_from_the_variables_each_platform_sets(
    monkeypatch, variables, expected
):
    for name in list(__import__("os").environ):
        if name.startswith(("BINDER_", "JUPYTERHUB_", "COLAB_")):
            monkeypatch.delenv(name)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    assert launch.environment() == expected


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


def test_setup_cell_installs_only_on_colab_and_does_nothing_here():
    first, second = launch.setup_cell().splitlines()
    assert "google.colab" in first and launch.install_command() in first
    assert second == "import course_lib as cl; cl.setup()"
    namespace: dict = {}
    exec(compile(first, "<setup>", "exec"), namespace)  # noqa: S102 - runs the real line: a no-op here
    assert "google.colab" not in sys.modules


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
