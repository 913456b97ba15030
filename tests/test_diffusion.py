"""Diffusion models: closed forms, parameter recovery from noisy data, clear refusals."""

from __future__ import annotations

import math

import numpy as np
import pytest

from course_lib import diffusion


@pytest.mark.parametrize(("p", "q"), [(0.03, 0.38), (0.01, 0.5), (0.002, 0.2)])
def test_bass_peak_matches_the_closed_form_and_the_curve(p, q):
    peak = diffusion.bass_peak_time(p, q)
    assert peak == pytest.approx(math.log(q / p) / (p + q))
    t = np.linspace(0, 60, 60001)
    assert t[np.argmax(diffusion.bass_adopters(t, p, q, 1.0))] == pytest.approx(peak, abs=1e-3)


def test_bass_new_adopters_are_the_slope_of_the_cumulative_curve():
    t = np.linspace(0, 30, 3001)
    cumulative = diffusion.bass_cumulative(t, 0.03, 0.38, 50.0)
    slope = np.gradient(cumulative, t)
    assert np.allclose(slope[1:-1], diffusion.bass_adopters(t, 0.03, 0.38, 50.0)[1:-1], atol=1e-4)


def test_fit_recovers_parameters_from_a_noisy_synthetic_series():
    rng = np.random.default_rng(7)
    t = np.arange(1, 31)
    truth = diffusion.bass_cumulative(t, 0.01, 0.45, 120.0)
    noisy = truth + rng.normal(0, 0.8, size=t.size)
    fit = diffusion.fit_bass(1990 + t, noisy, launch=1990)
    assert fit.p == pytest.approx(0.01, rel=0.15)
    assert fit.q == pytest.approx(0.45, rel=0.05)
    assert fit.m == pytest.approx(120.0, rel=0.02)
    assert fit.r_squared > 0.99 and fit.rmse < 1.5
    for estimate, error, true in zip(
        (fit.p, fit.q, fit.m), fit.standard_errors, (0.01, 0.45, 120.0), strict=True
    ):
        assert abs(estimate - true) < 4 * error  # the truth lies within the stated uncertainty
    band = fit.forecast(range(2021, 2025))
    assert (band.low <= band.cumulative).all() and (band.cumulative <= band.high).all()


@pytest.mark.parametrize(
    ("p", "q", "m", "message"),
    [
        (-0.01, 0.3, 1, "innovation coefficient p"),
        (0.01, 1.2, 1, "imitation coefficient q"),
        (0.01, 0.3, 0, "market size m"),
    ],
)
def test_bad_bass_parameters_are_refused(p, q, m, message):
    with pytest.raises(diffusion.DiffusionError, match=message):
        diffusion.bass_cumulative(1.0, p, q, m)


@pytest.mark.parametrize(
    ("years", "values", "message"),
    [
        ([2000, 2001, 2002], [1, 2, 3], "at least 4 years"),
        ([2000, 2001, 2002, 2003], [5, 5, 5, 5], "never grows"),
        ([2000, 2001, 2002, 2003], [5, 4, 3, 2], "never grows"),
        ([2000, 2000, 2002, 2003], [1, 2, 3, 4], "different and in order"),
        ([2000, 2001, 2002, 2003], [1, float("nan"), 3, 4], "missing"),
    ],
)
def test_series_a_bass_fit_cannot_use_are_refused(years, values, message):
    with pytest.raises(diffusion.DiffusionError, match=message):
        diffusion.fit_bass(years, values)


def test_rogers_groups_are_normal_curve_areas():
    groups = diffusion.rogers_groups().set_index("group").share
    assert groups.sum() == pytest.approx(100)
    assert groups["innovators"] == pytest.approx(2.275, abs=0.01)
    assert groups["early majority"] == groups["late majority"] == pytest.approx(34.13, abs=0.01)


def test_fisher_pry_recovers_slope_and_takeover():
    years = np.arange(1990, 2001)
    share = 1 / (1 + np.exp(-0.3 * (years - 1995)))
    fit = diffusion.fit_fisher_pry(years, share)
    assert fit.slope == pytest.approx(0.3) and fit.midpoint == pytest.approx(1995)
    assert fit.takeover_years == pytest.approx(math.log(81) / 0.3)
    assert fit.year_reaching(0.9) - fit.year_reaching(0.1) == pytest.approx(fit.takeover_years)


@pytest.mark.parametrize(
    ("share", "message"),
    [
        ([0.1, 0.2, 1.0], "strictly between 0 and 1"),
        ([0.5, 0.4, 0.3], "does not grow"),
        ([0.1, 0.2], "at least 3"),
    ],
)
def test_fisher_pry_refusals(share, message):
    with pytest.raises(diffusion.DiffusionError, match=message):
        diffusion.fit_fisher_pry(list(range(2000, 2000 + len(share))), share)


def test_peak_time_rises_then_falls_as_q_grows():
    # Lesson 5's claims on these numbers are pinned in tests/test_lesson_05_*.py; here the
    # library's closed form is checked against the curve itself.
    assert round(diffusion.bass_peak_time(0.03, 0.04), 1) == 4.1
    assert round(diffusion.bass_peak_time(0.03, 0.10), 1) == 9.3
    assert diffusion.bass_peak_time(0.03, 0.03) == 0.0
    t = np.linspace(0, 60, 60001)
    for q in (0.04, 0.10, 0.30):
        busiest = t[np.argmax(diffusion.bass_adopters(t, 0.03, q, 1.0))]
        assert busiest == pytest.approx(diffusion.bass_peak_time(0.03, q), abs=1e-3)


def test_rogers_groups_carry_a_profile_each():
    groups = diffusion.rogers_groups()
    assert list(groups.group) == list(diffusion.ROGERS_GROUPS)
    assert groups.profile.notna().all() and set(diffusion.ROGERS_PROFILES) == set(groups.group)


def test_fisher_pry_uncertainty_covers_the_truth_in_noisy_data():
    rng = np.random.default_rng(3)
    years = np.arange(2000, 2012)
    truth = 0.35
    covered = 0
    for _ in range(200):
        logits = truth * (years - 2006) + rng.normal(0, 0.15, size=years.size)
        fit = diffusion.fit_fisher_pry(years, 1 / (1 + np.exp(-logits)))
        low, high = fit.takeover_range()
        covered += low <= math.log(81) / truth <= high
    assert 0.83 <= covered / 200 <= 0.96  # a 90% range holds the truth about 90% of the time
    band = fit.forecast(np.arange(1995, 2020))
    assert (band.low <= band.share).all() and (band.share <= band.high).all()
    widths = diffusion.logit(band.high.to_numpy()) - diffusion.logit(band.low.to_numpy())
    assert widths[0] > widths[11] and widths[-1] > widths[11]  # in the logit, widest far away


def test_fisher_pry_range_is_open_when_the_slope_could_be_zero():
    years = np.arange(2000, 2004)
    share = np.array([0.2, 0.3, 0.21, 0.31])
    fit = diffusion.fit_fisher_pry(years, share)
    assert fit.takeover_range()[1] == math.inf
