"""Problems a learner can cause, as one family of exceptions.

A learner can upload a broken CSV, move two sliders into an impossible setting, or ask a
model to fit a series that is too short. Each of those raises a subclass of
:class:`CourseProblem`, whose message says in plain words what is wrong and how to fix it.
Code that shows results to a learner (the explorers in ``widgets``) catches this class
alone, so a programming error in the course stays a traceback that points at the bug.

>>> issubclass(RulesProblem, CourseProblem), issubclass(CourseProblem, ValueError)
(True, True)
>>> issubclass(DataProblem, CourseProblem)
True
>>> print(CourseProblem("the growth line must be below 1"))
the growth line must be below 1
"""

from __future__ import annotations

import html


class CourseProblem(ValueError):
    """Something the learner can fix: bad input data, an impossible setting, too little data.

    The message is written for the learner. ``_repr_html_`` shows it as a notice in a notebook.
    """

    def _repr_html_(self) -> str:
        text = html.escape(str(self)).replace("\n", "<br>")
        return (
            '<div class="course-problem" role="alert" style="border-left:4px solid #D55E00;'
            f'background:#fdf0e6;padding:6px 10px;overflow-wrap:anywhere">{text}</div>'
        )


class RulesProblem(CourseProblem):
    """Settings that contradict each other (an outflow line above the inflow line)."""


class TooLittleData(CourseProblem):
    """A series too short, or too flat, for the model asked of it."""


class DataProblem(CourseProblem):
    """Everything wrong with a learner's CSV, each problem with how to fix it.

    ``problems`` is the list of plain-language problems, ``source`` names the file;
    ``str(error)`` lists them all under a heading.

    >>> print(DataProblem(['row 2, column "year": "19" is not a year'], "acme.csv"))
    acme.csv has 1 problem to fix:
    - row 2, column "year": "19" is not a year
    """

    def __init__(self, problems: list[str], source: str = "your file") -> None:
        self.problems = list(problems)
        self.source = source
        count = len(self.problems)
        heading = f"{source} has {count} problem{'s' if count != 1 else ''} to fix:"
        super().__init__("\n".join([heading, *(f"- {problem}" for problem in self.problems)]))

    def _repr_html_(self) -> str:
        items = "".join(f"<li>{html.escape(problem)}</li>" for problem in self.problems)
        count = len(self.problems)
        return (
            '<div class="course-data-problem" role="alert" style="border-left:4px solid #D55E00;'
            f'background:#fdf0e6;padding:6px 10px"><strong>{html.escape(self.source)} has {count} '
            f"problem{'s' if count != 1 else ''} to fix.</strong> Nothing was charted; "
            f"fix these and load it again:<ul>{items}</ul></div>"
        )
