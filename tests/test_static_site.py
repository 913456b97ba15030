"""The static site: figures carry an HTML copy only while the site is built, widget outputs
are replaced, and a built page draws its charts from the shared script beside it."""

from __future__ import annotations

import json

import ipywidgets
import nbformat
import pytest

from course_lib import render, static_site
from course_lib.lessons import start_here

# ipywidgets 7 (Colab) displays widgets through _ipython_display_, so a figure's HTML copy is
# only attached on 8; the site is built with the course's pinned environment.
needs_ipywidgets_8 = pytest.mark.skipif(
    int(ipywidgets.__version__.split(".")[0]) < 8,
    reason="the static site is built on ipywidgets 8 (the pinned environment)",
)


def _spec_in(page: str) -> dict:
    start = page.index('vegaEmbed("#')
    source = page[page.index(", ", start) + 2 : page.index(', {"actions": false})', start)]
    return json.loads(source.replace("<\\/", "</"))


@needs_ipywidgets_8
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


def test_static_copy_of_an_explorer_names_its_controls_and_shows_the_current_setting():
    shown = start_here.explorer()
    control = shown.children[0].children[0]
    page = shown.static_html()
    assert control.description in page and "first setting" in page
    control.value = control.options[-1][1]
    assert _spec_in(shown.static_html()) == shown.chart.chart.to_dict()


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


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("site")
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("# A lesson\nNext: [lesson 1](01_value_migration.ipynb)"),
            nbformat.v4.new_code_cell("import course_lib as cl; cl.setup()"),
            nbformat.v4.new_code_cell("cl.lessons.start_here.explorer()"),
            nbformat.v4.new_code_cell("cl.widgets.company_data_input()"),
            nbformat.v4.new_code_cell("cl.lessons.start_here.slider_kind.check('a')"),
        ],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}},
    )
    source = folder / "00_start_here.ipynb"
    nbformat.write(notebook, source)
    output = folder / "site"
    pages = static_site.build([source], output, timeout=120)
    return output, pages


@needs_ipywidgets_8
def test_a_built_page_draws_from_the_shared_script_and_needs_no_widget_manager(built):
    output, pages = built
    assert [page.name for page in pages] == ["00_start_here.html"]
    page = pages[0].read_text()
    assert f'<script src="{static_site.SCRIPT_NAME}"></script>' in page
    assert "vegaEmbed" in (output / static_site.SCRIPT_NAME).read_text()
    assert page.count('class="course-static-chart"') == 1
    assert static_site.WIDGET_VIEW not in page
    assert "require.js" not in page and "html-manager" not in page
    assert static_site.widget_note() in page  # the upload box has no static copy
    assert "course-feedback" in page  # exercise feedback is plain HTML and stays
    assert 'href="01_value_migration.html"' in page
    assert "mybinder.org" in page and "colab.research.google.com" in page


@needs_ipywidgets_8
def test_the_index_links_built_lessons_and_marks_the_rest_as_coming(built):
    output, _ = built
    index = (output / "index.html").read_text()
    assert '<a href="00_start_here.html">0. Start here</a>' in index
    assert "9. Capstone your own case (coming)" in index


def test_the_command_says_plainly_when_there_is_nothing_to_build(tmp_path, capsys):
    with pytest.raises(SystemExit):
        static_site.main([str(tmp_path / "empty"), str(tmp_path / "site")])
    assert "no numbered notebooks" in capsys.readouterr().err
    assert not (tmp_path / "site").exists()
