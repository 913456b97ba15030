"""An explorer on a static page stores the parts its settings share once; in the browser each
setting must still draw exactly the chart it was computed as. Each setting is chosen with the
page's drop-downs and its drawing compared with the same chart drawn from the whole spec."""

from __future__ import annotations

import json

import pytest

from course_lib import render, static_site
from devtools import lab as harness
from tests.test_site_speed import explorer_settings

pytestmark = pytest.mark.browser

DRAWING = """(selector) => {
  const marks = document.querySelector(selector + ' svg.marks');
  return marks ? marks.innerHTML : '';
}"""

DRAW_WHOLE = """async (spec) => {
  const element = document.createElement('div');
  element.id = 'whole';
  document.body.append(element);
  await vegaEmbed(element, spec, {actions: false});
}"""


def test_every_setting_draws_the_chart_it_was_computed_as(tmp_path):
    settings = explorer_settings()
    (tmp_path / static_site.SCRIPT_NAME).write_text(static_site.vega_script(), encoding="utf-8")
    (tmp_path / "explorer.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Explorer</title>'
        f'<script src="{static_site.SCRIPT_NAME}"></script></head><body>'
        + render.settings_html(settings, "fig")
        + "</body></html>",
        encoding="utf-8",
    )
    with (
        harness.browser() as chromium,
        harness.open_offline(chromium, tmp_path, "explorer.html") as opened,
    ):
        page = opened.page
        page.add_init_script(harness.SVG_CHARTS)
        page.reload()
        selects = page.locator("#fig-figure select")
        for setting in settings.settings:
            before = page.evaluate(DRAWING, "#fig")
            for position, option in enumerate(setting.values):
                selects.nth(position).select_option(value=str(option))
            page.wait_for_function(
                f"() => document.querySelector('#fig svg.marks') && ({DRAWING})('#fig') !== {json.dumps(before)}"
                if setting is not settings.settings[0]
                else "() => document.querySelector('#fig svg.marks')"
            )
            page.evaluate("() => document.getElementById('whole')?.remove()")
            page.evaluate(DRAW_WHOLE, setting.spec)
            assert page.evaluate(DRAWING, "#fig") == page.evaluate(DRAWING, "#whole")
            assert page.locator("#fig-caption").inner_html() == setting.caption
    assert opened.problems == []
