"""Exercise checks answer back: right, wrong with a hint, or not answered yet."""

from __future__ import annotations

import pytest

from course_lib.exercises import Feedback, MultipleChoice, Numeric, parse_number


@pytest.fixture
def question() -> MultipleChoice:
    return MultipleChoice(
        "Which phase has a value ratio above 2?",
        {"a": "Inflow", "b": "Stability", "c": "Outflow"},
        answer="a",
        explanations={"c": "Outflow is below 0.8."},
        hint="High ratios mean investors expect growth.",
    )


def test_right_wrong_and_unanswered(question):
    assert question.check("a").correct is True
    wrong = question.check("c")
    assert wrong.correct is False and wrong.message == "Outflow is below 0.8."
    assert wrong.hint == "High ratios mean investors expect growth."
    assert question.check(None).correct is None
    assert "Replace None" in question.check(None).message


@pytest.mark.parametrize("spelling", ["a", "A", " a ", "(a)"])
def test_letters_are_read_forgivingly(question, spelling):
    assert question.check(spelling).correct is True


def test_an_option_that_does_not_exist_is_named(question):
    feedback = question.check("d")
    assert feedback.correct is False and "choose one of a, b, c" in feedback.message


def test_an_answer_outside_the_options_is_a_programming_error():
    with pytest.raises(ValueError, match="not one of the options"):
        MultipleChoice("?", {"a": "x"}, answer="b")


def test_feedback_renders_as_html_and_text(question):
    feedback = question.check("c")
    html = feedback._repr_html_()
    assert "Not quite." in html and "Hint:" in html and 'role="status"' in html
    assert (
        str(feedback)
        == "Not quite. Outflow is below 0.8.\nHint: High ratios mean investors expect growth."
    )
    assert not feedback and question.check("a")
    assert "<li><code>a</code>: Inflow</li>" in question._repr_html_()


def test_html_in_messages_is_escaped():
    assert "&lt;b&gt;" in Feedback(False, "<b>")._repr_html_()


def test_numeric_answers_within_relative_tolerance():
    question = Numeric("Growth?", answer=20.0, tolerance=0.05, unit="%")
    assert question.check(20.9).correct is True
    assert question.check("19,5").correct is True
    too_high = question.check(22)
    assert too_high.correct is False and "too high" in too_high.message
    assert "too low" in question.check(10).message


def test_numeric_answer_can_be_computed_when_checked():
    values = [1.0]
    question = Numeric("Latest?", answer=lambda: values[-1], tolerance=0, absolute=True)
    values.append(5.0)
    assert question.check(5).correct is True and question.check(1).correct is False


def test_numeric_text_that_is_not_a_number_gets_feedback_not_an_error():
    question = Numeric("How many?", answer=3)
    feedback = question.check("three")
    assert feedback.correct is False and "write it with digits" in feedback.message
    assert question.check(float("nan")).correct is False


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12", 12.0),
        ("-3.5", -3.5),
        ("1,234", 1234.0),
        ("1 234.5", 1234.5),
        ("12,5", 12.5),
        ("7%", 7.0),
        (4, 4.0),
    ],
)
def test_parse_number(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "abc", "1.2.3", True, "--1"])
def test_parse_number_refuses(text):
    with pytest.raises(ValueError):
        parse_number(text)
