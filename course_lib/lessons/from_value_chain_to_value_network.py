"""Lesson 6, from value chain to value network: the network explorers and the exercises.

The computations the lesson states (value added along the car chain, what breaks when a
partner goes, betweenness, unmet needs, Amazon's bill at UPS) are written in the notebook
with ``cl.networks`` and ``cl.data``; this module holds only what is particular to the lesson:
the explorer that removes, adds or swaps a partner in a course network, and the exercises
with their checks.
"""

from __future__ import annotations

import difflib
from functools import cache, partial
from typing import TYPE_CHECKING, Any

import pandas as pd

from .. import charts, data, networks, widgets
from ..exercises import Exercise, Feedback, MultipleChoice, Numeric
from ..problems import CourseProblem

if TYPE_CHECKING:
    import altair as alt
    import networkx as nx

#: The course's networks, with the title the explorer shows.
TITLES = {
    "car_chain": "A car value chain (illustrative)",
    "amazon": "Amazon's US deliveries, late 2013",
}
#: What the learner can do to the network.
CHANGES = ("no change", "remove", "add", "swap")

# ------------------------------------------------------------------------ the explorer


@cache
def _recorded(network: str) -> nx.MultiDiGraph:
    return networks.load(network)


@cache
def _places(network: str) -> pd.DataFrame:
    """Where every node of the network stands, candidates included, so a change never moves
    the nodes that stay."""
    table = networks.nodes(network)
    everyone = networks.build(networks.flows(network), table)
    return networks.layout(everyone, order=table.node)


def _newcomer(
    network: str, name: str, graph: nx.MultiDiGraph
) -> tuple[str, pd.DataFrame, list, list]:
    """A candidate's role, its flows with nodes present in ``graph``, its offers, and the
    partners its other flows would need (absent from the network)."""
    table = networks.nodes(network).set_index("node")
    links = networks.flows(network)
    own = links[(links["from"] == name) | (links["to"] == name)]
    other = own["to"].where(own["from"] == name, own["from"])
    present = own[other.isin(list(graph.nodes))]
    missing = sorted(set(other[~other.isin(list(graph.nodes))]))
    offered = networks.offers(network).query("node == @name").offer.tolist()
    return str(table.loc[name, "role"]), present, offered, missing


def _changed(
    network: str, change: str, partner: str, newcomer: str
) -> tuple[nx.MultiDiGraph, str, list[str]]:
    """The network after the change, a sentence saying what was done, and the partners a
    newcomer's flows would need but the network lacks."""
    before = _recorded(network)
    if change == "no change":
        return before, "The network as recorded.", []
    if change in ("remove", "swap") and before.nodes[partner]["role"] == networks.CUSTOMER:
        raise CourseProblem(
            f"{partner} are the customers this network serves, not a partner. Choose a "
            f"partner to {change}, or choose 'add'."
        )
    if change == "remove":
        return networks.remove_partner(before, partner), f"{partner} removed.", []
    base = before if change == "add" else networks.remove_partner(before, partner)
    role, links, offered, missing = _newcomer(network, newcomer, base)
    if change == "add":
        after = networks.add_partner(before, newcomer, role, links, offered)
        return after, f"{newcomer} added.", missing
    after = networks.swap_partner(before, partner, newcomer, role, links, offered)
    return after, f"{partner} swapped for {newcomer}.", missing


def _flags(before: nx.MultiDiGraph, after: nx.MultiDiGraph, broken: networks.Breakage) -> dict:
    flags = dict.fromkeys(broken.removed, "removed")
    flags.update(dict.fromkeys(broken.added, "added"))
    flags.update(dict.fromkeys(broken.idle, "cut off"))
    flags.update({node: "reaches no customer" for node in broken.idle if node in broken.added})
    flags.update(dict.fromkeys(broken.unserved, "not served"))
    return flags


def _view(
    network: str, change: str, partner: str, newcomer: str, segment: str
) -> tuple[alt.LayerChart, pd.DataFrame, str]:
    before = _recorded(network)
    after, done, missing = _changed(network, change, partner, newcomer)
    broken = networks.what_breaks(before, after)
    flags = _flags(before, after, broken)
    shown = [node for node in _places(network).node if node in after or node in broken.removed]
    places = _places(network).set_index("node").loc[shown].reset_index()
    needed = networks.needs(network).query("segment == @segment").need.tolist()
    unmet = networks.unmet_needs(after, needed, broken.origins)
    unneeded = networks.unneeded_partners(after, needed)
    flags = {**dict.fromkeys(unneeded, "not needed"), **flags}
    places["flag"] = [flags.get(node, "") for node in places["node"]]
    said = [done, *broken.sentences()]
    if missing:
        said.append(
            f"The newcomer's flows with {', '.join(missing)} are left out: not in the network."
        )
    if not broken.broken:
        weak = networks.single_points_of_failure(after)
        said.append(f"Single points of failure: {', '.join(weak) or 'none'}.")
    said.append(
        f"{segment} need what no working partner offers: {', '.join(unmet)}."
        if unmet
        else f"{segment}: every need is met."
    )
    if unneeded:
        said.append(f"Offering nothing {segment} need: {', '.join(unneeded)}.")
    what = "as recorded" if change == "no change" else done.rstrip(".")
    chart = charts.network_chart(
        places,
        networks.flow_table(after),
        title=f"{TITLES[network]}: {what}",
        description=" ".join(said),
        role_order=_places(network).role,
    )
    table = places[["node", "role", "flag"]].rename(columns={"flag": "after the change"})
    return chart, table, networks.citation(network)


def explorer(network: str = "car_chain") -> widgets.Figure:
    """Remove, add or swap a partner in a course network and see what breaks.

    ``network`` is ``"car_chain"`` (illustrative) or ``"amazon"`` (sourced). The controls:
    what to do, the partner to remove or swap out, the candidate partner to add or swap in,
    and the customer segment whose needs are checked.
    """
    table = networks.nodes(network)
    members = table.loc[table.member, "node"].tolist()
    candidates = table.loc[~table.member, "node"].tolist()
    controls = {
        "change": widgets.choice("Change", list(CHANGES)),
        "partner": widgets.choice("Partner", members),
        "newcomer": widgets.choice("New partner", candidates),
        "segment": widgets.choice("Needs of", list(dict.fromkeys(networks.needs(network).segment))),
    }
    return widgets.explore(
        partial(_view, network), controls, lesson_settings=_site_readings(table, controls)
    )


def _site_readings(table: pd.DataFrame, controls: dict[str, Any]) -> list[dict[str, str]]:
    """The changes the lesson's readings ask for, which the static site must offer: removing
    each partner; adding each candidate, for each segment's needs; and, where the network has
    a new segment besides its present one, swapping each candidate in for the first partner
    against the new segment's needs."""
    partners = table.loc[table.member & (table.role != networks.CUSTOMER), "node"]
    candidates = table.loc[~table.member, "node"]
    segments = list(controls["segment"]._options_values)
    return [
        *({"change": "remove", "partner": partner} for partner in partners),
        *(
            {"change": "add", "newcomer": candidate, "segment": segment}
            for candidate in candidates
            for segment in segments
        ),
        *(
            {"change": "swap", "newcomer": candidate, "segment": segments[-1]}
            for candidate in (candidates if len(segments) > 1 else [])
        ),
    ]


# ------------------------------------------------------------------------- exercises

why_network = MultipleChoice(
    "A car maker that has sold through dealers for decades wants to sell electric cars online. "
    "Why does its value chain diagram help it so little?",
    {
        "a": "A value chain cannot be drawn for electric cars.",
        "b": "Its partners were chosen and tuned for one narrow purpose and are tied into other "
        "networks; the change meets their resistance, which a chain of boxes does not show.",
        "c": "An adjacent customer segment needs no partners: the car maker can serve it alone.",
    },
    answer="b",
    explanations={
        "a": "Any production system can be drawn as a chain; the trouble is what the chain "
        "leaves out.",
        "b": "The chain shows sequence and linkages; it hides the nested network around them "
        "and the 'immune system' that pushes back when the company steps outside it.",
        "c": "No firm creates value alone: a new segment needs partners, often new ones.",
    },
)


def _car_money() -> pd.DataFrame:
    """The money flows among the car chain's recorded partners (amounts per car)."""
    table = networks.flows("car_chain")
    members = networks.nodes("car_chain").query("member").node
    inside = table["from"].isin(members) & table["to"].isin(members)
    return table[inside & (table.flow == "money")]


def _amount(giver: str, receiver: str) -> float:
    money = _car_money()
    return float(money.loc[(money["from"] == giver) & (money["to"] == receiver), "amount"].sum())


def _parts() -> float:
    money = _car_money()
    return float(money.loc[money["from"] == "Car maker", "amount"].sum())


value_added = Numeric(
    "In the car chain (its recorded partners; amounts per car), how much value does the Car "
    "maker add to one car: what it receives for the car minus what it pays its suppliers for "
    "the car's parts? Compute it from the money flows and assign it to `car_maker_added`.",
    answer=lambda: _amount("Dealer North", "Car maker") - _parts(),
    tolerance=0.5,
    absolute=True,
    unit="USD",
    asks_for_code=True,
    mistakes={
        "that counts the wholesale price from both dealers: each dealer pays for the cars it "
        "buys, so for one car the Car maker is paid once.": lambda right: (
            right + _amount("Dealer South", "Car maker")
        ),
        "that starts from what a buyer pays the dealer: the Car maker is paid the dealer's "
        "wholesale price.": lambda right: (
            right + _amount("Car buyers", "Dealer North") - _amount("Dealer North", "Car maker")
        ),
        "the sign is turned round: value added is what the Car maker receives minus what it "
        "pays, not the other way.": lambda right: -right,
        "that leaves out the payments to the suppliers: value added subtracts what the Car "
        "maker pays for the parts.": lambda right: right + _parts(),
    },
    hint="Keep the money rows among recorded partners; take the amount one dealer pays the Car "
    "maker, and subtract every amount the Car maker pays.",
)


# The bakery network the learner builds: (from, to, flow).
BAKERY_ROLES = {
    "Mill": "miller",
    "Bakery": "baker",
    "Shop East": "shop",
    "Shop West": "shop",
    "Neighbours": "customer",
}
BAKERY_FLOWS = (
    ("Mill", "Bakery", "goods"),
    ("Bakery", "Shop East", "goods"),
    ("Bakery", "Shop West", "goods"),
    ("Shop East", "Neighbours", "goods"),
    ("Shop West", "Neighbours", "goods"),
    ("Neighbours", "Shop East", "money"),
    ("Neighbours", "Shop West", "money"),
    ("Shop East", "Bakery", "money"),
    ("Shop West", "Bakery", "money"),
    ("Bakery", "Mill", "money"),
)


def _flows_of(graph: Any) -> set[tuple[str, str, str]]:
    """(from, to, kind) of every edge: the kind is the edge's key or its ``flow`` attribute."""
    found = set()
    if graph.is_multigraph():
        for start, end, key, attributes in graph.edges(keys=True, data=True):
            kind = attributes.get("flow", key)
            found.add((str(start), str(end), str(kind)))
    else:
        for start, end, attributes in graph.edges(data=True):
            found.add((str(start), str(end), str(attributes.get("flow", ""))))
    return found


class GraphCheck(Exercise):
    """The learner builds a network with networkx; the check compares its nodes, roles and
    flows with the ones asked for and names the likely mistake (an undirected graph, a
    misspelt node, a missing role, goods flowing backwards, a flow without its kind).

    >>> import networkx as nx
    >>> q = GraphCheck("Build it.", {"A": "maker", "B": "customer"}, (("A", "B", "goods"),))
    >>> right = nx.MultiDiGraph()
    >>> right.add_node("A", role="maker"); right.add_node("B", role="customer")
    >>> _ = right.add_edge("A", "B", key="goods")
    >>> q.check(right).correct
    True
    >>> backwards = nx.DiGraph(); backwards.add_edge("B", "A", flow="goods")
    >>> print(q.check(backwards).message)  # doctest: +ELLIPSIS
    Every node needs its role ...
    """

    kind = "code: a network"
    asks_for_code = True

    def __init__(
        self,
        question: str,
        roles: dict[str, str],
        flows: tuple[tuple[str, str, str], ...],
        hint: str = "",
    ) -> None:
        super().__init__(question, hint)
        self.roles = dict(roles)
        self.flows = set(flows)

    def check(self, answer: Any) -> Feedback:
        """Inspect the learner's graph: type, direction, nodes, roles, then flows."""
        if answer is None:
            return Feedback(
                None,
                "Replace None with your graph, for example nx.MultiDiGraph(), and run the cell.",
            )
        if not (hasattr(answer, "nodes") and hasattr(answer, "is_directed")):
            return Feedback(
                False,
                f"This is a {type(answer).__name__}, not a networkx graph: start from "
                "nx.MultiDiGraph() and add nodes and edges, or use cl.networks.build(flows, nodes).",
                self.hint,
            )
        if not answer.is_directed():
            return Feedback(
                False,
                "Your graph is undirected, but a flow goes one way: goods from the Mill to "
                "the Bakery, money back. Use nx.MultiDiGraph() (or nx.DiGraph()).",
                self.hint,
            )
        names = {str(node) for node in answer.nodes}
        missing = sorted(set(self.roles) - names)
        extra = sorted(names - set(self.roles))
        if missing or extra:
            said = []
            for name in extra:
                close = difflib.get_close_matches(name, missing, n=1)
                said.append(
                    f'"{name}" is not asked for'
                    + (f' (did you mean "{close[0]}"?)' if close else "")
                )
            if missing:
                said.append(f"missing: {', '.join(missing)}")
            return Feedback(False, f"Your nodes are not right yet: {'; '.join(said)}.", self.hint)
        unroled = sorted(node for node in self.roles if "role" not in answer.nodes[node])
        if unroled:
            return Feedback(
                False,
                f'Every node needs its role as an attribute, e.g. add_node("Mill", role="miller"); '
                f"these have none: {', '.join(unroled)}.",
                self.hint,
            )
        wrong = sorted(
            node for node, role in self.roles.items() if answer.nodes[node]["role"] != role
        )
        if wrong:
            listed = ", ".join(f"{node} should be '{self.roles[node]}'" for node in wrong)
            return Feedback(False, f"Some roles are not the ones asked for: {listed}.", self.hint)
        built = _flows_of(answer)
        if not built & self.flows and {(a, b) for a, b, _ in built} & {
            (a, b) for a, b, _ in self.flows
        }:
            return Feedback(
                False,
                "Your edges do not say what flows: give each edge its kind as the key, "
                'add_edge("Mill", "Bakery", key="goods"), or as flow="goods".',
                self.hint,
            )
        backwards = sorted(
            (start, end)
            for start, end, kind in self.flows
            if kind == "goods" and (end, start, "goods") in built
        )
        if backwards:
            start, end = backwards[0]
            return Feedback(
                False,
                f"Your goods flow backwards ({end} → {start}): goods go from supplier to "
                "customer, and money goes the other way.",
                self.hint,
            )
        missing_flows = sorted(self.flows - built)
        extra_flows = sorted(built - self.flows)
        if missing_flows or extra_flows:
            said = []
            if missing_flows:
                said.append(
                    "missing " + ", ".join(f"{a} → {b} ({k})" for a, b, k in missing_flows[:3])
                )
            if extra_flows:
                said.append(
                    "not asked for " + ", ".join(f"{a} → {b} ({k})" for a, b, k in extra_flows[:3])
                )
            return Feedback(False, f"Your flows are not right yet: {'; '.join(said)}.", self.hint)
        return Feedback(
            True, f"Your network matches: {len(self.roles)} nodes and {len(self.flows)} flows."
        )


bakery = GraphCheck(
    "Build this network with networkx and assign it to `bakery`. Nodes and roles: Mill "
    "(miller), Bakery (baker), Shop East and Shop West (shop), Neighbours (customer). Goods: "
    "Mill → Bakery, Bakery → each shop, each shop → Neighbours. Money: Neighbours → each "
    "shop, each shop → Bakery, Bakery → Mill.",
    BAKERY_ROLES,
    BAKERY_FLOWS,
    hint='bakery = nx.MultiDiGraph(); bakery.add_node("Mill", role="miller"); ... '
    'bakery.add_edge("Mill", "Bakery", key="goods"); ...',
)


class NamesCheck(Exercise):
    """The learner computes a list of names; the check compares it, as a set, with the right
    one and names the likely mistake (a listed cause for a listed wrong set, else what is
    missing and what should not be there).

    >>> q = NamesCheck("Which?", lambda: {"a", "b"}, mistakes={"c is a customer": lambda: {"a", "b", "c"}})
    >>> q.check(["b", "a"]).correct, q.check(["a", "b", "c"]).message
    (True, 'Not yet: c is a customer.')
    >>> q.check(["a"]).message
    'Not yet: missing b.'
    """

    kind = "code: a list of names"
    asks_for_code = True

    def __init__(
        self, question: str, expected: Any, mistakes: dict | None = None, hint: str = ""
    ) -> None:
        super().__init__(question, hint)
        self.expected = expected
        self.mistakes = dict(mistakes or {})

    def check(self, answer: Any) -> Feedback:
        """Compare the learner's names with the right ones."""
        if answer is None:
            return Feedback(
                None, 'Replace None with your list, for example ["Mill"], and run the cell.'
            )
        if isinstance(answer, str) or not hasattr(answer, "__iter__"):
            return Feedback(
                False,
                f'This is a {type(answer).__name__}; give a list of names, like ["Mill"].',
                self.hint,
            )
        mine = {str(name) for name in answer}
        right = set(self.expected())
        if mine == right:
            return Feedback(True, f"Right: {', '.join(sorted(right))}.")
        for cause, wrong in self.mistakes.items():
            if mine == set(wrong()):
                return Feedback(False, f"Not yet: {cause.rstrip('.')}.", self.hint)
        said = []
        if right - mine:
            said.append(f"missing {', '.join(sorted(right - mine))}")
        if mine - right:
            said.append(f"{', '.join(sorted(mine - right))} should not be there")
        return Feedback(False, f"Not yet: {'; '.join(said)}.", self.hint)


def _bakery_graph() -> nx.MultiDiGraph:
    table = pd.DataFrame(BAKERY_FLOWS, columns=["from", "to", "flow"]).assign(what="")
    roles = pd.DataFrame(list(BAKERY_ROLES.items()), columns=["node", "role"])
    return networks.build(table, roles)


weak_points = NamesCheck(
    "Remove each partner of your `bakery` network in turn (not the Neighbours) and find those "
    "whose removal leaves the Neighbours unserved or a role empty. Assign their names, as a "
    "list, to `weak_points`.",
    expected=lambda: networks.single_points_of_failure(_bakery_graph()),
    mistakes={
        "a shop is not a weak point: when one closes, the other still fills the role 'shop' and "
        "still brings bread to the Neighbours.": lambda: [
            "Mill",
            "Bakery",
            "Shop East",
            "Shop West",
        ],
        "the Mill is a weak point too: it is the only miller, so without it the role is empty and "
        "the Bakery has no flour, although the Bakery still has a path to the Neighbours.": lambda: [
            "Bakery"
        ],
        "the Neighbours are the customers, not a partner: leave them out.": lambda: [
            "Mill",
            "Bakery",
            "Neighbours",
        ],
    },
    hint="cl.networks.what_breaks(bakery, cl.networks.remove_partner(bakery, name)).broken "
    "says whether removing name breaks something.",
)

blind_spot = MultipleChoice(
    "Betweenness and articulation points both single out the Car maker, but neither flags the "
    "Engine parts maker, although without it no car can be built. Why?",
    {
        "a": "The Engine parts maker is not important.",
        "b": "Both measures read only the shape of the graph: a supplier at the edge lies on no "
        "path between others, and nothing in the graph says that it is the only source of a "
        "part the Car maker cannot do without.",
        "c": "networkx computes betweenness only for the largest node.",
    },
    answer="b",
    explanations={
        "a": "Its role is empty when it goes: the network stops making cars.",
        "b": "That is why the course also checks roles: a role left empty breaks an assembly "
        "even where the graph stays connected.",
        "c": "Betweenness is computed for every node; the suppliers' value is 0.",
    },
)

kastelle = MultipleChoice(
    "Tim Kastelle's point about changing a business model: besides getting end users to prefer "
    "your idea, what else must happen?",
    {
        "a": "Partners in the value network must stop using and supporting your competitors.",
        "b": "You must cut every partner's price to win the new segment.",
        "c": "You must bring every activity in house.",
    },
    answer="a",
    explanations={
        "a": "Partners already serve other networks; they must be drawn into yours and invest "
        "in it.",
        "b": "Price is one lever; the point is about where partners put their support.",
        "c": "No firm creates value alone; the point is to draw partners in.",
    },
)


def _ups(metric: str, year: int, unit: str | None = None) -> float:
    return float(data.metric("logistics", metric, entity="UPS", unit=unit)[year])


ups_bill = Numeric(
    "How many billion dollars did Amazon pay UPS in 2019? Compute it from UPS's revenue and "
    'Amazon\'s share of it (both from `cl.data.metric("logistics", ..., entity="UPS")`) and '
    "assign it to `paid_to_ups`.",
    answer=lambda: (
        _ups("revenue", 2019, "USD_billion") * _ups("amazon_share_of_revenue", 2019) / 100
    ),
    tolerance=0.02,
    unit="billion USD",
    asks_for_code=True,
    mistakes={
        "the share is in percent: divide it by 100 to turn it into a fraction.": lambda right: (
            right * 100
        ),
        "that is in millions: ask cl.data.metric for unit='USD_billion', or divide by a thousand.": lambda right: (
            right * 1000
        ),
        "that uses the year after, one year off: take both figures for 2019.": lambda _right: (
            _ups("revenue", 2020, "USD_billion") * _ups("amazon_share_of_revenue", 2020) / 100
        ),
    },
    hint="revenue = cl.data.metric('logistics', 'revenue', entity='UPS', unit='USD_billion'); "
    "the share is in percent.",
)
