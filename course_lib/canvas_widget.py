"""The canvas widget: a box for each of the nine blocks, checked on request, saved, exported.

The learner types notes into the boxes, one a line, and presses **Check and save**. Each block
with a problem (empty, too long) gets its message under its box; the text stays in the box, so
nothing typed is lost. A canvas that passes is kept as ``board.canvas``, and can be exported as
JSON or Markdown (buttons, or ``board.to_json()`` and ``board.to_markdown()``) and loaded back
(``board.load_json(text)``, or the paste box and **Load JSON**). Only the parts of ipywidgets
that versions 7 and 8 share are used, as in :mod:`course_lib.widgets`.

>>> board = canvas_board()
>>> board.boxes["channels"].value = "Website\\nMail"
>>> board.check() is None  # eight blocks are still empty
True
>>> "is empty" in board.messages["key_partners"].value, board.boxes["channels"].value
(True, 'Website\\nMail')
"""

from __future__ import annotations

import html
import uuid
from collections.abc import Sequence
from typing import Any

import ipywidgets

from . import canvas, render
from .canvas import BLOCKS, BusinessModelCanvas, CanvasProblem, Note

__all__ = ["CanvasBoard", "CanvasComparison", "canvas_board", "canvas_comparison", "views_html"]

_OK = '<span style="color:#00684a;font-size:0.85em">&#10004; ok</span>'


def _notice(text: str, kind: str) -> str:
    colours = {"problem": ("#D55E00", "#fdf0e6"), "saved": ("#009E73", "#e7f4ee")}
    border, background = colours.get(kind, ("#0b4f85", "#eef3fa"))
    role = "alert" if kind == "problem" else "status"
    return (
        f'<div class="course-canvas-{kind}" role="{role}" style="border-left:4px solid {border};'
        f'background:{background};padding:4px 8px;overflow-wrap:anywhere">{text}</div>'
    )


def _block_message(messages: list[str]) -> str:
    items = "<br>".join(html.escape(message) for message in messages)
    return (
        '<div role="alert" style="color:#8a3b00;font-size:0.85em;line-height:1.3;'
        f'overflow-wrap:anywhere;white-space:normal">{items}</div>'
    )


def _with_static_copy(widget: Any, parent: Any, kwargs: dict[str, Any]) -> Any:
    """The widget's display data, with its static HTML added while the course site is built.

    ipywidgets 8 displays a widget through ``_repr_mimebundle_``; 7 uses ``_ipython_display_``
    and has no such method, so there is nothing to add to.
    """
    shown = getattr(parent, "_repr_mimebundle_", None)
    bundle = shown(**kwargs) if shown is not None else None
    if render.building_site() and isinstance(bundle, dict):
        bundle["text/html"] = widget.static_html()
    return bundle


# Shows the view a reader picks; the others stay in the page, hidden.
_SWITCH_SCRIPT = """(function (id) {
  var root = document.getElementById(id);
  var select = root.querySelector("select[data-views]");
  var views = root.querySelectorAll(":scope > [data-view]");
  select.addEventListener("change", function () {
    views.forEach(function (view) { view.hidden = view.dataset.view !== select.value; });
  });
})"""


def views_html(label: str, views: dict[str, str], note: str = "") -> str:
    """Plain HTML for the course's static site that shows one of several views (HTML made in
    Python, such as canvases) at a time, chosen from a labelled drop-down list; the first
    view is shown at first, and without scripts.

    >>> page = views_html("Show", {"A & B": "<p>both</p>", "A": "<p>one</p>"})
    >>> '<option value="1">A</option>' in page and "A &amp; B" in page
    True
    >>> page.count(" hidden>"), '<div data-view="0">' in page
    (1, True)
    """
    element_id = f"course-views-{uuid.uuid4().hex[:12]}"
    options = "".join(
        f'<option value="{index}">{html.escape(name)}</option>' for index, name in enumerate(views)
    )
    shown = "".join(
        f'<div data-view="{index}"{" hidden" if index else ""}>{view}</div>'
        for index, view in enumerate(views.values())
    )
    return (
        f'<div class="course-figure-static course-views" id="{element_id}">{note}'
        f'<div class="course-settings"><label class="course-setting">{html.escape(label)} '
        f'<select data-views="{element_id}">{options}</select></label></div>{shown}'
        f'<script>{_SWITCH_SCRIPT}("{element_id}");</script></div>'
    )


class CanvasBoard(ipywidgets.VBox):
    """A business model canvas to fill in: a name, nine boxes, buttons to check, export, load.

    ``boxes`` and ``messages`` map each block's name to its text box and its message area;
    ``canvas`` is the last canvas that passed the check (None before). ``examples`` are filled
    canvases that the static copy (a page where nobody can type) offers to show in the board's
    place.
    """

    def __init__(
        self,
        start: BusinessModelCanvas | None = None,
        examples: Sequence[BusinessModelCanvas] = (),
    ) -> None:
        self.canvas: BusinessModelCanvas | None = None
        self.examples = tuple(examples)
        self._sources: dict[tuple[str, str], str] = {}
        self.name = ipywidgets.Text(
            description="Name",
            placeholder="whose business model, and when (e.g. My café, 2025)",
            layout=ipywidgets.Layout(width="100%", max_width="560px"),
        )
        self.name_message = ipywidgets.HTML()
        self.boxes: dict[str, ipywidgets.Textarea] = {}
        self.messages: dict[str, ipywidgets.HTML] = {}
        cells = []
        for block in BLOCKS:
            box = ipywidgets.Textarea(
                placeholder=f"{block.question[0].upper()}{block.question[1:]}; one note a line",
                layout=ipywidgets.Layout(width="auto", height="120px", min_width="0"),
            )
            message = ipywidgets.HTML()
            title = ipywidgets.HTML(
                f'<div style="line-height:1.3;padding:2px 0"><strong>{html.escape(block.title)}'
                "</strong></div>"
            )
            cell = ipywidgets.VBox(
                [title, box, message],
                layout=ipywidgets.Layout(
                    grid_area=canvas.GRID_AREAS[block.name],
                    min_width="0",
                    border="1px solid #999",
                    padding="2px 4px",
                    overflow="hidden",
                ),
            )
            self.boxes[block.name], self.messages[block.name] = box, message
            cells.append(cell)
        self.grid = ipywidgets.GridBox(
            cells,
            layout=ipywidgets.Layout(
                width="100%",
                grid_template_columns="repeat(10, minmax(0, 1fr))",
                grid_template_areas=canvas.GRID_TEMPLATE,
                grid_gap="4px",
            ),
        )
        self.check_button = ipywidgets.Button(description="Check and save", button_style="primary")
        self.json_button = ipywidgets.Button(description="Export JSON")
        self.markdown_button = ipywidgets.Button(description="Export Markdown")
        self.load_button = ipywidgets.Button(description="Load JSON")
        self.paste = ipywidgets.Textarea(
            placeholder="To load a canvas, paste its JSON here and press Load JSON.",
            layout=ipywidgets.Layout(width="auto", height="70px"),
        )
        self.status = ipywidgets.HTML()
        self.exported = ipywidgets.HTML()
        self.check_button.on_click(lambda _button: self.check())
        self.json_button.on_click(lambda _button: self._show_export("JSON"))
        self.markdown_button.on_click(lambda _button: self._show_export("Markdown"))
        self.load_button.on_click(lambda _button: self.load_json(self.paste.value))
        buttons = ipywidgets.HBox(
            [self.check_button, self.json_button, self.markdown_button],
            layout=ipywidgets.Layout(flex_flow="row wrap"),
        )
        super().__init__(
            children=[
                self.name,
                self.name_message,
                self.grid,
                buttons,
                self.status,
                self.exported,
                self.paste,
                self.load_button,
            ],
            layout=ipywidgets.Layout(width="100%", max_width="1100px"),
        )
        self.add_class("course-canvas-board")
        if start is not None:
            self.load(start)

    # ------------------------------------------------------------------ reading the boxes

    def blocks(self) -> dict[str, list[Note]]:
        """What the boxes hold now, as notes; a line left as it was loaded keeps its source."""
        found = {}
        for name, box in self.boxes.items():
            found[name] = [
                Note(note.text, self._sources.get((name, canvas.label(note)), ""))
                for note in canvas.notes(box.value)
            ]
        return found

    def check(self) -> BusinessModelCanvas | None:
        """Check every block; save the canvas if it passes, else say what to fix beside each box.

        The boxes are never changed here, so a rejected block keeps its text.
        """
        for message in self.messages.values():
            message.value = ""
        self.name_message.value = ""
        found = canvas.problems_in(self.blocks(), self.name.value)
        if found:
            for where, messages in found.items():
                target = self.messages.get(where, self.name_message)
                target.value = _block_message(messages)
            count = sum(len(messages) for messages in found.values())
            kept = " The last canvas that passed is still saved." if self.canvas else ""
            self.status.value = _notice(
                f"{count} problem{'s' if count != 1 else ''} to fix: see the messages under "
                f"the boxes. Your text is still in the boxes.{kept}",
                "problem",
            )
            return None
        self.canvas = BusinessModelCanvas.from_blocks(self.name.value, self.blocks())
        for message in self.messages.values():
            message.value = _OK
        self.status.value = _notice(
            f"Saved: {html.escape(self.canvas.name)}, nine blocks filled. Export it, or change "
            "it and check again.",
            "saved",
        )
        return self.canvas

    # ---------------------------------------------------------------- export and load

    def _saved(self) -> BusinessModelCanvas:
        saved = self.check()
        if saved is None:
            raise CanvasProblem(
                [("canvas", "The canvas has problems: fix the blocks marked under their boxes")],
                "The board",
            )
        return saved

    def to_json(self) -> str:
        """Check the boxes and return the canvas as JSON (``cl.canvas.from_json`` reads it)."""
        return canvas.to_json(self._saved())

    def to_markdown(self) -> str:
        """Check the boxes and return the canvas as Markdown (``cl.canvas.from_markdown``)."""
        return canvas.to_markdown(self._saved())

    def _show_export(self, kind: str) -> None:
        if self.check() is None:
            self.exported.value = ""
            return
        text = self.to_json() if kind == "JSON" else self.to_markdown()
        self.exported.value = (
            f"<details open><summary>{kind}: select and copy it, or save it with "
            f"board.to_{kind.lower()}()</summary><pre style='white-space:pre-wrap;"
            "overflow-wrap:anywhere;max-height:260px;overflow:auto;font-size:12px'>"
            f"{html.escape(text)}</pre></details>"
        )

    def load(self, loaded: BusinessModelCanvas) -> None:
        """Fill the boxes from a canvas (replacing what they hold) and save it."""
        self._sources = {
            (name, canvas.label(note)): note.source
            for name, notes in loaded.blocks().items()
            for note in notes
            if note.source
        }
        self.name.value = loaded.name
        for name, box in self.boxes.items():
            box.value = loaded.text(name)
        self.check()

    def load_json(self, text: str) -> BusinessModelCanvas | None:
        """Load a canvas from its JSON; if the JSON has problems, say so and change nothing."""
        try:
            loaded = canvas.from_json(text)
        except CanvasProblem as problem:
            self.status.value = problem._repr_html_() + _notice(
                "Nothing was loaded: the boxes are as they were.", "info"
            )
            return None
        if not isinstance(loaded, BusinessModelCanvas):
            self.status.value = _notice(
                "This JSON holds a partnership canvas; this board shows business model "
                "canvases. Nothing was loaded.",
                "problem",
            )
            return None
        self.load(loaded)
        return loaded

    # ------------------------------------------------------------------ static copies

    def static_html(self) -> str:
        """The board as plain HTML for the course's static site: the canvas it holds (or the
        nine blocks and their questions), and a drop-down list to show each example instead.

        >>> "Key partners" in canvas_board().static_html()
        True
        >>> example = BusinessModelCanvas.from_blocks("Example", dict.fromkeys(canvas.BLOCK_NAMES, "x"))
        >>> page = canvas_board(examples=[example]).static_html()
        >>> "<select" in page and ">Example (a filled example)</option>" in page
        True
        """
        if not self.examples:
            note = render.controls_note(["the boxes of the canvas (type in them in a notebook)"])
        else:
            note = (
                '<p class="course-static-note">In the notebook you type a canvas into the nine '
                "boxes, which this page cannot do: here you can see the empty board or one of "
                "the lesson's filled canvases. Open the notebook on Binder or Colab (links at "
                "the top) to fill your own.</p>"
            )
        saved = self.canvas
        if saved is not None:
            views = {f"{saved.name} (in the board)": canvas.canvas_html(saved)}
        else:
            rows = "".join(
                f"<li><strong>{html.escape(block.title)}</strong>: "
                f"{html.escape(block.question)}</li>"
                for block in BLOCKS
            )
            views = {"the empty board: the nine blocks and their questions": f"<ul>{rows}</ul>"}
        for example in self.examples:
            views[f"{example.name} (a filled example)"] = canvas.canvas_html(example)
        if len(views) == 1:
            return note + next(iter(views.values()))
        return views_html("Show", views, note)

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return _with_static_copy(self, super(), kwargs)


def canvas_board(
    start: BusinessModelCanvas | None = None, examples: Sequence[BusinessModelCanvas] = ()
) -> CanvasBoard:
    """A canvas board to fill in, empty or holding ``start``; a static copy of the page also
    offers to show the filled ``examples``.

    >>> board = canvas_board()
    >>> for name in board.boxes:
    ...     board.boxes[name].value = "A note"
    >>> board.name.value = "Test"
    >>> board.check().channels
    (Note(text='A note', source=''),)
    >>> board.load_json("{not json")
    >>> board.boxes["channels"].value, "Nothing was loaded" in board.status.value
    ('A note', True)
    >>> again = canvas_board()
    >>> again.load_json(board.to_json()) == board.canvas
    True
    """
    return CanvasBoard(start, examples)


class CanvasComparison(ipywidgets.VBox):
    """Two canvases side by side, or one of them alone, chosen from a drop-down list."""

    def __init__(self, first: BusinessModelCanvas, second: BusinessModelCanvas) -> None:
        both = f"{first.name} and {second.name}, side by side"
        self._views = {
            both: canvas.comparison_html(first, second),
            first.name: canvas.canvas_html(first),
            second.name: canvas.canvas_html(second),
        }
        self.choice = ipywidgets.Dropdown(
            description="Show",
            options=list(self._views),
            value=both,
            style={"description_width": "initial"},
            layout=ipywidgets.Layout(width="auto", max_width="100%"),
        )
        # Widths are "auto", not 100%: a widget's own margin would push a 100% box past its cell.
        self.view = ipywidgets.HTML(self._views[both], layout=ipywidgets.Layout(width="auto"))
        self.choice.observe(self._show, names="value")
        super().__init__(
            children=[self.choice, self.view],
            layout=ipywidgets.Layout(width="auto", max_width="1100px"),
        )

    def _show(self, change: dict[str, Any]) -> None:
        self.view.value = self._views[change["new"]]

    def static_html(self) -> str:
        """The comparison as plain HTML for the course's static site: the side-by-side view,
        and the same drop-down list as in the notebook to show either canvas alone.

        >>> a = canvas.BusinessModelCanvas.from_blocks("A", dict.fromkeys(canvas.BLOCK_NAMES, "x"))
        >>> b = canvas.BusinessModelCanvas.from_blocks("B", dict.fromkeys(canvas.BLOCK_NAMES, "y"))
        >>> page = canvas_comparison(a, b).static_html()
        >>> page.count("<option"), '<option value="2">B</option>' in page
        (3, True)
        """
        return views_html(str(self.choice.description), self._views)

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return _with_static_copy(self, super(), kwargs)


def canvas_comparison(first: BusinessModelCanvas, second: BusinessModelCanvas) -> CanvasComparison:
    """Two canvases side by side with their differences marked; the drop-down shows one alone.

    >>> a = canvas.BusinessModelCanvas.from_blocks("A", dict.fromkeys(canvas.BLOCK_NAMES, "x"))
    >>> b = canvas.BusinessModelCanvas.from_blocks("B", dict.fromkeys(canvas.BLOCK_NAMES, "y"))
    >>> shown = canvas_comparison(a, b)
    >>> "(only here)" in shown.view.value
    True
    >>> shown.choice.value = "B"
    >>> "(only here)" in shown.view.value
    False
    """
    return CanvasComparison(first, second)
