"""Reading a number a person typed: one rule for every answer box and every CSV cell.

A number is written with digits, an optional sign, at most one decimal point and an
optional exponent: ``12``, ``-3.5``, ``1e6``. Anything else is refused with a message that
says how to write it, so "12,5" never means 12.5 in one place and 125 in another:

>>> parse_number("12.5"), parse_number(" -3 "), parse_number(7)
(12.5, -3.0, 7.0)
>>> parse_number("12,5")
Traceback (most recent call last):
...
course_lib.numbers.NumberProblem: "12,5" is not a number; write 12.5 (a point, not a comma, for decimals)
"""

from __future__ import annotations

import math
import numbers
import re
from typing import Any

from .problems import CourseProblem

__all__ = ["NumberProblem", "parse_number"]

_PLAIN = re.compile(r"[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?")
_THOUSANDS_COMMA = re.compile(r"[-+]?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?")
_THOUSANDS_POINT = re.compile(r"[-+]?[0-9]{1,3}(\.[0-9]{3})+,[0-9]+")
_THOUSANDS_SPACE = re.compile(r"[-+]?[0-9]{1,3}([ \u00a0\u202f'_][0-9]{3})+(\.[0-9]+)?")
_DECIMAL_COMMA = re.compile(r"[-+]?[0-9]*,[0-9]+")
_UNIT_OR_SIGN = re.compile(
    r"[$€£¥%]|\b(bn|m|mn|k|b|billion|million|thousand|usd|eur|gbp|jpy)\b", re.IGNORECASE
)


class NumberProblem(CourseProblem):
    """Text that is not a plain number; the message says how to write it.

    ``text`` is what was given.

    >>> try:
    ...     parse_number("1,234")
    ... except NumberProblem as problem:
    ...     print(problem.text, "|", problem)
    1,234 | "1,234" is not a number; write 1234 (no thousands separators), or 1.234 if the comma marks decimals
    """

    def __init__(self, message: str, text: str = "") -> None:
        super().__init__(message)
        self.text = text


def _how_to_write(text: str) -> str:
    """The message for ``text``, which is not a plain number."""
    shown = f'"{text}"'
    if text == "":
        return "the number is empty; write one with digits, like 12.5"
    if _THOUSANDS_COMMA.fullmatch(text):
        plain = text.replace(",", "")
        if text.count(",") == 1 and "." not in text:
            return (
                f"{shown} is not a number; write {plain} (no thousands separators), "
                f"or {text.replace(',', '.')} if the comma marks decimals"
            )
        return f"{shown} is not a number; write {plain} (no thousands separators)"
    if _THOUSANDS_POINT.fullmatch(text):
        plain = text.replace(".", "").replace(",", ".")
        return (
            f"{shown} is not a number; write {plain} "
            "(no thousands separators, and a point, not a comma, for decimals)"
        )
    if _THOUSANDS_SPACE.fullmatch(text):
        plain = re.sub(r"[ \u00a0\u202f'_]", "", text)
        return f"{shown} is not a number; write {plain} (no thousands separators)"
    if _DECIMAL_COMMA.fullmatch(text):
        return (
            f"{shown} is not a number; write {text.replace(',', '.')} "
            "(a point, not a comma, for decimals)"
        )
    if _UNIT_OR_SIGN.search(text):
        return (
            f"{shown} is not a plain number; write digits only and give the unit in the unit column"
        )
    return f"{shown} is not a number; write it with digits, like 12.5"


def parse_number(text: Any) -> float:
    """Read one number a person typed (an answer, a CSV cell), or explain how to write it.

    Python ints and floats pass through as floats; text must be a plain number with a
    point for decimals. Thousands separators, a decimal comma, currency signs, units, a
    percent sign, an empty answer, true/false and NaN or infinity raise
    :class:`NumberProblem`.

    >>> import numpy as np
    >>> parse_number("1e3"), parse_number("+0.5"), parse_number(2), parse_number(np.int64(3))
    (1000.0, 0.5, 2.0, 3.0)
    >>> parse_number("$5m")
    Traceback (most recent call last):
    ...
    course_lib.numbers.NumberProblem: "$5m" is not a plain number; write digits only and give the unit in the unit column
    >>> parse_number(True)
    Traceback (most recent call last):
    ...
    course_lib.numbers.NumberProblem: True is not a number; write it with digits, like 12.5
    """
    if isinstance(text, bool) or type(text).__name__ == "bool_":
        raise NumberProblem(f"{text} is not a number; write it with digits, like 12.5", str(text))
    if isinstance(text, numbers.Real):  # int, float, and numpy's integers and floats
        value = float(text)
        if not math.isfinite(value):
            raise NumberProblem(f"{text} is not a finite number; write one like 12.5", str(text))
        return value
    if not isinstance(text, str):
        raise NumberProblem(f"{text!r} is not a number; write it with digits, like 12.5", str(text))
    cleaned = text.strip()
    if _PLAIN.fullmatch(cleaned):
        value = float(cleaned)
        if math.isfinite(value):
            return value
        raise NumberProblem(f'"{cleaned}" is too large; write a finite number', text)
    raise NumberProblem(_how_to_write(cleaned), text)
