"""course_lib.networks: value networks built from tables of flows, changed partner by partner,
and read for what breaks. Expected results are worked out by hand on small graphs (the
comments give the reasoning) or read from the CSV files with the csv module, not from the
code under test. The network chart builder is tested at the end."""

from __future__ import annotations

import csv
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from course_lib import charts, networks
from course_lib.problems import CourseProblem

FOLDER = Path(__file__).resolve().parent.parent / "datasets" / "value_networks"


def rows(name: str) -> list[dict[str, str]]:
    with open(FOLDER / f"{name}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def table(*flows: tuple[str, str, str]) -> pd.DataFrame:
    return pd.DataFrame(flows, columns=["from", "to", "flow"]).assign(what="")


def roles(**given: str) -> pd.DataFrame:
    return pd.DataFrame(list(given.items()), columns=["node", "role"])


@pytest.fixture
def bakery() -> nx.MultiDiGraph:
    """Mill -> Bakery -> two shops -> Neighbours (goods), money back, one flyer from the Mill
    straight to the Neighbours (information)."""
    flows = table(
        ("Mill", "Bakery", "goods"),
        ("Bakery", "East", "goods"),
        ("Bakery", "West", "goods"),
        ("East", "Neighbours", "goods"),
        ("West", "Neighbours", "goods"),
        ("Neighbours", "East", "money"),
        ("Neighbours", "West", "money"),
        ("East", "Bakery", "money"),
        ("West", "Bakery", "money"),
        ("Bakery", "Mill", "money"),
        ("Mill", "Neighbours", "information"),
    )
    nodes = roles(Mill="miller", Bakery="baker", East="shop", West="shop", Neighbours="customer")
    offers = pd.DataFrame(
        [("Mill", "flour"), ("Bakery", "bread"), ("East", "counter"), ("West", "counter"),
         ("West", "late opening")],
        columns=["node", "offer"],
    )  # fmt: skip
    return networks.build(flows, nodes, offers)


# ----------------------------------------------------------------------------- building


def test_build_keys_each_edge_by_its_kind_and_keeps_roles_and_offers(bakery):
    assert bakery.number_of_nodes() == 5 and bakery.number_of_edges() == 11
    assert set(bakery["Bakery"]["Mill"]) == {"money"}
    assert set(bakery["Mill"]["Bakery"]) == {"goods"}
    assert bakery.nodes["East"]["role"] == "shop"
    assert bakery.nodes["West"]["offers"] == ("counter", "late opening")
    assert bakery.nodes["Neighbours"]["offers"] == ()


def test_build_lists_every_flow_it_cannot_place():
    flows = table(("Mill", "Bakry", "goods"), ("Mill", "Bakery", "cash"))
    with pytest.raises(CourseProblem) as problem:
        networks.build(flows, roles(Mill="miller", Bakery="baker"))
    message = str(problem.value)
    assert 'row 1: "Bakry" is not in the node table' in message
    assert 'row 2: the flow "cash" is not one of goods, money, information' in message


def test_tables_give_back_what_was_built(bakery):
    flows = networks.flow_table(bakery)
    assert len(flows) == 11 and set(flows.flow) == {"goods", "money", "information"}
    nodes = networks.node_table(bakery)
    assert nodes.set_index("node").loc["West", "offers"] == "counter; late opening"


# ----------------------------------------------------------------------------- changing


def test_removing_a_partner_copies_the_network(bakery):
    smaller = networks.remove_partner(bakery, "East")
    assert "East" not in smaller and "East" in bakery
    assert smaller.number_of_edges() == 11 - 4  # East had two flows in and two out
    with pytest.raises(CourseProblem, match='Did you mean "Bakery"'):
        networks.remove_partner(bakery, "Bakry")


def test_adding_a_partner_joins_it_by_its_links(bakery):
    links = table(("Bakery", "Kiosk", "goods"), ("Kiosk", "Neighbours", "goods"))
    bigger = networks.add_partner(bakery, "Kiosk", "shop", links, ["counter"])
    assert bigger.has_edge("Kiosk", "Neighbours", key="goods") and "Kiosk" not in bakery
    assert bigger.nodes["Kiosk"]["offers"] == ("counter",)
    with pytest.raises(CourseProblem, match='"Market" is not in the network'):
        networks.add_partner(bakery, "Kiosk", "shop", table(("Kiosk", "Market", "goods")))
    with pytest.raises(CourseProblem, match="already in this network"):
        networks.add_partner(bakery, "East", "shop", links)


def test_a_swapped_in_partner_takes_over_every_flow_of_the_old_one(bakery):
    swapped = networks.swap_partner(bakery, "Mill", "New mill")
    assert "Mill" not in swapped and swapped.nodes["New mill"]["role"] == "miller"
    assert set(swapped["New mill"]) == {"Bakery", "Neighbours"}
    assert swapped.has_edge("Bakery", "New mill", key="money")
    assert swapped.nodes["New mill"]["offers"] == ("flour",)
    own = networks.swap_partner(
        bakery,
        "Mill",
        "Grain trader",
        role="trader",
        links=table(("Grain trader", "Bakery", "goods")),
    )
    assert own.nodes["Grain trader"]["role"] == "trader" and own.number_of_edges() == 11 - 3 + 1


# ----------------------------------------------------------------------------- reading


def test_origins_are_the_nodes_that_give_goods_and_receive_none(bakery):
    assert networks.origins(bakery) == ["Mill"]
    assert networks.customers(bakery) == ["Neighbours"]
    assert networks.served_customers(bakery) == ["Neighbours"]


def test_a_customer_cut_off_from_every_origin_is_no_longer_served(bakery):
    broken = networks.what_breaks(bakery, networks.remove_partner(bakery, "Bakery"))
    # Every goods path from the Mill ran through the Bakery; the shops are cut off. The
    # Mill's flyer still reaches the Neighbours, but information is not goods.
    assert broken.unserved == ("Neighbours",)
    assert broken.empty_roles == ("baker",)
    assert set(broken.idle) == {"Mill", "East", "West"}
    # The Bakery had six flows: goods in from the Mill and out to two shops, money back.
    assert broken.lost_flows == 6 and broken.removed == ("Bakery",) and broken.broken
    assert broken.sentences()[0] == "No longer served: Neighbours."


def test_origins_after_a_change_are_the_old_ones_not_nodes_left_without_supply(bakery):
    # Without the Bakery the shops receive no goods, so in the new graph alone they look like
    # origins (and the Mill, giving goods to nobody, does not); what_breaks keeps the old
    # origin, the Mill, so the Neighbours are unserved.
    smaller = networks.remove_partner(bakery, "Bakery")
    assert set(networks.origins(smaller)) == {"East", "West"}
    assert networks.what_breaks(bakery, smaller).unserved == ("Neighbours",)


def test_a_redundant_partner_breaks_nothing_and_a_sole_one_empties_its_role(bakery):
    redundant = networks.what_breaks(bakery, networks.remove_partner(bakery, "East"))
    assert not redundant.broken and redundant.unserved == () and redundant.empty_roles == ()
    assert redundant.sentences()[0].startswith("Nothing breaks")
    sole = networks.what_breaks(bakery, networks.remove_partner(bakery, "Mill"))
    # The Mill was the only origin: no flour, so no bread reaches the Neighbours, and the
    # role is empty (the Bakery, now without supply, does not become an origin).
    assert sole.empty_roles == ("miller",) and sole.unserved == ("Neighbours",)


def test_an_added_partner_with_no_way_to_a_customer_is_idle(bakery):
    links = table(("Bakery", "Depot", "goods"))
    broken = networks.what_breaks(bakery, networks.add_partner(bakery, "Depot", "store", links))
    assert broken.idle == ("Depot",) and broken.added == ("Depot",) and not broken.broken


def test_single_points_of_failure_are_the_partners_whose_loss_breaks_something(bakery):
    assert networks.single_points_of_failure(bakery) == ["Mill", "Bakery"]


def test_betweenness_matches_the_hand_count():
    # A -> B -> C: of the pairs (s, t) with s, t other than B, only (A, C) has a path, and it
    # runs through B; normalised by (n-1)(n-2) = 2 it is 0.5.
    chain = networks.build(
        table(("A", "B", "goods"), ("B", "C", "goods")), roles(A="x", B="y", C="customer")
    )
    assert networks.betweenness(chain).to_dict() == {"B": 0.5, "A": 0.0, "C": 0.0}
    # S -> M1 -> T and S -> M2 -> T: the pair (S, T) has two shortest paths, one through each
    # middle node, so each gets 1/2, divided by (n-1)(n-2) = 6.
    diamond = networks.build(
        table(
            ("S", "M1", "goods"), ("S", "M2", "goods"), ("M1", "T", "goods"), ("M2", "T", "goods")
        ),
        roles(S="x", M1="y", M2="y", T="customer"),
    )
    assert networks.betweenness(diamond)["M1"] == pytest.approx(1 / 12)
    with pytest.raises(CourseProblem, match="not a flow kind"):
        networks.betweenness(diamond, flow="cash")


def test_articulation_points_ignore_direction_and_kind(bakery):
    # Without the Bakery, the Mill's flyer still joins it to the Neighbours and the shops;
    # without any other node the rest stays joined too: no articulation point.
    assert networks.articulation_points(bakery) == []
    chain = networks.build(
        table(("A", "B", "goods"), ("B", "C", "goods")), roles(A="x", B="y", C="customer")
    )
    assert networks.articulation_points(chain) == ["B"]


def test_unmet_needs_count_only_partners_on_a_working_path(bakery):
    assert networks.unmet_needs(bakery, ["bread", "late opening", "delivery"]) == ["delivery"]
    # Without the Bakery, the shops are cut off: their counters no longer count.
    smaller = networks.remove_partner(bakery, "Bakery")
    assert networks.unmet_needs(smaller, ["counter"], starts=["Mill"]) == ["counter"]
    assert networks.unneeded_partners(bakery, ["bread", "late opening"]) == ["Mill", "East"]


def test_layout_puts_a_chain_in_layers_and_falls_back_to_a_spring(bakery):
    places = networks.layout(bakery).set_index("node")
    assert places.loc[["Mill", "Bakery", "East", "West", "Neighbours"], "layer"].tolist() == [
        0, 1, 2, 2, 3
    ]  # fmt: skip
    assert places.x.between(0, 1).all() and places.y.between(0, 1).all()
    assert places.loc["East", "y"] > places.loc["West", "y"]  # East is listed first: on top
    loop = networks.build(table(("A", "B", "goods"), ("B", "A", "goods")), roles(A="x", B="y"))
    first, second = networks.layout(loop), networks.layout(loop)
    assert first.equals(second) and first.x.between(0, 1).all()


# ----------------------------------------------------------------------------- the data


def test_the_course_networks_read_as_their_files_say():
    assert networks.names() == sorted({row["network"] for row in rows("nodes")})
    for name in networks.names():
        flows = [row for row in rows("flows") if row["network"] == name]
        assert networks.flows(name)[["from", "to", "flow"]].values.tolist() == [
            [row["from"], row["to"], row["flow"]] for row in flows
        ]
    with pytest.raises(CourseProblem, match='Did you mean "amazon"'):
        networks.nodes("amazn")


def test_the_car_chain_is_illustrative_and_the_amazon_network_sourced():
    for kind in ("nodes", "flows", "offers", "needs"):
        status = {(row["network"], row["status"]) for row in rows(kind)}
        assert status == {("car_chain", "illustrative"), ("amazon", "sourced")}, kind
    assert networks.citation("car_chain").startswith("Illustrative network")
    assert networks.citation("amazon").startswith("Sources: ")


def test_every_row_cites_a_source_with_a_short_excerpt():
    sources = {row["source_id"]: row for row in rows("sources")}
    for kind in ("nodes", "flows", "offers", "needs"):
        for row in rows(kind):
            assert row["source_id"] in sources, (kind, row)
    assert all(0 < len(row["excerpt"]) <= 200 for row in sources.values())
    assert all(row["url"].startswith("http") for row in sources.values())


def test_only_the_illustrative_chain_has_amounts():
    amounts = [row for row in rows("flows") if row["amount"]]
    assert amounts and {row["network"] for row in amounts} == {"car_chain"}
    assert {row["flow"] for row in amounts} == {"money"}
    assert {row["unit"] for row in amounts} == {"USD_per_car"}


def test_load_keeps_the_members_and_the_flows_between_them():
    members = {
        row["node"]
        for row in rows("nodes")
        if row["network"] == "amazon" and row["member"] == "true"
    }
    inside = [
        row for row in rows("flows")
        if row["network"] == "amazon" and row["from"] in members and row["to"] in members
    ]  # fmt: skip
    amazon = networks.load("amazon")
    assert set(amazon.nodes) == members
    assert amazon.number_of_edges() == len(inside)


def test_the_recorded_car_chain_read_by_hand():
    """Served, roles and weak points of the car chain, found from the CSV rows alone."""
    nodes = {row["node"]: row["role"] for row in rows("nodes")
             if row["network"] == "car_chain" and row["member"] == "true"}  # fmt: skip
    goods = [(row["from"], row["to"]) for row in rows("flows")
             if row["network"] == "car_chain" and row["flow"] == "goods"
             and row["from"] in nodes and row["to"] in nodes]  # fmt: skip
    receivers = {end for _, end in goods}
    starts = {start for start, _ in goods if start not in receivers}

    def reached(without: str) -> set[str]:
        seen, todo = set(), [s for s in starts if s != without]
        while todo:
            here = todo.pop()
            for start, end in goods:
                if start == here and end != without and end not in seen:
                    seen.add(end)
                    todo.append(end)
        return seen

    def breaks(partner: str) -> bool:
        role_left = any(role == nodes[partner] for node, role in nodes.items() if node != partner)
        return "Car buyers" not in reached(partner) or not role_left

    weak = [node for node, role in nodes.items() if role != "customer" and breaks(node)]
    car = networks.load("car_chain")
    assert networks.single_points_of_failure(car) == weak
    assert weak == ["Engine parts maker", "Brake maker", "Seat maker", "Car maker"]


# ----------------------------------------------------------------------------- the chart


def test_network_chart_draws_flows_nodes_labels_and_flags(bakery):
    places = networks.layout(bakery).assign(flag=["", "", "removed", "", ""])
    spec = charts.network_chart(
        places, networks.flow_table(bakery), title="Bakery", description="D"
    ).to_dict()
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    assert marks == ["rule", "point", "rect", "circle", "text", "text", "point", "text"]
    assert spec["title"] == "Bakery" and spec["description"] == "D"
    # Flow kind is carried by dash as well as colour; role by the fill and a written label.
    lines = spec["layer"][0]["encoding"]
    assert lines["strokeDash"]["field"] == "flow" and lines["color"]["field"] == "flow"
    assert spec["layer"][3]["encoding"]["fill"]["field"] == "role"
    assert spec["layer"][5]["encoding"]["text"]["field"] == "role"
    # Every flow appears once as an arrowhead; each piece stays inside the chart.
    heads = spec["datasets"][spec["layer"][1]["data"]["name"]]
    assert len(heads) == bakery.number_of_edges()
    pieces = spec["datasets"][spec["layer"][0]["data"]["name"]]
    assert all(0 <= row[k] <= 680 for row in pieces for k in ("x", "x2"))
    assert all(0 <= row[k] <= 380 for row in pieces for k in ("y", "y2"))


def test_network_chart_bends_a_flow_that_would_cross_another_node():
    # A, B, C on one line: the money flow from C back to A would run over B.
    nodes = pd.DataFrame({"node": ["A", "B", "C"], "role": ["x", "y", "customer"],
                          "x": [0.0, 0.5, 1.0], "y": [0.5, 0.5, 0.5]})  # fmt: skip
    flows = table(("A", "B", "goods"), ("B", "C", "goods"), ("C", "A", "money"))
    spec = charts.network_chart(nodes, flows, title="T", description="D").to_dict()
    pieces = spec["datasets"][spec["layer"][0]["data"]["name"]]
    money = [row for row in pieces if row["flow"] == "money"]
    assert len(money) == 2  # two straight pieces around B
    assert money[0]["y2"] != money[0]["y"]


def test_a_learner_can_change_the_network_chart(bakery):
    chart = charts.network_chart(
        networks.layout(bakery), networks.flow_table(bakery), title="T", description="D"
    )
    assert chart.properties(title="Mine").to_dict()["title"] == "Mine"


def test_role_order_fixes_each_roles_colour(bakery):
    places = networks.layout(bakery)
    order = ["miller", "baker", "shop", "customer"]
    whole = charts.network_chart(places, networks.flow_table(bakery), title="T", description="D",
                                 role_order=order).to_dict()  # fmt: skip
    part = charts.network_chart(places[places.node != "Mill"], networks.flow_table(bakery),
                                title="T", description="D", role_order=order).to_dict()  # fmt: skip

    def colours(spec):
        fill = spec["layer"][3]["encoding"]["fill"]["scale"]
        return dict(zip(fill["domain"], fill["range"], strict=True))

    assert colours(part) == {k: v for k, v in colours(whole).items() if k != "miller"}
    assert colours(whole)["customer"] == "#000000"
