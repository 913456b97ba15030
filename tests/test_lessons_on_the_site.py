"""The course website has no Python: each explorer offers settings computed when the page is
built. Here, for lessons 1 to 4 and 6, the settings the lesson's readings under each explorer
ask the reader to try (read from the notebook's text) must be among them. Lessons 7 and 8 have
the same checks in their own test files."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from course_lib import render
from course_lib.lessons import (
    anticipating_migration,
    disruptive_innovation,
    from_value_chain_to_value_network,
    phases_of_value_migration,
    value_migration,
)

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def text_of(lesson: str) -> str:
    """The markdown of a lesson's notebook, with its bold markers kept."""
    path = next(NOTEBOOKS.glob(f"{lesson}_*.ipynb"))
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(cell["source"]) for cell in cells if cell["cell_type"] == "markdown")


def offered(explorer, monkeypatch) -> list[tuple[dict[str, str], str]]:
    """Each setting of the explorer's static copy: its controls' labels by control name, and
    its chart's description. The first is where the explorer starts."""
    monkeypatch.setenv(render.STATIC_SITE, "1")
    settings = explorer().site_settings
    return [
        (
            {
                name: labels[option]
                for (name, labels), option in zip(settings.controls, setting.values, strict=True)
            },
            setting.spec.get("description", ""),
        )
        for setting in settings.settings
    ]


def find(settings, **wanted: str) -> list[str]:
    """The descriptions of the settings whose controls show ``wanted`` (by start of name)."""
    return [
        description
        for labels, description in settings
        if all(
            any(name.startswith(key) and label == value for name, label in labels.items())
            for key, value in wanted.items()
        )
    ]


def test_lesson_1_every_case_with_every_measure(monkeypatch):
    assert "Pick a case and a measure" in text_of("01")
    settings = offered(value_migration.explorer, monkeypatch)
    pairs = {tuple(labels.values()) for labels, _ in settings}
    assert pairs == {
        (case, measure) for case in value_migration.CASES for measure in value_migration.MEASURES
    }
    for case, measure in re.findall(r"- \*\*(\w+)[^,*]*, ([a-z ]+)\*\*:", text_of("01")):
        assert any(c.startswith(case) and m == measure for c, m in pairs), (case, measure)


def test_lesson_2_the_lines_the_readings_move(monkeypatch):
    text = text_of("02")
    settings = offered(phases_of_value_migration.explorer, monkeypatch)
    start, _ = settings[0]
    growth = re.search(r"\*\*Raise the growth line to (\d+)%\*\*", text).group(1)
    assert find(settings, Growth=growth)
    assert "**Move the outflow line** as low as it goes" in text
    outflow = phases_of_value_migration.explorer().children[0].children[1]
    assert find(settings, Outflow=f"{outflow.min:g}")
    assert "**Lower the inflow line** step by step" in text
    inflow = float(start["Inflow line (value ratio above)"])
    steps = round((inflow - 1.0) / 0.1)
    for step in range(1, steps + 1):
        assert find(settings, Inflow=f"{inflow - 0.1 * step:.1f}".rstrip("0").rstrip(".")), step


def test_lesson_3_ibm_with_two_signals_changes_nothing(monkeypatch):
    text = text_of("03")
    assert re.search(r"\*\*IBM\*\*:.*requiring two signals changes nothing there", text)
    settings = offered(anticipating_migration.explorer, monkeypatch)
    ibm = next(case for case in anticipating_migration.CASES if case.startswith("IBM"))
    one, two = (find(settings, Case=ibm, Signals=str(n)) for n in (1, 2))
    assert len(one) == len(two) == 1
    warning = re.compile(r"[Ff]irst warning[^.]*\.")
    assert warning.search(one[0]) and warning.findall(one[0]) == warning.findall(two[0])
    for case in anticipating_migration.CASES:  # the slider offers each count
        assert find(settings, Case=case, Signals="2")


def test_lesson_4_the_things_to_try(monkeypatch):
    text = text_of("04")
    assert "Slow the entrant's improvement to the pace at which customers' needs grow" in text
    assert 'Move "Non-consumers need" above "Low-end customers need"' in text
    settings = offered(disruptive_innovation.simulator, monkeypatch)
    start, first = settings[0]
    assert "Its foothold is a new market" in first
    needs = start["Customers' needs grow (% a year)"]
    assert find(settings, Entrant=needs)  # "Entrant improves" at the needs' pace
    low_end = float(start["Low-end customers need"])
    above = [
        description
        for labels, description in settings
        if float(labels["Non-consumers need"]) > low_end
        and all(labels[name] == start[name] for name in start if name != "Non-consumers need")
    ]
    assert above and all("Its foothold is the low end" in description for description in above)


@pytest.mark.parametrize("network", ["car_chain", "amazon"])
def test_lesson_6_every_change_the_readings_name(network, monkeypatch):
    text = text_of("06")
    heading = "Explore: Amazon" if network == "amazon" else "Explore: remove, add or swap"
    section = next(part for part in text.split("\n## ") if part.startswith(heading))
    named = re.findall(r"\*\*(Remove|Add) (?:the )?([^*:]+?)\*\*", section)
    assert len(named) >= 3
    settings = offered(lambda: from_value_chain_to_value_network.explorer(network), monkeypatch)
    for change, who in named:
        role = "Partner" if change == "Remove" else "New partner"
        found = find(settings, Change=change.lower(), **{role: who})
        assert found, (change, who)
    if network == "car_chain":
        assert "Try adding or swapping in the candidates" in text
        for change in ("add", "swap"):
            newcomers = {
                labels["New partner"]
                for labels, _ in settings
                if labels["Change"] == change and labels["Needs of"] == "Electric-car buyers"
            }
            assert len(newcomers) == 3, change
