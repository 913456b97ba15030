"""Lesson 7: every claim the lesson makes, computed here from the CSV rows; every note of the
cases' canvases checked against its source; every exercise checked against an independent
answer, and its typical wrong answers against their feedback."""

from __future__ import annotations

import re

import pytest

from course_lib import canvas as cv
from course_lib.lessons import business_model_and_partnership_canvas as lesson

from . import csvdata, prose

NOTEBOOK = "07_business_model_and_partnership_canvas.ipynb"

#: Numbers in the lesson's prose, each computed by a test below.
PINNED = {"0.25", "20%", "40%", "215", "36", "42", "50"}


def test_every_number_in_the_prose_is_pinned_by_a_test():
    assert prose.unpinned(NOTEBOOK, lesson, PINNED) == set()


def by_source_id(file: str) -> dict[str, dict[str, str]]:
    """Every row of one kind of file (sources or events) in the data package, by source id,
    read from the CSV files directly."""
    found = {}
    for path in csvdata.DATASETS.glob(f"*/{file}.csv"):
        for row in csvdata.rows(path.parent.name, file):
            found[row["source_id"]] = row
    return found


def source_rows() -> dict[str, dict[str, str]]:
    return by_source_id("sources")


# ------------------------------------------------------------------ the cases' canvases

#: Notes that are the course's own reading rather than a sourced fact; the lesson says so.
READINGS = {
    "Film studios that supply the titles",
    "The postal service that carries the DVDs",
    "Buying DVDs for the catalogue",
}


def notes_of(canvas: cv.BusinessModelCanvas) -> list[cv.Note]:
    return [note for notes in canvas.blocks().values() for note in notes]


@pytest.mark.parametrize("canvas", lesson.CANVASES.values(), ids=lambda c: c.name)
def test_every_note_cites_a_real_source_or_is_a_named_reading(canvas):
    sources = source_rows()
    for note in notes_of(canvas):
        if note.source:
            assert note.source in sources, note
        else:
            assert note.text in READINGS, f"{note.text!r} states a fact without a source"


@pytest.mark.parametrize("canvas", lesson.CANVASES.values(), ids=lambda c: c.name)
def test_every_number_on_a_canvas_is_in_its_source(canvas):
    """A note's figures (and years) are written in its source row or its event's date."""
    sources, events = source_rows(), by_source_id("events")
    for note in notes_of(canvas):
        numbers = re.findall(r"\d[\d,]*(?:\.\d+)?", note.text)
        if not numbers:
            continue
        row = sources[note.source]
        where = " ".join(row[key] for key in ("title", "locator", "excerpt", "note"))
        where += " " + events.get(note.source, {}).get("date", "")
        for number in numbers:
            assert number in where or number.replace(",", "") in where, (number, note)


def test_the_canvas_figures_match_the_observations():
    assert csvdata.value("video_rental", "stores_worldwide_total", 2004, "Blockbuster") == 9094
    assert csvdata.value("video_rental", "revenue", 2005, "Blockbuster", "USD_billion") == 5.72
    assert csvdata.value("video_rental", "net_income", 2005, "Blockbuster") == -588.1
    assert csvdata.value("video_rental", "revenue", 2005, "Netflix") == 682
    assert csvdata.value("video_rental", "net_income", 2005, "Netflix") == 42
    assert csvdata.value("video_rental", "subscribers", 2005, "Netflix") == 4179
    texts = {note.text for note in notes_of(lesson.BLOCKBUSTER_2005)}
    assert {"9,094 stores at its 2004 peak", "Revenue of USD 5.72 billion in 2005"} <= texts


def test_the_two_canvases_share_notes_in_six_blocks_and_differ_in_all_nine():
    table = cv.compare(lesson.BLOCKBUSTER_2005, lesson.NETFLIX_2005)
    assert table.differs.all()
    shared = table[table.shared != ""].block.tolist()
    assert shared == ["Key partners", "Value propositions", "Customer relationships",
                      "Channels", "Customer segments", "Revenue streams"]  # fmt: skip
    # "online DVD rental by subscription, a website and subscription fees" on both
    assert set(table.shared) >= {"Online DVD rental by subscription", "Website",
                                 "Online subscription fees"}  # fmt: skip
    # "Stores, staff and debt on one side; DVDs and postage on the other"
    costs = table.set_index("block").loc["Cost structure"]
    assert "stores" in costs.only_first and "Debt" in costs.only_first
    assert "DVDs" in costs.only_second and "Postage" in costs.only_second


def test_blockbuster_revenue_over_eight_times_netflix_market_value_over_twice():
    revenue = {
        name: csvdata.value("video_rental", "revenue", 2005, name, "USD")
        for name in ("Blockbuster", "Netflix")
    }
    value = {
        name: csvdata.value("video_rental", "market_value", 2005, name, "USD")
        for name in ("Blockbuster", "Netflix")
    }
    assert 8 < revenue["Blockbuster"] / revenue["Netflix"] < 9  # "more than eight times"
    assert 2 < value["Netflix"] / value["Blockbuster"] < 3  # "more than twice"


def test_the_comparison_view_draws_both_canvases_and_each_alone():
    shown = lesson.comparison()
    assert "9 of 9 blocks differ" in shown.view.value
    for option in shown.choice.options:
        shown.choice.value = option
        assert "Key partners" in shown.view.value


def test_the_board_starts_empty_or_from_a_canvas_and_reports_a_problem_beside_its_box():
    board = lesson.canvas_board(lesson.NETFLIX_2005)
    assert board.canvas == lesson.NETFLIX_2005
    board.boxes["channels"].value = ""
    assert board.check() is None and "Channels is empty" in board.messages["channels"].value
    assert lesson.canvas_board().canvas is None


# ------------------------------------------------------------------------- partner fit


@pytest.mark.parametrize("partnership", list(lesson.PARTNERSHIPS))
@pytest.mark.parametrize("rule", list(lesson.RULES))
def test_every_setting_of_the_fit_explorer_draws(partnership, rule):
    shown = lesson.fit_explorer()
    chooser, ruler = shown.children[0].children
    chooser.value, ruler.value = partnership, rule
    spec = shown.chart.spec
    assert partnership in spec["title"]
    assert "offers" in spec["description"] and "dashed line" in spec["description"]
    assert "<table" in shown.caption.value and "Sources:" in shown.caption.value


def test_tesla_toyota_fits_and_amazon_fedex_scores_zero_or_a_quarter():
    tesla_toyota = lesson.PARTNERSHIPS["Tesla and Toyota, 2010"]
    assert cv.partner_fit(*tesla_toyota.partners).score == 1.0  # "each side offers everything"
    amazon, fedex = lesson.PARTNERSHIPS["Amazon and FedEx, 2019"].partners
    fit = cv.partner_fit(amazon, fedex)
    assert fit.first_gets == 0 and fit.second_gets == 0.5 and fit.score == 0
    assert lesson.RULES["average of the two shares"](fit.first_gets, fit.second_gets) == 0.25
    # "In 2019 FedEx let both its air (Express) and its ground contracts with Amazon end"
    fedex_events = [row for row in csvdata.rows("logistics", "events") if row["entity"] == "FedEx"]
    assert sorted(row["date"][:7] for row in fedex_events) == ["2019-06", "2019-08"]


def test_every_partnership_note_cites_a_real_source():
    sources = source_rows()
    for partnership in lesson.PARTNERSHIPS.values():
        assert set(partnership.sources()) <= set(sources)


def car_chain_from_csv() -> tuple[cv.Partner, list[cv.Partner], list[cv.Partner], list[str]]:
    """Lesson 6's car chain read from the CSV rows, with the lesson's desires."""
    offers = [
        row for row in csvdata.rows("value_networks", "offers") if row["network"] == "car_chain"
    ]
    nodes = [row for row in csvdata.rows("value_networks", "nodes")
             if row["network"] == "car_chain" and row["role"] != "customer"]  # fmt: skip
    needs = [row["need"] for row in csvdata.rows("value_networks", "needs")
             if row["network"] == "car_chain" and row["segment"] == "Electric-car buyers"]  # fmt: skip

    def partner(node: str) -> cv.Partner:
        offered = [row["offer"] for row in offers if row["node"] == node]
        return cv.Partner(node, offered + lesson.ALSO_OFFERS.get(node, []), lesson.DESIRES[node])

    present = [partner(row["node"]) for row in nodes
               if row["member"] == "true" and row["node"] != "Car maker"]  # fmt: skip
    candidates = [partner(row["node"]) for row in nodes if row["member"] == "false"]
    return partner("Car maker"), present, candidates, needs


def test_the_reassembled_network_matches_the_lessons_reading():
    car_maker, present, candidates, needs = car_chain_from_csv()
    assert [p.name for p in candidates] == ["Battery maker", "Online store", "Charging network"]
    electric = cv.PartnershipCanvas("Electric cars", "Electric-car buyers", needs,
                                    [car_maker, candidates[0]])  # fmt: skip
    steps = cv.reassemble(electric, [*present, *candidates[1:]])
    chosen = steps.partner.tolist()
    assert "Engine parts maker" not in chosen  # "does not come back"
    assert chosen.count("Dealer North") + chosen.count("Dealer South") == 1  # "one dealer"
    charging = steps.set_index("partner").loc["Charging network"]
    assert charging.partner_gains == 0 and steps.still_open.iloc[-1] == 0
    assert set(lesson.DESIRES) == {p.name for p in (car_maker, *present, *candidates)}


# ---------------------------------------------------------------- Nespresso, Tesla, Toyota


def test_nespresso_figures_and_events():
    rows = {
        row["metric"]: row for row in csvdata.rows("partnerships") if row["entity"] == "Nespresso"
    }
    assert (rows["sales_growth"]["year"], float(rows["sales_growth"]["value"])) == ("2007", 40)
    assert (rows["organic_sales_growth"]["year"], float(rows["organic_sales_growth"]["value"])) == (
        "2010",
        20,
    )
    assert (rows["boutiques"]["year"], float(rows["boutiques"]["value"])) == ("2010", 215)
    assert (
        "36 nouvelles boutiques"
        in source_rows()["partnerships-letemps-nespresso-boutiques-2010"]["excerpt"]
    )
    events = {row["date"]: row["event"] for row in csvdata.rows("partnerships", "events")
              if row["entity"] == "Nespresso"}  # fmt: skip
    assert (
        "Turmix" in events["1990"]
        and "De'Longhi" in events["2006"]
        and "Breville" in events["2013"]
    )
    note = source_rows()["partnerships-wiki-nespresso-turmix-1990"]["note"]
    assert all(name in note for name in ("Krups", "Magimix", "Alessi", "Philips", "Siemens"))


def test_tesla_toyota_figures_and_events():
    assert csvdata.value("partnerships", "investment_in_tesla", 2010, "Toyota", "USD_million") == 50
    assert csvdata.value("partnerships", "nummi_plant_price", 2010, "Tesla", "USD_million") == 42
    assert (
        csvdata.value("partnerships", "nummi_equipment_price", 2010, "Tesla", "USD_million") == 15
    )
    dates = {
        row["date"]
        for row in csvdata.rows("partnerships", "events")
        if row["entity"] in {"Tesla", "Toyota"}
    }
    assert dates == {"2010-05-20", "2010-08-13", "2010-10"}
    assert "April 2010" in source_rows()["partnerships-energytrend-tesla-factory-event"]["excerpt"]


# ----------------------------------------------------------------------------- exercises


def test_which_block():
    assert lesson.which_block.check("b").correct
    assert not lesson.which_block.check("a").correct


def good_nespresso() -> dict:
    return dict(
        customer_segment=["Coffee drinkers who want espresso at home"],
        joint_value=["Café-quality espresso at home, from a capsule"],
        partners=[
            cv.Partner(
                "Nespresso",
                offers=["coffee capsules", "coffee product marketing"],
                desires=["machines made and sold at scale"],
            ),
            cv.Partner(
                "Krups",
                offers=[
                    "machines made and sold at scale",
                    "channel marketing for kitchen appliances",
                ],
                desires=["coffee product marketing"],
            ),
        ],
    )


def test_nespresso_canvas_accepts_a_good_canvas_as_dict_or_canvas():
    assert lesson.nespresso_canvas.check(good_nespresso()).correct is True
    built = cv.PartnershipCanvas("Nespresso and Krups", **good_nespresso())
    assert lesson.nespresso_canvas.check(built).correct is True


def test_nespresso_canvas_names_what_is_missing():
    check = lesson.nespresso_canvas.check
    untouched = dict(customer_segment=[], joint_value=[], partners=[
        cv.Partner("Nespresso", offers=[], desires=[]), cv.Partner("Machine maker", offers=[], desires=[])])  # fmt: skip
    assert check(untouched).correct is None and check(None).correct is None
    half = good_nespresso() | {"joint_value": []}
    half["partners"] = [half["partners"][0], cv.Partner("Krups", offers=["machines"])]
    said = check(half)
    assert said.correct is False and "Joint value is empty" in said.message
    assert "Krups's desires are empty" in said.message
    outsourcing = good_nespresso()
    outsourcing["partners"][1] = cv.Partner("Krups", offers=["machines made and sold at scale"],
                                            desires=["coffee product marketing"])  # fmt: skip
    assert "channel marketing" in check(outsourcing).message
    mirrored = good_nespresso()
    mirrored["partners"][0] = cv.Partner(
        "Nespresso", offers=["coffee capsules"], desires=["coffee capsules"]
    )
    assert "desires what it offers itself" in check(mirrored).message
    one_sided = good_nespresso()
    one_sided["partners"][1] = cv.Partner("Krups", offers=["machines", "channel marketing for kitchen appliances"],
                                          desires=["coffee product marketing"])  # fmt: skip
    assert "Nespresso gains nothing" in check(one_sided).message
    assert "build a cl.canvas.PartnershipCanvas" in check(["a list"]).message


def fit(offers_a, desires_a, offers_b, desires_b):
    def share(offers, desires):
        return len(set(offers) & set(desires)) / len(set(desires)) if desires else 0.0

    return min(share(offers_b, desires_a), share(offers_a, desires_b))


def test_fit_rule_accepts_the_rule_and_names_typical_mistakes():
    assert lesson.fit_rule.check(fit).correct is True

    def share(offers, desires):
        return len(set(offers) & set(desires)) / len(set(desires)) if desires else 0.0

    def averaged(oa, da, ob, db):
        return (share(ob, da) + share(oa, db)) / 2

    def larger(oa, da, ob, db):
        return max(share(ob, da), share(oa, db))

    def by_offers(oa, da, ob, db):
        def used(offers, desires):
            return len(set(offers) & set(desires)) / len(set(offers)) if offers else 0.0

        return min(used(ob, da), used(oa, db))

    def own(oa, da, ob, db):
        return min(share(oa, da), share(ob, db))

    assert "average" in lesson.fit_rule.check(averaged).message
    assert "larger share" in lesson.fit_rule.check(larger).message
    assert "divide by what is offered" in lesson.fit_rule.check(by_offers).message
    assert "its own desires" in lesson.fit_rule.check(own).message

    def crashes(oa, da, ob, db):
        return min(len(set(ob) & set(da)) / len(da), len(set(oa) & set(db)) / len(db))

    assert "ZeroDivisionError" in lesson.fit_rule.check(crashes).message


def test_present_network_share_and_its_mistakes():
    car_maker, present, _, needs = car_chain_from_csv()
    offered = {cv.label(note) for partner in (car_maker, *present) for note in partner.offers}
    met = [need for need in needs if cv.label(need) in offered]
    right = 100 * len(met) / len(needs)
    assert round(right, 1) == 57.1
    check = lesson.present_network.check
    assert check(round(right, 1)).correct is True
    assert "still open" in check(100 - right).message
    without_car_maker = [need for need in met if need != "design and assembly"]
    assert "car maker offers itself" in check(100 * len(without_car_maker) / len(needs)).message
    assert (
        "divided by what the present network offers" in check(100 * len(met) / len(offered)).message
    )
    assert "percentage" in check(right / 100).message
    assert check(None).correct is None


def test_hypotheses_checklist():
    right = lesson.hypotheses_to_test.answer
    assert len(right) == 3 and lesson.hypotheses_to_test.check(right).correct
    assert "at least as large" not in " ".join(right)
    first_try = lesson.hypotheses_to_test.check([right[0]])
    assert first_try.correct is False and "reveal=True" in first_try.message
    assert "size or market power" not in first_try.message  # the reasons wait for a second try


def test_alignment():
    assert lesson.alignment.check("d").correct and not lesson.alignment.check("b").correct


def test_tesla_toyota_share_and_its_mistakes():
    investment = csvdata.value("partnerships", "investment_in_tesla", 2010, "Toyota", "USD_million")
    plant = csvdata.value("partnerships", "nummi_plant_price", 2010, "Tesla", "USD_million")
    equipment = csvdata.value("partnerships", "nummi_equipment_price", 2010, "Tesla", "USD_million")
    right = 100 * investment / (plant + equipment)
    check = lesson.tesla_toyota.check
    assert check(round(right, 1)).correct is True
    assert "plant alone" in check(100 * investment / plant).message
    assert "upside down" in check(100 * (plant + equipment) / investment).message
    assert "percentage" in check(investment / (plant + equipment)).message
    assert check(None).correct is None


# ------------------------------------------------------ the lesson on the static site
# The course website has no Python: each widget's static copy must still let a reader do what
# the lesson's text asks: compare the two canvases and each alone, and choose a partnership
# and a rule in the fit explorer.


def notebook_text() -> str:
    import json

    path = csvdata.DATASETS.parent / "notebooks" / NOTEBOOK
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(cell["source"]) for cell in cells if cell["cell_type"] == "markdown")


def offered_views(page: str) -> list[tuple[str, str]]:
    """(the option's name, the view's HTML) for each option of a static copy's drop-down."""
    import html

    options = re.findall(r'<option value="(\d+)">([^<]*)</option>', page)
    parts = re.split(r'<div data-view="(\d+)"(?: hidden)?>', page)
    views = dict(zip(parts[1::2], parts[2::2], strict=True))
    return [(html.unescape(name), views[number]) for number, name in options]


def test_on_the_site_the_comparison_offers_both_canvases_together_and_each_alone(monkeypatch):
    from course_lib import render

    heading = re.search(
        r"## Two canvases side by side: (\w+) and (\w+) around (\d{4})", notebook_text()
    )
    assert heading, "the lesson's section on the two canvases"
    first, second, year = heading.groups()
    monkeypatch.setenv(render.STATIC_SITE, "1")
    views = offered_views(lesson.comparison().static_html())
    assert len(views) == 3
    names = [name for name, _ in views]
    assert first in names[0] and second in names[0] and "side by side" in names[0]
    assert f"{first} around {year}" in names[1] and f"{second} around {year}" in names[2]
    assert "blocks differ" in views[0][1]  # both, block by block
    for (_, shown), company, other in ((views[1], first, second), (views[2], second, first)):
        assert f"{company} around {year}" in shown and f"{other} around {year}" not in shown
        assert all(block.title in shown for block in cv.BLOCKS)
    assert "9,094 stores" in views[1][1] and "DVDs sent by mail" in views[2][1]


def test_on_the_site_the_board_shows_the_blocks_or_a_filled_canvas(monkeypatch):
    from course_lib import render

    monkeypatch.setenv(render.STATIC_SITE, "1")
    views = offered_views(lesson.canvas_board().static_html())
    empty, *filled = views
    assert all(block.question.split(",")[0] in empty[1] for block in cv.BLOCKS)
    assert len(filled) == 2
    for (name, shown), company in zip(filled, ("Blockbuster", "Netflix"), strict=True):
        assert company in name and company in shown and "Revenue streams" in shown


def test_on_the_site_the_fit_explorer_offers_each_partnership_with_each_rule(monkeypatch):
    from course_lib import render

    text = notebook_text()
    assert "Choose a partnership and a way to combine the two shares" in text
    monkeypatch.setenv(render.STATIC_SITE, "1")
    settings = lesson.fit_explorer().site_settings
    (_, partnerships), (_, rules) = settings.controls
    titles = {
        (partnerships[setting.values[0]], rules[setting.values[1]]): setting.spec["title"]
        for setting in settings.settings
    }
    assert len(titles) == 4
    # "Averaging the two shares would give 0.25 ...; the smaller share gives 0"
    assert "Averaging the two shares would give 0.25" in text
    amazon = next(name for name in partnerships if "Amazon" in name)
    average = next(rule for rule in rules if rule.startswith("average"))
    smaller = next(rule for rule in rules if rule.startswith("smaller"))
    assert ": 0.25 (average" in titles[amazon, average]
    assert ": 0.00 (smaller" in titles[amazon, smaller]
