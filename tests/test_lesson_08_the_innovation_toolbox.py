"""Lesson 8: every claim the lesson makes, computed here from the CSV rows; the new cases'
figures checked against their sources' excerpts; every exercise checked against an
independent answer, its typical wrong answers against their feedback; every explorer drawn."""

from __future__ import annotations

import html
import itertools
import json
import math
import re
from pathlib import Path

import pytest

from course_lib import toolbox
from course_lib.lessons import the_innovation_toolbox as lesson

from . import csvdata, prose

NOTEBOOK = "08_the_innovation_toolbox.ipynb"
ROOT = Path(__file__).resolve().parent.parent

#: Numbers in the lesson's prose and exercise texts, each computed or checked by a test below.
PINNED = {
    "3000", "300", "125", "1.7",  # Stevens and Burley's counts: test_funnel_counts_...
    "70%", "20%", "10%",  # Nagji and Tuff's split: test_nagji_and_tuff_...
    "2015",  # Netflix abroad: test_netflix_members_abroad_grew_sixteenfold
    "13",  # loops in a year: test_the_feedback_loop_claims
    "12",  # overlap_share's most possible overlap: test_overlap_share_...
    "4500", "15%", "0.15",  # the successes exercise: test_successes_...
    "0.1",  # "0.1 is 10%" in the cost_per_success exercise: a unit, checked there
}  # fmt: skip

FUNNEL = [
    "raw_ideas",
    "ideas_with_minimal_action",
    "small_projects",
    "significant_projects",
    "major_developments",
    "launches",
    "commercial_successes",
]
#: Stevens and Burley's funnel as the Industrial Heating column writes it (some as words).
WORDS = {"One": 1, "Four": 4, "Nine": 9}


def test_every_number_in_the_prose_is_pinned_by_a_test():
    assert prose.unpinned(NOTEBOOK, lesson, PINNED) == set()


def counts_from_csv() -> list[float]:
    return [csvdata.value("innovation_funnel", metric, 1997) for metric in FUNNEL]


def rates_from_csv() -> list[float]:
    counts = counts_from_csv()
    return [counts[i + 1] / counts[i] for i in range(len(counts) - 1)]


def notebook_code() -> str:
    cells = json.loads((ROOT / "notebooks" / NOTEBOOK).read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(cell["source"]) for cell in cells if cell["cell_type"] == "code")


# ------------------------------------------------------------------------- the new data


@pytest.mark.parametrize("case", ["innovation_funnel", "innovation_portfolio"])
def test_every_figure_is_written_in_its_sources_excerpt(case):
    sources = {row["source_id"]: row for row in csvdata.rows(case, "sources")}
    for row in csvdata.rows(case):
        excerpt = sources[row["source_id"]]["excerpt"]
        written = {float(n.replace(",", "")) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", excerpt)}
        written |= {float(number) for word, number in WORDS.items() if word in excerpt}
        assert float(row["value"]) in written, (row["metric"], excerpt)
        assert sources[row["source_id"]]["url"].startswith("http")
        assert len(excerpt) <= 200


def test_funnel_counts_are_stevens_and_burleys_and_fall_stage_by_stage():
    counts = counts_from_csv()
    assert counts == [3000, 300, 125, 9, 4, 1.7, 1]
    assert all(later < earlier for earlier, later in itertools.pairwise(counts))
    # The column's own check: 59% survive from launch to success.
    assert round(100 * counts[-1] / counts[-2]) == 59
    events = csvdata.rows("innovation_funnel", "events")
    assert [event["date"] for event in events] == ["1997"]


def test_the_lessons_stages_are_the_published_rates_and_the_assumed_costs():
    assert [stage.pass_rate for stage in lesson.published_stages()] == pytest.approx(
        rates_from_csv()
    )
    assert lesson.ASSUMED_COSTS == (1, 10, 100, 1_000, 10_000, 100_000)
    assert "costs = [1, 10, 100, 1_000, 10_000, 100_000]" in notebook_code()  # same as the module's
    assert [name for name, _ in lesson.STAGES] == [
        "raw idea", "minimal action", "small project", "significant project",
        "major development", "launch",
    ]  # fmt: skip


def test_funnel_claims_expected_output_and_cost():
    counts, rates = counts_from_csv(), rates_from_csv()
    assert 3000 * math.prod(rates[:5]) == pytest.approx(1.7)  # "Expected launches: 1.7"
    assert 3000 * math.prod(rates) == pytest.approx(1.0)  # "1 is a commercial success"
    cost = sum(n * c for n, c in zip(counts[:6], lesson.ASSUMED_COSTS, strict=True))
    assert cost == pytest.approx(237_500)
    launch_share = counts[5] * lesson.ASSUMED_COSTS[5] / cost
    assert launch_share > 0.5  # "most of the money goes into launching products"
    assert round(100 * launch_share) == 72
    shown = lesson.funnel_explorer()
    assert (
        shown.chart.spec["title"] == "Expected commercial successes: 1, at 237,500 cost units each"
    )


def test_a_funnel_that_expects_one_success_often_gives_none():
    chance = math.prod(rates_from_csv())
    none = (1 - chance) ** 3000
    assert 1 / 3 < none < 0.4  # "more than a third of the time"
    at_most_two = sum(math.comb(3000, k) * chance**k * (1 - chance) ** (3000 - k) for k in range(3))
    assert at_most_two > 0.9  # "most runs give zero, one or two successes"
    runs = toolbox.simulate_funnel(3000, lesson.published_stages(), runs=2000, seed=1)
    assert (runs.launches == 0).mean() == pytest.approx(none, abs=0.03)


def test_netflix_members_abroad_grew_sixteenfold():
    abroad = csvdata.series("video_rental", "subscribers_streaming_international", "Netflix")
    assert round(abroad[2015] / abroad[2011]) == 16  # "sixteenfold from 2011 to 2015"


def test_blockbuster_had_eight_times_the_revenue_and_under_half_the_value_in_2005():
    def figure(metric, company):
        return csvdata.value("video_rental", metric, 2005, company, "USD_billion")

    assert 8 < figure("revenue", "Blockbuster") / figure("revenue", "Netflix") < 9
    assert figure("market_value", "Blockbuster") / figure("market_value", "Netflix") < 0.5
    events = csvdata.rows("video_rental", "events")
    assert any("Total Access" in event["event"] for event in events)


def test_nagji_and_tuff_split_and_returns():
    def share(kind, what):
        return csvdata.value(
            "innovation_portfolio", f"share_of_innovation_{what}_{kind}", 2012, unit=None
        )

    kinds = ["core", "adjacent", "transformational"]
    assert [share(kind, "resources") for kind in kinds] == [70, 20, 10]
    assert [share(kind, "returns") for kind in kinds] == [10, 20, 70]
    per_unit = {kind: share(kind, "returns") / share(kind, "resources") for kind in kinds}
    assert round(per_unit["transformational"] / per_unit["core"]) == 49
    assert lesson.published_portfolio().tolist() == [70, 20, 10]
    # "a fifth in the middle", read through the course's mapping
    shares = toolbox.barbell({kind: (share(kind, "resources"), lesson.PORTFOLIO_KINDS[kind])
                              for kind in kinds})  # fmt: skip
    assert dict(zip(shares.kind, shares.share, strict=True))["middle"] == pytest.approx(0.2)


def test_the_feedback_loop_claims():
    assert 52 // 4 == 13 and 52 // 13 == 4  # loops in a year at each speed
    monthly = toolbox.feedback_loop(0.2, weeks_per_loop=4).gap.iloc[-1]
    quarterly = toolbox.feedback_loop(0.2, weeks_per_loop=13).gap.iloc[-1]
    assert monthly == pytest.approx(0.8**13) and quarterly == pytest.approx(0.8**4)
    assert monthly < quarterly  # "shorter loops compound"


def test_concorde_fails_the_filter_on_viability_alone():
    verdict = toolbox.design_filter(desirability=3, feasibility=5, viability=1)
    assert verdict.failing == ("viability",)
    assert "design_filter(desirability=3, feasibility=5, viability=1)" in notebook_code()


def test_the_course_readings_agree_with_the_models_and_the_notebook():
    for name, reading in lesson.TYPE_CASES.items():
        kind = toolbox.innovation_type(reading.first, reading.second)
        assert kind.split()[0] in reading.reason.lower(), name
    for name, reading in lesson.GROWTH_CASES.items():
        mode = toolbox.growth_mode(reading.first, reading.second)
        assert f"{mode} mode" in reading.reason, name
    code = notebook_code()
    for company, scores in lesson.COURSE_SCORES.items():
        assert f"{company.lower()} = {json.dumps(scores)}" in code
    for name in [*lesson.TYPE_CASES, *lesson.GROWTH_CASES]:
        assert f'"{name}"' in code


# -------------------------------------------------------------------------- the explorers


def controls(figure):
    return list(figure.children[0].children)


def by_description(figure):
    return {control.description: control for control in controls(figure)}


def title(figure) -> str:
    spec = figure.chart.spec
    return spec["title"] if isinstance(spec["title"], str) else spec["title"]["text"]


@pytest.mark.parametrize("explorer", [lesson.types_explorer, lesson.growth_explorer])
def test_every_placement_draws_and_says_why(explorer):
    shown = explorer()
    case, first, second = controls(shown)
    cases = lesson.TYPE_CASES if explorer is lesson.types_explorer else lesson.GROWTH_CASES
    for name, one, two in itertools.product(cases, ["yes", "no"], ["yes", "no"]):
        case.value, first.value, second.value = name, one, two
        reading = cases[name]
        agrees = (one == "yes", two == "yes") == (reading.first, reading.second)
        assert ("as the course reads it too" in title(shown)) == agrees
        assert reading.reason in shown.chart.spec["description"]


def test_the_funnel_explorer_starts_at_the_published_rates_and_draws_at_every_end():
    shown = lesson.funnel_explorer()
    sliders = controls(shown)
    assert [slider.value / 100 for slider in sliders] == pytest.approx(rates_from_csv())
    for slider in sliders:
        start = slider.value
        for value in (slider.min, slider.max):
            slider.value = value
            assert title(shown).startswith("Expected commercial successes")
        slider.value = start
    assert "course's assumption" in html.unescape(shown.caption.value)


def test_the_competition_explorer_starts_at_the_course_scores_and_draws_any_scores():
    shown = lesson.competition_explorer()
    named = by_description(shown)
    assert named["First: customers"].value == lesson.COURSE_SCORES["Netflix"]["customers"]
    assert (
        named["Second: distribution"].value == lesson.COURSE_SCORES["Blockbuster"]["distribution"]
    )
    assert "compete most on customers" in shown.chart.spec["description"]
    for name, control in named.items():
        if name.startswith(("First:", "Second:")):
            control.value = 0
    assert "do not overlap" in shown.chart.spec["description"]
    named["First company"].value = ""
    named["Second company"].value = ""
    assert title(shown) == "Where First company and Second company compete"
    named["First company"].value = "Amazon"
    named["Second company"].value = "Amazon"
    assert "Amazon (2)" in title(shown)


def test_the_loop_explorer_draws_at_its_ends():
    shown = lesson.loop_explorer()
    named = by_description(shown)
    for weeks_a, weeks_b, share in itertools.product((1, 26), (1, 26), (5, 50)):
        named["Team A: weeks per loop"].value = weeks_a
        named["Team B: weeks per loop"].value = weeks_b
        named["Each loop closes (% of the gap left)"].value = share
        assert "of the gap left" in shown.chart.spec["description"]


def test_the_barbell_explorer_draws_and_explains_an_empty_portfolio():
    shown = lesson.barbell_explorer()
    named = by_description(shown)
    named["The middle"].value = 0
    assert title(shown) == "Your portfolio: 0% in the middle"
    for control in named.values():
        control.value = 0
    assert title(shown) == "This setting cannot be drawn"
    assert "no effort" in shown.chart.spec["description"]


def test_the_design_explorer_names_every_failing_lens():
    shown = lesson.design_explorer()
    named = by_description(shown)
    for scores in itertools.product((1, 3, 5), repeat=3):
        for lens, score in zip(lesson.LENSES, scores, strict=True):
            named[lens.capitalize()].value = score
        failing = [lens for lens, score in zip(lesson.LENSES, scores, strict=True) if score < 3]
        assert all(lens in title(shown) for lens in failing)
        assert ("passes the filter" in title(shown)) == (not failing)
    named["The line every lens must reach"].value = 1
    assert "passes the filter" in title(shown)


# ----------------------------------------------------------------------------- exercises


def test_multiple_choice_answers():
    for exercise, right in (
        (lesson.four_types, "b"),
        (lesson.growth, "d"),
        (lesson.design_average, "c"),
        (lesson.constructive, "a"),
        (lesson.frugal, "c"),
    ):
        assert exercise.check(right).correct is True
        wrong = next(key for key in exercise.options if key != right)
        assert exercise.check(wrong).correct is False
        assert exercise.check(None).correct is None


def successes_from_csv(ideas=4500, rate=0.15, stage=2, last=6) -> float:
    rates = rates_from_csv()
    rates[stage] = rate
    return ideas * math.prod(rates[:last])


def test_successes_accepts_the_truth_and_names_typical_mistakes():
    truth = successes_from_csv()
    assert truth == pytest.approx(3.125)
    assert lesson.successes.check(round(truth, 2)).correct is True
    launches = lesson.successes.check(successes_from_csv(last=5))
    assert launches.correct is False and "expected launches" in launches.message
    unchanged = lesson.successes.check(successes_from_csv(rate=9 / 125))
    assert "published funnel" in unchanged.message
    assert "3,000 raw ideas" in lesson.successes.check(successes_from_csv(ideas=3000)).message
    assert "stage after" in lesson.successes.check(successes_from_csv(stage=3)).message
    assert "stage before" in lesson.successes.check(successes_from_csv(stage=1)).message
    assert lesson.successes.check(None).correct is None


def test_successes_can_be_computed_with_the_library_as_the_hint_says():
    stages = lesson.published_stages()
    stages[2] = toolbox.Stage("small project", 0.15, stages[2].cost_per_idea)
    assert lesson.successes.check(toolbox.outcome(4500, stages).launches).correct is True


def cost_per_success(ideas, pass_rates, costs):
    entering, total = ideas, 0
    for rate, cost in zip(pass_rates, costs, strict=True):
        total += entering * cost
        entering *= rate
    return total / entering


def test_cost_per_success_passes_a_correct_function_and_diagnoses_wrong_ones():
    assert lesson.cost_per_success.check(cost_per_success).correct is True
    # On the published funnel it gives the lesson's cost per commercial success.
    assert cost_per_success(3000, rates_from_csv(), lesson.ASSUMED_COSTS) == pytest.approx(237_500)

    def on_leaving(ideas, pass_rates, costs):
        entering, total = ideas, 0
        for rate, cost in zip(pass_rates, costs, strict=True):
            entering *= rate
            total += entering * cost
        return total / entering

    def per_idea(ideas, pass_rates, costs):
        return cost_per_success(ideas, pass_rates, costs) * math.prod(pass_rates)

    def total(ideas, pass_rates, costs):
        return cost_per_success(ideas, pass_rates, costs) * ideas * math.prod(pass_rates)

    assert "enters it" in lesson.cost_per_success.check(on_leaving).message
    assert "raw ideas" in lesson.cost_per_success.check(per_idea).message
    assert "total cost" in lesson.cost_per_success.check(total).message
    assert lesson.cost_per_success.check(lambda ideas, rates, costs: None).correct is None
    assert "not a function" in lesson.cost_per_success.check(237_500).message


def test_ideas_for_launches_accepts_the_truth_and_names_typical_mistakes():
    rates = rates_from_csv()
    truth = math.ceil(5 / math.prod(rates[:5]))
    assert truth == 8824
    assert lesson.ideas_for_launches.check(truth).correct is True
    successes = lesson.ideas_for_launches.check(math.ceil(5 / math.prod(rates)))
    assert successes.correct is False and "5 commercial successes" in successes.message
    assert "round up" in lesson.ideas_for_launches.check(truth - 1).message
    assert lesson.ideas_for_launches.check(None).correct is None


def overlap_share(first, second):
    return sum(min(first[name], second[name]) for name in toolbox.OVERLAPS) / 12


def test_overlap_share_passes_a_correct_function_and_diagnoses_wrong_ones():
    assert 3 * len(toolbox.OVERLAPS) == 12  # "divide by 12"
    assert lesson.overlap_share.check(overlap_share).correct is True

    def larger(first, second):
        return sum(max(first[name], second[name]) for name in toolbox.OVERLAPS) / 12

    def average(first, second):
        return sum(min(first[name], second[name]) for name in toolbox.OVERLAPS) / 4

    def added(first, second):
        return sum(first[name] + second[name] for name in toolbox.OVERLAPS) / 24

    assert "larger of the two scores" in lesson.overlap_share.check(larger).message
    assert "divided by 4" in lesson.overlap_share.check(average).message
    assert "add both" in lesson.overlap_share.check(added).message
    crashing = lesson.overlap_share.check(lambda first, second: first["price"])
    assert crashing.correct is False and "KeyError" in crashing.message


#: The headings of the second source text's "Related Innovation Frameworks", and where each is
#: taught (this lesson unless a lesson is named); "business engineering" and "idea generation"
#: are headings with no text under them in the source.
SOURCE_FRAMEWORKS = {
    "business engineering": "", "business model innovation": "", "innovation loop": "",
    "types of innovation": "", "continuous innovation": "", "disruptive innovation": "lesson 4",
    "business competition": "", "technological modeling": "",
    "diffusion of innovation": "lesson 5", "frugal innovation": "", "constructive disruption": "",
    "growth matrix": "", "innovation funnel": "", "idea generation": "", "design thinking": "",
}  # fmt: skip


def test_every_framework_of_the_source_text_is_taught_or_pointed_to():
    cells = json.loads((ROOT / "notebooks" / NOTEBOOK).read_text(encoding="utf-8"))["cells"]
    markdown = "\n".join(
        "".join(cell["source"]) for cell in cells if cell["cell_type"] == "markdown"
    ).lower()
    headings = " ".join(
        line for line in markdown.splitlines() if line.startswith("## ")
    )  # each framework taught here has a section of its own
    for framework, elsewhere in SOURCE_FRAMEWORKS.items():
        assert framework in markdown, framework
        if elsewhere:
            assert f"{framework}** ({elsewhere})" in markdown or elsewhere in markdown, framework
        elif framework not in ("business engineering", "idea generation"):
            assert framework.split()[-1] in headings, framework


# ------------------------------------------------------ the explorers on the static site
# The course website has no Python: each explorer offers settings computed when the page is
# built. The settings the lesson's text asks the reader to try must be among them.


def notebook_text() -> str:
    cells = json.loads((ROOT / "notebooks" / NOTEBOOK).read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(cell["source"]) for cell in cells if cell["cell_type"] == "markdown")


def site_settings(explorer, monkeypatch) -> list[tuple[dict[str, str], dict]]:
    """Each setting of the explorer's static copy: its controls' labels, by control
    description, and its chart's spec; the first is where the explorer starts."""
    from course_lib import render

    monkeypatch.setenv(render.STATIC_SITE, "1")
    settings = explorer().site_settings
    return [
        (
            {
                name: labels[option]
                for (name, labels), option in zip(settings.controls, setting.values, strict=True)
            },
            setting.spec,
        )
        for setting in settings.settings
    ]


def spec_title(spec: dict) -> str:
    return spec["title"] if isinstance(spec["title"], str) else spec["title"]["text"]


def test_on_the_site_the_funnel_offers_each_stage_raised_as_the_lesson_asks(monkeypatch):
    raise_by = re.search(r"raise one stage by (\d+) percentage points", notebook_text())
    assert raise_by, "the lesson's question on the funnel"
    points = int(raise_by.group(1))
    settings = site_settings(lesson.funnel_explorer, monkeypatch)
    start, _ = settings[0]
    rates = rates_from_csv()[:6]
    assert [float(label) for label in start.values()] == pytest.approx(
        [100 * rate for rate in rates], abs=0.005
    )
    sliders = list(start)
    for stage in range(6):
        raised = dict(start)
        raised[sliders[stage]] = f"{100 * rates[stage] + points:.2f}".rstrip("0").rstrip(".")
        found = [spec for labels, spec in settings if labels == raised]
        assert len(found) == 1, f"stage {stage} raised by {points} points"
        successes = 3000 * math.prod(rates) * (rates[stage] + points / 100) / rates[stage]
        shown = re.match(r"Expected commercial successes: ([\d.]+),", spec_title(found[0]))
        assert float(shown.group(1)) == pytest.approx(successes, rel=0.005)
    assert len(settings) <= 25  # still a small page


def assert_every_score_offered(settings, sliders: list[str], scale: re.Match) -> None:
    """Each slider can be set to each score of the scale the lesson states, the others
    staying where the explorer starts."""
    assert scale, "the lesson states the scores' scale"
    start, _ = settings[0]
    offered = [labels for labels, _ in settings]
    for slider in sliders:
        for score in range(int(scale.group(1)), int(scale.group(2)) + 1):
            assert {**start, slider: str(score)} in offered, (slider, score)


def test_on_the_site_each_competition_score_can_take_every_value(monkeypatch):
    scale = re.search(r"from (\d) \(none\) to (\d) \(all", notebook_text())
    settings = site_settings(lesson.competition_explorer, monkeypatch)
    start, _ = settings[0]
    dimensions = ["customers", "technology", "distribution", "financial model"]
    assert all(dimension in notebook_text() for dimension in dimensions)
    sliders = [f"{side}: {dimension}" for side in ("First", "Second") for dimension in dimensions]
    assert_every_score_offered(settings, sliders, scale)
    # the page starts at the course's scores, which the lesson lists with their reasons
    listed = re.findall(r"\*\*(\w[\w ]*)\*\*, (\d) and (\d):", notebook_text())
    assert [name for name, _, _ in listed] == dimensions
    for name, netflix, blockbuster in listed:
        assert (start[f"First: {name}"], start[f"Second: {name}"]) == (netflix, blockbuster)


def test_on_the_site_the_design_filter_offers_every_score_and_concorde(monkeypatch):
    scale = re.search(r"Score an idea of your own from (\d) to (\d)", notebook_text())
    settings = site_settings(lesson.design_explorer, monkeypatch)
    start, _ = settings[0]
    assert_every_score_offered(settings, list(start), scale)
    # The lesson puts Concorde through the filter with the course's scores.
    words = re.search(
        r"desirability (\d).*?feasibility (\d).*?viability (\d)", notebook_text(), re.DOTALL
    )
    concorde = {**start, "Desirability": words.group(1), "Feasibility": words.group(2)}
    concorde["Viability"] = words.group(3)
    found = [spec for labels, spec in settings if labels == concorde]
    assert len(found) == 1 and "viab" in spec_title(found[0])
    assert "passes the filter" not in spec_title(found[0])


@pytest.mark.parametrize("explorer", [lesson.types_explorer, lesson.growth_explorer])
def test_on_the_site_every_case_can_be_placed_in_every_quadrant(explorer, monkeypatch):
    assert "Pick a case and answer the two questions" in notebook_text()
    settings = site_settings(explorer, monkeypatch)
    cases = lesson.TYPE_CASES if explorer is lesson.types_explorer else lesson.GROWTH_CASES
    placed = {tuple(labels.values()) for labels, _ in settings}
    assert placed == set(itertools.product(cases, ["yes", "no"], ["yes", "no"]))
