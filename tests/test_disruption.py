"""Disruption trajectories: closed-form crossings and refusals of impossible settings."""

from __future__ import annotations

import math

import pytest

from course_lib import disruption
from course_lib.lessons import disruptive_innovation as lesson


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


def test_simulator_settings_out_of_range_show_a_message():
    chart, frame, _ = lesson._simulation(0.0, 0.4, 0.3, 0.15, 8.0)
    assert (
        chart.to_dict()["mark"]["type"] == "text" and "above zero" in chart.to_dict()["description"]
    )


def test_lesson_4_claims():
    assert lesson.eight_inch_catch_up() == pytest.approx(math.log(300 / 40) / math.log(1.4))
    assert round(lesson.eight_inch_catch_up()) == 6
    ranges = lesson.disk_drive_ranges().set_index("label")
    assert ranges.loc["Mainframe market (1978)", "low"] == 300
    assert ranges.loc["Minicomputer market (1980)", "high"] == 60
    for label in lesson.CASES:
        assert not lesson.case_frame(label).empty
