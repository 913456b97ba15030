"""The instructor guide covers every lesson: a page per lesson, listed in the guide's README,
with the parts an instructor looks for and every exercise the lesson asks learners to fill."""

from __future__ import annotations

import nbformat
import pytest

from devtools.exercise_cells import NOTEBOOKS, ROOT, learner_cells

GUIDE = ROOT / "instructors"
LESSONS = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
PARTS = (
    "## Objectives",
    "## A 50-minute session",
    "## A 90-minute session",
    "## Discussion questions",
    "## Common misconceptions",
    "## Exercises at a glance",
)


@pytest.mark.parametrize("path", LESSONS, ids=lambda path: path.stem)
def test_each_lesson_has_a_guide_with_its_parts_and_exercises(path):
    page = GUIDE / f"{path.stem}.md"
    assert page.exists(), f"instructors/{page.name} is missing"
    text = page.read_text(encoding="utf-8")
    assert [part for part in PARTS if part not in text] == []
    assert f"solutions/{path.stem}.py" in text and f"notebooks/{path.name}" in text
    exercises = learner_cells(nbformat.read(path, as_version=4))
    assert [name for name in exercises if f"`{name}`" not in text] == []


def test_the_guide_lists_every_lesson_and_the_readme_links_the_guide():
    listing = (GUIDE / "README.md").read_text(encoding="utf-8")
    assert [path.stem for path in LESSONS if f"({path.stem}.md)" not in listing] == []
    assert "instructors/README.md" in (ROOT / "README.md").read_text(encoding="utf-8")
