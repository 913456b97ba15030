"""A lesson's slide deck in headless Chromium with every network request refused: reveal.js,
MathJax and Vega load from the folder beside the deck, the setup line is not on any slide,
and stepping through the deck shows three slides whose charts are drawn and visible.
Screenshots of those slides land in build/screenshots/slides/.
"""

from __future__ import annotations

import time

import pytest

from course_lib import static_site
from devtools import lab as harness

pytestmark = pytest.mark.browser
NOTEBOOKS = sorted((harness.ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
BUILD = harness.ROOT / "build"
SCREENSHOTS = BUILD / "screenshots" / "slides"
DECK = "05_diffusion_and_substitution"

# The charts on the slide being shown: how many, how many drawn, and whether they are seen.
CURRENT_CHARTS = """() => {
  const slide = Reveal.getCurrentSlide();
  const charts = Array.from(slide.querySelectorAll('.course-static-chart'));
  const drawn = charts.filter((chart) => {
    const marks = chart.querySelector('svg.marks, canvas.marks');
    if (!marks) return false;
    const box = marks.getBoundingClientRect();
    return box.width > 50 && box.height > 50;
  });
  return {charts: charts.length, drawn: drawn.length, indices: Reveal.getIndices()};
}"""


# A tall slide scrolls; bring its first chart into view for the screenshot.
SHOW_FIRST_CHART = """() => Reveal.getCurrentSlide().querySelector('.course-static-chart')
  .scrollIntoView({block: 'center'})"""


@pytest.fixture(scope="module")
def decks(executed_lessons, chromium):
    # Reuses the site's run of the notebooks (build/executed).
    output = BUILD / "slides"
    return output, static_site.build_slides(executed_lessons, output), chromium


def test_every_lesson_has_a_deck_that_carries_its_scripts(decks):
    output, written, _ = decks
    assert [deck.name for deck in written] == [f"{path.stem}.slides.html" for path in NOTEBOOKS]
    for deck in written:
        text = deck.read_text(encoding="utf-8")
        assert "unpkg.com" not in text and "cdnjs" not in text and "cdn.jsdelivr" not in text
        assert '<script src="reveal.js/dist/reveal.js"></script>' in text
        assert "google.colab" not in text and "cl.setup()" not in text
    assert (output / "reveal.js" / "dist" / "reveal.js").is_file()
    assert (output / "mathjax" / "tex-chtml.js").is_file()
    assert (output / static_site.SCRIPT_NAME).is_file()


def test_stepping_through_a_deck_offline_shows_three_slides_with_their_charts(decks):
    output, _, chromium = decks
    shown = []
    with harness.open_offline(chromium, output, f"{DECK}.slides.html") as opened:
        page = opened.page
        page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=20_000)
        total = page.evaluate("() => Reveal.getTotalSlides()")
        assert total >= 10
        for _step in range(total):
            if len(shown) == 3 or page.evaluate("() => Reveal.isLastSlide()"):
                break
            page.keyboard.press("Space")
            page.wait_for_timeout(150)
            state = page.evaluate(CURRENT_CHARTS)
            if not state["charts"]:
                continue
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and state["drawn"] < state["charts"]:
                page.wait_for_timeout(200)
                state = page.evaluate(CURRENT_CHARTS)
            assert state["drawn"] == state["charts"], state
            page.evaluate(SHOW_FIRST_CHART)
            page.wait_for_timeout(100)
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"{DECK}-{len(shown) + 1}.png"))
            shown.append(state["indices"])
        math = page.evaluate("() => document.querySelectorAll('mjx-container').length")
    assert len(shown) == 3, shown
    assert math >= 1  # the formulas were typeset by the local MathJax
    assert opened.problems == []
