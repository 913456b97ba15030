"""Canvases: validation that lists every problem, JSON and Markdown round trips for any text a
learner can type, partner fit with its reasons, reassembly, comparison, and an HTML view that
shows whatever was typed as text."""

from __future__ import annotations

import json

import markupsafe
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course_lib import canvas as cv
from course_lib.problems import CourseProblem

#: Any text a learner can type: unicode, newlines, Markdown and HTML characters, escapes.
TYPED = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)),
    max_size=60,
)
MARKUP = st.sampled_from(
    ["# heading", "- item", "* star", "1. one", "2) two", "> quote", "`code`", "**bold**",
     "_em_", "[link](http://x)", "<b>b</b>", "&amp;", "\\", "\\*", "$x$", "|a|b|", "---",
     "[source: fake-id]", "x [source: fake-id]", "  spaced  ", "tab\there", "é中文😀", "\r\n",
     "\u2028", "- - twice", "+ plus", "~~strike~~", "\\[source: a\\]", "#", "-", "\\\\n"]
)  # fmt: skip
BLOCK_TEXT = st.lists(st.one_of(TYPED, MARKUP), min_size=1, max_size=4).map("\n".join)
SOURCE = st.one_of(st.just(""), st.from_regex(r"[a-z0-9][a-z0-9_.-]{0,20}", fullmatch=True))


def valid_or_none(make):
    try:
        return make()
    except cv.CanvasProblem:
        return None


@st.composite
def business_canvases(draw):
    name = draw(st.one_of(TYPED, MARKUP))
    blocks = {}
    for block in cv.BLOCK_NAMES:
        text = draw(BLOCK_TEXT)
        source = draw(SOURCE)
        blocks[block] = [cv.Note(line, source) for line in text.split("\n")]
    return valid_or_none(lambda: cv.BusinessModelCanvas.from_blocks(name, blocks))


@st.composite
def partnership_canvases(draw):
    partners = [
        cv.Partner(draw(st.one_of(TYPED, MARKUP)), draw(BLOCK_TEXT), draw(BLOCK_TEXT))
        for _ in range(draw(st.integers(2, 3)))
    ]
    return valid_or_none(
        lambda: cv.PartnershipCanvas(
            draw(st.one_of(TYPED, MARKUP)), draw(BLOCK_TEXT), draw(BLOCK_TEXT), partners
        )
    )


FILLED = dict.fromkeys(cv.BLOCK_NAMES, "A note")
ROUND_TRIPS = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.filter_too_much]
)


@ROUND_TRIPS
@given(business_canvases())
def test_any_business_canvas_survives_json_and_markdown(canvas):
    if canvas is None:
        return
    assert cv.from_json(cv.to_json(canvas)) == canvas
    assert cv.from_markdown(cv.to_markdown(canvas)) == canvas


@ROUND_TRIPS
@given(partnership_canvases())
def test_any_partnership_canvas_survives_json_and_markdown(canvas):
    if canvas is None:
        return
    assert cv.from_json(cv.to_json(canvas)) == canvas
    assert cv.from_markdown(cv.to_markdown(canvas)) == canvas


@settings(max_examples=300, deadline=None)
@given(BLOCK_TEXT)
def test_a_box_of_text_keeps_every_line_a_learner_typed(text):
    blocks = {**FILLED, "channels": text}
    canvas = valid_or_none(lambda: cv.BusinessModelCanvas.from_blocks("Mine", blocks))
    if canvas is None:
        return
    expected = []
    for line in text.splitlines():  # each line trimmed, without its list bullets, if not blank
        line = line.strip()
        while line[:1] in ("-", "*", "•") and (line[1:2].isspace() or line == line[:1]):
            line = line[1:].strip()
        if line:
            expected.append(line)
    shown = [note.text for note in canvas.channels]
    assert shown == expected
    # and making the canvas again from its own boxes changes nothing
    again = cv.BusinessModelCanvas.from_blocks("Mine", {b: canvas.text(b) for b in cv.BLOCK_NAMES})
    assert [n.text for n in again.channels] == shown


def test_markdown_round_trip_of_hand_picked_awkward_notes():
    awkward = ["# not a heading", "1. not a list", "-x not a bullet", "<script>alert(1)</script>",
               "ends with [source: not-this]", "back\\slash", "$5.72 billion", "a | b", "***"]  # fmt: skip
    canvas = cv.BusinessModelCanvas.from_blocks(
        "Awkward *name* [x]", {**FILLED, "channels": [cv.Note(text) for text in awkward]}
    )
    text = cv.to_markdown(canvas)
    assert "\\<script\\>" in text and "- 1\\. not a list" in text and "- \\# not a heading" in text
    back = cv.from_markdown(text)
    assert [note.text for note in back.channels] == awkward and back.name == "Awkward *name* [x]"
    assert all(note.source == "" for note in back.channels)


def test_every_problem_is_listed_at_once_in_plain_words():
    with pytest.raises(cv.CanvasProblem) as raised:
        cv.BusinessModelCanvas.from_blocks(
            "", {**FILLED, "channels": "x" * 501, "key_partners": " \n - \n", "partners": "Studios"}
        )
    problem = raised.value
    assert isinstance(problem, CourseProblem)
    assert problem.by_block.keys() == {"name", "channels", "key_partners", "partners"}
    assert "Channels has 501 characters; a block holds at most 500" in str(problem)
    assert "Key partners is empty" in str(problem)
    assert 'Did you mean "key_partners"' in str(problem)
    assert "name is empty" in str(problem)
    assert str(problem).startswith("The canvas has 4 problems to fix:")
    assert "<li>" in problem._repr_html_()


def test_a_block_of_exactly_the_limit_is_accepted():
    canvas = cv.BusinessModelCanvas.from_blocks("Edge", {**FILLED, "channels": "x" * 500})
    assert len(canvas.text("channels")) == cv.MAX_BLOCK_CHARACTERS


def test_wrong_kinds_of_value_are_problems_not_crashes():
    found = cv.problems_in({**FILLED, "channels": 42, "customer_segments": ["ok", 3]}, "X")
    assert "must be text or a list of notes, not int" in found["channels"][0]
    assert "write each note as text" in found["customer_segments"][0]
    assert (
        "is not a source id"
        in cv.problems_in({**FILLED, "channels": [cv.Note("a", "Not An Id!")]}, "X")["channels"][0]
    )
    assert cv.problems_in(FILLED, "X") == {}


def test_partnership_problems_name_what_is_missing():
    with pytest.raises(cv.CanvasProblem) as raised:
        cv.PartnershipCanvas(
            "Coffee",
            customer_segment="",
            joint_value="Good coffee",
            partners=[cv.Partner("Roaster", offers="Capsules"), cv.Partner("roaster ", "x", "y")],
        )
    text = str(raised.value)
    assert "Customer segment is empty" in text
    assert "Roaster's desires are empty: what does Roaster want from the partnership?" in text
    assert 'Two partners are called "roaster"' in text
    with pytest.raises(cv.CanvasProblem, match="at least two partners"):
        cv.PartnershipCanvas("Alone", "S", "V", [cv.Partner("Us", "a", "b")])


def test_json_that_is_not_a_canvas_gets_a_clear_message():
    for text, expected in [
        ("{", "not valid JSON"),
        ("[1, 2]", "It is not a canvas"),
        (json.dumps({"kind": "business model"}), 'It has no "blocks"'),
        (json.dumps({"kind": "business model", "blocks": {"channels": 5}}), "must be a list"),
    ]:
        with pytest.raises(cv.CanvasProblem, match=expected):
            cv.from_json(text)
    unknown = json.loads(cv.to_json(cv.BusinessModelCanvas.from_blocks("X", FILLED)))
    unknown["blocks"]["partnerz"] = [{"text": "Studios"}]
    with pytest.raises(cv.CanvasProblem, match='"partnerz" is not a block'):
        cv.from_json(json.dumps(unknown))


def test_markdown_that_is_not_a_canvas_gets_a_clear_message():
    with pytest.raises(cv.CanvasProblem, match="does not start with"):
        cv.from_markdown("Just some notes")
    with pytest.raises(cv.CanvasProblem, match='"Partners" is not a block'):
        cv.from_markdown("# Business model canvas: X\n## Partners\n- Studios")


# ------------------------------------------------------------------------------ HTML views

INJECTIONS = [
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    "{{ 7 * 7 }}",
    "{% for x in range(3) %}loop{% endfor %}",
    "</div></section><b>escape the box</b>",
    "\"' onmouseover=alert(1) '",
]


def injected_canvas() -> cv.BusinessModelCanvas:
    blocks = {name: INJECTIONS for name in cv.BLOCK_NAMES}
    return cv.BusinessModelCanvas.from_blocks("<script>name()</script> {{ name }}", blocks)


def assert_only_text(page: str) -> None:
    assert "<script" not in page and "<img" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in page  # no attribute either
    assert "&#34;&#39; onmouseover=alert(1) &#39;" in page
    assert "{{ 7 * 7 }}" in page and "49" not in page  # template syntax typed is not run
    assert "{% for x in range(3) %}loop{% endfor %}" in page and "looploop" not in page


def test_the_canvas_view_escapes_whatever_was_typed():
    page = cv.canvas_html(injected_canvas())
    assert_only_text(page)
    assert page.count("<section") == 9


def test_the_partnership_view_escapes_whatever_was_typed():
    partners = [cv.Partner(INJECTIONS[0], INJECTIONS, INJECTIONS), cv.Partner("B", "x", "y")]
    page = cv.canvas_html(cv.PartnershipCanvas(INJECTIONS[1], INJECTIONS, INJECTIONS, partners))
    assert_only_text(page)


def test_the_comparison_view_escapes_and_marks_differences_in_words():
    other = cv.BusinessModelCanvas.from_blocks("Other", FILLED)
    page = cv.comparison_html(injected_canvas(), other)
    assert_only_text(page)
    assert page.count("(only here)") == 9 * (len(INJECTIONS) + 1)


@settings(max_examples=200, deadline=None)
@given(BLOCK_TEXT)
def test_no_typed_text_changes_the_pages_markup(text):
    """Whatever is typed, the page has exactly the tags of a page with a plain note instead."""
    canvas = valid_or_none(
        lambda: cv.BusinessModelCanvas.from_blocks("X", {**FILLED, "channels": "<" + text})
    )
    if canvas is None:
        return
    plain = cv.BusinessModelCanvas.from_blocks(
        "X", {**FILLED, "channels": ["plain"] * len(canvas.channels)}
    )
    page = cv.canvas_html(canvas)
    assert page.count("<") == cv.canvas_html(plain).count("<")
    for note in canvas.channels:
        assert str(markupsafe.escape(note.text)) in page


def test_sources_are_numbered_with_their_document():
    canvas = cv.BusinessModelCanvas.from_blocks(
        "Cited",
        {**FILLED, "channels": [cv.Note("Stores", "video-rental-bbi-pr-no-late-fees-2004")]},
    )
    page = cv.canvas_html(canvas)
    assert "[1]" in page and "Blockbuster Announces the End of Late Fees" in page


# ----------------------------------------------------------------------- fit and reassembly


def test_fit_is_the_smaller_share_of_desires_met_with_its_reasons():
    tesla = cv.Partner(
        "Tesla", ["Electric drive", "Battery packs"], ["Know-how", "A factory", "Capital"]
    )
    toyota = cv.Partner("Toyota", ["know-how", "Capital", "Dealers"], ["electric drive."])
    fit = cv.partner_fit(tesla, toyota)
    assert fit.first_gets == pytest.approx(2 / 3) and fit.second_gets == 1.0
    assert fit.score == pytest.approx(2 / 3)
    assert fit.unmet["Tesla"] == ["A factory"] and fit.met["Toyota"] == ["electric drive."]
    assert fit.unused == {"Tesla": ["Battery packs"], "Toyota": ["Dealers"]}
    assert any("not A factory" in reason for reason in fit.reasons)
    assert fit.reasons[-1].startswith("Fit 0.67")


def test_a_partner_that_desires_nothing_gains_nothing():
    fit = cv.partner_fit(cv.Partner("A", "x"), cv.Partner("B", "y", "x"))
    assert fit.score == 0.0 and "desires nothing" in fit.reasons[0]


@given(st.lists(st.sampled_from("abcde"), max_size=5), st.lists(st.sampled_from("abcde"), max_size=5),
       st.lists(st.sampled_from("abcde"), max_size=5), st.lists(st.sampled_from("abcde"), max_size=5))  # fmt: skip
def test_fit_is_symmetric_and_between_zero_and_one(offers_a, desires_a, offers_b, desires_b):
    a, b = cv.Partner("A", offers_a, desires_a), cv.Partner("B", offers_b, desires_b)
    there, back = cv.partner_fit(a, b), cv.partner_fit(b, a)
    assert 0.0 <= there.score <= 1.0 and there.score == back.score


def test_reassembly_adds_partners_until_the_segment_is_served():
    canvas = cv.PartnershipCanvas(
        "Streaming",
        "Viewers who want films at once",
        ["Films to stream", "A player on the TV", "Broadband"],
        [
            cv.Partner("Us", "Subscribers", "Films to stream"),
            cv.Partner("Studio", "Films to stream", "Money"),
        ],
    )
    assert cv.open_needs(canvas) == ["A player on the TV", "Broadband"]
    steps = cv.reassemble(
        canvas,
        [
            cv.Partner("Nobody useful", "Flowers", "Money"),
            cv.Partner("Maker", "A player on the TV", "Subscribers"),
            cv.Partner("Telco", ["Broadband", "A player on the TV"], "Money"),
        ],
    )
    assert steps.partner.tolist() == ["Telco"] and steps.still_open.tolist() == [0]
    assert steps.partner_gains.tolist() == [0.0]  # nobody offers the telco money yet
    tie = cv.reassemble(canvas, [cv.Partner("Maker A", "Broadband", "Money"),
                                 cv.Partner("Maker B", "Broadband", "Subscribers")])  # fmt: skip
    assert tie.partner.tolist() == ["Maker B"]  # the one that gains from joining
    assert steps.needs_met.iloc[0] == "A player on the TV; Broadband"
    assert cv.reassemble(canvas, []).empty


def test_hypotheses_flag_a_desire_nobody_offers():
    canvas = cv.PartnershipCanvas(
        "C",
        "Viewers",
        "Films",
        [cv.Partner("Us", "Films", "Reach"), cv.Partner("Studio", "Money", "Films")],
    )
    table = cv.hypotheses(canvas)
    assert "No partner offers reach yet: find one, or Us may not join" in table.hypothesis.tolist()
    assert "Us can and will provide films" in table.hypothesis.tolist()
    assert "Viewers want films and will pay for it" in table.hypothesis.tolist()


def test_compare_lists_block_by_block_differences():
    first = cv.BusinessModelCanvas.from_blocks("A", {**FILLED, "channels": "Stores\nWebsite"})
    second = cv.BusinessModelCanvas.from_blocks("B", {**FILLED, "channels": "website\nMail"})
    table = cv.compare(first, second)
    row = table.set_index("block").loc["Channels"]
    assert (row.only_first, row.shared, row.only_second) == ("Stores", "Website", "Mail")
    assert table.differs.tolist() == [block == "channels" for block in cv.BLOCK_NAMES]
    assert table.attrs == {"first": "A", "second": "B"}
