"""The website and slides' shared run: figures carry an HTML copy only while the site is
built, explorers carry their main settings, exercises their answers, widget outputs are
replaced, a run is reused until something it depends on changes, and every page gets the
right launch links. (The built site and decks are opened in Chromium by the browser tests.)"""

from __future__ import annotations

import json
import re

import nbformat
import pytest

from course_lib import launch, render, static_site, widgets
from course_lib.exercises import Checklist, FunctionCheck, MultipleChoice, Numeric
from course_lib.lessons import start_here

# Only where the site is built (.venv, ipywidgets 8): a figure's HTML copy rides on
# _repr_mimebundle_, which ipywidgets 7 (Colab) never calls (it displays through
# _ipython_display_). `make colab` deselects these by their marker; elsewhere they must pass.
site_build = pytest.mark.site_build


def _spec_in(page: str) -> dict:
    start = page.index('vegaEmbed("#')
    source = page[page.index(", ", start) + 2 : page.index(', {"actions": false})', start)]
    return json.loads(source.replace("<\\/", "</"))


def _settings_in(page: str) -> dict:
    """An explorer's settings as the page's script reads them, with the parts they share
    (stored once, ``render.share_repeats``) put back in place."""
    source = re.search(r'<script type="application/json" id="[^"]+">(.*?)</script>', page, re.S)
    payload = json.loads(source.group(1).replace("<\\/", "</"))

    def whole(node):
        if isinstance(node, list):
            return [whole(item) for item in node]
        if isinstance(node, dict):
            if list(node) == ["course-piece"]:
                return whole(payload["pieces"][node["course-piece"]])
            return {key: whole(value) for key, value in node.items()}
        return node

    return {**payload, "settings": whole(payload["settings"])}


@site_build
def test_figures_carry_html_only_when_the_site_is_built(monkeypatch):
    monkeypatch.delenv(static_site.STATIC_SITE, raising=False)
    shown = start_here.tour_figure()
    assert "text/html" not in shown._repr_mimebundle_()
    monkeypatch.setenv(static_site.STATIC_SITE, "1")
    bundle = shown._repr_mimebundle_()
    assert static_site.WIDGET_VIEW in bundle
    page = bundle["text/html"]
    assert page.count("vegaEmbed(") == 1
    assert "Table view of the data" in page and "course-citation" in page
    assert _spec_in(page) == shown.chart.chart.to_dict()


def test_outside_the_site_an_explorer_computes_no_settings(monkeypatch):
    monkeypatch.delenv(static_site.STATIC_SITE, raising=False)
    assert start_here.explorer().site_settings is None


def test_on_the_site_an_explorer_offers_every_option_of_its_drop_down(monkeypatch):
    monkeypatch.setenv(static_site.STATIC_SITE, "1")
    shown = start_here.explorer()
    control = shown.children[0].children[0]
    settings = shown.site_settings
    assert settings.controls == ((control.description, list(control._options_labels)),)
    assert sorted(setting.values for setting in settings.settings) == [
        (index,) for index in range(len(control.options))
    ]
    page = shown.static_html()
    assert page.count("<option ") == len(control.options)
    payload = _settings_in(page)
    assert len(payload["settings"]) == len(control.options)
    # the settings differ, and the figure still shows the setting it starts at
    titles = {json.dumps(setting["spec"].get("title")) for setting in payload["settings"]}
    assert len(titles) == len(control.options)
    assert payload["settings"][0]["spec"] == shown.chart.chart.to_dict()
    assert control.value == control.options[0][1]


def test_sliders_get_a_lower_and_a_higher_setting_and_combinations_stay_few(monkeypatch):
    monkeypatch.setenv(static_site.STATIC_SITE, "1")
    import altair as alt
    import pandas as pd

    def build(case, rate, weeks):
        data = pd.DataFrame({"x": [0, 1], "y": [0, rate * weeks]})
        return alt.Chart(data, title=case, description="A line.").mark_line(), data

    controls = {
        "case": widgets.choice("Case", ["A", "B", "C"]),
        "rate": widgets.slider("Rate", 0.0, 1.0, 0.5, step=0.05),
        "weeks": widgets.slider("Weeks", 1, 26, 26),
    }
    settings = widgets.explore(build, controls).site_settings
    assert settings.controls == (
        ("Case", ["A", "B", "C"]),
        ("Rate", ["0.25", "0.5", "0.75"]),
        ("Weeks", ["20", "26"]),
    )
    assert settings.start == (0, 1, 1)
    assert len(settings.settings) == 3 + 2 + 1 <= widgets.SITE_SETTINGS
    assert settings.settings[0].values == settings.start


def test_main_values_stay_inside_the_slider_and_on_its_steps():
    assert [value for _, value in widgets.main_values(widgets.slider("m", 10, 100, 100, 10))] == [
        80,
        100,
    ]
    values = [
        value for _, value in widgets.main_values(widgets.slider("p", 0.005, 0.1, 0.03, 0.005))
    ]
    assert values == [0.005, 0.03, 0.055]


def test_a_multiple_choice_answer_is_its_letter_with_the_reason():
    question = MultipleChoice("2 + 2?", {"a": "4.", "b": "5."}, answer="a")
    page = static_site.answer_html(question)
    assert page.startswith(question._repr_html_())
    assert "<summary>Show the answer</summary>" in page
    assert "<code>&#x27;a&#x27;</code>" in page and "4.</p>" in page and "4..</p>" not in page


def test_numeric_and_checklist_answers_show_the_accepted_value():
    growth = Numeric("Growth?", answer=lambda: 20.0, unit="%", explanation="Up a fifth.")
    page = static_site.answer_html(growth)
    assert "<code>20</code>" in page and "The value is 20 %. Up a fifth." in page
    ticks = Checklist("Which?", {"free": (True, "No price."), "printed": (False, "Never.")})
    assert "[&#x27;free&#x27;]" in static_site.answer_html(ticks)


def test_a_code_exercise_points_to_a_solution_or_the_instructors_solutions():
    question = FunctionCheck("Write double(x).", reference=lambda x: 2 * x, cases=[(2,), (5,)])
    assert "See the instructor's solutions." in static_site.answer_html(question)
    question.solution = "def double(x):\n    return 2 * x"
    page = static_site.answer_html(question)
    assert "<pre><code>def double(x):\n    return 2 * x</code></pre>" in page


def test_every_widget_output_is_replaced_and_widget_state_dropped():
    figure_output = nbformat.v4.new_output(
        "display_data",
        data={static_site.WIDGET_VIEW: {"model_id": "a"}, "text/html": "<p>copy</p>"},
    )
    bare_output = nbformat.v4.new_output(
        "display_data", data={static_site.WIDGET_VIEW: {"model_id": "b"}, "text/plain": "Box()"}
    )
    text_output = nbformat.v4.new_output("stream", text="hello")
    cell = nbformat.v4.new_code_cell(outputs=[figure_output, bare_output, text_output])
    notebook = nbformat.v4.new_notebook(cells=[cell], metadata={"widgets": {"state": {}}})
    assert static_site.static_outputs(notebook) == 2
    assert cell.outputs[0].data == {"text/html": "<p>copy</p>"}
    assert cell.outputs[1].data == {"text/html": static_site.widget_note()}
    assert cell.outputs[2].text == "hello"
    assert "widgets" not in notebook.metadata


def test_controls_note_lists_every_control_in_plain_words():
    assert render.controls_note([]) == ""
    assert "(Year)" in render.controls_note(["Year"])
    assert "(Case, Measure and Unit)" in render.controls_note(["Case", "Measure", "Unit"])


def test_each_page_links_its_own_notebook_on_binder_and_colab():
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell(
                "# Lesson 1\n<!-- links:start -->\n[![Open in Binder](https://mybinder.org/"
                "badge_logo.svg)](old)\n<!-- links:end -->\n\nText."
            ),
            nbformat.v4.new_code_cell("import course_lib as cl", metadata={"tags": ["setup"]}),
        ]
    )
    static_site.for_the_site(notebook, "01_value_migration.ipynb")
    first = notebook.cells[0].source
    assert "badge_logo.svg" not in first and first.endswith("\n\nText.")
    assert f"({launch.binder_url('notebooks/01_value_migration.ipynb')})" in first
    assert f"({launch.colab_url('notebooks/01_value_migration.ipynb')})" in first
    assert "remove-cell" in notebook.cells[1].metadata["tags"]


def test_the_first_page_links_the_first_lesson_correctly_and_marks_the_rest_as_coming():
    page = static_site.index_page(["00_start_here"])
    assert f"({launch.binder_url(launch.FIRST_NOTEBOOK)})" in page
    assert "notebooks/notebooks" not in page
    assert "[0. Start here](00_start_here.ipynb)" in page
    assert "| 9. Capstone your own case (coming) |" in page
    assert re.search(r"```\{toctree\}\n:hidden:\n:maxdepth: 1\n\n00_start_here\n```", page)


def test_the_theme_builds_the_same_launch_links_as_the_course():
    options = static_site.sphinx_config()["html_theme_options"]
    binder = "{binderhub_url}/v2/gh/{slug}/{branch}?urlpath=lab/tree/{path_to_docs}/{page}.ipynb"
    slug = launch.repository_url().removeprefix("https://github.com/")
    built = binder.format(
        binderhub_url=options["launch_buttons"]["binderhub_url"],
        slug=slug,
        branch=options["repository_branch"],
        path_to_docs=options["path_to_docs"],
        page="02_phases_of_value_migration",
    )
    assert built == launch.binder_url("notebooks/02_phases_of_value_migration.ipynb")
    assert static_site.sphinx_config()["nb_execution_mode"] == "off"


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("run")
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("# A lesson"),
            nbformat.v4.new_code_cell(
                "import course_lib as cl; cl.setup()", metadata={"tags": ["setup"]}
            ),
            nbformat.v4.new_code_cell("cl.lessons.start_here.explorer()"),
            nbformat.v4.new_code_cell("cl.widgets.company_data_input()"),
            nbformat.v4.new_code_cell("cl.lessons.start_here.slider_kind"),
        ],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}},
    )
    source = folder / "00_start_here.ipynb"
    nbformat.write(notebook, source)
    saved = static_site.execute(source, folder / "executed", timeout=120)
    return source, saved


@site_build
def test_a_run_in_site_mode_keeps_plain_html_answers_and_no_widgets(executed):
    _, saved = executed
    notebook = nbformat.read(saved, as_version=4)
    assert len(notebook.cells) == 5  # the hidden cell that shows answers is gone
    outputs = [output for cell in notebook.cells[2:] for output in cell.outputs]
    assert all(static_site.WIDGET_VIEW not in output.get("data", {}) for output in outputs)
    explorer, upload, exercise = (cell.outputs[0].data["text/html"] for cell in notebook.cells[2:])
    assert '<select data-control="0"' in explorer
    assert upload == static_site.widget_note()
    assert "Show the answer" in exercise and "course-exercise" in exercise
    assert "widgets" not in notebook.metadata


def test_a_run_is_reused_until_the_notebook_changes(executed):
    source, saved = executed
    written = saved.stat().st_mtime_ns
    assert static_site.execute(source, saved.parent) == saved
    assert saved.stat().st_mtime_ns == written
    notebook = nbformat.read(source, as_version=4)
    notebook.cells = notebook.cells[:2]
    nbformat.write(notebook, source)
    assert (
        static_site.fingerprint(source)
        != nbformat.read(saved, as_version=4).metadata["course_site"]["fingerprint"]
    )


def test_the_command_says_plainly_when_there_is_nothing_to_build(tmp_path, capsys):
    with pytest.raises(SystemExit):
        static_site.main([str(tmp_path / "empty"), str(tmp_path / "site")])
    assert "no numbered notebooks" in capsys.readouterr().err
    assert not (tmp_path / "site").exists()
