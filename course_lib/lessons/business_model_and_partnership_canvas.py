"""Lesson 7, business model and partnership canvas: the canvases of its cases, its explorers
and its exercises.

The computations the lesson states (a fit score, the needs a network leaves open, the figures of
the Tesla and Toyota deal) are written in the notebook itself with ``cl.canvas`` and
``cl.data``; this module holds what is particular to the lesson: the canvases of its cases
(every note that states a fact cites its source id), the canvas board, the side-by-side view,
the partner-fit explorer, and the exercises with their checks.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

import pandas as pd

from .. import canvas, canvas_widget, charts, data, networks, widgets
from ..canvas import BusinessModelCanvas, CanvasProblem, Note, Partner, PartnershipCanvas
from ..exercises import (
    Checklist,
    Exercise,
    Feedback,
    FunctionCheck,
    MultipleChoice,
    Numeric,
)

if TYPE_CHECKING:
    import altair as alt

# ----------------------------------------------------------------- the cases' canvases
# A note with a source id states what that source shows; a note without one is the course's
# own reading (the lesson says so beside the canvases).

_NO_LATE_FEES = "video-rental-bbi-pr-no-late-fees-2004"
_BB_ONLINE = "video-rental-event-bb-online"
_BB_PEAK = "video-rental-bbi-wikipedia-stores-2004"
_DIGITAL_TRENDS = "video-rental-digitaltrends-2005-values"
_NFLX_2003 = "video-rental-nflx-ar2003-cover"
_NFLX_CHARTS = "video-rental-nflx-ar2007-charts"
_BY_MAIL = "video-rental-event-qwikster-announced"

#: Notes both canvases hold, word for word: where Blockbuster had copied Netflix's design.
_STUDIOS = "Film studios that supply the titles"

BLOCKBUSTER_2005 = BusinessModelCanvas(
    "Blockbuster around 2005",
    key_partners=[Note(_STUDIOS), Note("Franchisees that run some of its stores", _NO_LATE_FEES)],
    key_activities=[
        Note("Running thousands of rental stores", _BB_PEAK),
        Note("Launching online rental (announced in 2004)", _BB_ONLINE),
    ],
    key_resources=[
        Note("9,094 stores at its 2004 peak", _BB_PEAK),
        Note("84,300 employees at the 2004 peak", _BB_PEAK),
    ],
    value_propositions=[
        Note("Films and games to rent from a store nearby", _NO_LATE_FEES),
        Note("No late fees (announced in December 2004)", _NO_LATE_FEES),
        Note("Online DVD rental by subscription", _BB_ONLINE),
    ],
    customer_relationships=[
        Note("One rental at a time, in the store", _NO_LATE_FEES),
        Note("Online subscription", _BB_ONLINE),
    ],
    channels=[
        Note(
            "More than 4,500 company-operated and participating franchised US stores", _NO_LATE_FEES
        ),
        Note("Website", _BB_ONLINE),
    ],
    customer_segments=[
        Note("Film and game renters near its stores", _NO_LATE_FEES),
        Note("Online DVD renters", _BB_ONLINE),
    ],
    cost_structure=[
        Note("Rent and staff for thousands of stores", _BB_PEAK),
        Note("Debt of over USD 1 billion at the end of 2005", _DIGITAL_TRENDS),
        Note("A net loss of USD 588.1 million in 2005", "video-rental-bbi-zacks-fy2006-netincome"),
    ],
    revenue_streams=[
        Note("Rental fees per film or game", _NO_LATE_FEES),
        Note("Late fees, until it dropped them", _NO_LATE_FEES),
        Note("Online subscription fees", _BB_ONLINE),
        Note("Revenue of USD 5.72 billion in 2005", "video-rental-bbi-globest-fy2006-rev2005"),
    ],
)

NETFLIX_2005 = BusinessModelCanvas(
    "Netflix around 2005",
    key_partners=[Note(_STUDIOS), Note("The postal service that carries the DVDs")],
    key_activities=[
        Note("Running the website where members choose their films", _NFLX_2003),
        Note("Mailing DVDs out and taking them back", _BY_MAIL),
    ],
    key_resources=[
        Note("A catalogue of more than 18,000 titles (2003)", _NFLX_2003),
        Note("USD 182 million in cash and no debt at the end of 2005", _DIGITAL_TRENDS),
    ],
    value_propositions=[
        Note("Online DVD rental by subscription", _NFLX_2003),
        Note("A large choice of films, chosen at home", _NFLX_2003),
    ],
    customer_relationships=[Note("Online subscription", _NFLX_2003)],
    channels=[Note("Website", _NFLX_2003), Note("DVDs sent by mail", _BY_MAIL)],
    customer_segments=[
        Note("Online DVD renters", _NFLX_2003),
        Note("4,179 thousand subscribers at the end of 2005", _NFLX_CHARTS),
    ],
    cost_structure=[
        Note("Buying DVDs for the catalogue"),
        Note("Postage for DVDs sent by mail", _BY_MAIL),
        Note("Net income of USD 42 million in 2005, helped by a one-off tax benefit", _NFLX_CHARTS),
    ],
    revenue_streams=[
        Note("Online subscription fees", _NFLX_CHARTS),
        Note("Revenue of USD 682 million in 2005", _NFLX_CHARTS),
    ],
)

#: The two business models of lesson 2's case, around 2005, by name.
CANVASES: dict[str, BusinessModelCanvas] = {
    canvas_.name: canvas_ for canvas_ in (BLOCKBUSTER_2005, NETFLIX_2005)
}

_TOYOTA_TESLA = "partnerships-cnn-toyota-tesla-2010"
_NUMMI = "partnerships-ap-nummi-price-2010"
_FEDEX_AIR = "logistics-staradvertiser-fedex-express"

#: Partnerships for the fit explorer. Offers and desires are short labels in one vocabulary, so
#: that an offer and a desire written the same way match; a label with a source id states what
#: that source shows, one without is the course's reading (of the source text, for Tesla's
#: lesson in mass production; of lesson 6's point on B2C and B2B delivery, for Amazon and FedEx).
PARTNERSHIPS: dict[str, PartnershipCanvas] = {
    "Tesla and Toyota, 2010": PartnershipCanvas(
        "Tesla and Toyota, 2010",
        customer_segment=[Note("Buyers of electric cars", _TOYOTA_TESLA)],
        joint_value=[
            Note("Electric cars developed together", _TOYOTA_TESLA),
            Note(
                "The Model S, built in the former NUMMI plant",
                "partnerships-energytrend-tesla-factory-event",
            ),
        ],
        partners=[
            Partner(
                "Tesla",
                offers=[Note("electric vehicle technology", _TOYOTA_TESLA)],
                desires=[
                    Note("capital", _TOYOTA_TESLA),
                    Note("a car factory", _NUMMI),
                    Note("mass-production know-how"),
                ],
            ),
            Partner(
                "Toyota",
                offers=[
                    Note("capital", _TOYOTA_TESLA),
                    Note("a car factory", _TOYOTA_TESLA),
                    Note("mass-production know-how"),
                ],
                desires=[Note("electric vehicle technology", _TOYOTA_TESLA)],
            ),
        ],
    ),
    "Amazon and FedEx, 2019": PartnershipCanvas(
        "Amazon and FedEx, 2019",
        customer_segment=[Note("Amazon's shoppers in the United States", _FEDEX_AIR)],
        joint_value=[Note("Amazon parcels delivered to the door", _FEDEX_AIR)],
        partners=[
            Partner(
                "Amazon",
                offers=[Note("a large parcel volume")],
                desires=[Note("low rates per parcel"), Note("delivery on Amazon's own schedule")],
            ),
            Partner(
                "FedEx",
                offers=[Note("an air and ground network", _FEDEX_AIR)],
                desires=[Note("higher-margin parcels"), Note("a large parcel volume")],
            ),
        ],
    ),
}


def _smaller(first: float, second: float) -> float:
    return min(first, second)


def _average(first: float, second: float) -> float:
    return (first + second) / 2


#: How the two shares combine into one score: the course's rule, and an average to compare.
RULES: dict[str, Callable[[float, float], float]] = {
    "smaller of the two shares (the course's rule)": _smaller,
    "average of the two shares": _average,
}

# ------------------------------------------------ lesson 6's car chain, as canvas partners
# Lesson 6's data (cl.networks, "car_chain") give what each member offers the car buyers and
# what each segment needs; a partnership canvas also needs what each partner desires, which
# the network's data do not hold. These are the course's reading, as illustrative as the chain.

#: What each member of the car chain desires from the network (the course's reading).
DESIRES: dict[str, list[str]] = {
    "Car maker": ["parts", "sales to car buyers"],
    "Engine parts maker": ["orders and payment"],
    "Brake maker": ["orders and payment"],
    "Seat maker": ["orders and payment"],
    "Dealer North": ["new cars to sell"],
    "Dealer South": ["new cars to sell"],
    "Battery maker": ["orders and payment"],
    "Online store": ["new cars to sell"],
    "Charging network": ["drivers of electric cars"],
}
#: What a member gives its partners besides what it offers the buyers (the course's reading).
ALSO_OFFERS: dict[str, list[str]] = {"Car maker": ["orders and payment", "new cars to sell"]}
#: The new customer segment of lesson 6's car chain.
NEW_SEGMENT = "Electric-car buyers"


def _car_chain() -> tuple[Partner, list[Partner], list[str]]:
    """The car maker, its present partners and the new segment's needs, from lesson 6's data."""
    offers = networks.offers("car_chain")
    nodes = networks.nodes("car_chain")
    members = nodes[nodes.member & (nodes.role != "customer")].node.tolist()

    def as_partner(node: str) -> Partner:
        offered = offers.loc[offers.node == node, "offer"].tolist() + ALSO_OFFERS.get(node, [])
        return Partner(node, offers=offered, desires=DESIRES[node])

    needs = networks.needs("car_chain").query("segment == @NEW_SEGMENT").need.tolist()
    present = [as_partner(node) for node in members if node != "Car maker"]
    return as_partner("Car maker"), present, needs


# ----------------------------------------------------------------------------- explorers


def canvas_board(start: BusinessModelCanvas | None = None) -> canvas_widget.CanvasBoard:
    """A canvas board to fill in (see ``cl.canvas_widget``), empty or holding ``start``. On the
    course's static site, where nobody can type, the board also offers to show the lesson's two
    filled canvases in its place.

    >>> canvas_board(NETFLIX_2005).boxes["channels"].value
    'Website\\nDVDs sent by mail'
    """
    return canvas_widget.canvas_board(start, examples=list(CANVASES.values()))


def comparison() -> canvas_widget.CanvasComparison:
    """Blockbuster and Netflix around 2005, side by side, with their differences marked.

    >>> "9 of 9 blocks differ" in comparison().view.value
    True
    """
    return canvas_widget.canvas_comparison(BLOCKBUSTER_2005, NETFLIX_2005)


def _fit_rows(partnership: PartnershipCanvas) -> pd.DataFrame:
    """Each desire of each partner, and which other partner offers it (or nobody)."""
    rows = []
    for partner in partnership.partners:
        for desire in partner.desires:
            givers = [
                other.name
                for other in partnership.partners
                if other is not partner
                and canvas.label(desire) in {canvas.label(note) for note in other.offers}
            ]
            rows.append(
                {
                    "partner": partner.name,
                    "desires": desire.text,
                    "offered by": ", ".join(givers) or "nobody",
                }
            )
    return pd.DataFrame(rows)


@cache
def _fit_view(partnership: str, rule: str) -> tuple[alt.LayerChart, pd.DataFrame, str]:
    import altair as alt

    chosen = PARTNERSHIPS[partnership]
    first, second = chosen.partners[:2]
    fit = canvas.partner_fit(first, second)
    score = RULES[rule](fit.first_gets, fit.second_gets)
    shares = pd.DataFrame(
        {
            "side": [
                f"{first.name}'s desires that {second.name} offers: "
                f"{len(fit.met[first.name])} of {len(first.desires)}",
                f"{second.name}'s desires that {first.name} offers: "
                f"{len(fit.met[second.name])} of {len(second.desires)}",
            ],
            "share": [fit.first_gets, fit.second_gets],
        }
    )
    axis = alt.Axis(labelLimit=charts.WIDTH, labelFontSize=13, title=None)
    bars = (
        alt.Chart(shares)
        .mark_bar(color=charts.PALETTE[0], height=26)
        .encode(
            y=alt.Y("side:N", sort=None, axis=axis),
            x=alt.X(
                "share:Q",
                scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format="%", title="Share of the partner's desires met"),
            ),
            tooltip=["side:N", alt.Tooltip("share:Q", format=".0%")],
        )
    )
    line = (
        alt.Chart(pd.DataFrame({"score": [score]}))
        .mark_rule(color="black", strokeDash=[6, 4], strokeWidth=2)
        .encode(x="score:Q")
    )
    named = rule.split(" (")[0]
    reasons = " ".join(fit.reasons[:-1])
    description = (
        f"{reasons} Fit {score:.2f}, the {named} (dashed line). Each bar is the share of one "
        "partner's desires that the other partner offers."
    )
    chart = alt.layer(
        bars,
        line,
        title=f"Partner fit, {chosen.name}: {score:.2f} ({named})",
        description=description,
    ).properties(width=charts.WIDTH, height=alt.Step(44))
    cited = data.sources(chosen.sources())
    citation = data.citation(cited, limit=6) if len(cited) else ""
    return chart, _fit_rows(chosen), citation


def fit_explorer() -> widgets.Figure:
    """Pick a partnership and a scoring rule; the chart shows how much each side gains.

    >>> shown = fit_explorer()
    >>> shown.children[0].children[0].value = "Amazon and FedEx, 2019"
    >>> "0.00" in shown.chart.chart.title
    True
    """
    partnership = widgets.choice("Partnership", list(PARTNERSHIPS))
    rule = widgets.choice("Score", list(RULES))
    return widgets.explore(_fit_view, {"partnership": partnership, "rule": rule})


# ------------------------------------------------------------------------------ exercises

which_block = MultipleChoice(
    "In December 2004 Blockbuster announced the end of late fees in its US stores. Which block "
    "of its business model canvas did that change first?",
    {
        "a": "Key resources",
        "b": "Revenue streams",
        "c": "Channels",
        "d": "Key partners",
    },
    answer="b",
    explanations={
        "a": "The stores, staff and films stayed the same; what changed is what customers paid for.",
        "b": "Late fees were money customers paid, so the revenue streams changed (and the value "
        "proposition with them: no more fines for a late return).",
        "c": "Customers still rented in the same stores.",
        "d": "No partner joined or left; franchisees taking part applied the same policy.",
    },
    hint="Ask what a late fee is from the customer's side: something they get, a way to reach "
    "them, or money they pay?",
)


def _partner_named(partnership: PartnershipCanvas, *words: str) -> Partner | None:
    for partner in partnership.partners:
        if any(word in partner.name.casefold() for word in words):
            return partner
    return None


def _mentions(notes: tuple[Note, ...], words: tuple[str, ...]) -> bool:
    return any(word in note.text.casefold() for note in notes for word in words)


_CHANNEL_WORDS = ("channel", "retail", "shop", "store", "distribut", "sell", "sales")
_COFFEE_WORDS = ("coffee", "capsule", "pod", "brand", "marketing")


class PartnershipCheck(Exercise):
    """The learner fills a partnership canvas; the check validates it and names what is missing.

    The answer may be a ``PartnershipCanvas`` or a dict of its parts (``customer_segment``,
    ``joint_value``, ``partners``), so that every problem comes back as feedback rather than as
    an error in the learner's cell.
    """

    kind = "code: a partnership canvas"
    asks_for_code = True

    def check(self, answer: Any) -> Feedback:
        """Build the canvas, list its problems, then check the source's point about the makers."""
        if answer is None:
            return Feedback(None, "Fill the parts of the canvas in the cell above and run it.")
        if isinstance(answer, Mapping):
            parts = dict(answer)
            if not any(parts.get(key) for key in ("customer_segment", "joint_value")) and all(
                not partner.offers and not partner.desires
                for partner in parts.get("partners", [])
                if isinstance(partner, Partner)
            ):
                return Feedback(None, "Fill the empty lists in the cell above and run it.")
            parts.setdefault("name", "Nespresso and a machine maker")
            try:
                answer = PartnershipCanvas(**parts)
            except CanvasProblem as problem:
                return Feedback(False, str(problem), self.hint)
            except TypeError as error:
                return Feedback(False, f"The parts are not right: {error}.", self.hint)
        if not isinstance(answer, PartnershipCanvas):
            return Feedback(
                False,
                f"This is a {type(answer).__name__}; build a cl.canvas.PartnershipCanvas, or a "
                "dict of its parts as in the cell above.",
                self.hint,
            )
        nespresso = _partner_named(answer, "nespresso")
        maker = next((p for p in answer.partners if p is not nespresso), None)
        if nespresso is None or maker is None:
            return Feedback(
                False,
                "Name one partner Nespresso and the other after the machine maker.",
                self.hint,
            )
        for partner in (nespresso, maker):
            own = {canvas.label(note) for note in partner.offers}
            mirrored = [note.text for note in partner.desires if canvas.label(note) in own]
            if mirrored:
                return Feedback(
                    False,
                    f"{partner.name} desires what it offers itself ({', '.join(mirrored)}): its "
                    "desires are what it wants from the other partner.",
                    self.hint,
                )
        if not _mentions(maker.offers, _CHANNEL_WORDS):
            return Feedback(
                False,
                f"{maker.name} only makes machines on your canvas: that is outsourcing. The "
                "source's point is that the makers also bring their channel marketing: they sell "
                "kitchen appliances through shops and retailers. Add that to its offers.",
                self.hint,
            )
        if not _mentions(nespresso.offers, _COFFEE_WORDS):
            return Feedback(
                False,
                "What does Nespresso bring? The source names its coffee product marketing "
                "(the capsules and the brand). Add that to its offers.",
                self.hint,
            )
        fit = canvas.partner_fit(nespresso, maker)
        for partner, share in ((nespresso, fit.first_gets), (maker, fit.second_gets)):
            if share == 0:
                wanted = ", ".join(note.text for note in partner.desires)
                other = maker if partner is nespresso else nespresso
                return Feedback(
                    False,
                    f"{partner.name} gains nothing: none of its desires ({wanted}) is among "
                    f"{other.name}'s offers. Write an offer in the same words as the desire it "
                    "meets, or add what the other partner really offers.",
                    self.hint,
                )
        return Feedback(
            True,
            f"Your canvas works: fit {fit.score:.2f}. {' '.join(fit.reasons[:-1])} Each desire "
            "still open is a hypothesis to test with the partner.",
        )


nespresso_canvas = PartnershipCheck(
    "Fill a partnership canvas for Nespresso and one of its machine makers from the source's "
    "description: Nespresso brings its coffee product marketing, the maker its channel "
    "marketing for kitchen appliances (not only its factories). Give the customer segment, the "
    "joint value, and for each partner what it offers and what it desires; write a desire in "
    "the same words as the offer that meets it.",
    hint="cl.canvas.Partner('Nespresso', offers=['coffee capsules', ...], desires=[...]); the "
    "maker's offers might include 'channel marketing for kitchen appliances'.",
)


def _fit(
    offers_a: list[str], desires_a: list[str], offers_b: list[str], desires_b: list[str]
) -> float:
    def share(offers: list[str], desires: list[str]) -> float:
        wanted = set(desires)
        return len(set(offers) & wanted) / len(wanted) if wanted else 0.0

    return min(share(offers_b, desires_a), share(offers_a, desires_b))


_fit.__name__ = "fit"


def _share(offers: list[str], desires: list[str]) -> float:
    wanted = set(desires)
    return len(set(offers) & wanted) / len(wanted) if wanted else 0.0


def _share_of_offers(offers: list[str], desires: list[str]) -> float:
    given = set(offers)
    return len(given & set(desires)) / len(given) if given else 0.0


def _mean_fit(oa: list[str], da: list[str], ob: list[str], db: list[str]) -> float:
    return (_share(ob, da) + _share(oa, db)) / 2


def _max_fit(oa: list[str], da: list[str], ob: list[str], db: list[str]) -> float:
    return max(_share(ob, da), _share(oa, db))


def _by_offers(oa: list[str], da: list[str], ob: list[str], db: list[str]) -> float:
    return min(_share_of_offers(ob, da), _share_of_offers(oa, db))


def _own_offers(oa: list[str], da: list[str], ob: list[str], db: list[str]) -> float:
    return min(_share(oa, da), _share(ob, db))


_FIT_CASES = [
    (["a", "b"], ["x", "y"], ["x"], ["a"]),
    (["a"], ["x", "y", "z"], ["x", "y"], ["a", "b"]),
    (["a", "b", "c"], ["x"], ["x", "q"], ["a", "b"]),
    (["a"], [], ["x"], ["a"]),
    (["a"], ["x"], ["y"], ["b"]),
    (["a", "x"], ["x", "b"], ["b", "y"], ["y", "a"]),
]

fit_rule = FunctionCheck(
    "Write the course's fit rule as a function `fit(offers_a, desires_a, offers_b, desires_b)` "
    "of four lists of labels: the share of A's desires that B offers, the share of B's desires "
    "that A offers, and the smaller of the two. A side that desires nothing gains nothing: its "
    "share is 0. Compare labels as written (the cases spell them the same way).",
    reference=_fit,
    cases=_FIT_CASES,
    mistakes={
        "you average the two shares; the course's rule takes the smaller one, because the "
        "partnership lasts only while both sides gain": _mean_fit,
        "you take the larger share; a partnership in which one side gains nothing scores 0 "
        "with the course's rule": _max_fit,
        "you divide by what is offered; the share is of what the other side desires (divide "
        "by the number of desires)": _by_offers,
        "you compare each side's offers with its own desires; A's desires must be met by B's "
        "offers, and B's by A's": _own_offers,
    },
    hint="set(offers_b) & set(desires_a) is what B offers that A desires; divide its length by "
    "len(set(desires_a)), and guard against a side with no desires.",
)


def _present_share() -> float:
    car_maker, present, needs = _car_chain()
    canvas_ = PartnershipCanvas("Electric cars", NEW_SEGMENT, needs, [car_maker, *present])
    return 100 * (1 - len(canvas.open_needs(canvas_)) / len(needs))


def _offered_count() -> int:
    car_maker, present, _ = _car_chain()
    return len({canvas.label(note) for p in (car_maker, *present) for note in p.offers})


def _needs_count() -> int:
    return len(_car_chain()[2])


present_network = Numeric(
    "Build a partnership canvas for electric-car buyers (joint value: `needs`) with the car "
    "maker and all five of its present partners (`car_maker` and `present` from the cells "
    "above), and use cl.canvas.open_needs. What percentage of the new segment's needs does the "
    "present network already meet? Assign it to `met_percent`.",
    answer=_present_share,
    tolerance=0.5,
    absolute=True,
    unit="%",
    asks_for_code=True,
    mistakes={
        "that is either the share of needs still open (not met), or the share met leaving out "
        "what the car maker offers itself (design and assembly: it is a partner on the canvas "
        "too).": lambda right: 100 - right,
        "you divided by what the present network offers; the question asks for a share of what "
        "electric-car buyers need.": lambda right: right * _needs_count() / _offered_count(),
        "that is a share between 0 and 1; the question asks for a percentage.": lambda right: (
            right / 100
        ),
    },
    hint="canvas = cl.canvas.PartnershipCanvas('Electric', 'Electric-car buyers', needs, "
    "[car_maker, *present]); then compare len(cl.canvas.open_needs(canvas)) with len(needs).",
)

hypotheses_to_test = Checklist(
    "The car maker wants the battery maker to join its network for electric-car buyers. Which "
    "of these are hypotheses the new partnership must test before it scales? Answer with a "
    "list of the items that are.",
    {
        "the battery maker is at least as large as the car maker": (
            False,
            "The source warns against ruling partners out for their size or market power: fit "
            "comes from value offered and desired.",
        ),
        "the battery maker already works in the car industry": (
            False,
            "Assumptions about where an industry's boundaries lie are another reason the source "
            "gives for missing good partners.",
        ),
        "the battery maker wants orders from this car maker enough to commit capacity": (
            True,
            "A desire on the canvas is a guess until the partner acts on it.",
        ),
        "electric-car buyers want the car the partners build together": (
            True,
            "The joint value is only value if the customer segment wants it and pays.",
        ),
        "the partnership adds value to the battery maker's own business model, too": (
            True,
            "Both business models must gain at the same time, or the partnership does not last.",
        ),
    },
    hint="Three of the five are guesses the canvas rests on; the other two are ways of ruling "
    "partners out that the source warns against.",
)

alignment = MultipleChoice(
    "The source names three points on which product and partnership teams must align again as "
    "a startup grows. Which of these is NOT one of them?",
    {
        "a": "A shared view of the product's priorities and of the big questions still to solve.",
        "b": "Experimenting together with growth opportunities, as part of product development.",
        "c": "Working in the same rhythm of iterations, each side able to follow the other's "
        "shifts.",
        "d": "A separate partnership budget, approved once a year, so partners know what to "
        "expect.",
    },
    answer="d",
    explanations={
        "a": "That is the first point: a joint understanding of the development process, its "
        "priorities and its big questions.",
        "b": "That is the second point: growth experiments belong inside product development, "
        "not after the product is done.",
        "c": "That is the third point: the same rhythm, so partnerships can shift with the "
        "product's priorities and the product with the partners' opportunities.",
        "d": "Right: a yearly budget fixed apart from the product is the kind of separation that "
        "drives the two teams apart.",
    },
)


def _tesla_share() -> float:
    investment = data.metric("partnerships", "investment_in_tesla", entity="Toyota")
    plant = data.metric("partnerships", "nummi_plant_price", entity="Tesla")
    equipment = data.metric("partnerships", "nummi_equipment_price", entity="Tesla")
    return float(100 * investment[2010] / (plant[2010] + equipment[2010]))


def _tesla_plant_only() -> float:
    investment = data.metric("partnerships", "investment_in_tesla", entity="Toyota")
    plant = data.metric("partnerships", "nummi_plant_price", entity="Tesla")
    return float(100 * investment[2010] / plant[2010])


tesla_toyota = Numeric(
    "In 2010 Toyota invested in Tesla, and Tesla bought the NUMMI plant and, separately, its "
    "equipment. What percentage of what Tesla paid for the plant and its equipment together "
    "did Toyota's investment amount to? Compute it from cl.data.metric('partnerships', ...) and "
    "assign it to `covered_percent`.",
    answer=_tesla_share,
    tolerance=0.5,
    absolute=True,
    unit="%",
    asks_for_code=True,
    mistakes={
        "that compares the investment with the plant alone; add the equipment Tesla bought "
        "separately.": lambda right: _tesla_plant_only(),
        "that is the price divided by the investment, upside down: the investment goes on "
        "top.": lambda right: 100 * 100 / right,
        "that is a share between 0 and 1; the question asks for a percentage.": lambda right: (
            right / 100
        ),
    },
    hint="The three metrics are investment_in_tesla (entity 'Toyota'), nummi_plant_price and "
    "nummi_equipment_price (entity 'Tesla'), all for 2010 and in USD million.",
)
