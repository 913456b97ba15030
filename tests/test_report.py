"""The learner's report: escaped whatever they type, charts carried inside, Markdown that
shows their text literally, and files written where asked."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser

import altair as alt
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib import report

ATTACKS = [
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    "{{ 7 * 7 }} {% for x in y %}",
    "</script><script>alert(2)</script>",
    "[click](javascript:alert(3)) **bold** # heading",
]


def chart(title: str) -> alt.Chart:
    data = pd.DataFrame({"year": [2019, 2020], "revenue": [1.0, 2.0]})
    return (
        alt.Chart(data, title=title, description="Revenue by year.")
        .mark_line()
        .encode(x="year:Q", y="revenue:Q")
    )


class Tags(HTMLParser):
    """Every element the browser would build from a page, with its attributes."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def learner_block(page: str) -> str:
    return re.search(r'<div class="learner-text"[^>]*>(.*?)</div>', page, re.DOTALL).group(1)


def test_nothing_a_learner_types_becomes_markup_or_script():
    for attack in ATTACKS:
        section = report.Section(
            attack, paragraphs=[attack], learner_text=attack, chart=chart(attack)
        )
        page = report.to_html(attack, [section], author=attack, include_vega=False)
        tags = Tags(page).tags
        assert not any(tag == "img" or "onerror" in attributes for tag, attributes in tags)
        assert sum(tag == "script" for tag, _ in tags) == 2  # the chart's spec and its drawing code
        assert "49" not in page  # the template did not evaluate the learner's braces
        assert html.unescape(learner_block(page)) == attack
        # The chart's spec travels as JSON inside a script element it cannot close.
        specs = re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', page, re.DOTALL)
        assert len(specs) == 1 and "</" not in specs[0] and "<" not in specs[0]


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=200))
def test_any_text_survives_the_html_page_exactly(text):
    page = report.to_html("R", [report.Section("S", learner_text=text)], include_vega=False)
    assert html.unescape(learner_block(page)) == text


def unescape_markdown(text: str) -> str:
    text = text.replace("&lt;", "<").replace("&gt;", ">")
    return re.sub(r"\\(.)", r"\1", text)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=120))
def test_any_single_line_of_text_survives_the_markdown_exactly(text):
    markdown = report.to_markdown("R", [report.Section("S", learner_text=text)])
    quoted = [line[2:] for line in markdown.splitlines() if line.startswith("> ")]
    assert (
        unescape_markdown("\n".join(quoted)) == text.replace("\r", "\n").strip("\n")
        or not text.strip()
    )


def test_the_page_carries_vega_so_it_draws_offline():
    page = report.to_html("R", [report.Section("S", chart=chart("Revenue"))])
    assert "vegaEmbed" in page and len(page) > 500_000 and "cdn.jsdelivr" not in page
    assert page.count("<script>") >= 2 and re.search(r"</script(?!>)", page) is None


def test_saved_report_has_html_markdown_and_an_svg_per_chart(tmp_path):
    sections = [
        report.Section("Revenue", learner_text="It grew.", chart=chart("Revenue"),
                       table=pd.DataFrame({"year": [2019], "revenue": [1.0]}),
                       citations=["Annual report 2020, p. 4"]),
    ]  # fmt: skip
    html_path, markdown_path = report.save(tmp_path, "My company", sections, author="Me")
    markdown = markdown_path.read_text()
    assert "![Revenue by year.](figures/figure-1.svg)" in markdown
    assert (tmp_path / "figures" / "figure-1.svg").read_text().startswith("<svg")
    assert "| year | revenue |" in markdown and "Annual report 2020, p. 4" in markdown
    assert "My company" in html_path.read_text()


def test_save_converts_each_chart_once_and_writes_what_to_html_and_to_markdown_write(
    tmp_path, monkeypatch
):
    # Converting a chart validates it against the Vega-Lite schema: save does it once per
    # chart for both files, and the files are the same as the two exports made one by one.
    shown = chart("Revenue")
    conversions = []
    convert = type(shown).to_dict
    monkeypatch.setattr(
        type(shown),
        "to_dict",
        lambda self, *a, **k: conversions.append(1) or convert(self, *a, **k),
    )
    sections = [report.Section("Revenue", chart=shown), report.Section("Notes", paragraphs=["x"])]
    html_path, markdown_path = report.save(tmp_path / "saved", "R", sections, author="Me")
    assert len(conversions) == 1
    alone = tmp_path / "alone"
    assert html_path.read_text() == report.to_html("R", sections, author="Me")
    assert markdown_path.read_text() == report.to_markdown(
        "R", sections, author="Me", figures=alone / "figures"
    )
    svg = (tmp_path / "saved" / "figures" / "figure-1.svg").read_text()
    assert svg == (alone / "figures" / "figure-1.svg").read_text()


def figure_files(folder):
    return {path.name: path.read_text() for path in sorted((folder / "figures").glob("*.svg"))}


def revenue_sections():
    return [
        report.Section("Revenue", chart=chart("Revenue")),
        report.Section("Notes", paragraphs=["No chart here."]),
        report.Section("Costs", chart=chart("Costs")),
    ]


def test_a_drawer_started_early_draws_the_figures_save_would_draw(tmp_path, monkeypatch):
    import vl_convert

    report.save(tmp_path / "here", "R", revenue_sections())  # drawn in this process
    monkeypatch.setattr(report, "_drawer", None)
    report.start_figure_drawer()
    drawer = report._drawer
    report.start_figure_drawer()  # one drawer at a time
    assert report._drawer is drawer and drawer.poll() is None  # it waits for the figures

    def not_here(*args, **kwargs):
        raise AssertionError("drawn in the kernel, not by the drawer")

    monkeypatch.setattr(vl_convert, "vegalite_to_svg", not_here)
    report.save(tmp_path / "drawer", "R", revenue_sections())
    assert drawer.returncode == 0 and report._drawer is None  # it served this save and quit
    assert figure_files(tmp_path / "drawer") == figure_files(tmp_path / "here")
    assert set(figure_files(tmp_path / "here")) == {"figure-1.svg", "figure-3.svg"}
    for name in ("report.html", "report.md"):
        assert (tmp_path / "drawer" / name).read_text() == (tmp_path / "here" / name).read_text()


def test_save_draws_the_figures_itself_when_the_drawer_died_or_answers_nonsense(
    tmp_path, monkeypatch
):
    report.save(tmp_path / "here", "R", revenue_sections())
    monkeypatch.setattr(report, "_drawer", None)
    report.start_figure_drawer()
    report._drawer.kill()
    report.save(tmp_path / "died", "R", revenue_sections())
    monkeypatch.setattr(report, "_DRAWER", "import sys; sys.stdin.read(); print('not json')")
    report.start_figure_drawer()
    report.save(tmp_path / "nonsense", "R", revenue_sections())
    assert figure_files(tmp_path / "died") == figure_files(tmp_path / "here")
    assert figure_files(tmp_path / "nonsense") == figure_files(tmp_path / "here")


def test_a_report_larger_than_the_pipes_goes_through_the_drawer(tmp_path, monkeypatch):
    # Specs and drawings far beyond a pipe's 64 KB buffer: the drawer reads while it answers
    # and the kernel reads while it sends, so neither waits on the other for ever.
    import threading

    import vl_convert

    data = pd.DataFrame(
        {"year": range(1000, 4000), "revenue": [float(i % 97) for i in range(3000)]}
    )
    sections = [
        report.Section(
            f"Part {number}",
            chart=alt.Chart(data, title=f"Part {number}", description="Revenue by year.")
            .mark_line()
            .encode(x="year:Q", y="revenue:Q"),
        )
        for number in range(1, 7)
    ]
    monkeypatch.setattr(report, "_drawer", None)
    report.start_figure_drawer()
    drawer = report._drawer
    monkeypatch.setattr(vl_convert, "vegalite_to_svg", None)  # drawn by the drawer, or fails
    saving = threading.Thread(target=report.save, args=(tmp_path, "R", sections), daemon=True)
    saving.start()
    saving.join(timeout=90)
    assert not saving.is_alive() and drawer.returncode == 0
    drawn = figure_files(tmp_path)
    assert len(drawn) == 6 and all(svg.startswith("<svg") for svg in drawn.values())
    assert sum(map(len, drawn.values())) > 3 * 65_536
    assert all(len(json.dumps(section.chart.to_dict())) > 65_536 for section in sections)
