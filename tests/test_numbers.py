"""numbers.parse_number: one rule for a typed number, the same in an answer box and a CSV cell."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from course_lib import exercises, learner_csv, problems
from course_lib.numbers import NumberProblem, parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12", 12.0),
        ("-3.5", -3.5),
        ("+4", 4.0),
        (" 7 ", 7.0),
        (".5", 0.5),
        ("5.", 5.0),
        ("1e3", 1000.0),
        ("2.5E-2", 0.025),
        (4, 4.0),
        (2.5, 2.5),
    ],
)
def test_plain_numbers_are_read(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize(
    ("text", "advice"),
    [
        ("12,5", "write 12.5 (a point, not a comma, for decimals)"),
        ("1,234", "write 1234 (no thousands separators), or 1.234 if the comma marks decimals"),
        ("1,234,567", "write 1234567 (no thousands separators)"),
        ("1,234.5", "write 1234.5 (no thousands separators)"),
        ("1.234,5", "write 1234.5"),
        ("1 234", "write 1234 (no thousands separators)"),
        ("$5m", "write digits only and give the unit in the unit column"),
        ("40%", "write digits only and give the unit in the unit column"),
        ("€12", "write digits only"),
        ("3 bn", "write digits only"),
        ("", "empty"),
        ("   ", "empty"),
        ("twelve", "write it with digits, like 12.5"),
        ("1.2.3", "is not a number"),
        ("--1", "is not a number"),
        ("nan", "is not a number"),
        ("inf", "is not a number"),
        ("1e999", "write a finite number"),
        ("١٢", "is not a number"),  # digits of another script are not read as 12
    ],
)
def test_anything_else_is_refused_with_how_to_write_it(text, advice):
    with pytest.raises(NumberProblem) as raised:
        parse_number(text)
    assert advice in str(raised.value)
    assert raised.value.text == text


@pytest.mark.parametrize("value", [True, False, math.nan, math.inf, -math.inf, None, [1]])
def test_booleans_non_finite_floats_and_other_objects_are_refused(value):
    with pytest.raises(NumberProblem):
        parse_number(value)


def test_a_number_problem_is_a_course_problem_a_learner_can_fix():
    assert issubclass(NumberProblem, problems.CourseProblem)


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_any_finite_float_written_by_python_reads_back_exactly(value):
    assert parse_number(repr(value)) == value
    assert parse_number(value) == value


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_any_integer_written_out_reads_back(value):
    assert parse_number(str(value)) == float(value)


def test_the_same_rule_holds_in_an_exercise_and_in_a_learners_csv():
    answer = exercises.Numeric("Revenue?", answer=12.5).check("12,5")
    with pytest.raises(problems.DataProblem) as raised:
        learner_csv.read_company_csv('year,revenue\n2019,"12,5"\n')
    assert not answer.correct and "write 12.5" in answer.message
    assert any("write 12.5" in problem for problem in raised.value.problems)
