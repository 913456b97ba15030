"""Disruption trajectories: closed-form crossings and refusals of impossible settings."""

from __future__ import annotations

import math

import pytest

from course_lib import disruption


def test_trajectory_compounds_from_its_start_year():
    line = disruption.trajectory(100.0, 0.1, range(2000, 2004))
    assert line.tolist() == pytest.approx([100, 110, 121, 133.1])


@pytest.mark.parametrize(
    ("supply", "supply_rate", "demand", "demand_rate", "expected"),
    [
        (10, 0.4, 100, 0.1, math.log(10) / math.log(1.4 / 1.1)),
        (10, 1.0, 80, 0.0, 3.0),  # doubling each year: 10, 20, 40, 80
        (50, 0.1, 40, 0.2, 0.0),  # already good enough
        (10, 0.1, 100, 0.1, None),  # same pace: never
        (10, 0.05, 100, 0.1, None),  # slower: never
    ],
)
def test_crossing_time_closed_form(supply, supply_rate, demand, demand_rate, expected):
    result = disruption.crossing_time(supply, supply_rate, demand, demand_rate)
    assert result == (pytest.approx(expected) if expected is not None else None)


def test_crossing_year_is_the_first_whole_year_at_or_past_the_crossing():
    assert disruption.crossing_year(2000, 10, 1.0, 80, 0.0) == 2003
    assert disruption.crossing_year(2000, 10, 0.4, 100, 0.1) == 2010  # 9.55 years


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"entrant": 0.0}, "entrant must start above zero"),
        ({"mainstream": -5.0}, "mainstream must start above zero"),
        ({"entrant_rate": -1.0}, "cannot shrink by 100% or more"),
        ({"years": 0}, "1 to 200 years"),
    ],
)
def test_impossible_markets_are_refused(settings, message):
    with pytest.raises(disruption.TrajectoryError, match=message):
        disruption.Market(**settings)


def test_simulation_finds_the_story():
    outcome = disruption.simulate(disruption.Market())
    assert outcome.entrant_serves_mainstream == 1991
    assert outcome.entrant_serves_low_end == 1980
    assert "for the mainstream from 1991" in outcome.describe()
    never = disruption.simulate(disruption.Market(entrant_rate=0.1))
    assert (
        never.entrant_serves_mainstream is None and "never becomes good enough" in never.describe()
    )
    lines = outcome.lines
    assert set(lines.line) == {
        "Incumbent's product",
        "Entrant's product",
        "Mainstream customers need",
        "Low-end customers need",
    }
    assert len(lines) == 4 * 26


def test_non_consumers_give_a_new_market_foothold():
    outcome = disruption.simulate(disruption.Market(low_end=20.0, non_consumers=5.0))
    assert outcome.entrant_serves_non_consumers == 1980
    assert outcome.entrant_serves_low_end == 1984  # ln(20/10) / ln(1.4/1.15) = 3.5 years
    assert outcome.foothold == "new market"
    assert "Its foothold is a new market" in outcome.describe()
    assert "Non-consumers need" in set(outcome.lines.line)
    above = disruption.simulate(disruption.Market(low_end=20.0, non_consumers=40.0))
    assert above.foothold == "low end" and "Its foothold is the low end" in above.describe()
    same = disruption.simulate(disruption.Market(non_consumers=5.0))
    assert same.foothold == "both"


def test_without_non_consumers_the_foothold_is_the_low_end_and_unmentioned():
    outcome = disruption.simulate(disruption.Market())
    assert outcome.entrant_serves_non_consumers is None and outcome.foothold == "low end"
    assert "foothold" not in outcome.describe()
    out_of_reach = disruption.simulate(disruption.Market(entrant_rate=0.1, low_end=20.0))
    assert out_of_reach.foothold is None


def test_impossible_non_consumers_are_refused():
    with pytest.raises(disruption.TrajectoryError, match="non-consumers must start above zero"):
        disruption.Market(non_consumers=0.0)
