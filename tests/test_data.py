"""data: the course's cases, loaded, cited and asked for one metric, checked against the files."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pandas as pd
import pytest

from course_lib import data, datapackage

ROOT = Path(__file__).resolve().parent.parent
CASES = sorted(data.cases())


def read_rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def read_rows_if(path: Path) -> list[dict[str, str]]:
    return read_rows(path) if path.is_file() else []


def test_every_case_folder_is_in_the_data_package():
    folders = {p.parent.name for p in (ROOT / "datasets").glob("*/observations.csv")}
    assert folders == set(CASES)
    for case in CASES:
        for kind in ("observations", "sources", "events"):
            listed = datapackage.resource(f"{case.replace('_', '-')}-{kind}") is not None
            assert listed == (ROOT / "datasets" / case / f"{kind}.csv").is_file(), (case, kind)
        assert len(data.events(case)) == len(read_rows_if(ROOT / "datasets" / case / "events.csv"))


@pytest.mark.parametrize("case", CASES)
def test_every_value_row_has_a_source_with_an_excerpt(case):
    frame = data.load(case, all_rows=True)
    assert len(frame) > 0
    cited = data.sources(frame)
    by_id = cited.set_index("source_id")
    for row in frame.itertuples():
        source = by_id.loc[row.source_id]
        assert source.excerpt.strip(), (case, row.source_id)
        assert len(source.excerpt) <= 200
        assert source.url.startswith("http"), row.source_id
    events = data.events(case)
    assert set(events.source_id) <= set(data.sources(events).source_id)


@pytest.mark.parametrize("case", CASES)
def test_exactly_one_preferred_value_per_entity_year_metric(case):
    preferred = data.load(case)
    assert not preferred.duplicated(["entity", "year", "metric"]).any()


def test_source_ids_are_unique_across_the_whole_package():
    every = [
        row["source_id"]
        for case in CASES
        for row in read_rows(ROOT / "datasets" / case / "sources.csv")
    ]
    assert len(every) == len(set(every))


def test_known_figures_load_as_the_filings_state_them():
    ibm = data.series(data.load("ibm"), "revenue", unit="USD_million")
    assert ibm.loc[2008, "IBM"] == pytest.approx(103_630, rel=1e-3)
    kodak = data.load("kodak")
    digital = kodak.query("year == 2005 and metric == 'revenue_digital'").value.item()
    traditional = kodak.query("year == 2005 and metric == 'revenue_traditional'").value.item()
    assert digital > traditional  # the year digital passed film at Kodak
    restated = data.load("kodak", all_rows=True).query("year == 2005 and metric == 'revenue'")
    assert len(restated) == 2 and restated.preferred.sum() == 1


def test_units_convert_to_a_common_base():
    frame = pd.DataFrame({"value": [2.0, 3.0, 1.5], "unit": ["thousand", "million", "GB"]})
    converted = data.in_base_unit(frame)
    assert converted.value.tolist() == [2_000.0, 3_000_000.0, 1_500.0]
    assert converted.unit.tolist() == ["count", "count", "MB"]
    mixed = data.series(data.load("ibm"), "revenue", unit="USD_billion")
    assert mixed.loc[1990, "IBM"] == pytest.approx(69.0, abs=0.1)  # stored in USD_billion
    assert mixed.loc[2008, "IBM"] == pytest.approx(103.6, abs=0.1)  # stored in USD_million


def test_series_refuses_units_that_do_not_convert():
    frame = pd.DataFrame(
        {
            "entity": ["A", "A"],
            "year": [2000, 2001],
            "metric": ["m", "m"],
            "value": [1.0, 2.0],
            "unit": ["percent", "USD"],
        }
    )
    with pytest.raises(ValueError, match="do not convert"):
        data.series(frame, "m", unit="USD")


def test_citation_names_documents_and_marks_estimates():
    frame = data.load("ibm").query("metric == 'revenue'")
    text = data.citation(frame)
    assert text.startswith("Sources: ") and "more (see cl.data.sources)" in text
    marked = frame.assign(status="estimated")
    assert "estimates" in data.citation(marked)


@pytest.fixture
def broken_copy(tmp_path, monkeypatch):
    """A copy of the datasets that a test may break, used in place of the real ones."""
    copy = tmp_path / "datasets"
    shutil.copytree(ROOT / "datasets", copy)
    monkeypatch.setattr(datapackage, "data_folder", lambda: copy)
    return copy


def test_citing_one_case_reads_no_other_case_figures(broken_copy, monkeypatch):
    # Finding a source by its id needs every case's sources table, not every case's figures:
    # reading and checking those made a lesson's first citation a third of a second slower.
    read = []
    reader = datapackage.read_resource
    monkeypatch.setattr(
        datapackage, "read_resource", lambda name: read.append(name) or reader(name)
    )
    text = data.citation(data.load("kodak").query("metric == 'revenue_digital'"))
    assert "Form 10-K" in text
    figures = {name for name in read if name.endswith("-observations")}
    assert figures == {"kodak-observations"}
    assert {name for name in read if name.endswith("-sources")} == {
        f"{case.replace('_', '-')}-sources" for case in CASES
    }


def rewrite(path: Path, line: int, column: str, value: str) -> None:
    rows = read_rows(path)
    rows[line - 2][column] = value
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("value", "12,5", 'row 3, column value: "12,5" is not a number'),
        ("unit", "dollars", 'row 3, column unit: "dollars" is not one of'),
        ("year", "1850", "row 3, column year: 1850 is below the minimum 1900"),
        ("source_id", "nowhere", "row 3: source_id nowhere is not in ibm/sources.csv"),
        ("status", "guessed", 'row 3, column status: "guessed" is not one of'),
        ("metric", "Revenue", 'row 3, column metric: "Revenue" does not match the pattern'),
        ("entity", "", "row 3, column entity: is empty but required"),
        ("value", "-5", "row 3: revenue cannot be negative"),
        ("preferred", "false", "has 0 preferred rows"),
    ],
)
def test_a_broken_course_file_names_file_row_and_problem(broken_copy, column, value, message):
    path = broken_copy / "ibm" / "observations.csv"
    rows = read_rows(path)
    assert rows[1]["metric"] == "revenue" and rows[1]["preferred"] == "true"
    rewrite(path, 3, column, value)
    with pytest.raises(datapackage.DatasetError) as raised:
        data.load("ibm")
    assert "ibm/observations.csv" in str(raised.value)
    assert message in str(raised.value)


def test_an_excerpt_longer_than_200_characters_is_refused(broken_copy):
    rewrite(broken_copy / "kodak" / "sources.csv", 2, "excerpt", "x" * 201)
    with pytest.raises(
        datapackage.DatasetError, match="kodak/sources.csv, row 2, column excerpt: is 201"
    ):
        data.load("kodak")


def test_an_unknown_case_suggests_the_nearest_name():
    with pytest.raises(KeyError, match='Did you mean "video_rental"'):
        data.load("video_rentals")


def test_coverage_counts_years_and_the_gaps_between_them():
    for case in data.cases():
        table = data.coverage(case)
        assert not table.empty and (table.missing >= 0).all()
        assert (table.years <= table.last_year - table.first_year + 1).all()
    fujifilm = data.coverage("fujifilm").set_index("metric").loc["revenue"]
    assert (fujifilm.first_year, fujifilm.last_year, fujifilm.missing) == (2000, 2015, 0)


def preferred_rows(case: str) -> list[dict[str, str]]:
    rows = read_rows(ROOT / "datasets" / case / "observations.csv")
    return [row for row in rows if row["preferred"] == "true"]


@pytest.mark.parametrize("case", CASES)
def test_load_keeps_the_preferred_rows_and_all_rows_keeps_every_row(case):
    every = read_rows(ROOT / "datasets" / case / "observations.csv")
    assert len(data.load(case, all_rows=True)) == len(every)
    loaded = data.load(case)
    assert len(loaded) == len(preferred_rows(case))
    columns = ["entity", "year", "metric", "value"]
    assert sorted(loaded[columns].itertuples(index=False, name=None)) == sorted(
        (row["entity"], int(row["year"]), row["metric"], float(row["value"]))
        for row in preferred_rows(case)
    )


@pytest.mark.parametrize("case", CASES)
def test_metric_gives_the_preferred_figures_written_in_the_file(case):
    by_series: dict[tuple[str, str], list[dict[str, str]]] = {}
    for row in preferred_rows(case):
        by_series.setdefault((row["entity"], row["metric"]), []).append(row)
    for (entity, name), rows in by_series.items():
        units = {row["unit"] for row in rows}
        if len(units) > 1:
            continue  # mixed units: see the IBM test below
        got = data.metric(case, name, entity=entity, unit=units.pop())
        expected = {int(row["year"]): float(row["value"]) for row in rows}
        assert got.to_dict() == pytest.approx(expected), (case, entity, name)
        assert got.name == name and got.attrs["unit"] == rows[0]["unit"]
        assert got.index.is_monotonic_increasing


def test_metric_converts_figures_stored_in_different_units():
    rows = [r for r in preferred_rows("ibm") if r["metric"] == "revenue" and r["entity"] == "IBM"]
    stored = {int(row["year"]): (float(row["value"]), row["unit"]) for row in rows}
    assert stored[1990][1] == "USD_billion" and stored[2008][1] == "USD_million"
    revenue = data.metric("ibm", "revenue", unit="USD_billion")
    assert revenue[1990] == pytest.approx(stored[1990][0])
    assert revenue[2008] == pytest.approx(stored[2008][0] / 1000)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: data.metric("video_rental", "revenue"), "several entities"),
        (lambda: data.metric("kodak", "revenu"), 'Did you mean "revenue"'),
        (lambda: data.metric("video_rental", "revenue", entity="Hollywood"), "it has: Blockbuster"),
        (lambda: data.metric("no_case", "revenue"), 'there is no case "no_case"'),
    ],
)
def test_metric_says_what_to_ask_instead(call, message):
    with pytest.raises(KeyError, match=message):
        call()


def test_events_are_oldest_first_and_match_the_file():
    rows = read_rows(ROOT / "datasets" / "kodak" / "events.csv")
    events = data.events("kodak")
    assert events.date.tolist() == sorted(row["date"] for row in rows)
    assert set(events.event) == {row["event"] for row in rows}


def rows_by_series(case: str) -> dict[tuple[str, str], list[dict[str, str]]]:
    grouped: dict[tuple[str, str], list[dict[str, str]]] = {}
    for row in read_rows(ROOT / "datasets" / case / "observations.csv"):
        grouped.setdefault((row["entity"], row["metric"]), []).append(row)
    return grouped


@pytest.mark.parametrize("case", CASES)
def test_each_years_basis_label_is_the_one_in_the_file(case):
    for (entity, name), rows in rows_by_series(case).items():
        preferred = {int(r["year"]): r["basis"] for r in rows if r["preferred"] == "true"}
        bases = {datapackage.UNIT_SCALES.get(r["unit"], (r["unit"],))[0] for r in rows}
        if len(bases) > 1:
            continue  # no one unit for the whole series (pounds and dollars)
        got = data.metric(case, name, entity=entity)
        assert got.attrs["basis"] == preferred, (case, entity, name)
        years = sorted(preferred)
        changes = zip(years, years[1:], strict=False)
        expected = [year for before, year in changes if preferred[before] != preferred[year]]
        assert data.basis_breaks(got) == expected, (case, entity, name)


@pytest.mark.parametrize("case", CASES)
def test_asking_for_one_basis_gives_that_bases_rows_preferred_or_not(case):
    for (entity, name), rows in rows_by_series(case).items():
        for label in {row["basis"] for row in rows}:
            chosen = [row for row in rows if row["basis"] == label]
            units = {row["unit"] for row in chosen}
            if len(units) > 1:
                continue
            years = [row["year"] for row in chosen]
            # where two sources give a year on one basis, the preferred row is the one used
            kept = [r for r in chosen if years.count(r["year"]) == 1 or r["preferred"] == "true"]
            got = data.metric(case, name, entity=entity, unit=units.pop(), basis=label)
            expected = {int(row["year"]): float(row["value"]) for row in kept}
            assert got.to_dict() == pytest.approx(expected), (case, entity, name, label)
            assert set(got.attrs["basis"].values()) == {label}


def test_kodak_2011_is_stored_on_both_bases_so_a_change_can_be_chained():
    rows = rows_by_series("kodak")["Eastman Kodak", "revenue"]
    in_2011 = {row["basis"]: float(row["value"]) for row in rows if row["year"] == "2011"}
    assert len(in_2011) == 2
    for label, value in in_2011.items():
        assert data.metric("kodak", "revenue", unit="USD_million", basis=label)[2011] == value


def test_an_unknown_basis_lists_the_bases_there_are():
    with pytest.raises(KeyError, match='its bases are: .*"as first reported"'):
        data.metric("kodak", "revenue", basis="as told by a friend")


def test_a_series_without_basis_labels_has_no_breaks():
    assert data.basis_breaks(pd.Series([1.0, 2.0], index=[2000, 2001])) == []
