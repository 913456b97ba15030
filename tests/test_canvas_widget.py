"""The canvas board: checks on request, says what to fix beside each box, never loses what was
typed, exports and loads back; the comparison view switches between its canvases."""

from __future__ import annotations

import json
import re

import ipywidgets
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib import canvas as cv
from course_lib import canvas_widget, render

SOURCE = "video-rental-bbi-pr-no-late-fees-2004"


def filled_board(text: str = "A note") -> canvas_widget.CanvasBoard:
    board = canvas_widget.canvas_board()
    board.name.value = "My café, 2025"
    for box in board.boxes.values():
        box.value = text
    return board


def static_views(page: str) -> list[tuple[str, bool, str]]:
    """The views a static copy offers: (the option's name, hidden at first, the view's HTML),
    after checking that each option of its one drop-down list names one view."""
    selects = re.findall(r"<select[^>]*>(.*?)</select>", page, re.DOTALL)
    assert len(selects) == 1, "one drop-down list"
    options = re.findall(r'<option value="(\d+)">([^<]*)</option>', selects[0])
    parts = re.split(r'<div data-view="(\d+)"( hidden)?>', page)[1:]
    views = {
        parts[index]: (bool(parts[index + 1]), parts[index + 2])
        for index in range(0, len(parts), 3)
    }
    assert sorted(views) == sorted(number for number, _ in options)
    return [(name.replace("&amp;", "&"), *views[number]) for number, name in options]


def test_a_full_board_is_saved_and_every_block_says_ok():
    board = filled_board("Neighbours\n- Office workers")
    saved = board.check()
    assert isinstance(saved, cv.BusinessModelCanvas) and board.canvas is saved
    assert [note.text for note in saved.customer_segments] == ["Neighbours", "Office workers"]
    assert all("ok" in message.value for message in board.messages.values())
    assert "Saved: My café, 2025" in board.status.value


def test_a_rejected_block_keeps_its_text_and_gets_its_own_message():
    board = filled_board()
    board.check()
    before = board.canvas
    long_text = "x" * 501
    board.boxes["channels"].value = long_text
    board.boxes["key_partners"].value = "  \n- \n"
    board.name.value = ""
    assert board.check() is None
    assert board.boxes["channels"].value == long_text  # nothing typed is lost
    assert board.boxes["key_partners"].value == "  \n- \n"
    assert "501 characters" in board.messages["channels"].value
    assert "Key partners is empty" in board.messages["key_partners"].value
    assert "name is empty" in board.name_message.value
    assert board.messages["revenue_streams"].value == ""
    assert "3 problems to fix" in board.status.value and "still saved" in board.status.value
    assert board.canvas is before  # the last canvas that passed stays saved


def test_messages_show_typed_text_as_text():
    board = filled_board()
    board.name.value = "<script>alert(1)</script>" * 5
    board.check()
    assert "<script>" not in board.name_message.value


def test_export_and_load_back_through_json_and_markdown():
    board = filled_board("Studios\n<b>not bold</b>\n# not a heading")
    saved = board.check()
    again = canvas_widget.canvas_board()
    assert again.load_json(board.to_json()) == saved
    assert again.boxes["channels"].value == "Studios\n<b>not bold</b>\n# not a heading"
    assert cv.from_markdown(board.to_markdown()) == saved
    board.json_button.click()
    assert (
        "&lt;b&gt;not bold&lt;/b&gt;" in board.exported.value
        and "<b>not" not in board.exported.value
    )
    board.markdown_button.click()
    assert "# Business model canvas: My café, 2025" in board.exported.value


def test_the_paste_box_and_load_button_load_a_canvas():
    saved = filled_board("From JSON").check()
    board = canvas_widget.canvas_board()
    board.paste.value = cv.to_json(saved)
    board.load_button.click()
    assert board.canvas == saved and board.boxes["revenue_streams"].value == "From JSON"


def test_bad_json_changes_nothing_and_says_why():
    board = filled_board("Mine")
    for text in ("{not json", json.dumps({"kind": "something else"}), "[]"):
        assert board.load_json(text) is None
        assert all(box.value == "Mine" for box in board.boxes.values())
        assert "Nothing was loaded" in board.status.value
    partnership = cv.PartnershipCanvas(
        "P", "S", "V", [cv.Partner("A", "x", "y"), cv.Partner("B", "y", "x")]
    )
    assert board.load_json(cv.to_json(partnership)) is None
    assert "partnership canvas" in board.status.value


def test_a_loaded_line_keeps_its_source_until_it_is_changed():
    blocks = {name: "A note" for name in cv.BLOCK_NAMES}
    blocks["channels"] = [cv.Note("More than 4,500 US stores", SOURCE), cv.Note("Website")]
    board = canvas_widget.canvas_board(cv.BusinessModelCanvas.from_blocks("Blockbuster", blocks))
    assert board.check().channels[0].source == SOURCE
    board.boxes["channels"].value = "More than 4,500 US stores\nWebsite\nMail"
    assert [note.source for note in board.check().channels] == [SOURCE, "", ""]
    board.boxes["channels"].value = "About 4,500 US stores"
    assert board.check().channels[0].source == ""


def test_the_board_is_laid_out_as_the_canvas_and_cannot_overflow():
    board = canvas_widget.canvas_board()
    layout = board.grid.layout
    assert layout.grid_template_columns == "repeat(10, minmax(0, 1fr))"
    areas = [cell.layout.grid_area for cell in board.grid.children]
    assert len(areas) == 9 and len(set(areas)) == 9
    assert all(area in layout.grid_template_areas for area in areas)
    assert all(cell.layout.min_width == "0" for cell in board.grid.children)
    kinds = {type(widget) for widget in board.children}
    assert kinds <= {ipywidgets.Text, ipywidgets.HTML, ipywidgets.GridBox, ipywidgets.HBox,
                     ipywidgets.Textarea, ipywidgets.Button}  # fmt: skip


TYPED = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40)


@settings(max_examples=60, deadline=None)
@given(st.lists(TYPED, min_size=1, max_size=3).map("\n".join))
def test_whatever_is_typed_comes_back_after_export_and_load(text):
    board = filled_board()
    board.boxes["value_propositions"].value = text
    if board.check() is None:  # an empty or over-long block: the text stays in its box
        assert board.boxes["value_propositions"].value == text
        return
    again = canvas_widget.canvas_board()
    again.load_json(board.to_json())
    assert again.canvas == board.canvas
    assert again.boxes["value_propositions"].value == board.canvas.text("value_propositions")
    assert cv.from_markdown(board.to_markdown()) == board.canvas


def test_the_comparison_switches_between_its_views():
    first = cv.BusinessModelCanvas.from_blocks("Stores", dict.fromkeys(cv.BLOCK_NAMES, "Stores"))
    second = cv.BusinessModelCanvas.from_blocks("Web", dict.fromkeys(cv.BLOCK_NAMES, "Website"))
    shown = canvas_widget.canvas_comparison(first, second)
    assert list(shown.choice.options) == ["Stores and Web, side by side", "Stores", "Web"]
    assert "9 of 9 blocks differ" in shown.view.value
    shown.choice.value = "Web"
    assert "Website" in shown.view.value and "Stores" not in shown.view.value
    views = static_views(shown.static_html())
    assert [name for name, _, _ in views] == ["Stores and Web, side by side", "Stores", "Web"]
    assert [hidden for _, hidden, _ in views] == [False, True, True]
    assert "9 of 9 blocks differ" in views[0][2]
    assert "Website" in views[2][2] and "Stores" not in views[2][2]


def test_static_copies_for_the_course_site(monkeypatch):
    board = filled_board()
    board.check()
    assert "course-canvas" in board.static_html() and "My café" in board.static_html()
    monkeypatch.setenv(render.STATIC_SITE, "1")
    bundle = board._repr_mimebundle_()
    if isinstance(bundle, dict):  # ipywidgets 8 displays through this method
        assert "My café" in bundle["text/html"]


def test_the_board_on_a_static_page_offers_each_example_in_its_place():
    examples = [
        cv.BusinessModelCanvas.from_blocks(name, dict.fromkeys(cv.BLOCK_NAMES, note))
        for name, note in (("Shop", "Stores"), ("Web shop", "Website"))
    ]
    views = static_views(canvas_widget.canvas_board(examples=examples).static_html())
    assert len(views) == 3 and [hidden for _, hidden, _ in views] == [False, True, True]
    assert all(block.question in views[0][2] for block in cv.BLOCKS)  # the empty board
    for (name, _, shown), example in zip(views[1:], examples, strict=True):
        assert example.name in name and example.name in shown
        assert example.channels[0].text in shown
    board = canvas_widget.canvas_board(examples=examples)
    board.load(cv.BusinessModelCanvas.from_blocks("My café", dict.fromkeys(cv.BLOCK_NAMES, "x")))
    views = static_views(board.static_html())  # a board holding a canvas shows it first
    assert "My café" in views[0][0] and "My café" in views[0][2] and len(views) == 3
