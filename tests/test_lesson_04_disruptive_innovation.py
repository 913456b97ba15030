"""Lesson 4: every claim the lesson makes, computed here from the CSV rows; every exercise
checked against an independent answer, and its typical wrong answers against their feedback;
every setting of the explorers draws."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest

from course_lib.lessons import disruptive_innovation as lesson

from . import csvdata, prose

NOTEBOOK = "04_disruptive_innovation.ipynb"
EIGHT, MAINFRAME, MINI = "8-inch drives", "Mainframe market", "Minicomputer market"
JETS = "Business jets (worldwide)"

#: Numbers in the lesson's prose, each computed (or, for a suggestion, checked) by a test below.
PINNED = {
    # the simulator's settings used in the under-the-hood cells
    "80", "15%", "40%", "0.30", "0.40", "0.4",
    # disk drives
    "300", "400", "60", "5.25", "25%", "0.25", "0.22", "1.22", "1.40", "0.0",
    # the four cases
    "120000", "40000", "13.5", "10.7", "14", "795", "518",
    # a bibliographic year
    "1995",
}  # fmt: skip


def test_every_number_in_the_prose_is_pinned_by_a_test():
    assert prose.unpinned(NOTEBOOK, lesson, PINNED) == set()


def notebook_text(kind: str) -> str:
    """All the notebook's cells of one kind ("markdown" or "code"), joined."""
    cells = json.loads((prose.ROOT / "notebooks" / NOTEBOOK).read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == kind)


def drive(metric: str, entity: str) -> float:
    (value,) = [
        float(row["value"])
        for row in csvdata.rows("disk_drives")
        if row["metric"] == metric and row["entity"] == entity
    ]
    return value


def event_years(case: str, entity: str) -> set[int]:
    return {int(row["date"][:4]) for row in csvdata.rows(case, "events") if row["entity"] == entity}


# ------------------------------------------------------------------------------- the claims


def test_the_worked_crossing_uses_the_simulators_settings_and_gives_1991():
    assert lesson.MAINSTREAM == 80 and lesson.START_YEAR == 1980
    sliders = {control.description: control.value for control in controls(lesson.simulator())}
    assert sliders["Entrant starts at"] == 10 and sliders["Entrant improves (% a year)"] == 40
    assert sliders["Customers' needs grow (% a year)"] == 15
    assert "trajectory(10.0, 0.40, years)" in notebook_text(
        "code"
    ) and "trajectory(80.0, 0.15, years)" in notebook_text("code")
    years = math.log(80 / 10) / math.log(1.40 / 1.15)
    assert round(years, 2) == 10.57 and 1980 + math.ceil(years) == 1991
    # The suggested change (0.30 instead of 0.40) still catches up within the chart's years.
    assert 1980 + math.ceil(math.log(8) / math.log(1.30 / 1.15)) <= 2005


def test_disk_drive_figures_and_the_standing_still_catch_up():
    assert drive("capacity_supplied_max", EIGHT) == 40
    assert drive("capacity_demanded_min", MAINFRAME) == 300
    assert drive("capacity_demanded_max", MAINFRAME) == 400
    assert drive("improvement_rate", EIGHT) == 40  # "more than 40 percent", stored as the bound
    assert drive("improvement_rate", "14-inch drives") == 22  # "0.22", "1.22"
    assert drive("capacity_demanded_min", MINI) == 40 and drive("capacity_demanded_max", MINI) == 60
    assert drive("demand_growth_rate", MINI) == 25  # "25%", "0.25"
    assert drive("capacity_supplied_max", "5.25-inch drives") == 10  # "5.25-inch ... 10 MB"
    assert round(math.log(300 / 40) / math.log(1.40), 1) == 6.0  # "About six years"
    notes = [row["note"] for row in csvdata.rows("disk_drives") if row["entity"] == MINI]
    assert any("8-inch drives established in minicomputers from 1978-1980" in n for n in notes)


def test_britannica_print_sales_fell_before_wikipedia_began():
    sets = {
        int(row["year"]): float(row["value"])
        for row in csvdata.rows("encyclopedias")
        if row["metric"] == "sets_sold" and row["preferred"] == "true"
    }
    assert sets[1990] == 120000 and sets[1996] == 40000
    assert min(event_years("encyclopedias", "English Wikipedia")) == 2001
    assert 1993 in event_years("encyclopedias", "Microsoft Encarta")
    assert csvdata.value("encyclopedias", "articles", 2006, "English Wikipedia") == 1_000_000


def test_blockbuster_out_earned_netflix_in_every_sourced_year():
    blockbuster = csvdata.series("video_rental", "revenue", "Blockbuster", "USD")
    netflix = csvdata.series("video_rental", "revenue", "Netflix", "USD")
    shared = set(blockbuster) & set(netflix)
    assert 2010 in shared and all(blockbuster[y] > netflix[y] for y in shared)
    assert 2010 in event_years("video_rental", "Blockbuster")


def test_cameras_and_smartphones():
    digital = csvdata.series("cameras", "shipments", "Digital still cameras (worldwide)", "million")
    film = csvdata.series("cameras", "shipments", "Film cameras (worldwide)", "million")
    phones = csvdata.series("cameras", "shipments", "Smartphones (worldwide)", "million")
    assert min(film) == 2002 and digital[2002] > film[2002]
    assert max(digital, key=digital.get) == 2010
    assert all(phones[y] > 1000 for y in phones if y >= 2013) and phones[2012] < 1000


def test_kodak_2004_on_two_bases():
    first = csvdata.value("kodak", "revenue", 2004, unit="USD_billion", basis="as first reported")
    recast = csvdata.value(
        "kodak", "revenue", 2004, unit="USD_billion", basis=lesson_basis("2009-2011")
    )
    assert round(first, 1) == 13.5 and round(recast, 1) == 10.7


def lesson_basis(fragment: str) -> str:
    return next(basis for basis in lesson.KODAK_BASES if fragment in basis)


def test_concorde_figures():
    assert csvdata.value("aviation", "aircraft_built", 2003, "Concorde") == 20
    assert csvdata.value("aviation", "aircraft_delivered_to_airlines", 2003, "Concorde") == 14
    assert csvdata.value("aviation", "aircraft_in_service", 1999, "Concorde") == 12  # "a dozen"
    years = event_years("aviation", "Concorde")
    assert {1976, 2000, 2001, 2003} <= years  # first service, crash, return, retirement
    per_year = csvdata.value("aviation", "passengers_cumulative", 2003, "Concorde", "count") / 27
    assert round(per_year, -3) == 93000


def test_business_jets_fell_while_concorde_retired_and_rose_after():
    jets = csvdata.series("aviation", "deliveries", JETS)
    assert (jets[2001], jets[2002], jets[2003]) == (795, 676, 518)
    bases = {
        row["basis"]
        for row in csvdata.rows("aviation")
        if row["entity"] == JETS
        and row["preferred"] == "true"
        and int(row["year"]) in (2001, 2002, 2003)
    }
    assert bases == {""}  # the fall is measured on one basis
    assert max(jets, key=jets.get) == 2008 and jets[2008] == 1313
    assert all(jets[year] > jets[year - 1] for year in range(2004, 2009))
    assert round(jets[2001] / 14) == 57


def test_sources_cite_the_books_with_their_years():
    text = notebook_text("markdown")
    assert '(1995), "Disruptive Technologies: Catching the Wave"' in text
    assert "(2009). *The Innovator's Prescription" in text
    assert "(1997). *The Innovator's Dilemma" in text


# ----------------------------------------------------------------------------- the explorers


def controls(figure):
    return list(figure.children[0].children)


def title(spec: dict) -> str:
    found = spec["title"]
    return found if isinstance(found, str) else found["text"]


@pytest.mark.parametrize("setting", ["min", "max"])
def test_every_slider_of_the_simulator_draws_at_its_ends(setting):
    shown = lesson.simulator()
    for control in controls(shown):
        control.value = getattr(control, setting)
        assert title(shown.chart.spec) == "Performance supplied and demanded"


def test_the_simulator_shows_both_footholds_and_the_never_case():
    shown = lesson.simulator()
    assert "Its foothold is a new market" in shown.chart.spec["description"]
    sliders = {control.description: control for control in controls(shown)}
    sliders["Non-consumers need"].value = 40
    assert "Its foothold is the low end" in shown.chart.spec["description"]
    sliders["Entrant improves (% a year)"].value = 15
    assert "never becomes good enough for the mainstream" in shown.chart.spec["description"]
    lines = {row["line"] for row in next(iter(shown.chart.spec["datasets"].values()))}
    assert "Non-consumers need" in lines


def test_an_impossible_simulator_setting_shows_a_message():
    shown = lesson.simulator()
    entrant = controls(shown)[0]
    entrant.min = 0
    entrant.value = 0
    spec = shown.chart.spec
    assert spec["mark"]["type"] == "text" and "above zero" in spec["description"]


def test_the_disk_drive_figure_shows_the_csv_ranges():
    spec = lesson.disk_drive_figure().chart.spec
    rows = {row["label"]: row for data in spec["datasets"].values() for row in data}
    assert (rows["8-inch drives (1978)"]["low"], rows["8-inch drives (1978)"]["high"]) == (10, 40)
    assert rows["Mainframe market (1978)"]["low"] == drive("capacity_demanded_min", MAINFRAME)
    assert rows["Minicomputer market (1980)"]["high"] == drive("capacity_demanded_max", MINI)


def panel_lines(spec: dict) -> list[set[str]]:
    """The line names drawn in each panel of a case view."""
    found = []
    for panel in spec["vconcat"]:
        rows = spec["datasets"][panel["layer"][0]["data"]["name"]]
        found.append({row["line"] for row in rows})
    return found


@pytest.mark.parametrize("case", list(lesson.CASES))
def test_every_case_draws_and_each_panel_holds_one_unit(case):
    shown = lesson.case_explorer()
    controls(shown)[0].value = case
    spec = shown.chart.spec
    assert title(spec) == case
    for panel, names in zip(lesson.CASES[case], panel_lines(spec), strict=True):
        assert names == {line.name for line in panel.lines}
        # one kind of unit per panel: counts with counts (thousand, million), dollars with dollars
        kinds = {
            "count"
            if row["unit"] in {"count", "thousand", "million"}
            else row["unit"].split("_")[0]
            for line in panel.lines
            for row in csvdata.rows(line.case)
            if row["entity"] == line.entity and row["metric"] == line.metric
        }
        assert len(kinds) == 1, (case, panel.title, kinds)


def test_no_kodak_line_joins_two_bases():
    for basis, name in lesson.KODAK_BASES.items():
        line = next(
            line for panel in lesson.CASES["Digital cameras and smartphones vs Kodak"]
            for line in panel.lines if line.name == name
        )  # fmt: skip
        assert line.basis == basis
    shown = lesson.case_explorer()
    controls(shown)[0].value = "Digital cameras and smartphones vs Kodak"
    rows = [row for data in shown.chart.spec["datasets"].values() for row in data]
    for basis, name in lesson.KODAK_BASES.items():
        drawn = {row["year"]: row["value"] for row in rows if row.get("line") == name}
        for year, value in drawn.items():
            assert value == pytest.approx(
                csvdata.value("kodak", "revenue", year, unit="USD_billion", basis=basis)
            )


# ----------------------------------------------------------------------------- exercises


def catch_up_from_csv() -> float:
    supply, demand = (
        drive("capacity_supplied_max", EIGHT),
        drive("capacity_demanded_min", MAINFRAME),
    )
    supply_rate = drive("improvement_rate", EIGHT) / 100
    demand_rate = drive("improvement_rate", "14-inch drives") / 100
    return math.log(demand / supply) / math.log((1 + supply_rate) / (1 + demand_rate))


def test_catch_up_accepts_the_truth_and_names_typical_mistakes():
    truth = catch_up_from_csv()
    assert lesson.catch_up.check(round(truth, 2)).correct is True
    assert lesson.catch_up.check(None).correct is None
    mistakes = {
        math.log(300 / 40) / math.log(1.40): "stood still",
        -truth: "upside down",
        math.log(300 / 40) / math.log(1 + 0.40 - 0.22): "subtracted the rates",
        math.log(300 / 40) / math.log(41 / 23): "as percents",
        math.ceil(truth): "rounded up",
        math.log(400 / 40) / math.log(1.40 / 1.22): "400 MB",
    }
    for wrong, cause in mistakes.items():
        feedback = lesson.catch_up.check(round(wrong, 2))
        assert feedback.correct is False and cause in feedback.message, (wrong, feedback)


def years_to_catch_up(supply, supply_rate, demand, demand_rate):
    if supply >= demand:
        return 0.0
    if supply_rate <= demand_rate:
        return None
    return math.log(demand / supply) / math.log((1 + supply_rate) / (1 + demand_rate))


def test_years_to_catch_up_passes_a_correct_function_and_diagnoses_wrong_ones():
    check = lesson.years_to_catch_up.check
    assert check(years_to_catch_up).correct is True

    def rounded_up(*args):
        time = years_to_catch_up(*args)
        return None if time is None else math.ceil(time)

    def swapped_rates(supply, supply_rate, demand, demand_rate):
        if supply >= demand:
            return 0.0
        if supply_rate <= demand_rate:
            return None
        return math.log(demand / supply) / math.log((1 + demand_rate) / (1 + supply_rate))

    def only_equal(supply, supply_rate, demand, demand_rate):
        if supply >= demand:
            return 0.0
        if supply_rate == demand_rate:
            return None
        return math.log(demand / supply) / math.log((1 + supply_rate) / (1 + demand_rate))

    def never_ahead(supply, supply_rate, demand, demand_rate):
        if supply_rate <= demand_rate:
            return None
        return math.log(demand / supply) / math.log((1 + supply_rate) / (1 + demand_rate))

    def no_special_cases(supply, supply_rate, demand, demand_rate):
        return math.log(demand / supply) / math.log((1 + supply_rate) / (1 + demand_rate))

    assert "round up" in check(rounded_up).message
    assert "negative" in check(swapped_rates).message
    assert "supply_rate <= demand_rate" in check(only_equal).message
    assert "supply >= demand" in check(never_ahead).message
    crashing = check(no_special_cases)
    assert crashing.correct is False and "ZeroDivisionError" in crashing.message
    assert check(lambda *args: None).correct is None
    assert "not a function" in check(3.5).message


def minicomputer_from_csv() -> pd.Series:
    level, rate = drive("capacity_demanded_min", MINI), drive("demand_growth_rate", MINI) / 100
    return pd.Series({year: level * (1 + rate) ** (year - 1980) for year in range(1980, 1991)})


def test_minicomputer_needs_accepts_the_truth_and_names_typical_mistakes():
    check = lesson.minicomputer_needs.check
    truth = minicomputer_from_csv()
    assert check(truth).correct is True
    assert "top of the range" in check(truth * 60 / 40).message
    percent = pd.Series({year: 40 * 26.0 ** (year - 1980) for year in truth.index})
    assert "0.25, not 25" in check(percent).message
    from_1978 = truth * 1.25**2
    assert "1978" in check(from_1978).message
    assert "lacks 1990" in check(truth.drop(1990)).message
    assert check(None).correct is None


def test_multiple_choice_answers():
    assert lesson.sustaining.check("a").correct and not lesson.sustaining.check("b").correct
    assert lesson.predictable.check("b").correct and not lesson.predictable.check("a").correct
    assert lesson.footholds.check("b").correct
    assert "non-consumers" in lesson.footholds.check("a").message
    assert lesson.breakthrough.check("b").correct and not lesson.breakthrough.check("c").correct
    assert lesson.crossing_units.check("b").correct
    assert "same factor" in lesson.crossing_units.check("c").message


def test_wikipedia_checklist_has_all_three_ingredients():
    assert lesson.wikipedia.check(["technology", "value network", "business model"]).correct


def test_concorde_checklist_teaches_the_sources_reading_with_the_data():
    lesson.concorde.wrong_tries = 0
    holds = ["worse on speed", "better on other things", "new business model"]
    assert set(lesson.concorde.answer) == set(holds)
    assert lesson.concorde.check(holds).correct is True
    first = lesson.concorde.check(["worse on speed", "rose as Concorde retired"])
    assert first.correct is False and "795" not in first.message  # a hint first
    second = lesson.concorde.check(["worse on speed", "rose as Concorde retired"])
    assert "795 in 2001 to 518 in 2003" in second.message  # the reasons, with the data
