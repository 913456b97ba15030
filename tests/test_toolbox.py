"""The innovation toolbox's models: results worked out by hand, and refusals of bad settings."""

from __future__ import annotations

import pytest

from course_lib import toolbox
from course_lib.problems import CourseProblem


def test_the_four_types_follow_the_source_texts_two_questions():
    # basic research: neither defined; breakthrough: the problem only; disruptive: the domain only
    assert toolbox.innovation_type(False, False) == "basic research"
    assert toolbox.innovation_type(True, False) == "breakthrough innovation"
    assert toolbox.innovation_type(False, True) == "disruptive innovation"
    assert toolbox.innovation_type(True, True) == "sustaining innovation"


def test_growth_matrix_modes():
    assert toolbox.growth_mode(False, False) == "gain"
    assert toolbox.growth_mode(False, True) == "expand"
    assert toolbox.growth_mode(True, False) == "extend"
    assert toolbox.growth_mode(True, True) == "reinvent"


def stages():
    return [
        toolbox.Stage("idea screen", 0.25, 2.0),
        toolbox.Stage("concept test", 0.4, 20.0),
        toolbox.Stage("development", 0.5, 200.0),
    ]


def test_funnel_arithmetic_worked_by_hand():
    # 400 ideas: 100 pass the screen, 40 the concept test, 20 launch.
    # Cost: 400 * 2 + 100 * 20 + 40 * 200 = 800 + 2,000 + 8,000 = 10,800.
    result = toolbox.outcome(400, stages())
    assert result.launches == pytest.approx(20.0)
    assert result.cost == pytest.approx(10_800.0)
    assert result.cost_per_launch == pytest.approx(540.0)
    assert toolbox.ideas_needed(20, stages()) == 400
    assert toolbox.ideas_needed(21, stages()) == 420  # 21 / 0.05


def test_simulated_funnel_centres_on_the_expected_launches():
    runs = toolbox.simulate_funnel(400, stages(), runs=4000, seed=1)
    assert runs.launches.mean() == pytest.approx(20.0, rel=0.05)
    assert runs.launches.std() > 0


@pytest.mark.parametrize(("rate", "cost"), [(0.0, 1.0), (1.5, 1.0), (0.3, -1.0)])
def test_impossible_stages_are_refused_with_a_message(rate, cost):
    with pytest.raises(CourseProblem):
        toolbox.Stage("gate", rate, cost)


def test_competition_overlap_takes_the_smaller_score_and_names_bad_input():
    netflix = {"customers": 3, "technology": 2, "distribution": 1, "financial model": 3}
    blockbuster = {"customers": 3, "technology": 0, "distribution": 3, "financial model": 1}
    table = toolbox.competition_overlap(netflix, blockbuster)
    assert dict(zip(table.dimension, table.overlap, strict=True)) == {
        "customers": 3, "technology": 0, "distribution": 1, "financial model": 1,
    }  # fmt: skip
    with pytest.raises(CourseProblem, match="no score for technology"):
        toolbox.competition_overlap({"customers": 1}, blockbuster)
    with pytest.raises(CourseProblem, match="0 to 3"):
        toolbox.competition_overlap({**netflix, "customers": 5}, blockbuster)


def test_barbell_shares_and_design_filter():
    shares = toolbox.barbell({"x": (8, "sustaining"), "y": (2, "long bet")})
    assert dict(zip(shares.kind, shares.share, strict=True)) == {
        "sustaining": 0.8, "middle": 0.0, "long bet": 0.2,
    }  # fmt: skip
    verdict = toolbox.design_filter(desirability=4, feasibility=2, viability=2)
    assert not verdict.passes and verdict.failing == ("feasibility", "viability")
    assert toolbox.design_filter(3, 3, 3).passes
    with pytest.raises(CourseProblem):
        toolbox.design_filter(6, 3, 3)


def test_feedback_loop_closes_a_share_of_the_gap_at_each_completed_loop():
    # Loops every 4 weeks closing 20%: after 52 weeks, 13 loops, 0.8 ** 13 of the gap is left.
    weekly = toolbox.feedback_loop(0.2, weeks_per_loop=4)
    assert len(weekly) == 53 and weekly.gap.iloc[0] == 1.0
    assert weekly.gap.iloc[3] == 1.0 and weekly.gap.iloc[4] == pytest.approx(0.8)
    assert weekly.gap.iloc[-1] == pytest.approx(0.8**13)
    quarterly = toolbox.feedback_loop(0.2, weeks_per_loop=13)
    assert quarterly.gap.iloc[-1] == pytest.approx(0.8**4)
    with pytest.raises(CourseProblem, match="between 0 and 1"):
        toolbox.feedback_loop(20, weeks_per_loop=4)
