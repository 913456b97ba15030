"""The case CSVs themselves, read with the csv module (not through course_lib): one basis per
series, every break listed with its reason, and the figures lessons compute sentences from."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from pathlib import Path

import pytest

DATASETS = Path(__file__).resolve().parent.parent / "datasets"
OBSERVATIONS = sorted(DATASETS.glob("*/observations.csv"))
CASES = [path.parent.name for path in OBSERVATIONS]

FIRST = "as first reported"
KODAK_BEFORE_2012 = "continuing operations (2009-2011 filings)"
KODAK_2012 = "continuing operations (2012 10-K)"
IBM_HDD = "2005 annual report (hard disk drives excluded)"
IBM_MICRO = "2014 10-K (Microelectronics excluded)"
IBM_1996 = "1996 10-K revenue categories"

# Every (case, entity, metric) whose preferred rows carry more than one basis label, the labels
# allowed, and why. datasets/README.md ("Bases and restatements") says how a lesson uses each.
IBM_2012_SEGMENT = (
    "2012 is as first reported in the 2012 10-K, the basis of the preferred 2012 total "
    "(104.5 billion, also as first reported); other years as reported. The 2014 10-K recast "
    "2012 for Microelectronics (in Systems and Technology) but its 2012 segments were not read."
)
ALLOWED_BREAKS: dict[tuple[str, str, str], tuple[set[str], str]] = {
    ("kodak", "Eastman Kodak", "revenue"): (
        {FIRST, KODAK_BEFORE_2012, KODAK_2012},
        "2000-2001 include the Health Group (as first reported); 2004-2011 are continuing "
        "operations before the 2012 recast; 2012 is on the narrower 2012 10-K perimeter. 2011 is "
        "stored on both later bases (6,022 and 5,148), the link of a chained 2004 = 100 index.",
    ),
    ("kodak", "Eastman Kodak", "net_income"): (
        {"", "recast in 2009"},
        "2004-2008 come from the 2009 recast table (attributable to Kodak, discontinued "
        "operations included); other years as reported. Net income includes discontinued "
        "operations either way, so the label marks the document, not a change of perimeter.",
    ),
    ("ibm", "IBM", "revenue"): (
        {"", FIRST, IBM_HDD, IBM_MICRO},
        "Two restatements: hard disk drives left continuing operations (1999-2000 as first "
        "reported, 2001-2005 from the 2005 annual report; 2001 stored on both bases) and "
        "Microelectronics did (2012 as first reported, 2013-2014 from the 2014 10-K; 2012 stored "
        "on both bases). 2012 to 2013 is -4.4% on one basis, not -5.9%.",
    ),
    ("ibm", "IBM", "net_income"): (
        {"", "2005 annual report"},
        "2001-2004 are restated figures from the 2005 annual report's five-year table (2005 is "
        "from the same table); the 1990s and 2006 on are as reported.",
    ),
    ("ibm", "IBM", "revenue_hardware"): (
        {IBM_1996, "", FIRST},
        "1995-1996 are 1990s revenue categories ('hardware sales'), later years segments; "
        + IBM_2012_SEGMENT,
    ),
    ("ibm", "IBM", "revenue_services"): (
        {IBM_1996, FIRST, ""},
        "1995-1996 'services' leave out maintenance (revenue_maintenance), which later Global "
        "Services includes: add the two, or draw maintenance as its own line. 2001 segments are "
        "as first reported (hard disk drives still in IBM; their total is the 2001 revenue row "
        "with the same label).",
    ),
    ("ibm", "IBM", "revenue_software"): (
        {IBM_1996, FIRST, ""},
        "1995-1996 are 1990s revenue categories; 2001 segments as first reported (before the "
        "hard disk drive restatement); " + IBM_2012_SEGMENT,
    ),
    ("ibm", "IBM", "revenue_financing"): (
        {IBM_1996, FIRST, ""},
        "1995-1996 'rentals and financing' category; 2001 segments as first reported; "
        + IBM_2012_SEGMENT,
    ),
    ("ibm", "IBM", "revenue_other"): (
        {FIRST, ""},
        "2001 'Enterprise Investments' as first reported with the other 2001 segments; 2006-2007 "
        "'Other' as reported.",
    ),
    ("ibm", "IBM", "revenue_services_gts"): ({FIRST, ""}, IBM_2012_SEGMENT),
    ("ibm", "IBM", "revenue_services_gbs"): ({FIRST, ""}, IBM_2012_SEGMENT),
    ("telecom", "AT&T Inc. (wireline)", "revenue_voice"): (
        {"", "2011 10-K"},
        "2009-2011 from the 2011 10-K, which reclassified 2009 slightly (32,314 first reported, "
        "kept non-preferred); 2006-2008 as first published. 2009 is on both bases.",
    ),
    ("telecom", "AT&T Inc. (wireline)", "revenue_data"): (
        {"", "Q4 2009 release", "2011 10-K"},
        "2009-2011 from the 2011 10-K (2009 reclassified from 25,454); 2008 as shown in the Q4 "
        "2009 release (1 million above the first figure); 2006-2007 as first published.",
    ),
    ("telecom", "United Kingdom (fixed-line telecoms)", "revenue_voice"): (
        {"Ofcom CMR 2012 edition", "Ofcom CMR 2016 edition (revised)"},
        "Ofcom revised the series in its 2016 report; 2006-2009 exist only in the 2012 edition. "
        "2010-2011 are stored in both editions: the link for a chained comparison.",
    ),
    ("telecom", "United Kingdom (fixed-line telecoms)", "revenue_data"): (
        {"Ofcom CMR 2012 edition", "Ofcom CMR 2016 edition (revised)"},
        "As for voice: 2006-2009 from the 2012 edition, 2010-2015 from the revised 2016 "
        "edition, 2010-2011 in both.",
    ),
    ("video_rental", "Netflix", "revenue"): (
        {"", "restated in 2007 annual report"},
        "2004 uses the 2007 annual report's figure (501; 506 as first reported is kept "
        "non-preferred), the version shown beside 2005-2007; the revision is 1%.",
    ),
    ("video_rental", "Blockbuster", "revenue"): (
        {"", "as shown a year later (may be restated)"},
        "2005 is the prior-year figure in a report on fiscal 2006 and may be restated for "
        "discontinued operations; the 2005 figure first reported was not read.",
    ),
    ("cameras", "Smartphones (worldwide)", "shipments"): (
        {"", "later IDC figure"},
        "IDC revises each year's figure by up to about 1.5% a year later; the revised figure is "
        "used where one was read. Not a change of definition: draw one line.",
    ),
    ("aviation", "Business jets (worldwide)", "deliveries"): (
        {"", FIRST, "later GAMA figure"},
        "GAMA revises deliveries by a few units a year later; the later figure is used where one "
        "was read, except 2010 (763 first reported; the unexplained later 724 is kept "
        "non-preferred). Not a change of definition: draw one line.",
    ),
}


def read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, restkey="_extra", restval=None)
        rows = list(reader)
        return list(reader.fieldnames or []), rows


def observations(case: str) -> list[dict[str, str]]:
    return read(DATASETS / case / "observations.csv")[1]


def rows_of(case: str, entity: str, metric: str, year: int | None = None) -> list[dict]:
    return [
        row
        for row in observations(case)
        if row["entity"] == entity
        and row["metric"] == metric
        and (year is None or int(row["year"]) == year)
    ]


def preferred(case: str, entity: str, metric: str, year: int) -> dict[str, str]:
    (row,) = [row for row in rows_of(case, entity, metric, year) if row["preferred"] == "true"]
    return row


def millions(row: dict[str, str]) -> float:
    factor = {"USD_million": 1.0, "USD_billion": 1000.0}[row["unit"]]
    return float(row["value"]) * factor


def on_basis(case: str, entity: str, metric: str, year: int, basis: str) -> float:
    (row,) = [row for row in rows_of(case, entity, metric, year) if row["basis"] == basis]
    return millions(row)


def test_every_case_has_an_observations_file():
    assert {"kodak", "ibm", "video_rental"} <= set(CASES)


@pytest.mark.parametrize("path", OBSERVATIONS, ids=CASES)
def test_every_observations_file_has_the_basis_column_in_schema_order(path):
    schema = json.loads((DATASETS / "schemas" / "observations.json").read_text(encoding="utf-8"))
    fields, rows = read(path)
    assert "basis" in fields
    assert fields == [field["name"] for field in schema["fields"]]
    assert fields.index("basis") == fields.index("preferred") + 1 == fields.index("note") - 1
    for number, row in enumerate(rows, start=2):
        assert "_extra" not in row and None not in row.values(), f"{path.name} line {number}"
        assert len(row["basis"]) <= 60 and row["basis"] == row["basis"].strip()


@pytest.mark.parametrize("case", CASES)
def test_every_observation_cites_a_source_of_its_case(case):
    _, sources = read(DATASETS / case / "sources.csv")
    known = {source["source_id"]: source for source in sources}
    for row in observations(case):
        assert row["source_id"] in known, (case, row["source_id"])
        assert 0 < len(known[row["source_id"]]["excerpt"]) <= 200


@pytest.mark.parametrize("case", CASES)
def test_a_restated_figure_says_which_version_it_is(case):
    for row in observations(case):
        if row["status"] == "restated":
            assert row["basis"], (case, row["entity"], row["year"], row["metric"])


@pytest.mark.parametrize("case", CASES)
def test_a_series_with_more_than_one_basis_is_a_listed_break(case):
    labels: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for row in observations(case):
        if row["preferred"] == "true":
            labels[(case, row["entity"], row["metric"])].add(row["basis"])
    for key, found in labels.items():
        if len(found) > 1:
            assert key in ALLOWED_BREAKS, (
                f"{key} mixes bases {sorted(found)}; list it with a reason"
            )
            allowed, reason = ALLOWED_BREAKS[key]
            assert found <= allowed, (key, sorted(found - allowed))
            assert reason
    for key in ALLOWED_BREAKS:
        if key[0] == case:
            assert len(labels.get(key, set())) > 1, f"{key} no longer mixes bases; drop it"


def test_kodak_2011_exists_on_both_bases_for_a_chained_index():
    rows = rows_of("kodak", "Eastman Kodak", "revenue", 2011)
    by_basis = {row["basis"]: millions(row) for row in rows}
    assert by_basis == {KODAK_BEFORE_2012: 6022, KODAK_2012: 5148}
    assert sum(row["preferred"] == "true" for row in rows) == 1
    assert preferred("kodak", "Eastman Kodak", "revenue", 2004)["basis"] == KODAK_BEFORE_2012
    assert preferred("kodak", "Eastman Kodak", "revenue", 2012)["basis"] == KODAK_2012
    link = on_basis("kodak", "Eastman Kodak", "revenue", 2011, KODAK_BEFORE_2012) / on_basis(
        "kodak", "Eastman Kodak", "revenue", 2004, KODAK_BEFORE_2012
    )
    last = on_basis("kodak", "Eastman Kodak", "revenue", 2012, KODAK_2012) / on_basis(
        "kodak", "Eastman Kodak", "revenue", 2011, KODAK_2012
    )
    assert 100 * link * last == pytest.approx(45.1, abs=0.1)


def test_kodak_2000_and_2001_revenue_are_as_first_reported():
    for year in (2000, 2001):
        assert preferred("kodak", "Eastman Kodak", "revenue", year)["basis"] == FIRST


def test_ibm_1995_hardware_is_just_under_half_of_revenue():
    hardware = millions(preferred("ibm", "IBM", "revenue_hardware", 1995))
    total = millions(preferred("ibm", "IBM", "revenue", 1995))
    assert hardware / total == pytest.approx(0.495, abs=0.001)


def test_ibm_1995_and_1996_maintenance_is_stored_beside_services():
    for year in (1995, 1996):
        maintenance = preferred("ibm", "IBM", "revenue_maintenance", year)
        services = preferred("ibm", "IBM", "revenue_services", year)
        assert maintenance["basis"] == services["basis"] == IBM_1996
        assert maintenance["source_id"] and millions(maintenance) > 6000


def test_ibm_net_income_2001_to_2004_is_restated():
    for year in range(2001, 2005):
        row = preferred("ibm", "IBM", "net_income", year)
        assert row["status"] == "restated" and row["basis"] == "2005 annual report"


def test_ibm_2001_segments_have_a_total_on_their_own_basis():
    segments = [
        row
        for row in observations("ibm")
        if row["year"] == "2001"
        and row["metric"].startswith("revenue_")
        and row["preferred"] == "true"
    ]
    assert len(segments) == 7 and {row["basis"] for row in segments} == {FIRST}
    assert on_basis("ibm", "IBM", "revenue", 2001, FIRST) == 85866
    assert preferred("ibm", "IBM", "revenue", 2001)["basis"] == IBM_HDD


def test_ibm_2012_and_2013_exist_on_one_basis():
    change = on_basis("ibm", "IBM", "revenue", 2013, IBM_MICRO) / on_basis(
        "ibm", "IBM", "revenue", 2012, IBM_MICRO
    )
    assert change - 1 == pytest.approx(-0.044, abs=0.001)
    assert preferred("ibm", "IBM", "revenue", 2012)["basis"] == FIRST


def test_blockbuster_store_counts_name_what_they_count():
    metrics = {
        row["metric"]: row
        for row in observations("video_rental")
        if row["entity"] == "Blockbuster" and row["metric"].startswith("stores")
    }
    assert set(metrics) == {
        "stores_worldwide_total",
        "stores_us_company_and_participating",
        "stores_us_total",
    }
    assert [r["year"] for r in rows_of("video_rental", "Blockbuster", "stores_us_total")] == [
        "2009"
    ]
    participating = rows_of("video_rental", "Blockbuster", "stores_us_company_and_participating")
    assert [r["year"] for r in participating] == ["2004"]
    assert "participating" in participating[0]["note"]
