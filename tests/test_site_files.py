"""The website's own sidebar templates (course_lib/site_files/templates): each part sits in a
landmark, and the search button's accessible name is the text it shows. (axe-core checks the
built pages in tests/browser/test_site_accessibility.py.)"""

from __future__ import annotations

from html.parser import HTMLParser

import jinja2

from course_lib import static_site

TEMPLATES = static_site.SITE_FILES / "templates"


def _render(name: str) -> str:
    template = jinja2.Template((TEMPLATES / name).read_text(encoding="utf-8"))
    return template.render(
        _=lambda text: text,
        pathto=lambda document: f"{document}.html",
        root_doc="index",
        docstitle="The course",
    )


class _Elements(HTMLParser):
    """Every element with its attributes, the open elements around it and the text inside."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[dict] = []
        self.elements: list[dict] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        element = {"tag": tag, "attrs": dict(attrs), "around": list(self.open), "text": []}
        self.elements.append(element)
        self.open.append(element)

    def handle_endtag(self, tag: str) -> None:
        while self.open and self.open.pop()["tag"] != tag:
            pass

    def handle_data(self, data: str) -> None:
        for element in self.open:
            element["text"].append(data)


def _elements(page: str) -> list[dict]:
    parser = _Elements()
    parser.feed(page)
    return parser.elements


def _text(element: dict) -> str:
    return " ".join("".join(element["text"]).split())


def test_the_sidebar_lists_the_course_templates_that_exist():
    sidebar = static_site.sphinx_config()["html_sidebars"]["**"]
    assert sidebar[-1] == "sbt-sidebar-nav.html"  # the theme's list of lessons, last
    for name in sidebar[:-1]:
        assert (TEMPLATES / name).is_file(), name


def test_the_search_button_is_named_by_the_text_it_shows_inside_a_search_landmark():
    elements = _elements(_render("course-search-button.html"))
    (button,) = [element for element in elements if element["tag"] == "button"]
    shown = _text(button)
    assert shown.startswith("Search") and "Ctrl" in shown
    # A label that leaves out text the button shows breaks "label in name" (WCAG 2.5.3).
    label = button["attrs"].get("aria-label")
    assert label is None or shown in label
    assert "search-button__button" in button["attrs"]["class"]  # the theme's script opens it
    assert any(around["attrs"].get("role") == "search" for around in button["around"])


def test_the_course_title_links_the_first_page_inside_a_navigation_landmark():
    elements = _elements(_render("course-home.html"))
    (link,) = [element for element in elements if element["tag"] == "a"]
    assert link["attrs"]["href"] == "index.html" and _text(link) == "The course"
    navigation = [around for around in link["around"] if around["tag"] == "nav"]
    assert navigation and navigation[0]["attrs"].get("aria-label")
