"""Write the launch links and setup cells from the one repository address in pyproject.toml.

    python scripts/sync_links.py          # rewrite README.md and notebooks/*.ipynb
    python scripts/sync_links.py --check  # exit 1 if anything is out of date (run by the tests)

What it writes:
- README.md, between ``<!-- links:start -->`` and ``<!-- links:end -->``: launch badges and a
  table of the notebooks with an Open in Colab / Binder link each;
- each notebook's first markdown cell, between the same markers: its own launch badges;
- each notebook's cell tagged ``setup``: ``course_lib.launch.setup_cell()``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from course_lib import launch  # noqa: E402
from course_lib.course_map import COURSE_MAP  # noqa: E402

START, END = "<!-- links:start -->", "<!-- links:end -->"
BLOCK = re.compile(re.escape(START) + r".*?" + re.escape(END), re.DOTALL)
BINDER_BADGE = "https://mybinder.org/badge_logo.svg"
COLAB_BADGE = "https://colab.research.google.com/assets/colab-badge.svg"


def badges(notebook: str) -> str:
    return (
        f"[![Open in Binder]({BINDER_BADGE})]({launch.binder_url(notebook)}) "
        f"[![Open in Colab]({COLAB_BADGE})]({launch.colab_url(notebook)})"
    )


def readme_block() -> str:
    lines = [
        START,
        badges(launch.FIRST_NOTEBOOK),
        "",
        "| # | Lesson | Open | Time |",
        "| --- | --- | --- | --- |",
    ]
    for lesson in COURSE_MAP:
        path = f"notebooks/{lesson.notebook}"
        if (ROOT / path).is_file():
            links = f"[Colab]({launch.colab_url(path)}) · [Binder]({launch.binder_url(path)})"
            title = f"[{lesson.title}]({path})"
        else:
            links, title = "coming", lesson.title
        lines.append(
            f"| {lesson.number} | {title}: {lesson.summary} | {links} | {lesson.minutes} min |"
        )
    lines.append(END)
    return "\n".join(lines)


def _source(cell: dict) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def sync_notebook(path: Path) -> bool:
    """Update one notebook in memory; write it and return True if it changed."""
    text = path.read_text(encoding="utf-8")
    notebook = json.loads(text)
    relative = path.relative_to(ROOT).as_posix()
    for cell in notebook["cells"]:
        source = _source(cell)
        if cell["cell_type"] == "markdown" and START in source:
            cell["source"] = BLOCK.sub(f"{START}\n{badges(relative)}\n{END}", source)
        if cell["cell_type"] == "code" and "setup" in cell.get("metadata", {}).get("tags", []):
            cell["source"] = launch.setup_cell()
    new_text = json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"
    if new_text != text:
        path.write_text(new_text, encoding="utf-8")
        return True
    return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report, do not write")
    arguments = parser.parse_args()
    stale = []
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    new_text = BLOCK.sub(readme_block(), text)
    if new_text != text:
        stale.append("README.md")
        if not arguments.check:
            readme.write_text(new_text, encoding="utf-8")
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        original = path.read_text(encoding="utf-8")
        if sync_notebook(path):
            stale.append(path.relative_to(ROOT).as_posix())
            if arguments.check:
                path.write_text(original, encoding="utf-8")
    if stale and arguments.check:
        print("out of date (run python scripts/sync_links.py):", ", ".join(stale))
        return 1
    print("updated: " + ", ".join(stale) if stale else "links are up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
