"""Exercise checks answer back: right, wrong with a hint, or not answered yet."""

from __future__ import annotations

import pytest

from course_lib.exercises import Feedback, MultipleChoice, Numeric


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
    assert question.check("19.5").correct is True
    comma = question.check("19,5")  # one rule for numbers everywhere (cl.numbers)
    assert comma.correct is False and "write 19.5" in comma.message
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
    assert feedback.correct is False and "three" in feedback.message
    assert question.check(float("nan")).correct is False


def test_numeric_names_a_listed_mistake_and_prints_years_plainly():
    question = Numeric(
        "First year?",
        answer=2011,
        tolerance=0,
        absolute=True,
        year=True,
        mistakes={
            "one year early: the first year above, not the last year below.": lambda r: r - 1
        },
    )
    assert question.check(2011).message.startswith("The value is 2011.")
    early = question.check(2010)
    assert early.correct is False and "one year early" in early.message


def test_a_checklist_hints_first_and_explains_on_the_second_try():
    from course_lib.exercises import Checklist

    items = {"cheap": (True, "It costs less."), "better": (False, "It is worse at first.")}
    question = Checklist("Which hold?", items, hint="Think of the low end.")
    first = question.check(["cheap", "better"])
    assert first.correct is False and "It is worse" not in first.message and first.hint
    second = question.check(["better"])
    assert "It is worse at first." in second.message
    fresh = Checklist("Which hold?", items)
    assert "It costs less." in fresh.check(["better"], reveal=True).message
