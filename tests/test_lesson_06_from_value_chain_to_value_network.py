"""Lesson 6: every claim the lesson makes, computed here from the CSV rows (networks with
networkx on the rows, not with course_lib); every exercise checked against an independent
answer, and its typical wrong answers against their feedback; every explorer setting drawn."""

from __future__ import annotations

import csv
import itertools
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from course_lib.lessons import from_value_chain_to_value_network as lesson

from . import csvdata, prose

NOTEBOOK = "06_from_value_chain_to_value_network.ipynb"
FOLDER = Path(__file__).resolve().parent.parent / "datasets" / "value_networks"
KH = "Kraft Heinz proposal for Unilever"

#: Numbers in the lesson's prose, each computed by a test below.
PINNED = {"143", "18%", "1.3%"}


def test_every_number_in_the_prose_is_pinned_by_a_test():
    assert prose.unpinned(NOTEBOOK, lesson, PINNED) == set()


def rows(name: str) -> list[dict[str, str]]:
    with open(FOLDER / f"{name}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def members(network: str) -> dict[str, str]:
    return {row["node"]: row["role"] for row in rows("nodes")
            if row["network"] == network and row["member"] == "true"}  # fmt: skip


def goods(network: str, nodes: set[str]) -> nx.DiGraph:
    """The goods flows among ``nodes``, straight from flows.csv."""
    graph = nx.DiGraph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from((row["from"], row["to"]) for row in rows("flows")
                         if row["network"] == network and row["flow"] == "goods"
                         and row["from"] in nodes and row["to"] in nodes)  # fmt: skip
    return graph


def served_without(network: str, partner: str | None) -> bool:
    """Whether the customers are still reached from the recorded origins without ``partner``."""
    roles = members(network)
    whole = goods(network, set(roles))
    starts = {n for n in whole if whole.out_degree(n) and not whole.in_degree(n)}
    smaller = whole.copy()
    if partner:
        smaller.remove_node(partner)
    customer = next(node for node, role in roles.items() if role == "customer")
    return any(nx.has_path(smaller, start, customer) for start in starts if start in smaller)


def role_left(network: str, partner: str) -> bool:
    roles = members(network)
    return any(role == roles[partner] for node, role in roles.items() if node != partner)


# ----------------------------------------------------------------------------- the claims


def test_the_car_chain_readings_under_things_to_look_for():
    # Dealer North: nothing breaks. Engine parts maker: still reached, role empty. Car maker:
    # nobody served.
    assert served_without("car_chain", "Dealer North") and role_left("car_chain", "Dealer North")
    assert served_without("car_chain", "Engine parts maker")
    assert not role_left("car_chain", "Engine parts maker")
    assert not served_without("car_chain", "Car maker")


def test_the_explorer_says_what_breaks_as_the_lesson_says():
    shown = lesson.explorer("car_chain")
    change, partner, _, segment = shown.children[0].children
    change.value = "remove"
    partner.value = "Dealer North"
    assert "Nothing breaks" in shown.chart.spec["description"]
    partner.value = "Engine parts maker"
    text = shown.chart.spec["description"]
    assert "Roles left empty: engine parts supplier." in text and "No longer served" not in text
    partner.value = "Car maker"
    text = shown.chart.spec["description"]
    assert "No longer served: Car buyers." in text
    others = [node for node in members("car_chain") if node not in ("Car maker", "Car buyers")]
    assert f"On no path from an origin to a customer: {', '.join(others)}." in text


def needs(segment: str) -> list[str]:
    return [row["need"] for row in rows("needs") if row["segment"] == segment]


def offers(network: str, nodes: set[str]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {node: set() for node in nodes}
    for row in rows("offers"):
        if row["network"] == network and row["node"] in nodes:
            found[row["node"]].add(row["offer"])
    return found


def test_electric_car_buyers_miss_three_things_and_one_partner_gives_them_nothing():
    given = offers("car_chain", set(members("car_chain")))
    wanted = needs("Electric-car buyers")
    unmet = [need for need in wanted if not any(need in found for found in given.values())]
    assert unmet == ["battery packs", "online sales", "charging"]  # "three of their needs"
    useless = [node for node, found in given.items() if found and not found & set(wanted)]
    assert useless == ["Engine parts maker"]  # "one partner offers nothing they need"


def test_betweenness_and_articulation_points_single_out_the_car_maker_only():
    roles = members("car_chain")
    flows = goods("car_chain", set(roles))
    scores = nx.betweenness_centrality(flows, normalized=True)
    assert max(scores, key=scores.get) == "Car maker"
    assert 0 < scores["Dealer North"] == scores["Dealer South"] < scores["Car maker"]
    assert all(scores[node] == 0 for node in ("Engine parts maker", "Brake maker", "Seat maker"))
    every = nx.Graph()
    every.add_edges_from((row["from"], row["to"]) for row in rows("flows")
                         if row["network"] == "car_chain"
                         and row["from"] in roles and row["to"] in roles)  # fmt: skip
    assert set(nx.articulation_points(every)) == {"Car maker"}


def test_the_amazon_readings_under_things_to_look_for():
    assert served_without("amazon", "FedEx") and role_left("amazon", "FedEx")
    assert served_without("amazon", "USPS")
    assert not served_without("amazon", "Amazon")
    # Only USPS offers Sunday delivery, which the shoppers need.
    given = offers("amazon", set(members("amazon")))
    sunday = [node for node, found in given.items() if "Sunday delivery" in found]
    assert sunday == ["USPS"] and "Sunday delivery" in needs("Amazon shoppers")
    assert all(any(need in found for found in given.values()) for need in needs("Amazon shoppers"))


def test_the_amazon_explorer_shows_the_readings():
    shown = lesson.explorer("amazon")
    change, partner, newcomer, _ = shown.children[0].children
    change.value = "remove"
    partner.value = "USPS"
    assert (
        "need what no working partner offers: Sunday delivery." in shown.chart.spec["description"]
    )
    partner.value = "Amazon"
    text = shown.chart.spec["description"]
    assert "No longer served: Shoppers." in text and "UPS, FedEx, USPS" in text
    change.value = "add"
    newcomer.value = "Amazon Air"
    rows_shown = next(iter(shown.chart.spec["datasets"].values()))
    assert any(row.get("flag") == "reaches no customer" for row in rows_shown)


def test_the_dated_events_the_lesson_tells():
    logistics = {row["date"]: row["event"] for row in csvdata.rows("logistics", "events")}
    assert "30 June 2019" in logistics["2019-06-07"] and "Express" in logistics["2019-06-07"]
    assert "August 2019" in logistics["2019-08-07"] and "Ground" in logistics["2019-08-07"]
    assert logistics["2016-03-09"].startswith("ATSG agreed to lease")
    assert "bought aircraft for the first time" in logistics["2021-01"]
    deals = {row["date"]: row["event"] for row in csvdata.rows("partnerships", "events")}
    assert "rejected it the same day" in deals["2017-02-17"]
    assert "withdrew" in deals["2017-02-19"]  # "two days later"


def test_the_sources_behind_the_b2c_needs():
    excerpts = " ".join(row["excerpt"] for row in rows("sources"))
    assert "doesn't deliver on Sundays" in excerpts
    assert (
        "USPS began delivering on Sundays in select markets nationwide in November 2013" in excerpts
    )
    assert "overwhelmed shipping and logistics company UPS" in excerpts
    assert "discounted traffic that brings low margins" in excerpts


def test_the_kraft_heinz_proposal_figures():
    assert csvdata.value("partnerships", "equity_value", 2017, KH, "USD_billion") == 143
    assert csvdata.value("partnerships", "premium", 2017, KH) == 18  # percent


def test_fedex_share_2018_is_1_3_percent():
    assert csvdata.value("logistics", "amazon_share_of_revenue", 2018, "FedEx") == 1.3


def test_the_car_chain_is_marked_illustrative_in_data_and_lesson():
    assert {row["status"] for row in rows("flows") if row["network"] == "car_chain"} == {
        "illustrative"
    }
    notebook = (Path(prose.ROOT) / "notebooks" / NOTEBOOK).read_text(encoding="utf-8")
    assert "**illustrative**" in notebook


# ----------------------------------------------------------------------------- explorers


@pytest.mark.parametrize("network", ["car_chain", "amazon"])
def test_every_setting_of_the_explorer_draws(network):
    shown = lesson.explorer(network)
    change, partner, newcomer, segment = shown.children[0].children
    values = [
        [value for _, value in control.options] for control in (change, partner, newcomer, segment)
    ]
    for what, who, new in itertools.product(values[0], values[1], values[2]):
        change.value, partner.value, newcomer.value = what, who, new
        spec = shown.chart.spec
        assert spec["title"] and spec["description"]
    change.value = "no change"
    for chosen in values[3]:
        segment.value = chosen
        assert chosen in shown.chart.spec["description"]


@pytest.mark.parametrize(
    ("network", "customer"), [("car_chain", "Car buyers"), ("amazon", "Shoppers")]
)
def test_removing_the_customers_shows_a_message(network, customer):
    shown = lesson.explorer(network)
    change, partner, _, _ = shown.children[0].children
    change.value = "swap"
    partner.value = customer
    assert "customers this network serves" in shown.caption.value
    assert shown.chart.spec["mark"]["type"] == "text"


# ----------------------------------------------------------------------------- exercises


def car_money() -> list[dict[str, str]]:
    inside = set(members("car_chain"))
    return [row for row in rows("flows") if row["network"] == "car_chain"
            and row["flow"] == "money" and row["from"] in inside and row["to"] in inside]  # fmt: skip


def amount(giver: str, receiver: str) -> float:
    return sum(
        float(r["amount"]) for r in car_money() if r["from"] == giver and r["to"] == receiver
    )


def test_value_added_is_the_wholesale_price_less_the_parts():
    parts = sum(float(r["amount"]) for r in car_money() if r["from"] == "Car maker")
    right = amount("Dealer North", "Car maker") - parts
    assert lesson.value_added.check(right).correct is True
    both = lesson.value_added.check(right + amount("Dealer South", "Car maker"))
    assert both.correct is False and "both dealers" in both.message
    retail = right + amount("Car buyers", "Dealer North") - amount("Dealer North", "Car maker")
    assert "what a buyer pays" in lesson.value_added.check(retail).message
    assert "sign is turned round" in lesson.value_added.check(-right).message
    assert "payments to the suppliers" in lesson.value_added.check(right + parts).message
    assert lesson.value_added.check(None).correct is None


def bakery_graph(kind=nx.MultiDiGraph, keyed: bool = True) -> nx.Graph:
    graph = kind()
    for node, role in lesson.BAKERY_ROLES.items():
        graph.add_node(node, role=role)
    for start, end, flow in lesson.BAKERY_FLOWS:
        if keyed:
            graph.add_edge(start, end, key=flow)
        else:
            graph.add_edge(start, end, flow=flow)
    return graph


def test_bakery_accepts_a_right_graph_built_either_way():
    assert lesson.bakery.check(bakery_graph()).correct is True
    assert lesson.bakery.check(bakery_graph(nx.DiGraph, keyed=False)).correct is True
    assert lesson.bakery.check(None).correct is None


def test_bakery_names_typical_mistakes():
    check = lesson.bakery.check
    assert "undirected" in check(nx.Graph(bakery_graph(nx.DiGraph, keyed=False))).message
    assert "not a networkx graph" in check(pd.DataFrame()).message
    misspelt = nx.relabel_nodes(bakery_graph(), {"Neighbours": "Neighbors"})
    assert 'did you mean "Neighbours"' in check(misspelt).message
    no_role = bakery_graph()
    del no_role.nodes["Mill"]["role"]
    assert "Mill" in check(no_role).message and "role" in check(no_role).message
    wrong_role = bakery_graph()
    wrong_role.nodes["Shop East"]["role"] = "shops"
    assert "Shop East should be 'shop'" in check(wrong_role).message
    backwards = bakery_graph()
    backwards.remove_edge("Mill", "Bakery", key="goods")
    backwards.add_edge("Bakery", "Mill", key="goods")
    assert "backwards (Bakery → Mill)" in check(backwards).message
    unkeyed = nx.MultiDiGraph()
    unkeyed.add_nodes_from(bakery_graph().nodes(data=True))
    unkeyed.add_edges_from((start, end) for start, end, _ in lesson.BAKERY_FLOWS)
    assert "do not say what flows" in check(unkeyed).message
    short = bakery_graph()
    short.remove_edge("Bakery", "Mill", key="money")
    assert "missing Bakery → Mill (money)" in check(short).message


def test_weak_points_of_the_bakery_are_the_mill_and_the_bakery():
    # By hand: without the Mill the role 'miller' is empty; without the Bakery nothing reaches
    # the Neighbours; without one shop the other still fills the role and reaches them.
    assert lesson.weak_points.check(["Bakery", "Mill"]).correct is True
    assert (
        "a shop is not a weak point"
        in lesson.weak_points.check(["Mill", "Bakery", "Shop East", "Shop West"]).message
    )
    assert "only miller" in lesson.weak_points.check(["Bakery"]).message
    assert "customers" in lesson.weak_points.check(["Mill", "Bakery", "Neighbours"]).message
    assert "list of names" in lesson.weak_points.check("Mill").message
    assert lesson.weak_points.check(None).correct is None


def test_ups_bill_is_revenue_times_share_for_2019():
    revenue = csvdata.value("logistics", "revenue", 2019, "UPS", "USD")
    share = csvdata.value("logistics", "amazon_share_of_revenue", 2019, "UPS")
    right = revenue * share / 100 / 1e9
    assert lesson.ups_bill.check(round(right, 2)).correct is True
    assert "divide it by 100" in lesson.ups_bill.check(right * 100).message
    assert "in millions" in lesson.ups_bill.check(right * 1000).message
    later = (csvdata.value("logistics", "revenue", 2020, "UPS", "USD")
             * csvdata.value("logistics", "amazon_share_of_revenue", 2020, "UPS") / 100 / 1e9)  # fmt: skip
    assert "one year off" in lesson.ups_bill.check(later).message


def test_multiple_choice_answers():
    for exercise, right, wrong in (
        (lesson.why_network, "b", "a"),
        (lesson.blind_spot, "b", "a"),
        (lesson.kastelle, "a", "c"),
    ):
        assert exercise.check(right).correct is True
        assert exercise.check(wrong).correct is False


def role_colours(spec: dict) -> dict[str, str]:
    scale = next(layer for layer in spec["layer"] if "fill" in layer.get("encoding", {}))
    fill = scale["encoding"]["fill"]["scale"]
    return dict(zip(fill["domain"], fill["range"], strict=True))


def test_needs_of_marks_the_partner_a_segment_does_not_need_and_colours_stay():
    shown = lesson.explorer("car_chain")
    change, partner, _, segment = shown.children[0].children
    before = role_colours(shown.chart.spec)
    segment.value = "Electric-car buyers"
    rows_shown = next(iter(shown.chart.spec["datasets"].values()))
    flagged = {row["node"]: row["flag"] for row in rows_shown if row.get("flag")}
    assert flagged == {"Engine parts maker": "not needed"}
    change.value = "remove"
    partner.value = "Brake maker"
    after = role_colours(shown.chart.spec)
    assert all(after[role] == colour for role, colour in before.items() if role in after)
