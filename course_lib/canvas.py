"""Business model and partnership canvases: typed, checked, exported, compared and scored.

A **business model canvas** (Osterwalder) describes how one firm creates, delivers and captures
value in nine blocks. A **partnership canvas** describes a partnership the same way: which
customers the partners serve together, what they create for them, and for each partner the
value it offers and the value it desires. Each block holds short notes, one a line, like sticky
notes on a poster; a note may cite the source of the fact it states (a ``source_id`` of the
course's data package, see ``cl.data.sources``).

Everything here is pure: a canvas is a frozen dataclass, checked when it is made, and every
problem found is listed at once in a :class:`CanvasProblem`.

>>> netflix = BusinessModelCanvas.from_blocks("Netflix, 2005", {
...     "customer_segments": "Film fans who rent DVDs",
...     "value_propositions": "A large catalogue\\nNo late fees",
...     "channels": "Website\\nMail", "customer_relationships": "Monthly subscription",
...     "revenue_streams": "Subscription fees", "key_resources": "Catalogue of DVDs",
...     "key_activities": "Shipping DVDs", "key_partners": "Film studios",
...     "cost_structure": "Buying DVDs\\nPostage"})
>>> [note.text for note in netflix.value_propositions]
['A large catalogue', 'No late fees']
>>> from_json(to_json(netflix)) == netflix and from_markdown(to_markdown(netflix)) == netflix
True
"""

from __future__ import annotations

import difflib
import html
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

from .problems import CourseProblem

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "BLOCKS",
    "GRID_AREAS",
    "GRID_TEMPLATE",
    "BLOCK_NAMES",
    "MAX_BLOCK_CHARACTERS",
    "MAX_NAME_CHARACTERS",
    "Block",
    "BusinessModelCanvas",
    "CanvasProblem",
    "Note",
    "Partner",
    "PartnerFit",
    "PartnershipCanvas",
    "canvas_html",
    "compare",
    "comparison_html",
    "covered",
    "from_json",
    "from_markdown",
    "hypotheses",
    "label",
    "notes",
    "open_needs",
    "partner_fit",
    "problems_in",
    "reassemble",
    "to_json",
    "to_markdown",
    "with_partner",
]

#: A block holds a few short notes, like a poster: at most this many characters in all.
MAX_BLOCK_CHARACTERS = 500
#: A canvas's or a partner's name is one short line.
MAX_NAME_CHARACTERS = 80
#: How a source id is written in the course's data package (``datasets/schemas/sources.json``).
SOURCE_ID = re.compile(r"[a-z0-9][a-z0-9_.-]*")
#: A format tag and version written into every JSON export, checked when it is loaded back.
FORMAT = "course-canvas"
VERSION = 1


@dataclass(frozen=True)
class Block:
    """One block of the business model canvas: its field name, its title, the question it answers."""

    name: str
    title: str
    question: str


#: The nine blocks, in the order of the canvas from left to right (the bottom row last).
BLOCKS: tuple[Block, ...] = (
    Block("key_partners", "Key partners", "who helps: the firms and allies you rely on"),
    Block("key_activities", "Key activities", "what you must do well for the model to work"),
    Block("key_resources", "Key resources", "what you must have: places, people, content, money"),
    Block("value_propositions", "Value propositions", "what you offer that customers value"),
    Block("customer_relationships", "Customer relationships", "how you keep each segment"),
    Block("channels", "Channels", "how you reach customers, sell and deliver"),
    Block("customer_segments", "Customer segments", "for whom you create value"),
    Block("cost_structure", "Cost structure", "the largest costs the model brings"),
    Block("revenue_streams", "Revenue streams", "what customers pay for, and how"),
)
BLOCK_NAMES: tuple[str, ...] = tuple(block.name for block in BLOCKS)
_BLOCK = {block.name: block for block in BLOCKS}
_BY_TITLE = {block.title.casefold(): block.name for block in BLOCKS}
_PARTNERSHIP_PARTS = {"customer_segment": "Customer segment", "joint_value": "Joint value"}


class CanvasProblem(CourseProblem):
    """Everything wrong with a canvas, each problem in plain words with how to fix it.

    ``problems`` lists the messages; ``by_block`` maps where each problem is (a block's name,
    ``"name"``, a partner, or an unknown block name as written) to its messages, so a widget
    can show each message beside its box.

    >>> problem = CanvasProblem([("channels", "Channels is empty")], "The canvas")
    >>> print(problem)
    The canvas has 1 problem to fix:
    - Channels is empty
    >>> problem.by_block
    {'channels': ['Channels is empty']}
    """

    def __init__(self, problems: Sequence[tuple[str, str]], what: str = "This canvas") -> None:
        self.problems = [message for _, message in problems]
        self.by_block: dict[str, list[str]] = {}
        for where, message in problems:
            self.by_block.setdefault(where, []).append(message)
        count = len(self.problems)
        self.heading = f"{what} has {count} problem{'s' if count != 1 else ''} to fix:"
        super().__init__("\n".join([self.heading, *(f"- {p}" for p in self.problems)]))

    def _repr_html_(self) -> str:
        items = "".join(f"<li>{html.escape(problem)}</li>" for problem in self.problems)
        return (
            '<div class="course-canvas-problem" role="alert" style="border-left:4px solid '
            '#D55E00;background:#fdf0e6;padding:6px 10px;overflow-wrap:anywhere">'
            f"<strong>{html.escape(self.heading)}</strong><ul>{items}</ul></div>"
        )


@dataclass(frozen=True)
class Note:
    """One note on a canvas: a line of text, and the source id of the fact it states, if any.

    An empty ``source`` means the note is the author's own reading, not a sourced fact.

    >>> Note("More than 4,500 US stores", "video-rental-bbi-pr-no-late-fees-2004").source
    'video-rental-bbi-pr-no-late-fees-2004'
    """

    text: str
    source: str = ""


Notes = tuple[Note, ...]
#: What a block may be given as: the text of a box (one note a line), or a list of notes.
NotesInput = Union[str, Note, Sequence[Union[str, Note]]]  # noqa: UP007 (runs on Python 3.10 too)

_BULLET = re.compile(r"^(?:[-*•](?:\s+|$))+")


def _lines(text: str) -> list[str]:
    """The notes in a piece of text: one per line, trimmed, without list bullets or blanks."""
    found = []
    for line in text.splitlines():
        line = _BULLET.sub("", line.strip()).strip()
        if line:
            found.append(line)
    return found


def _notes(value: Any, where: str) -> tuple[Notes, list[str]]:
    """A block's notes from what was given, and the problems with it (wrong kinds of value)."""
    if value is None:
        return (), []
    if isinstance(value, (str, Note)):
        value = [value]
    if not isinstance(value, Iterable):
        return (), [f"{where} must be text or a list of notes, not {type(value).__name__}"]
    notes: list[Note] = []
    problems: list[str] = []
    for item in value:
        if isinstance(item, Note):
            text, source = item.text, item.source
        elif isinstance(item, str):
            text, source = item, ""
        else:
            problems.append(
                f"{where}: {item!r} is a {type(item).__name__}; write each note as text"
            )
            continue
        if not isinstance(text, str) or not isinstance(source, str):
            problems.append(f"{where}: a note's text and source must both be text")
            continue
        source = source.strip()
        if source and not SOURCE_ID.fullmatch(source):
            problems.append(
                f'{where}: "{source}" is not a source id; write it as cl.data.sources lists it, '
                "for example video-rental-bbi-pr-2004-results"
            )
            source = ""
        notes += [Note(line, source) for line in _lines(text)]
    return tuple(notes), problems


def notes(value: NotesInput) -> Notes:
    """The notes in a box's text (one a line; bullets and blank lines dropped) or in a list.

    >>> [note.text for note in notes("- Website\\n\\n* Mail ")]
    ['Website', 'Mail']
    >>> notes(42)
    Traceback (most recent call last):
    ...
    course_lib.canvas.CanvasProblem: This block has 1 problem to fix:
    - This block must be text or a list of notes, not int
    """
    found, problems = _notes(value, "This block")
    if problems:
        raise CanvasProblem([("notes", problem) for problem in problems], "This block")
    return found


def _size(notes: Notes) -> int:
    return len("\n".join(note.text for note in notes))


def _name_problems(name: Any, what: str) -> tuple[str, list[str]]:
    if not isinstance(name, str):
        return "", [f"{what} must be text, not {type(name).__name__}"]
    clean = " ".join(name.split())
    if not clean:
        return "", [f"{what} is empty: give it a short name"]
    if len(clean) > MAX_NAME_CHARACTERS:
        return clean, [
            f"{what} has {len(clean)} characters; keep it to {MAX_NAME_CHARACTERS} at most"
        ]
    return clean, []


def _block_problems(title: str, notes: Notes, hint: str) -> list[str]:
    if not notes:
        return [f"{title} is empty: write at least one note, one a line ({hint})"]
    size = _size(notes)
    if size > MAX_BLOCK_CHARACTERS:
        return [
            f"{title} has {size} characters; a block holds at most {MAX_BLOCK_CHARACTERS}: keep "
            f"the notes that matter most ({size - MAX_BLOCK_CHARACTERS} characters fewer)"
        ]
    return []


def _unknown(name: str, known: Iterable[str]) -> str:
    known = list(known)
    close = difflib.get_close_matches(str(name), known, n=1, cutoff=0.6)
    guess = f' Did you mean "{close[0]}"?' if close else ""
    return f'"{name}" is not a block of this canvas.{guess} The blocks are: {", ".join(known)}'


def problems_in(blocks: Mapping[str, Any], name: str = "My canvas") -> dict[str, list[str]]:
    """Every problem with a business model canvas given as ``{block name: text or notes}``,
    by block (``"name"`` for the canvas's name); empty when the canvas is fine.

    >>> found = problems_in({"customer_segment": "Students", "channels": "x" * 600})
    >>> found["customer_segment"]  # doctest: +ELLIPSIS
    ['"customer_segment" is not a block of this canvas. Did you mean "customer_segments"? ...']
    >>> found["channels"]
    ['Channels has 600 characters; a block holds at most 500: keep the notes that matter most (100 characters fewer)']
    >>> found["key_partners"]
    ['Key partners is empty: write at least one note, one a line (who helps: the firms and allies you rely on)']
    """
    found: dict[str, list[str]] = {}
    _, problems = _name_problems(name, "The canvas's name")
    if problems:
        found["name"] = problems
    for given in blocks:
        if given not in _BLOCK:
            found[str(given)] = [_unknown(given, BLOCK_NAMES)]
    for block in BLOCKS:
        notes, problems = _notes(blocks.get(block.name), block.title)
        problems += _block_problems(block.title, notes, block.question)
        if problems:
            found[block.name] = problems
    return found


@dataclass(frozen=True)
class BusinessModelCanvas:
    """Osterwalder's nine blocks for one business model, each a tuple of notes.

    Each block may be given as the text of a box (one note a line; bullets and blank lines are
    dropped) or as a list of texts and :class:`Note` objects; it is stored as a tuple of notes.
    Making a canvas checks it and raises :class:`CanvasProblem` listing every empty or
    over-long block at once.

    >>> BusinessModelCanvas("Corner shop", customer_segments="Neighbours")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    course_lib.canvas.CanvasProblem: The canvas "Corner shop" has 8 problems to fix:
    - Key partners is empty: write at least one note, one a line (who helps: ...)
    ...
    """

    name: str
    key_partners: Notes = ()
    key_activities: Notes = ()
    key_resources: Notes = ()
    value_propositions: Notes = ()
    customer_relationships: Notes = ()
    channels: Notes = ()
    customer_segments: Notes = ()
    cost_structure: Notes = ()
    revenue_streams: Notes = ()

    def __post_init__(self) -> None:
        name, name_problems = _name_problems(self.name, "The canvas's name")
        problems = [("name", message) for message in name_problems]
        object.__setattr__(self, "name", name)
        for block in BLOCKS:
            notes, found = _notes(getattr(self, block.name), block.title)
            found += _block_problems(block.title, notes, block.question)
            problems += [(block.name, message) for message in found]
            object.__setattr__(self, block.name, notes)
        if problems:
            raise CanvasProblem(problems, f'The canvas "{name}"' if name else "The canvas")

    @classmethod
    def from_blocks(cls, name: str, blocks: Mapping[str, Any]) -> BusinessModelCanvas:
        """A canvas from ``{block name: text or notes}``; an unknown block name is a problem too.

        >>> BusinessModelCanvas.from_blocks("X", {"partners": "Studios"})  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        course_lib.canvas.CanvasProblem: The canvas "X" has 10 problems to fix:
        - "partners" is not a block of this canvas. Did you mean "key_partners"? ...
        ...
        """
        found = problems_in(blocks, name)
        if found:
            clean, _ = _name_problems(name, "")
            problems = [
                (where, message) for where, messages in found.items() for message in messages
            ]
            raise CanvasProblem(problems, f'The canvas "{clean}"' if clean else "The canvas")
        return cls(name, **{block: blocks.get(block, ()) for block in BLOCK_NAMES})

    def blocks(self) -> dict[str, Notes]:
        """The nine blocks by name, in the canvas's order.

        >>> list(BusinessModelCanvas.from_blocks("X", dict.fromkeys(BLOCK_NAMES, "a")).blocks())[:2]
        ['key_partners', 'key_activities']
        """
        return {name: getattr(self, name) for name in BLOCK_NAMES}

    def text(self, block: str) -> str:
        """A block as the text of a box: one note a line.

        >>> BusinessModelCanvas.from_blocks("X", dict.fromkeys(BLOCK_NAMES, "a\\nb")).text("channels")
        'a\\nb'
        """
        if block not in _BLOCK:
            raise CanvasProblem([(block, _unknown(block, BLOCK_NAMES))])
        return "\n".join(note.text for note in getattr(self, block))

    def sources(self) -> list[str]:
        """The source ids the canvas cites, each once, in the order they first appear.

        >>> BusinessModelCanvas.from_blocks("X", dict.fromkeys(BLOCK_NAMES, [Note("a", "s-1")])).sources()
        ['s-1']
        """
        cited = (note.source for notes in self.blocks().values() for note in notes if note.source)
        return list(dict.fromkeys(cited))


# --------------------------------------------------------------------------- partnerships


@dataclass(frozen=True)
class Partner:
    """One partner on a partnership canvas: the value it offers and the value it desires.

    >>> toyota = Partner("Toyota", offers="Mass-production know-how", desires="Electric drive")
    >>> toyota.offers
    (Note(text='Mass-production know-how', source=''),)
    """

    name: str
    offers: Notes = ()
    desires: Notes = ()

    def __post_init__(self) -> None:
        for part in ("offers", "desires"):
            notes, _ = _notes(getattr(self, part), part)
            object.__setattr__(self, part, notes)
        object.__setattr__(self, "name", _name_problems(self.name, "")[0] or self.name)

    def problems(self) -> list[str]:
        """What is missing or wrong in this partner's part of the canvas (empty when fine).

        >>> Partner("Krups", offers="Channel marketing").problems()
        ["Krups's desires are empty: what does Krups want from the partnership?"]
        """
        name, found = _name_problems(self.name, "A partner's name")
        who = name or "This partner"
        for part, question in (
            ("offers", f"what does {who} bring to the table?"),
            ("desires", f"what does {who} want from the partnership?"),
        ):
            notes, kinds = _notes(getattr(self, part), f"{who}'s {part}")
            found += kinds
            if not notes:
                found.append(f"{who}'s {part} are empty: {question}")
            elif _size(notes) > MAX_BLOCK_CHARACTERS:
                found.append(
                    f"{who}'s {part} have {_size(notes)} characters; keep them to "
                    f"{MAX_BLOCK_CHARACTERS} at most"
                )
        return found


@dataclass(frozen=True)
class PartnershipCanvas:
    """A partnership as a business model: the customers it serves, the value the partners
    create for them together, and each partner's value offered and value desired.

    Raises :class:`CanvasProblem` listing every problem: an empty block, a partner without
    offers or desires, two partners of the same name, fewer than two partners.

    >>> canvas = PartnershipCanvas(
    ...     "Coffee at home", customer_segment="Home espresso drinkers",
    ...     joint_value="Café coffee at home",
    ...     partners=[Partner("Roaster", "Capsules", "Machines"),
    ...               Partner("Machine maker", "Machines", "Capsules")])
    >>> [partner.name for partner in canvas.partners]
    ['Roaster', 'Machine maker']
    >>> PartnershipCanvas("Alone", "Anyone", "Something", [Partner("Us", "a", "b")])
    Traceback (most recent call last):
    ...
    course_lib.canvas.CanvasProblem: The canvas "Alone" has 1 problem to fix:
    - A partnership needs at least two partners; this one has 1
    """

    name: str
    customer_segment: Notes = ()
    joint_value: Notes = ()
    partners: tuple[Partner, ...] = ()

    def __post_init__(self) -> None:
        name, name_problems = _name_problems(self.name, "The canvas's name")
        problems = [("name", message) for message in name_problems]
        object.__setattr__(self, "name", name)
        for part, title in _PARTNERSHIP_PARTS.items():
            notes, found = _notes(getattr(self, part), title)
            hint = (
                "who the partners serve together"
                if part == "customer_segment"
                else ("what the partners create together for those customers")
            )
            found += _block_problems(title, notes, hint)
            problems += [(part, message) for message in found]
            object.__setattr__(self, part, notes)
        partners = self.partners
        if isinstance(partners, Partner) or not isinstance(partners, Iterable):
            partners = [partners]
        partners = tuple(partners)
        wrong = [p for p in partners if not isinstance(p, Partner)]
        for item in wrong:
            problems.append(
                ("partners", f"{item!r} is not a Partner: write Partner(name, offers, desires)")
            )
        partners = tuple(p for p in partners if isinstance(p, Partner))
        for partner in partners:
            problems += [(partner.name or "partners", message) for message in partner.problems()]
        names = [label(partner.name) for partner in partners]
        for twice in sorted({n for n in names if names.count(n) > 1}):
            problems.append(
                ("partners", f'Two partners are called "{twice}": give each its own name')
            )
        if len(partners) + len(wrong) < 2:
            problems.append(
                (
                    "partners",
                    f"A partnership needs at least two partners; this one has {len(partners)}",
                )
            )
        object.__setattr__(self, "partners", partners)
        if problems:
            raise CanvasProblem(problems, f'The canvas "{name}"' if name else "The canvas")

    def partner(self, name: str) -> Partner:
        """The partner of that name (case and spacing do not matter).

        >>> canvas = PartnershipCanvas("C", "S", "V", [Partner("A", "x", "y"), Partner("B", "y", "x")])
        >>> canvas.partner("  b ").offers[0].text
        'y'
        """
        for partner in self.partners:
            if label(partner.name) == label(name):
                return partner
        names = ", ".join(p.name for p in self.partners)
        raise CanvasProblem(
            [("partners", f'There is no partner "{name}"; the partners are: {names}')]
        )

    def sources(self) -> list[str]:
        """The source ids the canvas cites, each once.

        >>> PartnershipCanvas("C", [Note("S", "s-1")], "V", [Partner("A", "x", "y"),
        ...                   Partner("B", "y", "x")]).sources()
        ['s-1']
        """
        notes = [*self.customer_segment, *self.joint_value]
        for partner in self.partners:
            notes += [*partner.offers, *partner.desires]
        return list(dict.fromkeys(note.source for note in notes if note.source))


Canvas = Union[BusinessModelCanvas, PartnershipCanvas]  # noqa: UP007


# ------------------------------------------------------------------------ partner fit


def label(text: str | Note) -> str:
    """The form in which two values are compared: case, spacing and a final full stop ignored.

    >>> label("  Channel   marketing. ") == label("channel marketing")
    True
    """
    text = text.text if isinstance(text, Note) else text
    return " ".join(text.casefold().split()).rstrip(".")


def covered(
    offers: Iterable[str | Note], desires: Iterable[str | Note]
) -> tuple[float, list[str], list[str]]:
    """How much of what one side desires the other side offers: the share, the desires met,
    and the desires not met (as the desiring side wrote them).

    A side that desires nothing gains nothing from the partnership: its share is 0.

    >>> covered(["Capital", "Know-how"], ["know-how", "A factory"])
    (0.5, ['know-how'], ['A factory'])
    >>> covered(["Capital"], [])
    (0.0, [], [])
    """
    offered = {label(item) for item in offers}
    wanted = list(dict.fromkeys(item.text if isinstance(item, Note) else item for item in desires))
    wanted = list({label(item): item for item in reversed(wanted)}.values())[::-1]
    met = [item for item in wanted if label(item) in offered]
    unmet = [item for item in wanted if label(item) not in offered]
    share = len(met) / len(wanted) if wanted else 0.0
    return share, met, unmet


@dataclass(frozen=True)
class PartnerFit:
    """The fit of two partners, with the reasoning behind the number.

    ``first_gets`` is the share of what the first partner desires that the second offers, and
    ``second_gets`` the other way round; ``score`` is the smaller of the two, because a
    partnership lasts only while both business models gain from it. ``reasons`` says why, in
    sentences.
    """

    first: str
    second: str
    first_gets: float
    second_gets: float
    score: float
    met: dict[str, list[str]]
    unmet: dict[str, list[str]]
    unused: dict[str, list[str]]
    reasons: tuple[str, ...]

    def __str__(self) -> str:
        return "\n".join(self.reasons)


def partner_fit(first: Partner, second: Partner) -> PartnerFit:
    """Score two partners' fit from value offered against value desired, with the reasons.

    .. math:: \\text{fit} = \\min\\Big(\\frac{|O_B \\cap D_A|}{|D_A|},
              \\frac{|O_A \\cap D_B|}{|D_B|}\\Big)

    >>> tesla = Partner("Tesla", offers=["electric drive"], desires=["know-how", "a factory"])
    >>> toyota = Partner("Toyota", offers=["Know-how", "capital"], desires=["electric drive"])
    >>> fit = partner_fit(tesla, toyota)
    >>> fit.first_gets, fit.second_gets, fit.score
    (0.5, 1.0, 0.5)
    >>> print(fit)
    Toyota offers 1 of the 2 values Tesla desires (know-how); not a factory.
    Tesla offers 1 of the 1 value Toyota desires (electric drive).
    Toyota also offers what Tesla does not ask for: capital.
    Fit 0.50: the smaller of the two shares, since the partnership lasts only while both gain.
    """
    first_gets, first_met, first_unmet = covered(second.offers, first.desires)
    second_gets, second_met, second_unmet = covered(first.offers, second.desires)
    reasons = []
    for giver, taker, met, unmet in (
        (second, first, first_met, first_unmet),
        (first, second, second_met, second_unmet),
    ):
        wanted = len(met) + len(unmet)
        if not wanted:
            reasons.append(
                f"{taker.name} desires nothing from {giver.name}, so it has no reason to join."
            )
            continue
        text = (
            f"{giver.name} offers {len(met)} of the {wanted} "
            f"{'value' if wanted == 1 else 'values'} {taker.name} desires"
        )
        if met:
            text += f" ({', '.join(met)})"
        if unmet:
            text += f"; not {', '.join(unmet)}"
        reasons.append(text + ".")
    unused = {}
    for giver, taker in ((first, second), (second, first)):
        wanted = {label(item) for item in taker.desires}
        spare = [note.text for note in giver.offers if label(note) not in wanted]
        unused[giver.name] = spare
        if spare:
            reasons.append(
                f"{giver.name} also offers what {taker.name} does not ask for: {', '.join(spare)}."
            )
    score = min(first_gets, second_gets)
    reasons.append(
        f"Fit {score:.2f}: the smaller of the two shares, since the partnership lasts only "
        "while both gain."
    )
    return PartnerFit(
        first=first.name,
        second=second.name,
        first_gets=first_gets,
        second_gets=second_gets,
        score=score,
        met={first.name: first_met, second.name: second_met},
        unmet={first.name: first_unmet, second.name: second_unmet},
        unused=unused,
        reasons=tuple(reasons),
    )


# ------------------------------------------------------------------ reassembling a network


def open_needs(canvas: PartnershipCanvas) -> list[str]:
    """The joint value the customer segment needs that no partner on the canvas offers yet.

    >>> canvas = PartnershipCanvas("C", "Viewers", "Films\\nA player", [
    ...     Partner("Us", "Films", "Viewers"), Partner("Studio", "Films", "Money")])
    >>> open_needs(canvas)
    ['A player']
    """
    offered = {label(note) for partner in canvas.partners for note in partner.offers}
    return [note.text for note in canvas.joint_value if label(note) not in offered]


def with_partner(canvas: PartnershipCanvas, partner: Partner) -> PartnershipCanvas:
    """The same canvas with one more partner (a new canvas: the old one is unchanged).

    >>> canvas = PartnershipCanvas("C", "Viewers", "Films\\nA player", [
    ...     Partner("Us", "Films", "Viewers"), Partner("Studio", "Films", "Money")])
    >>> open_needs(with_partner(canvas, Partner("Maker", "A player", "Viewers")))
    []
    """
    return PartnershipCanvas(
        canvas.name, canvas.customer_segment, canvas.joint_value, (*canvas.partners, partner)
    )


def reassemble(canvas: PartnershipCanvas, candidates: Sequence[Partner]) -> pd.DataFrame:
    """Rebuild a network partner by partner around the canvas's customer segment.

    At each step the candidate that offers the most still-open needs joins; a tie goes to the
    candidate that gains more (the larger share of its desires that the network already
    offers), then to the earlier one. It stops when every need is met or no candidate offers any
    of those left. One row per partner added; ``partner_gains`` is that share, and a 0 there is
    a partner with no reason yet to join.

    >>> canvas = PartnershipCanvas("C", "Viewers", "Films\\nA player\\nBroadband", [
    ...     Partner("Us", "Subscriptions", "Viewers"), Partner("Studio", "Films", "Money")])
    >>> steps = reassemble(canvas, [Partner("Maker", "A player", "Subscriptions"),
    ...                             Partner("Telco", "Broadband", "Viewers")])
    >>> steps[["partner", "needs_met", "partner_gains", "still_open"]].to_dict("records")
    [{'partner': 'Maker', 'needs_met': 'A player', 'partner_gains': 1.0, 'still_open': 1}, {'partner': 'Telco', 'needs_met': 'Broadband', 'partner_gains': 0.0, 'still_open': 0}]
    """
    import pandas as pd

    remaining = list(candidates)
    rows = []
    while remaining:
        needs = {label(need): need for need in open_needs(canvas)}
        if not needs:
            break
        offered = [note for partner in canvas.partners for note in partner.offers]
        scored = []
        for order, candidate in enumerate(remaining):
            theirs = {label(note) for note in candidate.offers}
            meets = [need for key, need in needs.items() if key in theirs]
            gains = covered(offered, candidate.desires)[0]
            scored.append((len(meets), gains, -order, candidate, meets))
        count, gains, _, chosen, meets = max(scored, key=_ranking)
        if count == 0:
            break
        canvas = with_partner(canvas, chosen)
        remaining.remove(chosen)
        rows.append(
            {
                "step": len(rows) + 1,
                "partner": chosen.name,
                "needs_met": "; ".join(meets),
                "partner_gains": round(gains, 2),
                "still_open": len(open_needs(canvas)),
            }
        )
    columns = ["step", "partner", "needs_met", "partner_gains", "still_open"]
    return pd.DataFrame(rows, columns=columns)


def _ranking(row: tuple[Any, ...]) -> tuple[Any, ...]:
    return row[:3]


def hypotheses(canvas: PartnershipCanvas) -> pd.DataFrame:
    """The hypotheses a partnership canvas implies, to test before the partnership scales.

    One about the customers for each joint value, two about each desire (it is real; someone
    offers it), and one for each partner that the partnership adds to its own business model.

    >>> canvas = PartnershipCanvas("C", "Viewers", "Films", [
    ...     Partner("Us", "Films", "Money"), Partner("Studio", "Money", "Reach")])
    >>> table = hypotheses(canvas)
    >>> sorted(table.kind.value_counts().items())
    [('both gain', 2), ('customers want it', 1), ('desire is real', 2), ('someone offers it', 2)]
    >>> table.hypothesis.iloc[-1]
    'No partner offers reach yet: find one, or Studio may not join'
    """
    import pandas as pd

    rows = []
    segment = "; ".join(note.text for note in canvas.customer_segment)
    for note in canvas.joint_value:
        rows.append(("customers want it", f"{segment} want {label(note)} and will pay for it"))
    for partner in canvas.partners:
        rows.append(
            ("both gain", f"The partnership adds value to {partner.name}'s own business model")
        )
    for partner in canvas.partners:
        for desire in partner.desires:
            rows.append(
                ("desire is real", f"{partner.name} wants {label(desire)} enough to commit to it")
            )
            givers = [
                other.name
                for other in canvas.partners
                if other is not partner and label(desire) in {label(o) for o in other.offers}
            ]
            if givers:
                text = f"{' or '.join(givers)} can and will provide {label(desire)}"
            else:
                text = f"No partner offers {label(desire)} yet: find one, or {partner.name} may not join"
            rows.append(("someone offers it", text))
    return pd.DataFrame(rows, columns=["kind", "hypothesis"])


# ------------------------------------------------------------------------- comparison


def compare(first: BusinessModelCanvas, second: BusinessModelCanvas) -> pd.DataFrame:
    """Two canvases block by block: the notes only in the first, in both, only in the second.

    Notes are matched by their text (case, spacing and a final full stop ignored). One row per
    block; ``differs`` is True where the two blocks do not hold the same notes.

    >>> a = BusinessModelCanvas.from_blocks("A", dict.fromkeys(BLOCK_NAMES, "Stores\\nFilms"))
    >>> b = BusinessModelCanvas.from_blocks("B", {**dict.fromkeys(BLOCK_NAMES, "films"),
    ...                                           "channels": "Website"})
    >>> table = compare(a, b)
    >>> table.loc[table.block == "Channels", ["only_first", "shared", "only_second"]].values.tolist()
    [['Stores; Films', '', 'Website']]
    >>> int(table.differs.sum())
    9
    """
    import pandas as pd

    rows = []
    for block in BLOCKS:
        mine, theirs = getattr(first, block.name), getattr(second, block.name)
        their_labels = {label(note) for note in theirs}
        my_labels = {label(note) for note in mine}
        only_first = [note.text for note in mine if label(note) not in their_labels]
        shared = [note.text for note in mine if label(note) in their_labels]
        only_second = [note.text for note in theirs if label(note) not in my_labels]
        rows.append(
            {
                "block": block.title,
                "only_first": "; ".join(only_first),
                "shared": "; ".join(shared),
                "only_second": "; ".join(only_second),
                "differs": bool(only_first or only_second),
            }
        )
    table = pd.DataFrame(rows)
    table.attrs["first"], table.attrs["second"] = first.name, second.name
    return table


# ------------------------------------------------------------------------ JSON export


def _note_json(note: Note) -> dict[str, str]:
    return {"text": note.text, "source": note.source} if note.source else {"text": note.text}


def to_json(canvas: Canvas) -> str:
    """The canvas as JSON text, to save in a file and load back with :func:`from_json`.

    >>> canvas = PartnershipCanvas("C", "S", "V", [Partner("A", "x", "y"), Partner("B", "y", "x")])
    >>> from_json(to_json(canvas)) == canvas
    True
    """
    if isinstance(canvas, BusinessModelCanvas):
        document: dict[str, Any] = {
            "format": FORMAT,
            "version": VERSION,
            "kind": "business model",
            "name": canvas.name,
            "blocks": {
                name: [_note_json(note) for note in notes]
                for name, notes in canvas.blocks().items()
            },
        }
    elif isinstance(canvas, PartnershipCanvas):
        document = {
            "format": FORMAT,
            "version": VERSION,
            "kind": "partnership",
            "name": canvas.name,
            "customer_segment": [_note_json(note) for note in canvas.customer_segment],
            "joint_value": [_note_json(note) for note in canvas.joint_value],
            "partners": [
                {
                    "name": partner.name,
                    "offers": [_note_json(note) for note in partner.offers],
                    "desires": [_note_json(note) for note in partner.desires],
                }
                for partner in canvas.partners
            ],
        }
    else:
        raise TypeError(f"to_json takes a canvas, not {type(canvas).__name__}")
    return json.dumps(document, ensure_ascii=False, indent=2)


def _json_notes(value: Any, where: str, problems: list[tuple[str, str]]) -> Any:
    if isinstance(value, list):
        notes = []
        for item in value:
            if isinstance(item, Mapping) and isinstance(item.get("text"), str):
                notes.append(Note(item["text"], str(item.get("source", ""))))
            else:
                notes.append(item)
        return notes
    if value is None or isinstance(value, str):
        return value
    problems.append((where, f"{where} must be a list of notes in the JSON"))
    return None


def from_json(text: str) -> Canvas:
    """Load a canvas saved with :func:`to_json`; every problem is listed in a CanvasProblem.

    >>> from_json('{"kind": "business model"')  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    course_lib.canvas.CanvasProblem: This JSON has 1 problem to fix:
    - It is not valid JSON: ... (line 1, column 26)
    """
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise CanvasProblem(
            [
                (
                    "json",
                    f"It is not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})",
                )
            ],
            "This JSON",
        ) from None
    except TypeError:
        raise CanvasProblem([("json", "Give the JSON as text (a str)")], "This JSON") from None
    if not isinstance(document, Mapping) or document.get("kind") not in {
        "business model",
        "partnership",
    }:
        raise CanvasProblem(
            [
                (
                    "json",
                    'It is not a canvas: a canvas\'s JSON has "kind": "business model" or "partnership"',
                )
            ],
            "This JSON",
        )
    problems: list[tuple[str, str]] = []
    if document.get("format", FORMAT) != FORMAT or document.get("version", VERSION) != VERSION:
        problems.append(("json", f"It is not a course canvas of version {VERSION}"))
    name = document.get("name", "")
    if document["kind"] == "business model":
        blocks = document.get("blocks")
        if not isinstance(blocks, Mapping):
            problems.append(
                ("json", 'It has no "blocks": a business model canvas lists its nine blocks')
            )
            blocks = {}
        given = {key: _json_notes(value, key, problems) for key, value in blocks.items()}
        if problems:
            raise CanvasProblem(problems, "This JSON")
        return BusinessModelCanvas.from_blocks(name, given)
    partners = []
    listed = document.get("partners", [])
    if not isinstance(listed, list):
        problems.append(("partners", '"partners" must be a list in the JSON'))
        listed = []
    for item in listed:
        if not isinstance(item, Mapping):
            problems.append(("partners", f"{item!r} is not a partner"))
            continue
        partners.append(
            Partner(
                str(item.get("name", "")),
                _json_notes(item.get("offers"), "offers", problems) or (),
                _json_notes(item.get("desires"), "desires", problems) or (),
            )
        )
    segment = _json_notes(document.get("customer_segment"), "customer_segment", problems)
    joint = _json_notes(document.get("joint_value"), "joint_value", problems)
    if problems:
        raise CanvasProblem(problems, "This JSON")
    return PartnershipCanvas(name, segment or (), joint or (), partners)


# -------------------------------------------------------------------- Markdown export

# Characters that mean something in Markdown (or to Jupyter's MathJax) anywhere in a line.
_ALWAYS = set("\\`*_[]<>&~|$")
_PUNCTUATION = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_NUMBERED = re.compile(r"^(\d+)([.)])")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
_SOURCE_TAG = re.compile(r" \[source: ([a-z0-9][a-z0-9_.-]*)\]$")


def _escape(text: str) -> str:
    """Text written so that Markdown shows it as typed, and :func:`_unescape` gives it back."""
    escaped = "".join(f"\\{char}" if char in _ALWAYS else char for char in text)
    if escaped and escaped[0] in _PUNCTUATION and not escaped.startswith("\\"):
        escaped = "\\" + escaped
    return _NUMBERED.sub(r"\1\\\2", escaped)


def _unescape(text: str) -> str:
    return _ESCAPED.sub(r"\1", text)


def _markdown_notes(notes: Notes) -> list[str]:
    lines = []
    for note in notes:
        tag = f" [source: {note.source}]" if note.source else ""
        lines.append(f"- {_escape(note.text)}{tag}")
    return lines


def to_markdown(canvas: Canvas) -> str:
    """The canvas as Markdown: a heading per block and a bullet per note; a cited source is
    written as ``[source: id]``. :func:`from_markdown` reads it back.

    >>> canvas = PartnershipCanvas("Tea *2*", "S", "V", [Partner("A", "x", "y"), Partner("B", "y", "x")])
    >>> print(to_markdown(canvas).splitlines()[0])
    # Partnership canvas: Tea \\*2\\*
    >>> from_markdown(to_markdown(canvas)) == canvas
    True
    """
    if isinstance(canvas, BusinessModelCanvas):
        lines = [f"# Business model canvas: {_escape(canvas.name)}"]
        for block in BLOCKS:
            lines += ["", f"## {block.title}", "", *_markdown_notes(getattr(canvas, block.name))]
    elif isinstance(canvas, PartnershipCanvas):
        lines = [f"# Partnership canvas: {_escape(canvas.name)}"]
        for part, title in _PARTNERSHIP_PARTS.items():
            lines += ["", f"## {title}", "", *_markdown_notes(getattr(canvas, part))]
        for partner in canvas.partners:
            lines += ["", f"## Partner: {_escape(partner.name)}"]
            lines += ["", "### Offers", "", *_markdown_notes(partner.offers)]
            lines += ["", "### Desires", "", *_markdown_notes(partner.desires)]
    else:
        raise TypeError(f"to_markdown takes a canvas, not {type(canvas).__name__}")
    return "\n".join(lines) + "\n"


def _markdown_note(line: str) -> Note:
    line = line[2:] if line.startswith("- ") else line
    tag = _SOURCE_TAG.search(line)
    source = tag.group(1) if tag else ""
    if tag:
        line = line[: tag.start()]
    return Note(_unescape(line), source)


def from_markdown(text: str) -> Canvas:
    """Load a canvas written by :func:`to_markdown` (or typed by hand in the same shape).

    >>> from_markdown("# Business model canvas: X\\n## Partners\\n- Studios")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    course_lib.canvas.CanvasProblem: The canvas "X" has 10 problems to fix:
    - "Partners" is not a block of this canvas. Did you mean "Key partners"? ...
    ...
    """
    lines = [line.strip() for line in str(text).splitlines()]
    lines = [line for line in lines if line]
    heading = re.match(r"# (Business model|Partnership) canvas: (.*)$", lines[0] if lines else "")
    if not heading:
        raise CanvasProblem(
            [
                (
                    "markdown",
                    'It does not start with "# Business model canvas: <name>" or '
                    '"# Partnership canvas: <name>"',
                )
            ],
            "This Markdown",
        )
    kind, name = heading.group(1), _unescape(heading.group(2))
    if kind == "Business model":
        blocks: dict[str, list[Note]] = {}
        unknown: dict[str, list[Note]] = {}
        current: list[Note] | None = None
        for line in lines[1:]:
            if line.startswith("## "):
                title = line[3:].strip()
                key = _BY_TITLE.get(title.casefold())
                current = blocks.setdefault(key, []) if key else unknown.setdefault(title, [])
            elif current is not None:
                current.append(_markdown_note(line))
        if unknown:
            titles = [block.title for block in BLOCKS]
            problems = [(title, _unknown(title, titles)) for title in unknown]
            found = problems_in(blocks, name)
            problems += [(where, m) for where, messages in found.items() for m in messages]
            raise CanvasProblem(problems, f'The canvas "{" ".join(name.split())}"')
        return BusinessModelCanvas.from_blocks(name, blocks)
    parts: dict[str, list[Note]] = {"customer_segment": [], "joint_value": []}
    partners: list[dict[str, Any]] = []
    current = None
    for line in lines[1:]:
        if line.startswith("## Partner: "):
            partners.append(
                {"name": _unescape(line[len("## Partner: ") :]), "offers": [], "desires": []}
            )
            current = None
        elif line.startswith("### ") and partners:
            current = partners[-1].get(line[4:].strip().casefold())
        elif line.startswith("## "):
            key = {title.casefold(): part for part, title in _PARTNERSHIP_PARTS.items()}.get(
                line[3:].strip().casefold()
            )
            current = parts.get(key) if key else None
        elif current is not None:
            current.append(_markdown_note(line))
    return PartnershipCanvas(
        name,
        parts["customer_segment"],
        parts["joint_value"],
        [Partner(p["name"], p["offers"], p["desires"]) for p in partners],
    )


# ----------------------------------------------------------------------------- HTML views


@cache
def _templates() -> Any:
    """The jinja2 templates, with autoescape on: whatever a learner typed shows as text."""
    import jinja2

    folder = Path(__file__).resolve().parent / "templates"
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )


_NOTE_STYLE = "margin:0 0 4px 0;padding:0;overflow-wrap:anywhere"
#: Where each block sits in Osterwalder's layout, on a grid of ten columns and three rows.
GRID_AREAS: dict[str, str] = {
    "key_partners": "kp",
    "key_activities": "ka",
    "key_resources": "kr",
    "value_propositions": "vp",
    "customer_relationships": "cr",
    "channels": "ch",
    "customer_segments": "cs",
    "cost_structure": "cost",
    "revenue_streams": "rev",
}
#: The grid's rows, as CSS ``grid-template-areas`` (the HTML view and the board share it).
GRID_TEMPLATE = (
    '"kp kp ka ka vp vp cr cr cs cs" "kp kp kr kr vp vp ch ch cs cs" '
    '"cost cost cost cost cost rev rev rev rev rev"'
)
_ONLY_STYLE = _NOTE_STYLE + ";background:#fff1c2;border-left:3px solid #b07d00;padding-left:3px"


def _source_list(ids: Sequence[str]) -> list[dict[str, str]]:
    """Each cited source id with its document's title (from the course's data, when known)."""
    titles: dict[str, str] = {}
    if ids:
        try:
            from . import data

            found = data.sources(list(ids))
            titles = dict(zip(found.source_id, found.title, strict=True))
        except Exception:  # a canvas must show even where the course's data cannot be read
            titles = {}
    return [{"id": source, "title": titles.get(source, "Source")} for source in ids]


def _shown(notes: Iterable[Note], tag: str = "", style: str = _NOTE_STYLE) -> list[dict[str, str]]:
    return [{"text": n.text, "source": n.source, "tag": tag, "style": style} for n in notes]


def canvas_html(canvas: Canvas) -> str:
    """The canvas as HTML: the nine blocks in Osterwalder's layout (or the partnership's parts
    and a row per partner), the cited sources numbered underneath. Whatever a note says is
    shown as text: the template escapes it (no markup or script gets through).

    >>> page = canvas_html(BusinessModelCanvas.from_blocks(
    ...     "<b>Mine</b>", dict.fromkeys(BLOCK_NAMES, "<script>alert(1)</script>")))
    >>> "<script>" in page, "&lt;script&gt;alert(1)&lt;/script&gt;" in page, "&lt;b&gt;Mine" in page
    (False, True, True)
    """
    cited = canvas.sources()
    numbers = {source: index for index, source in enumerate(cited, start=1)}
    context: dict[str, Any] = {
        "name": canvas.name,
        "numbers": numbers,
        "sources": _source_list(cited),
        "grid_template": GRID_TEMPLATE,
    }
    if isinstance(canvas, BusinessModelCanvas):
        context["blocks"] = [
            {
                "title": block.title,
                "area": GRID_AREAS[block.name],
                "notes": _shown(getattr(canvas, block.name)),
            }
            for block in BLOCKS
        ]
        return _templates().get_template("canvas_business.html.j2").render(**context)
    if isinstance(canvas, PartnershipCanvas):
        context["parts"] = [
            {"title": title, "notes": _shown(getattr(canvas, part))}
            for part, title in _PARTNERSHIP_PARTS.items()
        ]
        context["partners"] = [
            {"name": p.name, "offers": _shown(p.offers), "desires": _shown(p.desires)}
            for p in canvas.partners
        ]
        return _templates().get_template("canvas_partnership.html.j2").render(**context)
    raise TypeError(f"canvas_html takes a canvas, not {type(canvas).__name__}")


def _marked(notes: Notes, others: set[str]) -> list[dict[str, str]]:
    """Notes to show, those not among ``others`` marked "only here" and highlighted."""
    return [
        _shown([note])[0] if label(note) in others else _shown([note], "only here", _ONLY_STYLE)[0]
        for note in notes
    ]


def comparison_html(first: BusinessModelCanvas, second: BusinessModelCanvas) -> str:
    """Two canvases side by side, block by block; a note found in only one of them is
    highlighted and marked "only here" (in words, not by colour alone).

    >>> a = BusinessModelCanvas.from_blocks("A", dict.fromkeys(BLOCK_NAMES, "Stores"))
    >>> b = BusinessModelCanvas.from_blocks("B", {**dict.fromkeys(BLOCK_NAMES, "Stores"),
    ...                                           "channels": "<i>Web</i>"})
    >>> page = comparison_html(a, b)
    >>> page.count("(only here)"), "&lt;i&gt;Web&lt;/i&gt;" in page, page.count("(same)")
    (2, True, 8)
    """
    table = compare(first, second)
    cited = list(dict.fromkeys([*first.sources(), *second.sources()]))
    rows = []
    for block, differs in zip(BLOCKS, table.differs, strict=True):
        mine, theirs = getattr(first, block.name), getattr(second, block.name)
        their_labels, my_labels = {label(n) for n in theirs}, {label(n) for n in mine}

        rows.append(
            {
                "title": block.title,
                "differs": differs,
                "first": _marked(mine, their_labels),
                "second": _marked(theirs, my_labels),
            }
        )
    differing = int(table.differs.sum())
    caption = (
        f"{first.name} and {second.name}, block by block: {differing} of {len(BLOCKS)} blocks "
        'differ. A note marked "only here" is on one canvas and not the other.'
    )
    return (
        _templates()
        .get_template("canvas_comparison.html.j2")
        .render(
            first=first.name,
            second=second.name,
            rows=rows,
            caption=caption,
            numbers={source: index for index, source in enumerate(cited, start=1)},
            sources=_source_list(cited),
        )
    )
