"""Value networks: who gives what to whom, and what breaks when a partner leaves.

A value network is a directed graph (a ``networkx.MultiDiGraph``): its nodes are companies
(or groups of them, such as "Car buyers"), each with one **role**; its edges are **flows**
of goods, money or information, at most one of each kind from one node to another (the
flow kind is the edge's key). A node with the role ``customer`` is a customer segment.

Two rules decide whether the network still works after a change:

- every customer is **served**: a path of goods flows reaches it from an **origin** (a
  node that gives goods and receives none, such as a parts supplier);
- every **role** is filled: an assembler needs each of its parts, so a role left with no
  node breaks the network even when goods still reach the customer by another path.

The course's networks are in ``datasets/value_networks/`` (flows, nodes, what each node
offers and what each customer segment needs); the car chain there is illustrative, the
Amazon network is sourced.

>>> car = load("car_chain")
>>> sorted(customers(car)), "Car maker" in single_points_of_failure(car)
(['Car buyers'], True)
>>> print(what_breaks(car, remove_partner(car, "Dealer North")).sentences()[0])
Nothing breaks: every customer is still served and every role is filled.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from . import datapackage
from .problems import CourseProblem

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

__all__ = [
    "Breakage",
    "FLOW_KINDS",
    "add_partner",
    "articulation_points",
    "betweenness",
    "build",
    "citation",
    "customers",
    "flow_counts",
    "flow_table",
    "flows",
    "goods_graph",
    "layout",
    "load",
    "names",
    "needs",
    "node_table",
    "nodes",
    "offers",
    "origins",
    "remove_partner",
    "served_customers",
    "single_points_of_failure",
    "swap_partner",
    "unmet_needs",
    "unneeded_partners",
    "what_breaks",
]

#: The kinds of flow an edge can carry.
FLOW_KINDS = ("goods", "money", "information")
#: The role of a customer segment.
CUSTOMER = "customer"


class NetworkProblem(CourseProblem):
    """A network a learner built or changed that the course cannot read: a flow from or to a
    node that is not in the network, an unknown flow kind, a partner that is not there."""


# --------------------------------------------------------------------------- the data


@cache
def _every(kind: str) -> pd.DataFrame:
    return datapackage.read_resource(f"value-networks-{kind}")


def _table(kind: str, network: str) -> pd.DataFrame:
    every = _every(kind)
    if network not in set(every.network):
        known = sorted(set(_every("nodes").network))
        close = difflib.get_close_matches(network, known, n=1)
        hint = f' Did you mean "{close[0]}"?' if close else ""
        raise NetworkProblem(
            f'there is no value network "{network}".{hint} The networks are: {", ".join(known)}.'
        )
    return every[every.network == network].drop(columns="network").reset_index(drop=True)


def names() -> list[str]:
    """The course's value networks.

    >>> names()
    ['amazon', 'car_chain']
    """
    return sorted(set(_every("nodes").network))


def nodes(network: str) -> pd.DataFrame:
    """The nodes of a network: ``node``, ``role``, ``member`` (False for a candidate partner
    a lesson can add), ``status`` (sourced or illustrative), ``source_id`` and ``note``.

    >>> table = nodes("car_chain")
    >>> table.loc[table.member, "node"].tolist()[:4]
    ['Engine parts maker', 'Brake maker', 'Seat maker', 'Car maker']
    >>> sorted(set(table.status))
    ['illustrative']
    """
    return _table("nodes", network)


def flows(network: str) -> pd.DataFrame:
    """Every flow of a network, candidate partners' flows included: ``from``, ``to``,
    ``flow`` (goods, money or information), ``what``, ``amount`` and ``unit`` (where the
    data give them), ``status``, ``source_id`` and ``note``.

    >>> table = flows("car_chain")
    >>> table.loc[0, ["from", "to", "flow"]].tolist()
    ['Engine parts maker', 'Car maker', 'goods']
    """
    return _table("flows", network)


def offers(network: str) -> pd.DataFrame:
    """What each node offers the network's customers (``node``, ``offer``, ...).

    >>> offers("amazon").query("node == 'USPS'").offer.tolist()
    ['one- or two-day delivery', 'Sunday delivery']
    """
    return _table("offers", network)


def needs(network: str) -> pd.DataFrame:
    """What each customer segment of a network needs (``segment``, ``need``, ...).

    >>> needs("amazon").need.tolist()
    ['one- or two-day delivery', 'Sunday delivery']
    """
    return _table("needs", network)


def citation(network: str) -> str:
    """A citation of the sources behind a network, to print under its chart.

    >>> citation("car_chain").startswith("Illustrative")
    True
    >>> "Reuters" in citation("amazon")
    True
    """
    ids = set(nodes(network).source_id) | set(flows(network).source_id)
    sources = _every("sources")
    used = sources[sources.source_id.isin(ids)]
    parts = list(dict.fromkeys(f"{row.publisher}, {row.title}" for row in used.itertuples()))
    illustrative = "illustrative" in set(nodes(network).status)
    lead = (
        "Illustrative network: its partners and amounts are made up to show the source "
        "text's idea, not measured. "
        if illustrative
        else "Sources: "
    )
    shown = "; ".join(parts[:5]) + (f"; and {len(parts) - 5} more" if len(parts) > 5 else "")
    return f"{lead}{'Based on: ' if illustrative else ''}{shown}."


# --------------------------------------------------------------------------- building


def build(
    flows: pd.DataFrame, nodes: pd.DataFrame, offers: pd.DataFrame | None = None
) -> nx.MultiDiGraph:
    """A value network from a table of flows (``from``, ``to``, ``flow``, ``what``) and a table
    of nodes (``node``, ``role``). ``offers`` (``node``, ``offer``), if given, are attached to
    their nodes. A flow naming a node the node table lacks, or of an unknown kind, is
    refused with every such row listed.

    >>> import pandas as pd
    >>> graph = build(
    ...     pd.DataFrame({"from": ["Maker"], "to": ["Buyers"], "flow": ["goods"], "what": ["cars"]}),
    ...     pd.DataFrame({"node": ["Maker", "Buyers"], "role": ["manufacturer", "customer"]}),
    ... )
    >>> list(graph.edges(keys=True))
    [('Maker', 'Buyers', 'goods')]
    >>> build(pd.DataFrame({"from": ["Maker"], "to": ["Shop"], "flow": ["cash"], "what": ["x"]}),
    ...       pd.DataFrame({"node": ["Maker"], "role": ["manufacturer"]}))
    Traceback (most recent call last):
    ...
    course_lib.networks.NetworkProblem: The flows name nodes or kinds the network does not have:
    - row 1: "Shop" is not in the node table
    - row 1: the flow "cash" is not one of goods, money, information
    """
    import networkx as nx

    graph = nx.MultiDiGraph()
    for row in nodes.itertuples(index=False):
        graph.add_node(row.node, role=row.role, offers=())
    problems = []
    for number, row in enumerate(flows.to_dict("records"), start=1):
        for end in ("from", "to"):
            if row[end] not in graph:
                problems.append(f'row {number}: "{row[end]}" is not in the node table')
        if row["flow"] not in FLOW_KINDS:
            problems.append(
                f'row {number}: the flow "{row["flow"]}" is not one of {", ".join(FLOW_KINDS)}'
            )
    if problems:
        raise NetworkProblem(
            "The flows name nodes or kinds the network does not have:\n"
            + "\n".join(f"- {problem}" for problem in problems)
        )
    for row in flows.to_dict("records"):
        graph.add_edge(
            row["from"], row["to"], key=row["flow"], flow=row["flow"], what=row.get("what", "")
        )
    if offers is not None:
        for node, offered in offers.groupby("node", sort=False).offer:
            if node in graph:
                graph.nodes[node]["offers"] = tuple(offered)
    return graph


def load(network: str) -> nx.MultiDiGraph:
    """A course network as recorded: its member nodes, their flows and their offers
    (candidate partners are left out; add them with :func:`add_partner`).

    >>> amazon = load("amazon")
    >>> sorted(amazon.nodes)
    ['Amazon', 'FedEx', 'Sellers', 'Shoppers', 'UPS', 'USPS']
    >>> amazon.nodes["UPS"]["role"], amazon.number_of_edges()
    ('carrier', 17)
    """
    table = nodes(network)
    members = table[table.member]
    links = flows(network)
    inside = links["from"].isin(members.node) & links["to"].isin(members.node)
    return build(links[inside], members, offers(network))


def node_table(graph: nx.MultiDiGraph) -> pd.DataFrame:
    """The nodes of a network as a table: ``node``, ``role`` and ``offers`` (joined by "; ").

    >>> node_table(load("amazon")).iloc[0].tolist()
    ['Sellers', 'seller', '']
    """
    import pandas as pd

    rows = [
        (node, attributes.get("role", ""), "; ".join(attributes.get("offers", ())))
        for node, attributes in graph.nodes(data=True)
    ]
    return pd.DataFrame(rows, columns=["node", "role", "offers"])


def flow_table(graph: nx.MultiDiGraph) -> pd.DataFrame:
    """The flows of a network as a table: ``from``, ``to``, ``flow``, ``what``.

    >>> flow_table(load("amazon")).iloc[0].tolist()
    ['Sellers', 'Amazon', 'goods', "inventory stored in Amazon's fulfilment centres"]
    """
    import pandas as pd

    rows = [
        (start, end, kind, attributes.get("what", ""))
        for start, end, kind, attributes in graph.edges(keys=True, data=True)
    ]
    return pd.DataFrame(rows, columns=["from", "to", "flow", "what"])


# --------------------------------------------------------------------------- changing


def _known(graph: nx.MultiDiGraph, node: str) -> None:
    if node not in graph:
        close = difflib.get_close_matches(node, [str(n) for n in graph.nodes], n=1)
        hint = f' Did you mean "{close[0]}"?' if close else ""
        raise NetworkProblem(f'"{node}" is not in this network.{hint}')


def remove_partner(graph: nx.MultiDiGraph, node: str) -> nx.MultiDiGraph:
    """A copy of the network without ``node`` and every flow to or from it.

    >>> car = load("car_chain")
    >>> smaller = remove_partner(car, "Dealer North")
    >>> "Dealer North" in smaller, "Dealer North" in car
    (False, True)
    >>> remove_partner(car, "Dealer Nort")
    Traceback (most recent call last):
    ...
    course_lib.networks.NetworkProblem: "Dealer Nort" is not in this network. Did you mean "Dealer North"?
    """
    _known(graph, node)
    changed = graph.copy()
    changed.remove_node(node)
    return changed


def add_partner(
    graph: nx.MultiDiGraph,
    node: str,
    role: str,
    links: pd.DataFrame,
    offers: Iterable[str] = (),
) -> nx.MultiDiGraph:
    """A copy of the network with a new partner ``node`` in ``role``, joined by ``links``
    (rows with ``from``, ``to``, ``flow``, ``what``; each has the new partner at one end and a
    node of the network at the other) and offering ``offers``.

    >>> import pandas as pd
    >>> car = load("car_chain")
    >>> links = pd.DataFrame({"from": ["Charging network"], "to": ["Car buyers"],
    ...                       "flow": ["goods"], "what": ["electricity"]})
    >>> bigger = add_partner(car, "Charging network", "charging", links, offers=["charging"])
    >>> bigger.nodes["Charging network"]["offers"], bigger.has_edge("Charging network", "Car buyers")
    (('charging',), True)
    """
    if node in graph:
        raise NetworkProblem(f'"{node}" is already in this network: remove or swap it instead.')
    problems = []
    for number, row in enumerate(links.to_dict("records"), start=1):
        ends = (row["from"], row["to"])
        other = row["to"] if row["from"] == node else row["from"]
        if node not in ends:
            problems.append(f"link {number} does not start or end at {node}")
        elif other not in graph:
            problems.append(f'link {number}: "{other}" is not in the network')
        if row["flow"] not in FLOW_KINDS:
            problems.append(
                f'link {number}: the flow "{row["flow"]}" is not one of goods, money, information'
            )
    if problems:
        raise NetworkProblem(f"{node} cannot be added: " + "; ".join(problems) + ".")
    changed = graph.copy()
    changed.add_node(node, role=role, offers=tuple(offers))
    for row in links.to_dict("records"):
        changed.add_edge(
            row["from"], row["to"], key=row["flow"], flow=row["flow"], what=row.get("what", "")
        )
    return changed


def swap_partner(
    graph: nx.MultiDiGraph,
    old: str,
    new: str,
    role: str | None = None,
    links: pd.DataFrame | None = None,
    offers: Iterable[str] | None = None,
) -> nx.MultiDiGraph:
    """A copy of the network with ``new`` in the place of ``old``.

    Without ``links`` the new partner takes over every flow of the old one, and its role
    and offers unless ``role`` and ``offers`` are given; with ``links``, the old partner's
    flows go and the new one's are ``links`` (as for :func:`add_partner`).

    >>> car = load("car_chain")
    >>> swapped = swap_partner(car, "Dealer North", "Dealer East")
    >>> swapped.nodes["Dealer East"]["role"], swapped.has_edge("Car maker", "Dealer East")
    ('dealer', True)
    """
    import pandas as pd

    _known(graph, old)
    if links is None:
        links = pd.DataFrame(
            [
                (
                    new if start == old else start,
                    new if end == old else end,
                    kind,
                    attributes.get("what", ""),
                )
                for start, end, kind, attributes in graph.edges(keys=True, data=True)
                if old in (start, end)
            ],
            columns=["from", "to", "flow", "what"],
        )
    kept = graph.nodes[old]
    return add_partner(
        remove_partner(graph, old),
        new,
        role if role is not None else kept.get("role", ""),
        links,
        offers if offers is not None else kept.get("offers", ()),
    )


# --------------------------------------------------------------------------- reading


def goods_graph(graph: nx.MultiDiGraph) -> nx.DiGraph:
    """The goods flows alone, as a simple directed graph (every node kept).

    >>> sorted(goods_graph(load("amazon")).successors("Amazon"))
    ['FedEx', 'UPS', 'USPS']
    """
    import networkx as nx

    goods = nx.DiGraph()
    goods.add_nodes_from(graph.nodes(data=True))
    goods.add_edges_from(
        (start, end) for start, end, kind in graph.edges(keys=True) if kind == "goods"
    )
    return goods


def customers(graph: nx.MultiDiGraph) -> list[str]:
    """The customer segments of a network (nodes whose role is ``customer``).

    >>> customers(load("amazon"))
    ['Shoppers']
    """
    return [node for node, role in graph.nodes(data="role") if role == CUSTOMER]


def origins(graph: nx.MultiDiGraph) -> list[str]:
    """The nodes where goods start: they give goods and receive none (customers excluded).

    >>> origins(load("car_chain"))
    ['Engine parts maker', 'Brake maker', 'Seat maker']
    """
    goods = goods_graph(graph)
    return [
        node
        for node in goods.nodes
        if goods.out_degree(node) > 0
        and goods.in_degree(node) == 0
        and graph.nodes[node].get("role") != CUSTOMER
    ]


def served_customers(graph: nx.MultiDiGraph, starts: Iterable[str] | None = None) -> list[str]:
    """The customers a path of goods flows reaches from an origin (``starts``, by default
    :func:`origins` of the graph itself).

    >>> car = load("car_chain")
    >>> served_customers(car)
    ['Car buyers']
    >>> served_customers(remove_partner(car, "Car maker"), starts=origins(car)[:3])
    []
    """
    import networkx as nx

    goods = goods_graph(graph)
    reached: set[str] = set()
    for start in origins(graph) if starts is None else starts:
        if start in goods:
            reached |= nx.descendants(goods, start)
    return [node for node in customers(graph) if node in reached]


def _working_nodes(graph: nx.MultiDiGraph, starts: Iterable[str]) -> set[str]:
    """Nodes on a goods path from one of ``starts`` to a customer (the ends included)."""
    import networkx as nx

    goods = goods_graph(graph)
    reached: set[str] = set()
    for start in starts:
        if start in goods:
            reached |= {start} | nx.descendants(goods, start)
    leading: set[str] = set()
    for customer in customers(graph):
        leading |= {customer} | nx.ancestors(goods, customer)
    return reached & leading


@dataclass(frozen=True)
class Breakage:
    """What a change did to a network (see :func:`what_breaks`).

    ``unserved``: customers served before and not after; ``empty_roles``: roles some node
    filled before and none fills after; ``idle``: partners now on no goods path from an origin
    to a customer (cut off, or added with no way to reach a customer); ``lost_flows``: how
    many flows of the old network are gone; ``origins``: where goods start after the change.
    """

    removed: tuple[str, ...]
    added: tuple[str, ...]
    unserved: tuple[str, ...]
    empty_roles: tuple[str, ...]
    idle: tuple[str, ...]
    lost_flows: int
    origins: tuple[str, ...] = ()

    @property
    def broken(self) -> bool:
        """True when a customer lost its service or a role was left empty."""
        return bool(self.unserved or self.empty_roles)

    def sentences(self) -> list[str]:
        """What happened, in plain sentences (the first says whether anything broke)."""
        said = []
        if not self.broken:
            said.append("Nothing breaks: every customer is still served and every role is filled.")
        if self.unserved:
            said.append(f"No longer served: {', '.join(self.unserved)}.")
        if self.empty_roles:
            said.append(f"Roles left empty: {', '.join(self.empty_roles)}.")
        if self.idle:
            said.append(f"On no path from an origin to a customer: {', '.join(self.idle)}.")
        if self.lost_flows:
            said.append(f"Flows lost: {self.lost_flows}.")
        return said


def _roles(graph: nx.MultiDiGraph) -> list[str]:
    return list(dict.fromkeys(role for _, role in graph.nodes(data="role")))


def what_breaks(before: nx.MultiDiGraph, after: nx.MultiDiGraph) -> Breakage:
    """Compare a network before and after a change: customers no longer served, roles left
    empty, partners left idle, flows lost. The origins are those of ``before`` still present,
    plus any origin the change added.

    >>> car = load("car_chain")
    >>> broken = what_breaks(car, remove_partner(car, "Engine parts maker"))
    >>> broken.unserved, broken.empty_roles, broken.broken
    ((), ('engine parts supplier',), True)
    >>> what_breaks(car, remove_partner(car, "Car maker")).unserved
    ('Car buyers',)
    """
    starts = [node for node in origins(before) if node in after]
    starts += [node for node in origins(after) if node not in before]
    served_before = set(served_customers(before))
    served_after = set(served_customers(after, starts))
    working_before = _working_nodes(before, origins(before))
    working_after = _working_nodes(after, starts)
    idle = [
        node
        for node in after.nodes
        if after.nodes[node].get("role") != CUSTOMER
        and node not in working_after
        and (node in working_before or node not in before)
    ]
    old_flows = set(before.edges(keys=True))
    return Breakage(
        removed=tuple(node for node in before.nodes if node not in after),
        added=tuple(node for node in after.nodes if node not in before),
        unserved=tuple(node for node in customers(before) if node in served_before - served_after),
        empty_roles=tuple(role for role in _roles(before) if role not in _roles(after)),
        idle=tuple(idle),
        lost_flows=len(old_flows - set(after.edges(keys=True))),
        origins=tuple(starts),
    )


def single_points_of_failure(graph: nx.MultiDiGraph) -> list[str]:
    """Partners whose removal, alone, leaves a customer unserved or a role empty.

    >>> single_points_of_failure(load("car_chain"))
    ['Engine parts maker', 'Brake maker', 'Seat maker', 'Car maker']
    >>> single_points_of_failure(load("amazon"))
    ['Sellers', 'Amazon']
    """
    return [
        node
        for node, role in graph.nodes(data="role")
        if role != CUSTOMER and what_breaks(graph, remove_partner(graph, node)).broken
    ]


def betweenness(graph: nx.MultiDiGraph, flow: str = "goods") -> pd.Series:
    """Each node's betweenness centrality in the flows of one kind: the share of shortest
    paths between two other nodes that pass through it (normalised, 0 to 1), largest first.

    >>> load_car = load("car_chain")
    >>> betweenness(load_car).round(3).head(2).to_dict()
    {'Car maker': 0.3, 'Dealer North': 0.067}
    """
    import networkx as nx
    import pandas as pd

    if flow not in FLOW_KINDS:
        raise NetworkProblem(f'"{flow}" is not a flow kind: use one of {", ".join(FLOW_KINDS)}.')
    kind = nx.DiGraph()
    kind.add_nodes_from(graph.nodes)
    kind.add_edges_from((start, end) for start, end, key in graph.edges(keys=True) if key == flow)
    scores = pd.Series(nx.betweenness_centrality(kind, normalized=True), name="betweenness")
    return scores.sort_values(ascending=False, kind="stable")


def articulation_points(graph: nx.MultiDiGraph) -> list[str]:
    """Nodes whose removal splits the network in two (flows of any kind, direction ignored).

    >>> articulation_points(load("car_chain"))
    ['Car maker']
    """
    import networkx as nx

    found = set(nx.articulation_points(nx.Graph(graph.to_undirected())))
    return [node for node in graph.nodes if node in found]


def unmet_needs(
    graph: nx.MultiDiGraph, needed: Iterable[str], starts: Iterable[str] | None = None
) -> list[str]:
    """What a customer segment needs that no working node of the network offers (a working
    node lies on a goods path from an origin, ``starts`` or by default :func:`origins`, to a
    customer).

    >>> car = load("car_chain")
    >>> electric = needs("car_chain").query("segment == 'Electric-car buyers'").need
    >>> unmet_needs(car, electric)
    ['battery packs', 'online sales', 'charging']
    """
    working = _working_nodes(graph, origins(graph) if starts is None else starts)
    offered = {
        offer
        for node, given in graph.nodes(data="offers")
        if node in working
        for offer in (given or ())
    }
    return [need for need in dict.fromkeys(needed) if need not in offered]


def unneeded_partners(graph: nx.MultiDiGraph, needed: Iterable[str]) -> list[str]:
    """Partners that offer something, but nothing this segment needs.

    >>> electric = needs("car_chain").query("segment == 'Electric-car buyers'").need
    >>> unneeded_partners(load("car_chain"), electric)
    ['Engine parts maker']
    """
    wanted = set(needed)
    return [node for node, given in graph.nodes(data="offers") if given and not wanted & set(given)]


# --------------------------------------------------------------------------- drawing


def layout(graph: nx.MultiDiGraph, order: Iterable[str] | None = None) -> pd.DataFrame:
    """Positions to draw a network: ``node``, ``role``, ``x`` and ``y`` (0 to 1), ``layer``.

    When the goods flows have no cycle, nodes stand in layers from left to right, goods
    moving rightwards: a node's layer counts back from the customers along its longest goods
    path to them, so a value chain reads as a chain. Within a layer nodes keep their order
    (``order``, else the graph's), top to bottom. Otherwise a spring layout (seeded, so the
    drawing is the same each time) places them.

    >>> places = layout(load("car_chain"))
    >>> places.set_index("node").loc[["Engine parts maker", "Car maker", "Car buyers"], "layer"].tolist()
    [0, 1, 3]
    """
    import networkx as nx
    import pandas as pd

    ranking = {node: number for number, node in enumerate(graph.nodes if order is None else order)}
    nodes_in_order = sorted(graph.nodes, key=lambda node: ranking.get(node, len(ranking)))
    goods = goods_graph(graph)
    if nx.is_directed_acyclic_graph(goods):
        to_sink: dict[str, int] = {}
        for node in reversed(list(nx.topological_sort(goods))):
            following = [to_sink[after] + 1 for after in goods.successors(node)]
            to_sink[node] = max(following, default=0)
        deepest = max(to_sink.values(), default=0)
        layers = {node: deepest - to_sink[node] for node in graph.nodes}
        rows = []
        for layer in sorted(set(layers.values())):
            members = [node for node in nodes_in_order if layers[node] == layer]
            for place, node in enumerate(members):
                x = layer / deepest if deepest else 0.5
                y = 1 - (place + 0.5) / len(members)
                rows.append((node, graph.nodes[node].get("role", ""), x, y, layer))
    else:
        spring = nx.spring_layout(nx.Graph(graph.to_undirected()), seed=7)
        xs = [point[0] for point in spring.values()]
        ys = [point[1] for point in spring.values()]

        def scaled(value: float, low: float, high: float) -> float:
            return 0.5 if math.isclose(low, high) else (value - low) / (high - low)

        rows = [
            (node, graph.nodes[node].get("role", ""), scaled(spring[node][0], min(xs), max(xs)),
             scaled(spring[node][1], min(ys), max(ys)), 0)
            for node in nodes_in_order
        ]  # fmt: skip
    return pd.DataFrame(rows, columns=["node", "role", "x", "y", "layer"])


def flow_counts(graph: nx.MultiDiGraph) -> Mapping[str, int]:
    """How many flows of each kind the network has.

    >>> dict(flow_counts(load("car_chain")))
    {'goods': 7, 'money': 7, 'information': 5}
    """
    counts = dict.fromkeys(FLOW_KINDS, 0)
    for _, _, kind in graph.edges(keys=True):
        counts[kind] += 1
    return counts
