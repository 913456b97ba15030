"""Every notebook follows the course's shape; claims the lessons make are computed and checked.

Execution itself is checked by nbval (``pytest --nbval-lax notebooks``) and in the browser
by ``tests/browser``; this file checks what a reader of the files would.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest

from course_lib import launch
from course_lib.data import DataProblem, read_company_csv
from course_lib.exercises import Checklist, Exercise, MultipleChoice
from course_lib.course_map import COURSE_MAP

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def text(cell: dict) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def test_there_are_notebooks_and_each_is_on_the_course_map():
    assert NOTEBOOKS
    mapped = {lesson.notebook for lesson in COURSE_MAP}
    assert {path.name for path in NOTEBOOKS} <= mapped


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_without_outputs(path):
    for cell in cells(path):
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_has_a_kernel_so_jupyterlab_does_not_ask_for_one(path):
    metadata = json.loads(path.read_text(encoding="utf-8"))["metadata"]
    assert metadata["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_lesson_shape(path):
    every = cells(path)
    top = text(every[0])
    assert top.startswith("# ") and "What you will learn" in top and "Time needed" in top
    code = [cell for cell in every if cell["cell_type"] == "code"]
    assert "setup" in code[0]["metadata"].get("tags", [])
    assert text(code[0]) == launch.setup_cell()
    markdown = " ".join(text(cell) for cell in every if cell["cell_type"] == "markdown")
    assert "## Summary" in markdown and "## Sources" in markdown and "## Exercises" in markdown
    assert sum(".check(" in text(cell) for cell in code) >= 3


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_cell_has_a_slide_type_and_code_cells_are_short(path):
    for cell in cells(path):
        assert cell["metadata"]["slideshow"]["slide_type"] in {
            "slide",
            "subslide",
            "fragment",
            "-",
            "skip",
            "notes",
        }
        if cell["cell_type"] == "code":
            assert len(text(cell).splitlines()) <= 8, text(cell)


def lesson_exercises() -> list[tuple[str, Exercise]]:
    found = []
    for lesson in COURSE_MAP:
        name = lesson.notebook.removesuffix(".ipynb")[3:]
        try:
            module = importlib.import_module(f"course_lib.lessons.{name}")
        except ModuleNotFoundError:
            continue
        found += [
            (f"{name}.{attr}", value)
            for attr, value in vars(module).items()
            if isinstance(value, Exercise)
        ]
    return found


@pytest.mark.parametrize(
    ("name", "exercise"), lesson_exercises(), ids=lambda x: x if isinstance(x, str) else ""
)
def test_each_exercise_accepts_its_answer_and_rejects_a_wrong_one(name, exercise):
    if isinstance(exercise, Checklist):
        assert exercise.check(exercise.answer).correct is True
        first = next(iter(exercise.items))
        flipped = set(exercise.answer) ^ {first}
        assert exercise.check(sorted(flipped)).correct is False
    elif isinstance(exercise, MultipleChoice):
        assert exercise.check(exercise.answer).correct is True
        wrong = next(key for key in exercise.options if key != exercise.answer)
        assert exercise.check(wrong).correct is False
    else:
        assert exercise.check(exercise.answer).correct is True
        assert exercise.check(exercise.answer * 3 + 1000).correct is False
    assert exercise.check(None).correct is None


def test_start_here_claims():
    from course_lib.lessons import start_here

    assert start_here.ibm_peak.answer == 2011  # IBM's revenue peaked at $106.9 billion in 2011
    revenue = start_here.ibm_revenue().set_index("year")["value"]
    assert revenue[2011] == pytest.approx(106.9, abs=0.05)
    with pytest.raises(DataProblem) as broken:
        read_company_csv(start_here.BROKEN_EXAMPLE)
    assert len(broken.value.problems) == 4  # the notebook says the example has four mistakes


def test_start_here_explorer_switches_series_and_sources_in_place():
    from course_lib.lessons import start_here

    shown = start_here.explorer()
    picker = shown.children[0].children[0]
    assert "IBM" in shown.caption.value
    picker.value = "Business jet deliveries, worldwide (aircraft)"
    assert shown.chart.chart.title == "Business jet deliveries, worldwide (aircraft)"
    assert "General Aviation" in shown.caption.value or "GAMA" in shown.caption.value


def test_lesson_1_claims():
    from course_lib import data
    from course_lib.lessons import value_migration as lesson

    revenue = data.series(data.load("video_rental"), "revenue", unit="USD_billion")
    assert revenue["Blockbuster"].idxmax() == 2004  # "Blockbuster's revenue peaks in 2004"
    assert revenue["Netflix"].dropna().is_monotonic_increasing  # "climbs every year"
    shares = lesson.measure_frame("telecom", "share of revenue")[0]
    for entity, group in shares[shares.entity.str.endswith(": data")].groupby("entity"):
        assert group.sort_values("year").value.is_monotonic_increasing, (
            entity
        )  # data's share rises every year
    value = data.series(data.load("kodak"), "market_value", unit="USD_billion")["Eastman Kodak"]
    assert value[1996] > 28 and value[2003] < 8
    assert round(lesson.netflix_ratio(2011), 1) == 4.2
    index = lesson.kodak_fujifilm_index().pivot(index="year", columns="entity", values="value")
    assert round(index.loc[2012, "Eastman Kodak"]) == 39  # "about two fifths"
    assert round(index.loc[2012, "Fujifilm"]) == 85  # "about 85%"
    assert lesson.kodak_fujifilm.check("b").correct
    assert (
        lesson.crossover_year(
            "telecom", "AT&T Inc. (wireline): data", "AT&T Inc. (wireline): voice"
        )
        == 2011
    )


def test_lesson_2_claims():
    from course_lib.lessons import phases_of_value_migration as lesson
    from course_lib.lessons import value_migration

    table = lesson.phase_table().set_index(["entity", "year"])
    assert "81.0%" in table.loc[("Netflix", 2004), "reason"]
    ratios = (
        value_migration.ratio_frame("video_rental")
        .query("entity == 'Netflix'")
        .set_index("year")
        .value
    )
    assert [round(ratios[y], 1) for y in (2010, 2011, 2012, 2015)] == [1.9, 4.2, 0.9, 5.0]
    blockbuster = table.loc["Blockbuster"].phase
    assert blockbuster[2002] == blockbuster[2003] == "inflow"
    assert set(blockbuster[blockbuster.index >= 2007]) == {"outflow"}
    assert blockbuster[2004] == blockbuster[2006] == "stability" and blockbuster[2005] == "outflow"
    netflix = table.loc["Netflix"].phase
    assert (netflix == "inflow").sum() > len(netflix) / 2  # "inflow in most years"


def test_lesson_3_claims():
    from course_lib import data
    from course_lib.lessons import anticipating_migration as lesson

    kodak, blockbuster, ibm = (lesson.lead_time(label) for label in lesson.CASES)
    assert (kodak.lead_years, blockbuster.lead_years, ibm.lead_years) == (13, 6, 2)
    value = data.series(data.load("kodak"), "market_value", unit="USD_billion")["Eastman Kodak"]
    assert -0.27 < value[1999] / value[1998] - 1 < -0.2  # "fell by a quarter that year"
    assert lesson.lead_time(list(lesson.CASES)[1], at_least=2).first_warning == 2005
    income = data.series(data.load("ibm"), "net_income", unit="USD_billion")["IBM"]
    assert income[1991] < 0 and income[1992] < 0
    assert all(lesson.event_is_sourced(case) for case in lesson.CASES.values())
