"""What the browser tests share: one Chromium per test module, and one run of the lessons and
one build of the website per session (the site's, the slides' and the accessibility tests')."""

from __future__ import annotations

from pathlib import Path

import pytest

from course_lib import static_site
from devtools import lab as harness

LESSONS = sorted((harness.ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
BUILD = harness.ROOT / "build"


@pytest.fixture(scope="module")
def chromium():
    with harness.browser() as browser:
        yield browser


@pytest.fixture(scope="session")
def executed_lessons() -> list[Path]:
    """Every lesson run in site mode (build/executed; a run is reused until what it depends
    on changes)."""
    return static_site.execute_all(LESSONS, BUILD / "executed")


@pytest.fixture(scope="session")
def site_folder(executed_lessons) -> Path:
    """The course website, built as `make site` builds it (build/site)."""
    output = BUILD / "site"
    static_site.build_site(executed_lessons, output)
    return output
