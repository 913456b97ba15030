"""Self-checked exercises: a learner passes an answer to ``check`` and gets feedback at once.

Feedback says whether the answer is right, what is off, and gives a hint. It renders as
HTML in a notebook and as plain text anywhere else. An exercise left unanswered (``None``)
is not an error: it says what to do, so a notebook still runs top to bottom untouched.

>>> question = MultipleChoice(
...     "Who named value migration?",
...     {"a": "Adrian Slywotzky", "b": "Clayton Christensen"},
...     answer="a",
...     explanations={"b": "Christensen named disruptive innovation."},
... )
>>> print(question.check("b"))
Not quite. Christensen named disruptive innovation.
>>> question.check("A").correct
True
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

_STYLES = {
    True: ("#e7f4ee", "#00684a", "Correct."),
    False: ("#fdf0e6", "#8a3b00", "Not quite."),
    None: ("#eef3fa", "#0b4f85", "Not answered yet."),
}


@dataclass(frozen=True)
class Feedback:
    """What a check says back: ``correct`` is True, False, or None when not answered."""

    correct: bool | None
    message: str
    hint: str = ""

    def __str__(self) -> str:
        verdict = _STYLES[self.correct][2]
        text = f"{verdict} {self.message}".strip()
        return f"{text}\nHint: {self.hint}" if self.hint else text

    def __bool__(self) -> bool:
        return bool(self.correct)

    def _repr_html_(self) -> str:
        background, colour, verdict = _STYLES[self.correct]
        symbol = {True: "&#10004;", False: "&#10008;", None: "&#9998;"}[self.correct]
        hint = f"<br><em>Hint:</em> {html.escape(self.hint)}" if self.hint else ""
        return (
            f'<div class="course-feedback" role="status" style="background:{background};'
            f'border-left:4px solid {colour};padding:6px 10px;margin:4px 0">'
            f'<strong style="color:{colour}">{symbol} {verdict}</strong> '
            f"{html.escape(self.message)}{hint}</div>"
        )

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(str(self))


class Exercise:
    """Common part of every exercise: the question text and how it shows itself."""

    kind = "exercise"

    def __init__(self, question: str, hint: str = "") -> None:
        self.question = question
        self.hint = hint

    def check(self, answer: Any) -> Feedback:  # pragma: no cover - every kind overrides it
        raise NotImplementedError

    def _body_html(self) -> str:
        return ""

    def _repr_html_(self) -> str:
        return (
            f'<div class="course-exercise"><p><strong>Exercise.</strong> '
            f"{html.escape(self.question)}</p>{self._body_html()}</div>"
        )

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.question!r})"


def _not_answered(example: str) -> Feedback:
    return Feedback(
        None, f"Replace None with your answer, for example {example}, and run the cell."
    )


class MultipleChoice(Exercise):
    """A question with lettered options and one right option.

    ``explanations`` maps an option to what to say when a learner picks it.

    >>> q = MultipleChoice("2 + 2?", {"a": "4", "b": "5"}, answer="a")
    >>> q.check(None).correct is None
    True
    >>> print(q.check("c"))
    Not quite. "c" is not one of the options: choose one of a, b.
    """

    kind = "multiple choice"

    def __init__(
        self,
        question: str,
        options: Mapping[str, str],
        answer: str,
        explanations: Mapping[str, str] | None = None,
        hint: str = "",
    ) -> None:
        super().__init__(question, hint)
        self.options = {key.lower(): text for key, text in options.items()}
        if answer.lower() not in self.options:
            raise ValueError(
                f"the answer {answer!r} is not one of the options {list(self.options)}"
            )
        self.answer = answer.lower()
        self.explanations = {key.lower(): text for key, text in (explanations or {}).items()}

    def _body_html(self) -> str:
        items = "".join(
            f"<li><code>{html.escape(key)}</code>: {html.escape(text)}</li>"
            for key, text in self.options.items()
        )
        return f'<ul style="list-style:none">{items}</ul>'

    def check(self, answer: Any) -> Feedback:
        """Compare the learner's letter with the right one."""
        if answer is None:
            return _not_answered(f'"{next(iter(self.options))}"')
        choice = str(answer).strip().strip("()").lower()
        if choice not in self.options:
            keys = ", ".join(self.options)
            return Feedback(False, f'"{answer}" is not one of the options: choose one of {keys}.')
        said = self.explanations.get(choice, "")
        if choice == self.answer:
            return Feedback(True, said or f"{self.options[choice]}.")
        return Feedback(False, said or f'"{self.options[choice]}" is not it.', self.hint)


_NUMBER = re.compile(r"^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$")


def parse_number(answer: Any) -> float:
    """Read a number a learner typed, tolerating spaces, thousands commas, % and a comma decimal.

    >>> parse_number(" 1,234.5 "), parse_number("12,5"), parse_number("40%")
    (1234.5, 12.5, 40.0)
    >>> parse_number("twelve")
    Traceback (most recent call last):
    ...
    ValueError: "twelve" is not a number; write it with digits, like 12.5
    """
    if isinstance(answer, bool):
        raise ValueError(f'"{answer}" is not a number; write it with digits, like 12.5')
    if isinstance(answer, (int, float)):
        return float(answer)
    text = str(answer).strip().replace(" ", "").replace("_", "").rstrip("%")
    if re.fullmatch(r"[-+]?\d{1,3}(,\d{3})+(\.\d+)?", text):
        text = text.replace(",", "")
    elif text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    if not _NUMBER.match(text):
        raise ValueError(f'"{answer}" is not a number; write it with digits, like 12.5')
    return float(text)


class Numeric(Exercise):
    """A question whose answer is a number, right within a tolerance.

    ``answer`` may be a function, so that the right value is computed from the data when
    the check runs rather than typed into the lesson. ``tolerance`` is relative (0.02 is 2%)
    unless ``absolute=True``.

    >>> q = Numeric("Growth from 10 to 12, in %?", answer=20, tolerance=0.05, unit="%")
    >>> q.check("20.4").correct, q.check(30).correct
    (True, False)
    >>> print(q.check(30))
    Not quite. 30 % is too high.
    """

    kind = "numeric"

    def __init__(
        self,
        question: str,
        answer: float | Callable[[], float],
        tolerance: float = 0.01,
        unit: str = "",
        hint: str = "",
        absolute: bool = False,
        explanation: str = "",
    ) -> None:
        super().__init__(question, hint)
        self._answer = answer
        self.tolerance = tolerance
        self.unit = unit
        self.absolute = absolute
        self.explanation = explanation

    @property
    def answer(self) -> float:
        """The right value (computed now if the exercise was given a function)."""
        return float(self._answer() if callable(self._answer) else self._answer)

    def _with_unit(self, value: float) -> str:
        return f"{value:,.4g} {self.unit}".strip()

    def check(self, answer: Any) -> Feedback:
        """Compare the learner's number with the right one, within the tolerance."""
        if answer is None:
            return _not_answered("12.5")
        try:
            value = parse_number(answer)
        except ValueError as problem:
            return Feedback(False, str(problem))
        if not math.isfinite(value):
            return Feedback(False, f"{answer} is not a finite number.")
        right = self.answer
        allowed = self.tolerance if self.absolute else abs(right) * self.tolerance
        if abs(value - right) <= allowed + 1e-12:
            detail = f"The value is {self._with_unit(right)}."
            return Feedback(True, f"{detail} {self.explanation}".strip())
        direction = "too high" if value > right else "too low"
        return Feedback(False, f"{self._with_unit(value)} is {direction}.", self.hint)


class Checklist(Exercise):
    """Tick the statements that hold; feedback goes item by item.

    ``items`` maps each item to (whether it holds, why). The learner answers with the items
    they think hold (a list or set of names).

    >>> q = Checklist("Which hold for Wikipedia?", {"free": (True, "It costs nothing."),
    ...                                              "printed": (False, "It was never printed.")})
    >>> print(q.check(["free"]))
    Correct. free: yes. It costs nothing. printed: no. It was never printed.
    >>> q.check(["free", "printed"]).correct, q.check(["fast"]).correct
    (False, False)
    """

    kind = "checklist"

    def __init__(
        self, question: str, items: Mapping[str, tuple[bool, str]], hint: str = ""
    ) -> None:
        super().__init__(question, hint)
        self.items = dict(items)

    def _body_html(self) -> str:
        names = "".join(f"<li><code>{html.escape(repr(name))}</code></li>" for name in self.items)
        return f"<p>Items:</p><ul>{names}</ul><p>Answer with a list of the items that hold.</p>"

    @property
    def answer(self) -> list[str]:
        """The items that hold."""
        return [name for name, (holds, _) in self.items.items() if holds]

    def check(self, answer: Any) -> Feedback:
        """Compare the learner's ticks with the course's reading, item by item."""
        if answer is None:
            return _not_answered(repr(list(self.items)[:1]))
        chosen = {answer} if isinstance(answer, str) else set(answer)
        unknown = sorted(chosen - set(self.items))
        if unknown:
            return Feedback(
                False,
                f"{', '.join(map(repr, unknown))} is not an item; use: {', '.join(map(repr, self.items))}.",
            )
        wrong = [name for name, (holds, _) in self.items.items() if (name in chosen) != holds]
        said = " ".join(
            f"{name}: {'yes' if holds else 'no'}. {why}"
            for name, (holds, why) in self.items.items()
        )
        if not wrong:
            return Feedback(True, said)
        return Feedback(
            False, f"{len(self.items) - len(wrong)} of {len(self.items)} right. {said}", self.hint
        )
