"""The data of lessons 6 and 7 (the logistics and partnerships cases), read with the csv module:
every figure and event cites a source of its case, every figure is written in its source's
excerpt, and both cases load through the strict checker of course_lib.data."""

from __future__ import annotations

import csv
import re
from decimal import Decimal
from pathlib import Path

import pytest

from course_lib import data

DATASETS = Path(__file__).resolve().parent.parent / "datasets"
CASES = ["logistics", "partnerships"]
NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
SCALING = re.compile(r"(multiplied|divided) by ([\d,]+)")


def read(case: str, name: str) -> list[dict[str, str]]:
    with open(DATASETS / case / f"{name}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def sources(case: str) -> dict[str, dict[str, str]]:
    return {row["source_id"]: row for row in read(case, "sources")}


def numbers_in(text: str) -> set[Decimal]:
    """Every number written in a text, thousands separators removed ("$74,094" -> 74094)."""
    return {Decimal(found.replace(",", "")) for found in NUMBER.findall(text)}


def figure_as_written(row: dict[str, str]) -> Decimal:
    """The number the source prints: the stored value, undone by the factor a converted row's
    note states ("Source figure 52.7 billion euros, multiplied by 1,000")."""
    value = Decimal(row["value"])
    if row["status"] != "converted":
        return value
    (how, factor), *_ = SCALING.findall(row["note"])
    factor = Decimal(factor.replace(",", ""))
    return value / factor if how == "multiplied" else value * factor


@pytest.mark.parametrize("case", CASES)
def test_every_observation_and_event_cites_a_source_of_its_case(case):
    known = sources(case)
    for row in read(case, "observations") + read(case, "events"):
        assert row["source_id"] in known, (case, row["source_id"])


@pytest.mark.parametrize("case", CASES)
def test_every_source_is_used_and_has_a_short_excerpt(case):
    used = {row["source_id"] for row in read(case, "observations") + read(case, "events")}
    for source_id, source in sources(case).items():
        assert source_id in used, f"{source_id} is cited by no row"
        assert source_id.startswith(f"{case}-")
        assert 0 < len(source["excerpt"]) <= 200
        assert source["url"].startswith(("http://", "https://"))


@pytest.mark.parametrize("case", CASES)
def test_every_figure_is_written_in_its_sources_excerpt(case):
    known = sources(case)
    for row in read(case, "observations"):
        excerpt = known[row["source_id"]]["excerpt"]
        wanted = figure_as_written(row)
        assert wanted in numbers_in(excerpt), (
            f"{row['entity']} {row['year']} {row['metric']}: {wanted} is not in {excerpt!r}"
        )


@pytest.mark.parametrize("case", CASES)
def test_converted_figures_say_by_what_factor(case):
    for row in read(case, "observations"):
        if row["status"] == "converted":
            assert SCALING.search(row["note"]), (row["entity"], row["year"], row["metric"])


@pytest.mark.parametrize("case", CASES)
def test_the_case_loads_through_the_strict_checker(case):
    frame = data.load(case, all_rows=True)
    rows = read(case, "observations")
    assert len(frame) == len(rows)
    assert sorted(frame.source_id) == sorted(row["source_id"] for row in rows)
    assert len(data.events(case)) == len(read(case, "events"))


def test_logistics_has_the_figures_lesson_6_draws():
    metrics = {(row["entity"], row["metric"]) for row in read("logistics", "observations")}
    assert {
        ("Amazon", "shipping_costs"),
        ("Amazon", "fulfillment_costs"),
        ("Amazon", "net_sales"),
        ("UPS", "revenue"),
        ("UPS", "amazon_share_of_revenue"),
        ("FedEx", "revenue"),
        ("Amazon Air", "aircraft"),
    } <= metrics
    assert len(read("logistics", "observations")) >= 10
    assert len(read("logistics", "events")) >= 4


def test_the_shares_of_revenue_are_stated_not_computed():
    shares = {
        (row["entity"], int(row["year"])): Decimal(row["value"])
        for row in read("logistics", "observations")
        if row["metric"] == "amazon_share_of_revenue"
    }
    assert shares[("UPS", 2020)] == Decimal("13.3")
    assert shares[("FedEx", 2018)] == Decimal("1.3")


def test_fedex_ended_its_amazon_contracts_in_june_and_august_2019():
    fedex = [row for row in read("logistics", "events") if row["entity"] == "FedEx"]
    assert [row["date"] for row in fedex] == ["2019-06-07", "2019-08-07"]
    assert "Express" in fedex[0]["event"] and "Ground" in fedex[1]["event"]


def test_the_kraft_heinz_proposal_lasted_two_days():
    dates = [
        row["date"] for row in read("partnerships", "events") if row["entity"] == "Kraft Heinz"
    ]
    assert dates == ["2017-02-17", "2017-02-19"]
    value = data.metric("partnerships", "equity_value", unit="USD_billion")
    assert float(value[2017]) == 143


def test_toyota_and_tesla_figures_of_2010():
    toyota = data.metric("partnerships", "investment_in_tesla", unit="USD_million")
    plant = data.metric("partnerships", "nummi_plant_price", unit="USD_million")
    assert (float(toyota[2010]), float(plant[2010])) == (50, 42)
