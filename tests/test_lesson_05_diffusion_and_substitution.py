"""Lesson 5: every claim the lesson makes, computed here from the CSV rows and the closed
forms; every exercise checked against an independent answer, and its typical wrong answers
against their feedback; the explorers draw at every setting."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

from course_lib import diffusion
from course_lib.lessons import diffusion_and_substitution as lesson

from . import csvdata, prose

NOTEBOOK = "05_diffusion_and_substitution.ipynb"
UK = "United Kingdom (fixed-line telecoms)"
ATT = "AT&T Inc. (wireline)"
KOREA_INTERNET = "Internet users (South Korea)"
US_MOBILE = "Mobile subscriptions (United States)"

#: Numbers in the lesson's prose and exercise texts, each computed by a test below.
PINNED = {
    # Rogers' groups (test_rogers_groups_are_normal_areas_and_rogers_rounded_them)
    "2.5", "13.5", "34", "16", "1962",
    "15.9",  # the exact area before the early majority (test_early_majority_accepts_...)
    # the Bass explorer and its peak (test_bass_peak_claims, test_sliders_show_percentages)
    "0.03", "3%", "0.38", "6.2",
    # q against the peak time (test_raising_q_delays_the_peak_until_q_is_3_59_times_p)
    "0.04", "0.10", "4.1", "9.3", "3.59", "3.6",
    "2%", "4%", "6%", "30%", "50%", "7.2%", "11.6", "13.7", "8.5",
    # the peak_2003 exercise (test_peak_2003_...)
    "2019",
    # Fisher-Pry (test_fisher_pry_takeover_is_ln_81_over_the_slope, test_the_sources_cited)
    "10%", "90%", "81", "1971",
    # Netflix and UK substitution (test_netflix_..., test_uk_...)
    "66%", "23%", "38%", "56", "48", "67", "41", "36", "47",
}  # fmt: skip


def test_every_number_in_the_prose_is_pinned_by_a_test():
    assert prose.unpinned(NOTEBOOK, lesson, PINNED) == set()


def markdown() -> str:
    cells = json.loads((prose.ROOT / "notebooks" / NOTEBOOK).read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(cell["source"]) for cell in cells if cell["cell_type"] == "markdown")


def normal_cdf(z: float) -> float:
    return 0.5 * (1 + math.erf(z / math.sqrt(2)))


def peak_time(p: float, q: float) -> float:
    """ln(q/p)/(p+q), written out here independently of course_lib."""
    return math.log(q / p) / (p + q) if q > p else 0.0


# ------------------------------------------------------------------------ Rogers


def test_rogers_groups_are_normal_areas_and_rogers_rounded_them():
    cuts = [-math.inf, -2, -1, 0, 1, math.inf]
    areas = [100 * (normal_cdf(b) - normal_cdf(a)) for a, b in zip(cuts, cuts[1:], strict=False)]
    rounded = [2.5, 13.5, 34, 34, 16]  # "2.5, 13.5, 34, 34 and 16 percent"
    assert sum(rounded) == 100
    assert all(abs(area - r) < 0.3 for area, r in zip(areas, rounded, strict=True))
    groups = diffusion.rogers_groups()
    assert groups.share.tolist() == pytest.approx(areas)
    assert groups.rogers_rounded.tolist() == rounded
    assert "2.5, 13.5, 34, 34 and 16" in markdown()
    assert "In 1962 the sociologist Everett Rogers published *Diffusion of Innovations*" in (
        markdown()
    )


def test_rogers_profiles_name_every_group():
    groups = diffusion.rogers_groups()
    assert groups.profile.str.len().min() > 40
    text = markdown()
    for group in diffusion.ROGERS_GROUPS:
        assert f"| **{group}** |" in text  # the profile table in the lesson
    assert (
        "opinion leaders" in dict(zip(groups.group, groups.profile, strict=True))["early adopters"]
    )


# -------------------------------------------------------------------------- Bass


def test_bass_peak_claims():
    p, q = 0.03, 0.38
    assert round(peak_time(p, q), 1) == 6.2
    t = np.arange(0, 13)
    decay = np.exp(-(p + q) * t)
    new = 100 * ((p + q) ** 2 / p) * decay / (1 + q / p * decay) ** 2
    assert int(t[np.argmax(new)]) == 6  # "the table's largest number ... is in year 6"
    assert diffusion.bass_peak_time(p, q) == pytest.approx(peak_time(p, q))


def turning_ratio() -> float:
    """The q/p where 1 + 1/r = ln r, by bisection (independent of scipy and course_lib)."""
    low, high = 1.5, 10.0
    for _ in range(80):
        middle = (low + high) / 2
        if 1 + 1 / middle - math.log(middle) > 0:
            low = middle
        else:
            high = middle
    return (low + high) / 2


def test_raising_q_delays_the_peak_until_q_is_3_59_times_p():
    ratio = turning_ratio()
    assert round(ratio, 2) == 3.59 and round(ratio, 1) == 3.6
    # "with p = 0.03: from q = 0.04 to q = 0.10 the peak moves later, from 4.1 to 9.3 years"
    assert round(peak_time(0.03, 0.04), 1) == 4.1 and round(peak_time(0.03, 0.10), 1) == 9.3
    grid = np.linspace(0.0301, 0.8, 4000)
    times = np.array([peak_time(0.03, q) for q in grid])
    latest = grid[np.argmax(times)]
    assert latest == pytest.approx(ratio * 0.03, abs=2e-4)
    assert np.all(np.diff(times[grid < latest]) > 0) and np.all(np.diff(times[grid > latest]) < 0)
    # The peak is always higher for a larger q (m (p+q)^2 / 4q grows with q when q > p).
    heights = (0.03 + grid) ** 2 / (4 * grid)
    assert np.all(np.diff(heights) > 0)
    # The imitation exercise: p = 2%, q from 4% to 6% (later), from 30% to 50% (sooner).
    assert round(ratio * 2, 1) == 7.2
    assert (round(peak_time(0.02, 0.04), 1), round(peak_time(0.02, 0.06), 1)) == (11.6, 13.7)
    assert (round(peak_time(0.02, 0.30), 1), round(peak_time(0.02, 0.50), 1)) == (8.5, 6.2)
    # The sliders can reach every setting the exercise names.
    shown = lesson.bass_explorer()
    p, q, _m = shown.children[0].children
    for value in (0.04, 0.06, 0.30, 0.50):
        assert round((value - q.min) / q.step, 6).is_integer()
    assert round((0.02 - p.min) / p.step, 6).is_integer()


def test_sliders_show_percentages():
    shown = lesson.bass_explorer()
    p, q, m = shown.children[0].children
    assert p.readout_format.endswith("%") and q.readout_format.endswith("%")
    assert p.value == 0.03 and "p = 3.0%" in shown.caption.value  # "p = 3% is p = 0.03"
    assert q.value == 0.38 and m.value == 100


def korea_fit() -> diffusion.BassFit:
    figures = csvdata.series("adoption", "internet_users_share", KOREA_INTERNET)
    return diffusion.fit_bass(list(figures), list(figures.values()))


def test_korea_fit_p_is_least_certain_and_m_best_pinned():
    fit = korea_fit()
    assert fit.launch == min(csvdata.series("adoption", "internet_users_share", KOREA_INTERNET)) - 1
    relative = [
        error / value
        for error, value in zip(fit.standard_errors, (fit.p, fit.q, fit.m), strict=True)
    ]
    assert relative[0] > relative[1] > relative[2]
    assert fit.r_squared > 0.95


def test_every_adoption_series_fits_closely():
    # Carried over from the old lesson-5 claims: the fits describe the past closely.
    entities = {row["entity"]: row["metric"] for row in csvdata.rows("adoption")}
    assert sorted(entities) == lesson.series_names()
    for entity, metric in entities.items():
        figures = csvdata.series("adoption", metric, entity)
        fit = diffusion.fit_bass(list(figures), list(figures.values()))
        assert 0.95 < fit.r_squared <= 1, entity


# ------------------------------------------------------------------ substitution


def test_film_to_digital_claims():
    digital = csvdata.value("cameras", "shipments", 2002, "Digital still cameras (worldwide)",
                            "million")  # fmt: skip
    film = csvdata.value("cameras", "shipments", 2002, "Film cameras (worldwide)", "million")
    assert 0.5 < digital / (digital + film) < 0.52  # "2002 was the year digital passed film"
    film_2005 = csvdata.value("cameras", "shipments", 2005, "Film cameras (worldwide)", "million")
    assert round(1 - film_2005 / film, 2) == 0.77
    cameras = csvdata.series("cameras", "shipments", "Digital still cameras (worldwide)", "million")
    films = csvdata.series("cameras", "shipments", "Film cameras (worldwide)", "million")
    assert set(cameras) & set(films) == {2002}  # "both camera counts for one year only"
    assert max(cameras, key=cameras.get) == 2010
    phones = csvdata.series("cameras", "shipments", "Smartphones (worldwide)", "million")
    assert cameras[2022] < cameras[2009] / 10 and phones[2022] > 5 * phones[2009]
    # Kodak: digital passed traditional between 2004 and 2005 ("Kodak's split for two").
    digital_k = csvdata.series("kodak", "revenue_digital")
    film_k = csvdata.series("kodak", "revenue_traditional")
    shares = {year: digital_k[year] / (digital_k[year] + film_k[year]) for year in digital_k}
    assert sorted(shares) == [2004, 2005] and shares[2004] < 0.5 < shares[2005]


def share_from_csv(case: str, entity: str, new: str, old: str) -> pd.Series:
    new_values, old_values = csvdata.series(case, new, entity), csvdata.series(case, old, entity)
    return pd.Series(
        {y: new_values[y] / (new_values[y] + old_values[y]) for y in new_values if y in old_values}
    )


def fisher_pry_from_csv(share: pd.Series) -> tuple[float, float, float]:
    """Slope, and a 90% range of the take-over time, from a least-squares line on the logit."""
    years = np.array(share.index, dtype=float)
    logits = np.log(share.to_numpy() / (1 - share.to_numpy()))
    slope, intercept = np.polyfit(years, logits, 1)
    residuals = logits - (slope * years + intercept)
    degrees = len(years) - 2
    slope_se = math.sqrt(residuals @ residuals / degrees / np.sum((years - years.mean()) ** 2))
    from scipy.stats import t as student

    spread = student.ppf(0.95, degrees) * slope_se
    return slope, math.log(81) / (slope + spread), math.log(81) / (slope - spread)


def test_fisher_pry_takeover_is_ln_81_over_the_slope():
    logit_90, logit_10 = math.log(0.9 / 0.1), math.log(0.1 / 0.9)
    assert logit_90 - logit_10 == pytest.approx(math.log(81))
    fit = diffusion.FisherPryFit(slope=0.3, midpoint=2000.0, r_squared=1.0)
    assert fit.year_reaching(0.9) - fit.year_reaching(0.1) == pytest.approx(math.log(81) / 0.3)
    assert fit.year_reaching(0.5) == 2000.0  # "50%": the midpoint


def test_netflix_streaming_claims():
    share = share_from_csv("video_rental", "Netflix", "subscribers_streaming_domestic",
                           "subscribers_dvd")  # fmt: skip
    assert round(share.min(), 2) == 0.66 and round(share.max(), 2) == 0.90
    logits = np.log(share / (1 - share))
    steps = np.diff(logits.to_numpy())
    assert np.all(steps > 0) and np.all(np.diff(steps) < 0)  # "rises ... by a little less"
    slope, low, high = fisher_pry_from_csv(share)
    fit = diffusion.fit_fisher_pry(share.index, share.to_numpy())
    assert fit.takeover_years == pytest.approx(math.log(81) / slope)
    assert fit.takeover_range() == pytest.approx((low, high))
    # Streaming took over far faster than data took over fixed-line revenue.
    for entity in (UK, ATT):
        other = share_from_csv("telecom", entity, "revenue_data", "revenue_voice")
        assert math.log(81) / slope < math.log(81) / fisher_pry_from_csv(other)[0]


def test_uk_takeover_from_a_short_stretch_of_the_s():
    share = share_from_csv("telecom", UK, "revenue_data", "revenue_voice")
    assert (min(share.index), max(share.index)) == (2006, 2015)
    assert (round(share.min(), 2), round(share.max(), 2)) == (0.23, 0.38)
    bases = {int(r["year"]): r["basis"] for r in csvdata.rows("telecom")
             if r["entity"] == UK and r["metric"] == "revenue_data" and r["preferred"] == "true"}  # fmt: skip
    changes = [y for y in sorted(bases)[1:] if bases[y] != bases[y - 1]]
    assert changes == [2010]  # "the figures move to a later Ofcom edition in 2010"
    every = fisher_pry_from_csv(share)
    later = fisher_pry_from_csv(share.loc[2010:])
    assert [round(math.log(81) / every[0]), round(every[1]), round(every[2])] == [56, 48, 67]
    assert [round(math.log(81) / later[0]), round(later[1]), round(later[2])] == [41, 36, 47]
    assert later[2] < every[1]  # the two ranges do not overlap
    # "nearly flat from 2006 to 2008, rising faster after"
    assert share[2008] - share[2006] < 0.01 < share[2015] - share[2013]


def test_the_sources_cited():
    text = markdown()
    assert "Rogers, E. M. (1962). *Diffusion of Innovations*" in text
    assert "Bass, F. M. (1969). A new product growth model for consumer durables" in text
    assert "Fisher, J. C. and Pry, R. H. (1971). A simple substitution model" in text


# ----------------------------------------------------------------------- explorers


@pytest.mark.parametrize("q", [0.0, 0.02, 0.04, 0.1, 0.38, 0.8])
def test_every_bass_setting_draws(q):
    shown = lesson.bass_explorer()
    p_slider, q_slider, m_slider = shown.children[0].children
    for p in np.arange(p_slider.min, p_slider.max + 1e-9, p_slider.step):
        for m in (m_slider.min, m_slider.max):
            p_slider.value, q_slider.value, m_slider.value = float(p), q, m
            spec = shown.chart.spec
            assert spec["title"] == "The Bass model", (p, q, m)
    q_slider.value, p_slider.value = 0.0, 0.05
    assert "highest at launch" in shown.caption.value  # q no larger than p


@pytest.mark.parametrize("name", lesson.series_names())
def test_every_series_of_the_fit_explorer_draws(name):
    shown = lesson.fit_explorer()
    shown.children[0].children[0].value = name
    assert name in str(shown.chart.spec["title"])
    assert "90% range" in shown.caption.value


@pytest.mark.parametrize("label", list(lesson.SUBSTITUTIONS))
def test_every_substitution_draws_with_its_range_and_caution(label):
    shown = lesson.substitution_explorer()
    shown.children[0].children[0].value = label
    spec = shown.chart.spec
    assert label in str(spec["title"])
    assert "90% range" in shown.caption.value and "Caution" in shown.caption.value
    domains = [layer["encoding"]["color"]["scale"]["domain"] for layer in spec["layer"][:3]]
    assert domains[0] == ["observed share", "Fisher-Pry fit", "90% band of the fit"]


def test_the_sliders_stay_inside_what_the_model_accepts_and_a_refusal_shows_a_message():
    from course_lib import charts, widgets

    p, q, m = lesson.bass_explorer().children[0].children
    assert p.min > 0 and p.max <= 1 and q.min >= 0 and q.max <= 1 and m.min > 0

    def bass(q):  # a learner's own explorer, with a q slider that goes past 1
        curve = diffusion.bass_curve(0.03, q, 100)
        return charts.bass_chart(curve, peak_year=0.0, title="T", description="D"), curve

    shown = widgets.explore(bass, {"q": widgets.slider("q", 0.0, 2.0, 0.4, step=0.2)})
    shown.children[0].children[0].value = 1.2
    assert "imitation coefficient q must be between 0 and 1" in shown.caption.value


def test_rogers_figure_is_wide_with_readable_labels():
    shown = lesson.rogers_figure()
    spec = shown.chart.spec
    assert spec["width"] >= 500
    axis = spec["layer"][0]["encoding"]["x"]["axis"]
    assert axis["labelAngle"] == 0 and axis["labelLimit"] >= 500 // 5
    assert "Rogers: 34%" in json.dumps(spec)


# ----------------------------------------------------------------------- exercises


def test_early_majority_accepts_the_exact_and_the_rounded_figure():
    exact = 100 * normal_cdf(-1)
    for answer in (round(exact, 1), 16, 2.5 + 13.5, "15.9"):
        assert lesson.early_majority.check(answer).correct is True, answer
    assert "size of the early majority" in lesson.early_majority.check(34).message
    assert "size of the early majority" in lesson.early_majority.check(34.1).message
    assert "early adopters only" in lesson.early_majority.check(13.5).message
    assert "up to the mean" in lesson.early_majority.check(50).message
    assert lesson.early_majority.check(None).correct is None


def test_multiple_choice_answers():
    assert lesson.adopter_profile.check("b").correct
    assert not lesson.adopter_profile.check("a").correct
    assert lesson.imitation.check("b").correct
    wrong = lesson.imitation.check("a")
    assert not wrong.correct and "later" in wrong.message
    assert lesson.takeover_caution.check("b").correct
    assert not lesson.takeover_caution.check("a").correct


def us_mobile(last_year: int | None = None) -> dict[int, float]:
    figures = csvdata.series("adoption", "mobile_subscriptions", US_MOBILE)
    return {y: v for y, v in figures.items() if last_year is None or y <= last_year}


def test_peak_2003_is_the_calendar_peak_of_a_fit_to_the_years_a_forecaster_had():
    figures = us_mobile(2003)
    assert (min(figures), max(figures)) == (1984, 2003)
    assert max(us_mobile()) == 2019  # "every year up to 2019"
    fit = diffusion.fit_bass(list(figures), list(figures.values()), launch=1983)
    right = 1983 + peak_time(fit.p, fit.q)
    assert lesson.peak_2003.check(round(right, 1)).correct is True
    assert lesson.peak_2003.check(round(right)).correct is True
    everything = us_mobile()
    full = diffusion.fit_bass(list(everything), list(everything.values()))
    all_years = lesson.peak_2003.check(round(full.launch + peak_time(full.p, full.q), 1))
    assert all_years.correct is False and ".loc[:2003]" in all_years.message
    off_by_one = lesson.peak_2003.check(round(1984 + peak_time(fit.p, fit.q), 1))
    assert off_by_one.correct is False and "fit.launch" in off_by_one.message
    since_launch = lesson.peak_2003.check(round(peak_time(fit.p, fit.q), 1))
    assert since_launch.correct is False and "calendar year" in since_launch.message
    assert lesson.peak_2003.check(None).correct is None
    assert lesson.peak_2003.asks_for_code


def test_data_share_accepts_the_share_and_names_typical_mistakes():
    truth = share_from_csv("telecom", ATT, "revenue_data", "revenue_voice")
    assert lesson.data_share.check(truth).correct is True
    percent = lesson.data_share.check(truth * 100)
    assert percent.correct is False and "not a percentage" in percent.message
    voice = lesson.data_share.check(1 - truth)
    assert voice.correct is False and "voice's share" in voice.message
    data = csvdata.series("telecom", "revenue_data", ATT)
    voice_values = csvdata.series("telecom", "revenue_voice", ATT)
    ratio = pd.Series({y: data[y] / voice_values[y] for y in data if y in voice_values})
    assert "divided by voice" in lesson.data_share.check(ratio).message
    assert "Series" in lesson.data_share.check(float(truth.iloc[0])).message
    assert lesson.data_share.check(None).correct is None


def year_reaching(midpoint, slope, share):
    return midpoint + math.log(share / (1 - share)) / slope


def test_year_reaching_passes_a_correct_function_and_diagnoses_wrong_ones():
    assert lesson.year_reaching.check(year_reaching).correct is True

    def from_midpoint(midpoint, slope, share):
        return math.log(share / (1 - share)) / slope

    def old_over_new(midpoint, slope, share):
        return midpoint + math.log((1 - share) / share) / slope

    def base_10(midpoint, slope, share):
        return midpoint + math.log10(share / (1 - share)) / slope

    def times_slope(midpoint, slope, share):
        return midpoint + math.log(share / (1 - share)) * slope

    assert "add the midpoint" in lesson.year_reaching.check(from_midpoint).message
    assert "old technology" in lesson.year_reaching.check(old_over_new).message
    assert "base-10" in lesson.year_reaching.check(base_10).message
    assert "divides by it" in lesson.year_reaching.check(times_slope).message
    assert lesson.year_reaching.check(lambda a, b, c: None).correct is None
    assert "not a function" in lesson.year_reaching.check(2020).message
    # The library's own fit agrees with the learner's formula.
    fit = diffusion.FisherPryFit(slope=0.38, midpoint=2009.0, r_squared=1.0)
    assert fit.year_reaching(0.9) == pytest.approx(year_reaching(2009.0, 0.38, 0.9))
