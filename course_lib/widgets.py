"""Widgets that join a model to a chart, the same on ipywidgets 7.7 (Colab) and 8.

Only the part of ipywidgets that both versions share is used. A chart is shown through
``alt.JupyterChart``: when a control moves, the chart's Vega-Lite parameter is set (or its
spec replaced) in place, so the page does not flash and no output is cleared.
"""

from __future__ import annotations

import functools
import html
import math
import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import ipywidgets

from . import charts, render
from .problems import CourseProblem

if TYPE_CHECKING:
    import altair as alt
    import pandas as pd

_WIDE = {"description_width": "initial"}


_GUARD_ESM = """
export default {
  render({ el }) {
    el.style.display = "none";
    let observer = null;
    const mark = (figure) => figure.querySelectorAll("input, select, textarea, [tabindex]").forEach(
      (node) => node.setAttribute("data-lm-suppress-shortcuts", "true"));
    const start = () => {
      const figure = el.closest(".course-figure");
      if (!figure) { requestAnimationFrame(start); return; }
      mark(figure);
      observer = new MutationObserver(() => mark(figure));
      observer.observe(figure, { childList: true, subtree: true });
    };
    requestAnimationFrame(start);
    return () => observer && observer.disconnect();
  },
};
"""


def _keyboard_guard() -> ipywidgets.DOMWidget:
    """An invisible widget that lets the arrow keys move a figure's controls in JupyterLab.

    JupyterLab binds the arrow keys to notebook navigation for any focused element in command
    mode, so a keyboard user could not move a slider; Lumino skips its shortcuts for elements
    marked ``data-lm-suppress-shortcuts``, which this widget sets on the figure's controls.
    """
    import anywidget

    class KeyboardGuard(anywidget.AnyWidget):
        _esm = _GUARD_ESM

    return KeyboardGuard()


class Figure(ipywidgets.VBox):
    """A chart with its description, a table view of its data and its source underneath.

    ``figure.chart`` is the live ``alt.JupyterChart``; ``figure.update(new_chart, new_data)``
    swaps what it shows in place.
    """

    def __init__(
        self,
        chart: alt.TopLevelMixin,
        data: pd.DataFrame | None = None,
        citation: str | None = None,
        controls: list[ipywidgets.Widget] | tuple[ipywidgets.Widget, ...] = (),
    ) -> None:

        charts.describe(chart)
        self.chart = render.chart_widget(chart)
        self.caption = ipywidgets.HTML()
        self._captions: dict[tuple[int, int, str | None], str] = {}
        self._citation = citation
        self._control_names = [str(getattr(control, "description", "")) for control in controls]
        #: The settings a static page can switch between (see ``site_settings``), or None.
        self.site_settings: render.SiteSettings | None = None
        self._set_caption(chart, data)
        children: list[ipywidgets.Widget] = []
        if controls:
            children.append(
                ipywidgets.HBox(list(controls), layout=ipywidgets.Layout(flex_flow="row wrap"))
            )
        children += [self.chart, self.caption, _keyboard_guard()]
        super().__init__(children=children)
        self.add_class("course-figure")

    def _set_caption(self, chart: alt.TopLevelMixin, data: pd.DataFrame | None) -> None:
        key = (id(chart), id(data), self._citation)
        if key in self._captions:  # shown before: the same objects are kept by explore's cache
            self.caption.value = self._captions[key]
            return
        _, description = charts.describe(chart)
        parts = [f'<p class="course-description">{html.escape(description)}</p>']
        if data is not None:
            parts.append(
                "<details><summary>Table view of the data</summary>"
                f"{charts.table_html(data)}</details>"
            )
        if self._citation:
            parts.append(
                '<p class="course-citation" style="line-height:1.35;font-size:0.8em">'
                f"{html.escape(self._citation)}</p>"
            )
        self.caption.value = self._captions[key] = "\n".join(parts)

    def static_html(self) -> str:
        """The figure as plain HTML for the course's static site: a note naming its controls,
        the chart (drawn by Vega-Embed from the page's shared script) and the caption.

        >>> import altair as alt
        >>> chart = alt.Chart(title="T", description="Shown statically.").mark_point()
        >>> page = Figure(chart).static_html()
        >>> "vegaEmbed(" in page and "Shown statically." in page
        True
        """
        element_id = f"course-chart-{uuid.uuid4().hex[:12]}"
        if self.site_settings:  # set by ``explore`` while the site is built
            return render.settings_html(self.site_settings, element_id)
        return (
            '<div class="course-figure-static">'
            + render.controls_note([name for name in self._control_names if name])
            + render.chart_html(self.chart.chart.to_dict(), element_id)
            + self.caption.value
            + "</div>"
        )

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        # ipywidgets 8 displays through this method (7 uses _ipython_display_ and never
        # calls it). Building the static site, the figure also carries its HTML copy.
        bundle = super()._repr_mimebundle_(**kwargs)
        if render.building_site() and isinstance(bundle, dict):
            bundle["text/html"] = self.static_html()
        return bundle

    def update(
        self,
        chart: alt.TopLevelMixin,
        data: pd.DataFrame | None = None,
        citation: str | None = None,
    ) -> None:
        """Show a new chart (and its data and citation) in place of the current one."""
        self.chart.chart = chart
        if citation is not None:
            self._citation = citation
        self._set_caption(chart, data)


def figure(
    chart: alt.TopLevelMixin, data: pd.DataFrame | None = None, citation: str | None = None
) -> Figure:
    """Show a course chart with its description, table view and citation.

    >>> import altair as alt, pandas as pd
    >>> data = pd.DataFrame({"year": [2000, 2001], "revenue": [1.0, 2.0]})
    >>> chart = alt.Chart(data, title="Revenue", description="Revenue doubles.").mark_line()
    >>> shown = figure(chart, data, citation="Company annual report 2001")
    >>> "Table view" in shown.caption.value and "annual report" in shown.caption.value
    True
    """
    return Figure(chart, data, citation)


def slider(
    description: str, minimum: float, maximum: float, value: float, step: float = 1
) -> ipywidgets.IntSlider | ipywidgets.FloatSlider:
    """A slider that reports while it is dragged; whole numbers give an ``IntSlider``.

    >>> slider("Year", 2000, 2010, 2005).value
    2005
    >>> type(slider("Rate", 0.0, 1.0, 0.5, step=0.05)).__name__
    'FloatSlider'
    """
    whole = all(float(number).is_integer() for number in (minimum, maximum, value, step))
    kind = ipywidgets.IntSlider if whole else ipywidgets.FloatSlider
    cast = int if whole else float
    return kind(
        description=description,
        min=cast(minimum),
        max=cast(maximum),
        value=cast(value),
        step=cast(step),
        continuous_update=True,
        style=_WIDE,
        layout=ipywidgets.Layout(width="420px"),
    )


def choice(
    description: str, options: Mapping[str, Any] | list[str], value: Any = None
) -> ipywidgets.Dropdown:
    """A drop-down list; ``options`` maps the label shown to the value returned. It is wide
    enough for its longest option, so no option is cut.

    >>> picker = choice("Case", ["Kodak", "IBM: hardware, services, software"])
    >>> picker.value, picker.layout.width
    ('Kodak', '42ch')
    """
    pairs = list(options.items()) if isinstance(options, Mapping) else [(o, o) for o in options]
    longest = max(len(str(label)) for label, _ in pairs)
    return ipywidgets.Dropdown(
        description=description,
        options=pairs,
        value=pairs[0][1] if value is None else value,
        style=_WIDE,
        layout=ipywidgets.Layout(width=f"{min(len(description) + longest + 5, 100)}ch"),
    )


#: At most this many settings of one explorer are computed for a static page, unless its
#: lesson asks for more (``explore``'s ``site_limit`` and ``lesson_settings``).
SITE_SETTINGS = 16
#: A slider with at most this many positions offers every one of them on a static page.
FEW_POSITIONS = 5


def drive_parameter(control: ipywidgets.ValueWidget, shown: Figure, parameter: str) -> None:
    """Keep the chart's Vega-Lite parameter ``parameter`` equal to the control's value.

    >>> import altair as alt, pandas as pd
    >>> data = pd.DataFrame({"year": [2000, 2001], "revenue": [1.0, 2.0]})
    >>> chart = charts.year_slider_chart(data, x="year", y="revenue", title="R", description="D")
    >>> shown, year = figure(chart, data), slider("Year", 2000, 2001, 2000)
    >>> drive_parameter(year, shown, "year")
    >>> year.value = 2001
    >>> shown.chart.params.year == 2001
    True
    """

    def follow(change: dict[str, Any]) -> None:
        setattr(shown.chart.params, parameter, change["new"])

    control.observe(follow, names="value")


def explore(
    build: Callable[..., tuple[alt.TopLevelMixin, pd.DataFrame]],
    controls: Mapping[str, ipywidgets.ValueWidget],
    citation: str | None = None,
    *,
    lesson_settings: Sequence[Mapping[str, Any]] = (),
    site_limit: int = SITE_SETTINGS,
) -> Figure:
    """Redraw a chart from Python whenever a control changes.

    ``build`` is called with each control's value as a keyword argument and returns the new
    chart and the data behind it, and optionally the data's citation as a third item. Use it
    when the model must run in Python (a classifier, a fit); for a pure display change a
    Vega-Lite parameter is faster. ``build`` must be pure (same values, same chart): results
    are remembered per combination of values, so returning to a setting is instant. When
    ``build`` raises a :class:`~course_lib.problems.CourseProblem` (an impossible setting, too
    little data), the chart area shows its message instead; any other error is a bug and
    propagates.

    For the course's static site, which has no Python, the explorer's main settings are
    computed when the page is built (``site_settings``). ``lesson_settings`` lists the settings
    the lesson's text or exercises ask for, each a mapping from control names (the keys of
    ``controls``) to values, the other controls staying where they start: the page always
    offers them. ``site_limit`` caps the settings computed in all (the lesson's always count).

    >>> import altair as alt, pandas as pd
    >>> def build(factor):
    ...     data = pd.DataFrame({"x": [0, 1], "y": [0, factor]})
    ...     return alt.Chart(data, title="Line", description="A line.").mark_line(), data
    >>> factor = slider("Factor", 1, 5, 2)
    >>> shown = explore(build, {"factor": factor})
    >>> factor.value = 4
    >>> shown.chart.chart.data["y"].tolist()
    [0, 4]
    """

    @functools.lru_cache(maxsize=256)
    def built_for(values: tuple[Any, ...]) -> tuple[Any, ...]:
        try:
            built = build(**dict(zip(controls, values, strict=True)))
        except CourseProblem as problem:  # the learner's setting: say what to change
            # Any other exception is a bug in the course and stays a traceback.
            built = (charts.message_chart("This setting cannot be drawn", str(problem)), None, "")
        chart, *rest = (*built, citation) if len(built) == 2 else tuple(built)
        return (render.remember_spec(chart), *rest)

    def current() -> tuple[Any, ...]:
        # Models are pure, so a setting seen before is shown again without recomputing it.
        return built_for(tuple(control.value for control in controls.values()))

    chart, data, first_citation = current()
    shown = Figure(chart, data, first_citation, controls=list(controls.values()))

    def redraw(_change: dict[str, Any]) -> None:
        new_chart, new_data, new_citation = current()
        shown.update(new_chart, new_data, new_citation)

    for control in controls.values():
        control.observe(redraw, names="value")
    if render.building_site():
        shown.site_settings = site_settings(
            shown, controls, built_for, site_limit, needed=lesson_settings
        )
    return shown


def _same(first: Any, second: Any) -> bool:
    """Equal, or for two numbers equal up to floating-point noise (0.1 * 3 and 0.3)."""
    numbers = (int, float)
    if isinstance(first, bool) or isinstance(second, bool):
        return first is second
    if isinstance(first, numbers) and isinstance(second, numbers):
        return math.isclose(first, second, abs_tol=1e-9)
    return bool(first == second)


def _slider_label(control: ipywidgets.ValueWidget, number: float) -> str:
    """A slider's value written as its step has it (41.67 for a step of 0.01, 5 for 1), or as
    a percentage when the slider reads out one (0.03 as 3.0% with ``.1%``), as in the notebook.
    """
    if "%" in str(getattr(control, "readout_format", "")):
        return format(number, control.readout_format)
    step = f"{control.step:g}"
    decimals = len(step.split(".")[1]) if "." in step and "e" not in step else 0
    return f"{round(number, decimals):g}"


def main_values(control: ipywidgets.ValueWidget) -> list[tuple[str, Any]]:
    """The values of a control a static page offers, as (label, value): every option of a
    drop-down; for a slider every position when it has few (``FEW_POSITIONS``), else its value
    with one a quarter of its range lower and one higher; both sides of a check box; and for
    any other control (a text box) only its value. A slider's own value is kept exactly, so the
    page starts where the notebook does.

    >>> main_values(choice("Case", {"Kodak": "kodak", "IBM": "ibm"}))
    [('Kodak', 'kodak'), ('IBM', 'ibm')]
    >>> [label for label, _ in main_values(slider("Rate", 0, 80, 40, step=5))]
    ['20', '40', '60']
    >>> [label for label, _ in main_values(slider("Signals", 1, 3, 1))]
    ['1', '2', '3']
    >>> [label for label, _ in main_values(slider("Pass (%)", 0.5, 100, 125 / 3, step=0.01))]
    ['16.79', '41.67', '66.54']
    >>> rate = slider("Rate", 0.0, 0.8, 0.38, step=0.02); rate.readout_format = ".0%"
    >>> [label for label, _ in main_values(rate)]
    ['18%', '38%', '58%']
    >>> main_values(ipywidgets.Text(value="Kodak")), main_values(ipywidgets.Checkbox())
    ([('Kodak', 'Kodak')], [('no', False), ('yes', True)])
    """
    if hasattr(control, "_options_labels"):
        return list(zip(control._options_labels, control._options_values, strict=True))
    if isinstance(control.value, bool):
        return [("no", False), ("yes", True)]
    if not all(hasattr(control, name) for name in ("min", "max", "step")):
        return [(str(control.value), control.value)]
    low, high, value, step = control.min, control.max, control.value, control.step
    whole = isinstance(control, ipywidgets.IntSlider)
    positions = round((high - low) / step) + 1
    if positions <= FEW_POSITIONS:
        candidates = [low + index * step for index in range(positions)]
    else:
        candidates = [value - (high - low) / 4, value + (high - low) / 4]
    found = [value]
    for candidate in candidates:
        snapped = min(max(low + round((candidate - low) / step) * step, low), high)
        snapped = int(snapped) if whole else round(snapped, 10)
        if not any(_same(snapped, known) for known in found):
            found.append(snapped)
    return [(_slider_label(control, number), number) for number in sorted(found)]


def _with_needed_values(
    controls: Mapping[str, ipywidgets.ValueWidget],
    options: list[list[tuple[str, Any]]],
    needed: Sequence[Mapping[str, Any]],
) -> None:
    """Add to each control's options the values the lesson's settings give it (in place)."""
    names = list(controls)
    for setting in needed:
        unknown = [name for name in setting if name not in controls]
        if unknown:
            raise ValueError(f"lesson setting {dict(setting)}: no control named {unknown}")
        for name, value in setting.items():
            index, control = names.index(name), controls[name]
            if any(_same(value, known) for _, known in options[index]):
                continue
            if hasattr(control, "_options_labels") or not hasattr(control, "step"):
                raise ValueError(f"lesson setting {dict(setting)}: {value!r} is not an option")
            if not control.min <= value <= control.max:
                raise ValueError(f"lesson setting {dict(setting)}: {value!r} is off the slider")
            options[index] = sorted(
                [*options[index], (_slider_label(control, value), value)],
                key=lambda pair: pair[1],
            )


def site_settings(
    shown: Figure,
    controls: Mapping[str, ipywidgets.ValueWidget],
    built_for: Callable[[tuple[Any, ...]], tuple[Any, ...]],
    limit: int = SITE_SETTINGS,
    needed: Sequence[Mapping[str, Any]] = (),
) -> render.SiteSettings:
    """The explorer's main settings, computed now, for a static page that has no Python.

    First where the explorer starts, then each setting the lesson needs (``needed``: control
    names to values, the others where they start), which are always kept; then, up to
    ``limit`` settings in all: every combination of the drop-downs (or each drop-down in turn
    when there are too many), then each slider moved a quarter of its range down and up from
    where it starts, or to each of its few positions (and any other control's other main
    values, ``main_values``).

    >>> import altair as alt, pandas as pd
    >>> def build(name, factor):
    ...     data = pd.DataFrame({"x": [0, 1], "y": [0, len(name) * factor]})
    ...     return alt.Chart(data, title=name, description="A line.").mark_line(), data
    >>> controls = {"name": choice("Case", ["IBM", "Kodak"]), "factor": slider("Factor", 1, 9, 5)}
    >>> shown = explore(build, controls)
    >>> built = lambda values: build(*values) + (None,)
    >>> settings = site_settings(shown, controls, built)
    >>> settings.controls[1], [setting.values for setting in settings.settings]
    (('Factor', ['3', '5', '7']), [(0, 1), (1, 1), (0, 0), (0, 2)])
    >>> settings = site_settings(shown, controls, built, limit=2, needed=[{"factor": 9}])
    >>> settings.controls[1], [setting.values for setting in settings.settings]
    (('Factor', ['3', '5', '7', '9']), [(0, 1), (0, 3)])
    """
    import itertools

    options = [main_values(control) for control in controls.values()]
    _with_needed_values(controls, options, needed)

    def position(index: int, value: Any) -> int:
        return next(
            (spot for spot, (_, known) in enumerate(options[index]) if _same(known, value)), 0
        )

    start = tuple(position(index, control.value) for index, control in enumerate(controls.values()))
    required = [start] + [
        tuple(
            position(index, setting[name]) if name in setting else start[index]
            for index, name in enumerate(controls)
        )
        for setting in needed
    ]
    choices = [
        index
        for index, control in enumerate(controls.values())
        if hasattr(control, "_options_labels")
    ]
    combinations = []
    if math.prod(len(options[index]) for index in choices) <= limit:
        for picked in itertools.product(*(range(len(options[index])) for index in choices)):
            combination = list(start)
            for index, option in zip(choices, picked, strict=True):
                combination[index] = option
            combinations.append(tuple(combination))
    else:
        for index in choices:
            combinations += [
                start[:index] + (option,) + start[index + 1 :]
                for option in range(len(options[index]))
            ]
    for index, values in enumerate(options):
        if index not in choices:
            combinations += [
                start[:index] + (option,) + start[index + 1 :] for option in range(len(values))
            ]
    kept = list(dict.fromkeys(required))
    automatic = [
        combination for combination in dict.fromkeys(combinations) if combination not in kept
    ]
    chosen = kept + automatic[: max(0, limit - len(kept))]
    found = []
    for combination in chosen:
        chart, data, citation = built_for(
            tuple(options[i][option][1] for i, option in enumerate(combination))
        )
        shown.update(chart, data, citation)
        found.append(render.SiteSetting(combination, chart.to_dict(), shown.caption.value))
    first_chart, first_data, first_citation = built_for(
        tuple(options[i][option][1] for i, option in enumerate(start))
    )
    shown.update(first_chart, first_data, first_citation)
    labels = tuple(
        (str(control.description), [label for label, _ in values])
        for control, values in zip(controls.values(), options, strict=True)
    )
    return render.SiteSettings(labels, start, found)


def explore_choice(
    build: Callable[[Any], tuple[Any, ...]],
    description: str,
    options: Mapping[str, Any] | list[str],
    value: Any = None,
) -> Figure:
    """One drop-down driving a chart: ``build`` gets the chosen option's value (see ``explore``).

    >>> import altair as alt, pandas as pd
    >>> def build(name):
    ...     data = pd.DataFrame({"x": [0, 1], "y": [0, len(name)]})
    ...     return alt.Chart(data, title=name, description="A line.").mark_line(), data
    >>> shown = explore_choice(build, "Case", ["IBM", "Kodak"])
    >>> shown.children[0].children[0].value = "Kodak"
    >>> shown.chart.chart.data["y"].tolist()
    [0, 5]
    """
    picker = choice(description, options, value)
    return explore(lambda chosen: build(chosen), {"chosen": picker})


def uploaded_files(upload: ipywidgets.FileUpload) -> list[tuple[str, bytes]]:
    """The files in a ``FileUpload`` as (name, bytes), on ipywidgets 7 and 8 alike.

    ipywidgets 7 keeps ``{name: {"content": bytes, ...}}``; 8 keeps a tuple of dicts with a
    ``name`` and a ``content`` memoryview.

    >>> uploaded_files(ipywidgets.FileUpload())
    []
    """
    value = upload.value
    if isinstance(value, Mapping):
        return [(name, bytes(item["content"])) for name, item in value.items()]
    return [(item["name"], bytes(item["content"])) for item in value]


class CompanyDataInput(ipywidgets.VBox):
    """Upload a CSV, or paste its text, and get the course's tidy table or a list of problems.

    ``frame`` holds the last file that loaded cleanly (None before). A rejected file never
    replaces it, and pasted text stays in the box so it can be corrected.
    """

    def __init__(self, on_loaded: Callable[[pd.DataFrame], None] | None = None) -> None:
        self.frame: pd.DataFrame | None = None
        self._on_loaded = on_loaded
        self.upload = ipywidgets.FileUpload(
            accept=".csv,text/csv", multiple=False, description="Upload CSV"
        )
        self.text = ipywidgets.Textarea(
            placeholder="...or paste CSV text here, for example:\nyear,revenue,net_income,unit\n"
            "2019,1250,80.5,USD_million",
            layout=ipywidgets.Layout(width="520px", height="120px"),
        )
        self.check_button = ipywidgets.Button(
            description="Check pasted text", button_style="primary"
        )
        self.message = ipywidgets.HTML()
        self.upload.observe(self._uploaded, names="value")
        self.check_button.on_click(lambda _button: self.read(self.text.value, "the pasted text"))
        super().__init__(children=[self.upload, self.text, self.check_button, self.message])

    def _uploaded(self, _change: dict[str, Any]) -> None:
        for name, raw in uploaded_files(self.upload):
            self.read(raw, name)

    def read(self, source: str | bytes, name: str) -> pd.DataFrame | None:
        """Load ``source``; show what loaded, or every problem, in the message area."""
        from .learner_csv import read_company_csv
        from .problems import DataProblem

        try:
            frame = read_company_csv(source, name=name)
        except DataProblem as problem:
            self.message.value = problem._repr_html_()
            return None
        self.frame = frame
        years = f"{frame.year.min()} to {frame.year.max()}"
        metrics = ", ".join(sorted(set(frame.metric)))
        entities = ", ".join(sorted(set(frame.entity)))
        self.message.value = (
            f'<div class="course-data-loaded" role="status" style="border-left:4px solid #009E73;'
            f'background:#e7f4ee;padding:6px 10px">Loaded {html.escape(name)}: {html.escape(entities)}, '
            f"{years}, with {html.escape(metrics)}.</div>"
        )
        if self._on_loaded is not None:
            self._on_loaded(frame)
        return frame


def company_data_input(on_loaded: Callable[[pd.DataFrame], None] | None = None) -> CompanyDataInput:
    """A box where a learner uploads or pastes their company's CSV.

    >>> box = company_data_input()
    >>> box.read("year,revenue\\n2020,-5\\n", "test.csv") is None
    True
    >>> "cannot be negative" in box.message.value
    True
    >>> box.read("year,revenue\\n2020,5\\n", "test.csv").value.tolist()
    [5.0]
    """
    return CompanyDataInput(on_loaded)
