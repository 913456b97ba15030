"""Links that open the course: Binder, Colab, a JupyterHub class, and the Colab setup line.

The repository's address is written once, in ``pyproject.toml`` (``[project.urls]``);
everything here reads it from the installed package's metadata.

>>> binder_url("notebooks/00_start_here.ipynb").startswith("https://mybinder.org/v2/gh/")
True
"""

from __future__ import annotations

import re
from functools import cache
from importlib import metadata
from pathlib import Path
from urllib.parse import quote, urlencode

DISTRIBUTION = "value-migration-course"
DEFAULT_BRANCH = "main"
FIRST_NOTEBOOK = "notebooks/00_start_here.ipynb"


@cache
def repository_url() -> str:
    """The course repository's address, as ``pyproject.toml`` states it.

    In a clone the project file beside the package is read; an installed copy (Colab) reads
    the same entry from the package's metadata.

    >>> repository_url().startswith("https://github.com/")
    True
    """
    pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
    if pyproject.is_file():
        match = re.search(r'^Repository\s*=\s*"([^"]+)"', pyproject.read_text(), re.MULTILINE)
        if match is None:
            raise RuntimeError("pyproject.toml has no [project.urls] Repository entry")
        return match.group(1)
    for entry in metadata.metadata(DISTRIBUTION).get_all("Project-URL") or []:
        label, _, url = entry.partition(",")
        if label.strip().lower() == "repository":
            return url.strip()
    raise RuntimeError(f"the installed {DISTRIBUTION} names no Repository URL")


def _github_slug() -> str:
    match = re.match(r"https://github\.com/([^/]+/[^/]+?)(?:\.git)?/?$", repository_url())
    if match is None:
        raise ValueError(f"not a GitHub repository address: {repository_url()}")
    return match.group(1)


def binder_url(notebook: str | None = None, branch: str = DEFAULT_BRANCH) -> str:
    """A mybinder.org link that builds the course and opens ``notebook`` in JupyterLab.

    >>> binder_url("notebooks/00_start_here.ipynb").endswith(
    ...     "main?urlpath=lab/tree/notebooks/00_start_here.ipynb")
    True
    """
    url = f"https://mybinder.org/v2/gh/{_github_slug()}/{branch}"
    return f"{url}?urlpath=lab/tree/{notebook}" if notebook else url


def colab_url(notebook: str, branch: str = DEFAULT_BRANCH) -> str:
    """A Google Colab link that opens ``notebook`` straight from the repository.

    >>> colab_url("notebooks/00_start_here.ipynb").startswith("https://colab.research.google.com/github/")
    True
    """
    return f"https://colab.research.google.com/github/{_github_slug()}/blob/{branch}/{notebook}"


def nbgitpuller_url(
    hub_url: str, notebook: str = FIRST_NOTEBOOK, branch: str = DEFAULT_BRANCH
) -> str:
    """A link for a class on a JupyterHub: it clones (or updates) the course into each
    student's home folder with nbgitpuller, then opens ``notebook``.

    >>> url = nbgitpuller_url("https://hub.example.edu")
    >>> url.startswith("https://hub.example.edu/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com")
    True
    """
    folder = _github_slug().split("/")[1]
    query = urlencode(
        {"repo": repository_url(), "branch": branch, "urlpath": f"lab/tree/{folder}/{notebook}"},
        quote_via=quote,
    )
    return f"{hub_url.rstrip('/')}/hub/user-redirect/git-pull?{query}"


def install_command() -> str:
    """The pip command that installs the course from its repository (what Colab runs).

    >>> install_command().startswith("pip install -q git+https://")
    True
    """
    return f"pip install -q git+{repository_url()}"


def setup_cell() -> str:
    """The first code cell of every notebook: on Colab it installs the course, elsewhere
    the first line does nothing; the second line prepares charts and widgets.

    >>> setup_cell().splitlines()[1]
    'import course_lib as cl; cl.setup()'
    """
    install = (
        f'import sys, os; "google.colab" in sys.modules and os.system("{install_command()}")'
        "  # installs the course on Colab only"
    )
    return f"{install}\nimport course_lib as cl; cl.setup()"
