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

from .numbers import NumberProblem, parse_number

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


def inline_code(text: str) -> str:
    """Escape ``text`` for HTML and show its `backticked` names as code.

    >>> inline_code("Assign it to `times` <now>")
    'Assign it to <code>times</code> &lt;now&gt;'
    """
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(text))


def shown(value: Any) -> str:
    """A short, readable form of a value in feedback (a Series as {year: value, ...}).

    >>> import pandas as pd
    >>> shown(pd.Series({2000: 1.0, 2001: 3.5})), shown("inflow")
    ('{2000: 1.0, 2001: 3.5}', "'inflow'")
    """
    if hasattr(value, "to_dict") and hasattr(value, "index"):
        return repr(value.to_dict())
    return repr(value)


class Exercise:
    """Common part of every exercise: the question text and how it shows itself.

    ``asks_for_code`` is True for exercises in which the learner writes code and the check
    inspects what it built.
    """

    kind = "exercise"
    asks_for_code = False

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
            f"{inline_code(self.question)}</p>{self._body_html()}</div>"
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

    ``mistakes`` maps a likely cause to the wrong answer it gives (a function of the right
    one), so the feedback can name the cause rather than only "too high":

    >>> q = Numeric("Market value ÷ revenue?", answer=4.0, tolerance=0.02,
    ...             mistakes={"that is revenue ÷ market value, upside down.": lambda r: 1 / r})
    >>> print(q.check(0.25))
    Not quite. 0.25 is not it: that is revenue ÷ market value, upside down.
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
        mistakes: Mapping[str, Callable[[float], float]] | None = None,
        year: bool = False,
        asks_for_code: bool = False,
    ) -> None:
        super().__init__(question, hint)
        self.asks_for_code = asks_for_code
        self._answer = answer
        self.tolerance = tolerance
        self.unit = unit
        self.absolute = absolute
        self.explanation = explanation
        self.mistakes = dict(mistakes or {})
        self.year = year

    @property
    def answer(self) -> float:
        """The right value (computed now if the exercise was given a function)."""
        return float(self._answer() if callable(self._answer) else self._answer)

    def _with_unit(self, value: float) -> str:
        shown = f"{value:.0f}" if self.year else f"{value:,.4g}"
        return f"{shown} {self.unit}".strip()

    def _near(self, value: float, right: float) -> bool:
        allowed = self.tolerance if self.absolute else abs(right) * self.tolerance
        return abs(value - right) <= allowed + 1e-12

    def check(self, answer: Any) -> Feedback:
        """Compare the learner's number with the right one, within the tolerance."""
        if answer is None:
            return _not_answered("2005" if self.year else "12.5")
        try:
            value = parse_number(answer)
        except NumberProblem as problem:
            return Feedback(False, str(problem))
        if not math.isfinite(value):
            return Feedback(False, f"{answer} is not a finite number.")
        right = self.answer
        if self._near(value, right):
            detail = f"The value is {self._with_unit(right)}."
            return Feedback(True, f"{detail} {self.explanation}".strip())
        for cause, wrong in self.mistakes.items():
            if self._near(value, wrong(right)):
                return Feedback(
                    False, _sentence(f"{self._with_unit(value)} is not it: {cause}"), self.hint
                )
        direction = "too high" if value > right else "too low"
        return Feedback(False, f"{self._with_unit(value)} is {direction}.", self.hint)


class Checklist(Exercise):
    """Tick the statements that hold; the first wrong try gets a hint, later ones the reasons.

    ``items`` maps each item to (whether it holds, why). The learner answers with the items
    they think hold (a list or set of names). A first wrong answer says how many are right
    and gives the hint, without revealing which; a second wrong answer, or
    ``check(answer, reveal=True)``, goes through every item with its reason.

    >>> q = Checklist("Which hold for Wikipedia?", {"free": (True, "It costs nothing."),
    ...                                              "printed": (False, "It was never printed.")},
    ...               hint="Think about the price.")
    >>> print(q.check(["free", "printed"]))
    Not quite. 1 of 2 right. Try again, or add reveal=True to see the reasons.
    Hint: Think about the price.
    >>> print(q.check(["free"]))
    Correct. free: yes. It costs nothing. printed: no. It was never printed.
    >>> q.check(["fast"]).correct
    False
    """

    kind = "checklist"

    def __init__(
        self, question: str, items: Mapping[str, tuple[bool, str]], hint: str = ""
    ) -> None:
        super().__init__(question, hint)
        self.items = dict(items)
        self.wrong_tries = 0

    def _body_html(self) -> str:
        names = "".join(f"<li><code>{html.escape(repr(name))}</code></li>" for name in self.items)
        return f"<p>Items:</p><ul>{names}</ul><p>Answer with a list of the items that hold.</p>"

    @property
    def answer(self) -> list[str]:
        """The items that hold."""
        return [name for name, (holds, _) in self.items.items() if holds]

    def check(self, answer: Any, reveal: bool = False) -> Feedback:
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
        self.wrong_tries += 1
        right = f"{len(self.items) - len(wrong)} of {len(self.items)} right."
        if reveal or self.wrong_tries > 1:
            return Feedback(False, f"{right} {said}", self.hint)
        return Feedback(
            False, f"{right} Try again, or add reveal=True to see the reasons.", self.hint
        )


# ------------------------------------------------------------- exercises that ask for code
#
# The learner computes something with the course's tools and assigns it to a name; the check
# inspects that object: its type and shape, its values against the truth computed from the
# data, and, when it is wrong, whether it matches a likely mistake (an inverted ratio,
# thousands for millions, a year too many) so the feedback can name the cause.

_SCALES = {
    1e3: "your figures are 1,000 times too large: check the unit (thousands vs millions, "
    "or millions vs billions)",
    1e-3: "your figures are 1,000 times too small: check the unit (billions vs millions, "
    "or millions vs thousands)",
    1e6: "your figures are a million times too large: check the unit",
    1e-6: "your figures are a million times too small: check the unit",
    100.0: "your figures are 100 times too large: a share is between 0 and 1, not a percentage",
    0.01: "your figures are 100 times too small: the question asks for percentages",
}


def _sentence(text: str) -> str:
    """End a message with exactly one full stop.

    >>> _sentence("upside down."), _sentence("upside down")
    ('upside down.', 'upside down.')
    """
    text = text.rstrip()
    return text if text.endswith((".", "!", "?")) else text + "."


def _type_name(answer: Any) -> str:
    return type(answer).__name__


def _common_ratio(mine: Any, right: Any) -> float | None:
    """The one factor that turns every right value into the learner's, if there is one."""
    import numpy as np

    mine, right = np.asarray(mine, dtype=float), np.asarray(right, dtype=float)
    usable = (right != 0) & np.isfinite(right) & np.isfinite(mine)
    if not usable.any():
        return None
    ratios = mine[usable] / right[usable]
    if np.allclose(ratios, ratios[0], rtol=1e-3):
        return float(ratios[0])
    return None


def _explain_numbers(mine: Any, right: Any) -> str | None:
    """A likely cause when every value is off in the same way (scale, inversion), else None."""
    import numpy as np

    ratio = _common_ratio(mine, right)
    if ratio is not None:
        for scale, cause in _SCALES.items():
            if abs(ratio / scale - 1) < 0.01:
                return cause
    inverse = _common_ratio(1 / np.asarray(mine, dtype=float), right)
    if inverse is not None and abs(inverse - 1) < 0.01:
        return "your values are the right ones upside down: check which figure you divide by"
    return None


class SeriesCheck(Exercise):
    """The learner builds a pandas Series indexed by year; the check compares it with the truth.

    ``expected`` computes the right Series (from the data, when the check runs). ``mistakes``
    maps a likely cause to a function computing the Series that mistake gives; a learner
    whose Series matches one is told the cause. Scale and inversion mistakes are recognised
    without being listed.

    >>> import pandas as pd
    >>> right = pd.Series({2000: 2.0, 2001: 4.0})
    >>> q = SeriesCheck("Value ratio by year?", lambda: right,
    ...                 mistakes={"2002 is outside the years asked for": lambda: pd.concat(
    ...                     [right, pd.Series({2002: 5.0})])})
    >>> q.check(right * 1000).message
    'Your Series is not right yet: your figures are 1,000 times too large: check the unit (thousands vs millions, or millions vs billions).'
    >>> q.check(1 / right).message
    'Your Series is not right yet: your values are the right ones upside down: check which figure you divide by.'
    >>> q.check(pd.concat([right, pd.Series({2002: 5.0})])).message
    'Your Series is not right yet: 2002 is outside the years asked for.'
    >>> q.check(right).correct, q.check([2.0, 4.0]).message
    (True, 'This is a list; build a pandas Series indexed by year (for example with cl.data.metric).')
    """

    kind = "code: a Series"
    asks_for_code = True

    def __init__(
        self,
        question: str,
        expected: Callable[[], Any],
        tolerance: float = 0.01,
        mistakes: Mapping[str, Callable[[], Any]] | None = None,
        hint: str = "",
    ) -> None:
        super().__init__(question, hint)
        self.expected = expected
        self.tolerance = tolerance
        self.mistakes = dict(mistakes or {})

    def _same(self, mine: Any, right: Any) -> bool:
        import numpy as np

        mine, right = mine.dropna().sort_index(), right.dropna().sort_index()
        if list(mine.index) != list(right.index):
            return False
        return bool(np.allclose(mine.to_numpy(float), right.to_numpy(float), rtol=self.tolerance))

    def check(self, answer: Any) -> Feedback:
        """Inspect the learner's Series: type, years, values, and the likely mistake."""
        import pandas as pd

        if answer is None:
            return _not_answered("cl.data.metric(...)")
        if isinstance(answer, pd.DataFrame) and answer.shape[1] == 1:
            answer = answer.iloc[:, 0]
        if not isinstance(answer, pd.Series):
            return Feedback(
                False,
                f"This is a {_type_name(answer)}; build a pandas Series indexed by year "
                "(for example with cl.data.metric).",
                self.hint,
            )
        right = self.expected()
        try:
            mine = answer.astype(float)
        except (TypeError, ValueError):
            return Feedback(False, "Your Series holds values that are not numbers.", self.hint)
        if self._same(mine, right):
            return Feedback(True, f"Your Series matches, year by year ({len(right)} years).")
        for cause, wrong in self.mistakes.items():
            if self._same(mine, wrong()):
                return Feedback(
                    False, _sentence(f"Your Series is not right yet: {cause}"), self.hint
                )
        mine, right = mine.dropna().sort_index(), right.dropna().sort_index()
        extra = [year for year in mine.index if year not in right.index]
        missing = [year for year in right.index if year not in mine.index]
        if extra or missing:
            said = []
            if extra:
                said.append(f"it has {', '.join(map(str, extra))}, which the question leaves out")
            if missing:
                said.append(f"it lacks {', '.join(map(str, missing))}")
            return Feedback(False, f"Your Series is not right yet: {'; '.join(said)}.", self.hint)
        cause = _explain_numbers(mine, right)
        if cause:
            return Feedback(False, _sentence(f"Your Series is not right yet: {cause}"), self.hint)
        off = [year for year in right.index if not self._same(mine[[year]], right[[year]])]
        first = off[0]
        return Feedback(
            False,
            f"Your Series has the right years but {len(off)} value(s) differ; the first is "
            f"{first}: you have {mine[first]:,.4g}.",
            self.hint,
        )


class FunctionCheck(Exercise):
    """The learner writes a small function; the check runs it on cases they have not seen.

    ``reference`` is the right function; ``cases`` are argument tuples to call both with.
    ``mistakes`` maps a likely cause to a wrong function: a learner's function that agrees
    with it on every case is told the cause.

    >>> def phase(ratio):
    ...     return "inflow" if ratio > 2 else "outflow" if ratio < 0.8 else "stability"
    >>> def at_or_above(ratio):
    ...     return "inflow" if ratio >= 2 else "outflow" if ratio < 0.8 else "stability"
    >>> q = FunctionCheck("Write phase(ratio).", phase, cases=[(3.0,), (2.0,), (0.5,), (1.0,)],
    ...                   mistakes={"a ratio of exactly 2 is not above 2: use >, not >=": at_or_above})
    >>> q.check(phase).correct, q.check(at_or_above).message
    (True, 'Your function is not right yet: a ratio of exactly 2 is not above 2: use >, not >=.')
    >>> print(q.check(lambda ratio: "inflow").message)
    For phase(2.0) your function gives 'inflow'; it should give 'stability'.
    """

    kind = "code: a function"
    asks_for_code = True

    def __init__(
        self,
        question: str,
        reference: Callable[..., Any],
        cases: list[tuple[Any, ...]],
        mistakes: Mapping[str, Callable[..., Any]] | None = None,
        hint: str = "",
        tolerance: float = 1e-6,
    ) -> None:
        super().__init__(question, hint)
        self.reference = reference
        self.cases = list(cases)
        self.mistakes = dict(mistakes or {})
        self.tolerance = tolerance

    def _equal(self, mine: Any, right: Any) -> bool:
        """Equal within the tolerance; a list, array, Index or Series compares item by item.

        >>> check = FunctionCheck("?", len, cases=[])
        >>> import pandas as pd
        >>> check._equal(pd.Index([2001, 2003]), [2001, 2003]), check._equal(1.0, 1 + 1e-9)
        (True, True)
        """
        if isinstance(right, (int, float)) and not isinstance(right, bool):
            try:
                return math.isclose(float(mine), float(right), rel_tol=self.tolerance)
            except (TypeError, ValueError):
                return False
        sequence = (list, tuple)
        if isinstance(right, sequence) or hasattr(right, "__array__"):
            if isinstance(mine, (str, bytes)) or not hasattr(mine, "__iter__"):
                return False
            mine, right = list(mine), list(right)
            return len(mine) == len(right) and all(
                self._equal(a, b) for a, b in zip(mine, right, strict=True)
            )
        try:
            return bool(mine == right)
        except (TypeError, ValueError):  # an array compared with a scalar, say
            return False

    def check(self, answer: Any) -> Feedback:
        """Run the learner's function on every case and compare."""
        if answer is None:
            return _not_answered("the name of your function")
        if not callable(answer):
            return Feedback(
                False,
                f"This is a {_type_name(answer)}, not a function: pass the function's name "
                "without brackets.",
                self.hint,
            )
        name = getattr(self.reference, "__name__", "f")
        results = []
        for case in self.cases:
            call = f"{name}({', '.join(map(shown, case))})"
            try:
                results.append(answer(*case))
            except Exception as error:  # the learner's code: report any error in words
                return Feedback(
                    False,
                    f"Your function stopped with {type(error).__name__}: {error} when called as {call}.",
                    self.hint,
                )
        if all(result is None for result in results) and any(
            self.reference(*case) is not None for case in self.cases
        ):
            return Feedback(
                None, "Your function returns None in every case: write its body and run the cell."
            )
        expected = [self.reference(*case) for case in self.cases]
        if all(self._equal(m, r) for m, r in zip(results, expected, strict=True)):
            return Feedback(
                True, f"Your function gives the right result in all {len(self.cases)} cases tried."
            )
        for cause, wrong in self.mistakes.items():
            theirs = [wrong(*case) for case in self.cases]
            if all(self._equal(m, w) for m, w in zip(results, theirs, strict=True)):
                return Feedback(
                    False, _sentence(f"Your function is not right yet: {cause}"), self.hint
                )
        for case, mine, right in zip(self.cases, results, expected, strict=True):
            if not self._equal(mine, right):
                call = f"{name}({', '.join(map(shown, case))})"
                return Feedback(
                    False,
                    f"For {call} your function gives {shown(mine)}; it should give {shown(right)}.",
                    self.hint,
                )
        raise AssertionError("unreachable: some case differed")  # pragma: no cover


def chart_marks(spec: Mapping[str, Any]) -> list[str]:
    """Every mark type in a chart's spec, through layers and panels.

    >>> chart_marks({"layer": [{"mark": {"type": "line"}}, {"mark": "rule"}]})
    ['line', 'rule']
    """
    found = []
    mark = spec.get("mark")
    if mark is not None:
        found.append(mark["type"] if isinstance(mark, Mapping) else mark)
    for key in ("layer", "hconcat", "vconcat", "concat"):
        for part in spec.get(key, []):
            found += chart_marks(part)
    if isinstance(spec.get("spec"), Mapping):
        found += chart_marks(spec["spec"])
    return found


def chart_fields(spec: Mapping[str, Any]) -> dict[str, set[str]]:
    """The fields each encoding channel shows, through layers and panels.

    >>> chart_fields({"encoding": {"x": {"field": "year"}, "y": {"field": "ratio"}}})
    {'x': {'year'}, 'y': {'ratio'}}
    """
    found: dict[str, set[str]] = {}
    for channel, encoding in (spec.get("encoding") or {}).items():
        if isinstance(encoding, Mapping) and "field" in encoding:
            found.setdefault(channel, set()).add(str(encoding["field"]))
    for key in ("layer", "hconcat", "vconcat", "concat"):
        for part in spec.get(key, []):
            for channel, fields in chart_fields(part).items():
                found.setdefault(channel, set()).update(fields)
    return found


class ChartCheck(Exercise):
    """The learner makes or changes a chart; the check reads its Vega-Lite spec.

    ``requirements`` maps what to tell the learner when a requirement fails to a test of
    the chart's spec (a dict). They are checked in order; the first that fails is reported.

    >>> import altair as alt, pandas as pd
    >>> q = ChartCheck("Draw revenue as a line.", {
    ...     "use a line mark (mark_line)": lambda spec: "line" in chart_marks(spec),
    ...     "put the year on the x axis": lambda spec: "year" in chart_fields(spec).get("x", set()),
    ... })
    >>> data = pd.DataFrame({"year": [2000, 2001], "revenue": [1.0, 2.0]})
    >>> print(q.check(alt.Chart(data).mark_bar().encode(x="year:O", y="revenue:Q")).message)
    Not yet: use a line mark (mark_line).
    >>> q.check(alt.Chart(data).mark_line().encode(x="year:Q", y="revenue:Q")).correct
    True
    """

    kind = "code: a chart"
    asks_for_code = True

    def __init__(
        self,
        question: str,
        requirements: Mapping[str, Callable[[dict[str, Any]], bool]],
        hint: str = "",
    ) -> None:
        super().__init__(question, hint)
        self.requirements = dict(requirements)

    def check(self, answer: Any) -> Feedback:
        """Check the chart's spec against each requirement in turn."""
        if answer is None:
            return _not_answered("a chart from cl.charts")
        to_dict = getattr(answer, "to_dict", None)
        if to_dict is None or not hasattr(answer, "properties"):
            return Feedback(
                False, f"This is a {_type_name(answer)}, not an Altair chart.", self.hint
            )
        spec = to_dict()
        for message, test in self.requirements.items():
            if not test(spec):
                return Feedback(False, f"Not yet: {message}.", self.hint)
        return Feedback(True, "Your chart has everything asked for.")
