"""Find the numbers a lesson states in words, so a test can require each to be pinned.

Every number in a lesson's markdown and in its exercises' texts must be either checked by a
test (the lesson's test module lists it in ``PINNED`` beside the assertion that computes it)
or a number that is not data (a lesson number, minutes, a year an event happened).
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

from course_lib.exercises import Exercise

ROOT = Path(__file__).resolve().parent.parent
NUMBER = re.compile(r"(?<![\w.])-?\d[\d,]*(?:\.\d+)?%?")
#: Numbers that are not data: lesson and step numbers, durations, the thresholds named as
#: the course's rules, and the years of the source books.
NOT_DATA = {str(n) for n in range(0, 11)} | {
    "15", "20", "25", "30", "40", "45", "50", "90", "100",  # minutes, index bases, percent scale
    "1996",  # Slywotzky's book
    "1997",  # Christensen's The Innovator's Dilemma
    "2009",  # Christensen's The Innovator's Prescription
    "1962",  # Rogers' Diffusion of Innovations
}  # fmt: skip


def event_years() -> set[str]:
    """Years in which a sourced event happened (events.csv of every case)."""
    years = set()
    for path in (ROOT / "datasets").glob("*/events.csv"):
        with open(path, encoding="utf-8", newline="") as handle:
            years |= {row["date"][:4] for row in csv.DictReader(handle)}
    return years


def _strip(text: str) -> str:
    text = re.sub(r"```.*?```", " ", text, flags=re.DOTALL)
    text = re.sub(r"`[^`]*`", " ", text)  # code
    text = re.sub(r"\$\$.*?\$\$|\$[^$]*\$", " ", text, flags=re.DOTALL)  # formulas
    text = re.sub(r"<!-- links:start -->.*?<!-- links:end -->", " ", text, flags=re.DOTALL)
    text = re.sub(r"https?://\S+|\]\([^)]*\)", " ", text)  # links
    text = re.sub(r"^\s*(#+ .*|\d+\.)", " ", text, flags=re.MULTILINE)  # headings, list numbers
    return text


def numbers_in(text: str) -> set[str]:
    """The numbers written in a piece of prose, as written (commas removed).

    >>> sorted(numbers_in("Revenue fell 5% in 2005 to 5,900 (see `x = 3`)."))
    ['2005', '5%', '5900']
    """
    return {match.replace(",", "") for match in NUMBER.findall(_strip(text))}


def lesson_texts(notebook: str, module: object) -> list[str]:
    """The markdown of a notebook and every text of its lesson module's exercises."""
    cells = json.loads((ROOT / "notebooks" / notebook).read_text(encoding="utf-8"))["cells"]
    texts = ["".join(cell["source"]) for cell in cells if cell["cell_type"] == "markdown"]
    for exercise in vars(module).values():
        if not isinstance(exercise, Exercise):
            continue
        texts += [exercise.question, exercise.hint, getattr(exercise, "explanation", "")]
        for name in ("options", "explanations", "mistakes", "items", "requirements"):
            found = getattr(exercise, name, {}) or {}
            texts += [str(key) for key in found]
            texts += [v if isinstance(v, str) else str(v[1]) if isinstance(v, tuple) else ""
                      for v in found.values()]  # fmt: skip
    return texts


def unpinned(notebook: str, module: object, pinned: set[str]) -> set[str]:
    """Numbers in the lesson's prose that no test pins and that are not known non-data."""
    found: set[str] = set()
    for text in lesson_texts(notebook, module):
        found |= numbers_in(text)
    return found - pinned - NOT_DATA - event_years()
