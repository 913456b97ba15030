"""Charts render offline: the Vega bundle is built once and reused from the cache."""

from __future__ import annotations

import altair as alt
import pytest

from course_lib import render


@pytest.fixture
def fresh_chart_class(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(alt.JupyterChart, "_is_offline", False)
    monkeypatch.setattr(alt.JupyterChart, "_esm", alt.JupyterChart._esm)
    return tmp_path


def test_offline_bundle_is_cached_and_reused(fresh_chart_class):
    render.enable_offline_charts()
    cached = list((fresh_chart_class / "value-migration-course").glob("jupyterchart-*.js"))
    assert len(cached) == 1
    bundle = cached[0].read_text()
    assert (
        alt.JupyterChart._esm == bundle and "cdn.jsdelivr" not in bundle and "esm.sh" not in bundle
    )
    alt.JupyterChart._is_offline = False
    cached[0].write_text(bundle + "\n// reused")
    render.enable_offline_charts()
    assert alt.JupyterChart._esm.endswith("// reused")


def test_offline_without_a_writable_cache_still_works(monkeypatch, fresh_chart_class):
    monkeypatch.setenv("XDG_CACHE_HOME", "/proc/forbidden")
    render.enable_offline_charts()
    assert alt.JupyterChart._is_offline and len(alt.JupyterChart._esm) > 100_000


def test_chart_widgets_share_one_bundle_sent_on_request(monkeypatch):
    widget = render.chart_widget(alt.Chart().mark_point())
    assert len(widget._esm) < 2_000 and "course-bundle-request" in widget._esm
    sent = []
    monkeypatch.setattr(widget, "send", sent.append)
    widget._send_bundle(widget, {"type": "something else"}, [])
    assert sent == []
    widget._send_bundle(widget, {"type": "course-bundle-request"}, [])
    assert sent[0]["type"] == "course-bundle" and sent[0]["source"] == alt.JupyterChart._esm
    assert len(sent[0]["source"]) > 100_000  # the offline Vega bundle, not the CDN loader
