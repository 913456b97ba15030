"""Preparing a kernel: where it runs, and the theme and renderer setup() installs."""

from __future__ import annotations

import os

import altair as alt
import pytest

from course_lib import charts, kernel, render


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({}, "local"),
        ({"COLAB_RELEASE_TAG": "x"}, "colab"),
        ({"BINDER_LAUNCH_HOST": "https://mybinder.org/", "JUPYTERHUB_USER": "u"}, "binder"),
        ({"JUPYTERHUB_API_URL": "http://hub/api"}, "jupyterhub"),
    ],
)
def test_environment_is_told_from_the_variables_each_platform_sets(
    monkeypatch, variables, expected
):
    for name in list(os.environ):
        if name.startswith(("BINDER_", "JUPYTERHUB_", "COLAB_")):
            monkeypatch.delenv(name)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    assert kernel.environment() == expected


def test_setup_installs_the_course_theme_and_the_offline_renderer():
    alt.theme.enable("default")
    alt.renderers.enable("default")
    kernel.setup()
    assert alt.theme.active == charts.THEME_NAME
    assert alt.renderers.active == render.RENDERER
