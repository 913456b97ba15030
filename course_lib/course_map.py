"""The course map: every lesson with its number, title, summary and time.

>>> COURSE_MAP[1].notebook
'01_value_migration.ipynb'
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Lesson:
    """One entry of the course map."""

    number: int
    title: str
    summary: str
    minutes: int

    @property
    def notebook(self) -> str:
        slug = self.title.lower().replace(" ", "_").replace(",", "")
        return f"{self.number:02d}_{slug}.ipynb"


COURSE_MAP: tuple[Lesson, ...] = (
    Lesson(
        0,
        "Start here",
        "How to run the course, a tour of its controls, and your first code with feedback.",
        30,
    ),
    Lesson(
        1,
        "Value migration",
        "What moves between industries, companies and business designs, and how to measure it.",
        40,
    ),
    Lesson(
        2,
        "Phases of value migration",
        "Inflow, stability and outflow, classified year by year from real data.",
        45,
    ),
    Lesson(
        3,
        "Anticipating migration",
        "Early-warning signals, back-tested: from which year could you have seen it?",
        40,
    ),
    Lesson(
        4,
        "Disruptive innovation",
        "Sustaining and disruptive technologies, overshooting, and a trajectory simulator.",
        45,
    ),
    Lesson(
        5,
        "Diffusion and substitution",
        "Rogers' adopters, the Bass model fitted to real series, Fisher-Pry take-over.",
        45,
    ),
    Lesson(
        6,
        "From value chain to value network",
        "Chains, networks, and what breaks when a partner leaves.",
        40,
    ),
    Lesson(
        7,
        "Business model and partnership canvas",
        "Build and compare canvases; score partner fit.",
        40,
    ),
    Lesson(
        8,
        "The innovation toolbox",
        "Types of innovation, the growth matrix, the funnel, frugal and continuous innovation.",
        45,
    ),
    Lesson(
        9,
        "Capstone your own case",
        "Your company or a course case through every tool, exported as a report.",
        45,
    ),
)


def notebooks_folder() -> Path:
    """The repository's ``notebooks/`` folder (present in a clone, on Binder and on a hub)."""
    return Path(__file__).resolve().parents[1] / "notebooks"


def course_map_html() -> str:
    """The course map as an HTML table; lessons not written yet are marked as coming.

    >>> "Start here" in course_map_html()
    True
    """
    rows = []
    folder = notebooks_folder()
    for lesson in COURSE_MAP:
        exists = (folder / lesson.notebook).is_file() if folder.is_dir() else False
        name = (
            f'<a href="{lesson.notebook}">{html.escape(lesson.title)}</a>'
            if exists
            else f"{html.escape(lesson.title)} <em>(coming)</em>"
        )
        cells = [str(lesson.number), name, html.escape(lesson.summary), f"{lesson.minutes} min"]
        rows.append("<tr>" + "".join(map(_cell, cells, _WRAPS)) + "</tr>")
    head = "".join(_cell(name, False, "th") for name in ("#", "Lesson", "What you do", "Time"))
    return f'<table class="course-map"><tr>{head}</tr>{"".join(rows)}</table>'


#: Which columns may wrap: only the summary (a time or a title on two lines reads badly).
_WRAPS = (False, False, True, False)


def _cell(text: str, wraps: bool, tag: str = "td") -> str:
    """A table cell whose text reads from the left (notebooks right-align cells by default)."""
    wrap = "normal" if wraps else "nowrap"
    return f'<{tag} style="text-align:left;vertical-align:top;white-space:{wrap}">{text}</{tag}>'


class CourseMap:
    """Displays the course map in a notebook."""

    def _repr_html_(self) -> str:
        return course_map_html()

    def __repr__(self) -> str:
        return "\n".join(
            f"{lesson.number}. {lesson.title}: {lesson.summary}" for lesson in COURSE_MAP
        )


def course_map() -> CourseMap:
    """The course map, shown as a table in a notebook and as text elsewhere.

    >>> print(course_map())  # doctest: +ELLIPSIS
    0. Start here: How to run the course, a tour of its controls, ...
    1. Value migration: ...
    """
    return CourseMap()
