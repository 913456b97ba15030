"""Lesson 0, start here: the tour chart, the series explorer and the lesson's exercises.

What the lesson computes (IBM's peak year, a growth rate, where a figure comes from) is
written in the notebook itself with ``cl.data``, pandas and ``cl.charts``. This module holds
only what is particular to the lesson: the tour chart with its in-browser year slider, the
drop-down explorer, and the exercises with their checks.
"""

from __future__ import annotations

import math
from functools import cache
from typing import TYPE_CHECKING, Any

from .. import charts, data, widgets
from ..exercises import Exercise, Feedback, MultipleChoice, Numeric

if TYPE_CHECKING:
    import altair as alt
    import pandas as pd

#: The series a learner can pick in the explorer: label -> where the figures are, the axis
#: title, and what a reader needs to know about them.
SERIES: dict[str, dict[str, Any]] = {
    "Netflix and Blockbuster: revenue": {
        "case": "video_rental",
        "metric": "revenue",
        "unit": "USD_billion",
        "y_title": "Revenue (USD billion)",
        "note": "Netflix's 2004 figure is the one restated in its 2007 annual report, and "
        "Blockbuster's 2005 figure the one shown a year later (it may be restated), so read "
        "Blockbuster's fall after 2004 with care.",
    },
    "Business jets: deliveries": {
        "case": "aviation",
        "metric": "deliveries",
        "unit": "count",
        "entities": ["Business jets (worldwide)"],
        "y_title": "Business jets delivered (worldwide)",
        "note": "Some years are the manufacturers' association's figure as revised a year "
        "later; for 2010 two figures exist and the first one reported is shown.",
    },
    "Smartphones: shipments": {
        "case": "cameras",
        "metric": "shipments",
        "unit": "million",
        "entities": ["Smartphones (worldwide)"],
        "y_title": "Smartphones shipped (million, worldwide)",
        "note": "Several years are IDC's figure as revised a year later (revisions of at most "
        "about 1.5%).",
    },
}


def _ibm_revenue() -> pd.Series:
    return data.metric("ibm", "revenue", unit="USD_billion")


def tour_chart() -> alt.LayerChart:
    """IBM's revenue with a year slider under it (a Vega-Lite parameter: runs in the browser).

    The line is not joined across a missing year or a change of basis (a restatement).

    >>> spec = tour_chart().to_dict()
    >>> spec["params"][0]["bind"]["input"], spec["title"]
    ('range', 'IBM: revenue by year')
    """
    revenue = _ibm_revenue()
    frame = revenue.rename("revenue").rename_axis("year").reset_index()
    return charts.year_slider_chart(
        frame,
        x="year",
        y="revenue",
        y_title="Revenue (USD billion)",
        title="IBM: revenue by year",
        description=(
            "IBM's yearly revenue in billions of US dollars. Move the Year slider under the "
            "chart: the dashed line and the figure follow it. The line has gaps: 1994 has no "
            "verified source, and where the basis of the figures changes from one year to the "
            "next (IBM took a sold business out of its revenue, or a figure was later revised) "
            "the two years are not joined."
        ),
        start=1993,
        breaks=data.basis_breaks(revenue),
    )


def tour_figure() -> widgets.Figure:
    """The tour chart with its description, table view and sources.

    >>> "Table view" in tour_figure().caption.value
    True
    """
    revenue = _ibm_revenue()
    table = revenue.round(3).rename("revenue (USD billion)").rename_axis("year").reset_index()
    rows = data.load("ibm").query("metric == 'revenue'")
    return widgets.figure(tour_chart(), table, data.citation(rows))


@cache
def _series_view(label: str) -> tuple[alt.Chart, pd.DataFrame, str]:
    chosen = SERIES[label]
    observations = data.load(chosen["case"])
    frame = data.tidy_series(
        observations, chosen["metric"], unit=chosen["unit"], entities=chosen.get("entities")
    )
    rows = observations[
        (observations.metric == chosen["metric"]) & observations.entity.isin(set(frame.entity))
    ]
    chart = charts.line_chart(
        frame,
        x="year",
        y="value",
        series="entity",
        x_title="Year",
        y_title=chosen["y_title"],
        title=label,
        description=f"{chosen['y_title']}, by year. Gaps are years no verified source gives. "
        f"{chosen['note']}",
    )
    return chart, frame, data.citation(rows)


def explorer() -> widgets.Figure:
    """A drop-down that switches the chart between real series, in place (Python redraws it).

    >>> shown = explorer()
    >>> picker = shown.children[0].children[0]
    >>> picker.value = "Business jets: deliveries"
    >>> shown.chart.chart.title
    'Business jets: deliveries'
    """
    return widgets.explore_choice(_series_view, "Series", list(SERIES))


# ------------------------------------------------------------------------- exercises


def _growth_percent(case: str, entity: str, year: int) -> float:
    """Growth of ``entity``'s revenue in ``year`` over the year before, in percent."""
    revenue = data.metric(case, "revenue", entity=entity, unit="USD_million")
    return 100 * (revenue[year] / revenue[year - 1] - 1)


def _share(right: float) -> float:
    return right / 100


def _years_swapped(right: float) -> float:
    return 100 * (1 / (1 + right / 100) - 1)


def _ratio_not_growth(right: float) -> float:
    return 1 + right / 100


worked_example = Numeric(
    "Worked example: IBM's revenue growth in its peak year, over the year before, in percent.",
    answer=lambda: _growth_percent("ibm", "IBM", int(data.metric("ibm", "revenue").idxmax())),
    tolerance=0.1,
    absolute=True,
    mistakes={
        "that is the growth as a share of one; the question asks for percent, so multiply "
        "by 100.": _share,
    },
)


def _netflix_revenue() -> pd.Series:
    return data.metric("video_rental", "revenue", entity="Netflix", unit="USD_million")


def _netflix_2010_growth(_right: float) -> float:
    return _growth_percent("video_rental", "Netflix", 2010)


def _netflix_change_in_millions(_right: float) -> float:
    revenue = _netflix_revenue()
    return float(revenue[2011] - revenue[2010])


netflix_growth = Numeric(
    "By what percent did Netflix's revenue grow in 2011, over 2010? Compute it from "
    "cl.data.metric with the growth formula above, and assign it to `growth_2011` in percent "
    "(not as a share).",
    answer=lambda: _growth_percent("video_rental", "Netflix", 2011),
    tolerance=0.1,
    absolute=True,
    asks_for_code=True,
    mistakes={
        "that is the growth as a share of one; the question asks for percent, so multiply "
        "by 100.": _share,
        "the years are swapped: that is 2010 divided by 2011. The later year goes on top, "
        "the year before underneath.": _years_swapped,
        "the years are swapped (2010 divided by 2011), and it is a share, not a percent.": (
            lambda right: _share(_years_swapped(right))
        ),
        "that is the ratio of the two years; subtract 1 to get the growth, then multiply by "
        "100 for percent.": _ratio_not_growth,
        "that is the change in million dollars, not a growth rate: divide the new revenue by "
        "the year before's and subtract 1.": _netflix_change_in_millions,
        "that is the growth in 2010 (over 2009), one year early.": _netflix_2010_growth,
    },
    hint="Load the figures with cl.data.metric('video_rental', 'revenue', entity='Netflix'); "
    "a Series indexed by year gives one year's figure with revenue[year].",
)


def _netflix_growth_2006_2015() -> pd.Series:
    revenue = _netflix_revenue()
    growth = revenue / revenue.shift(1) - 1
    return growth.loc[2006:2015]


def _slowest_growth_year() -> int:
    return int(_netflix_growth_2006_2015().idxmin())


def _fastest_growth_year(_right: float) -> int:
    return int(_netflix_growth_2006_2015().idxmax())


def _smallest_increase_year(_right: float) -> int:
    revenue = _netflix_revenue()
    return int(revenue.diff().loc[2006:2015].idxmin())


slowest_growth = Numeric(
    "Netflix's revenue grew every year from 2006 to 2015. In which of those years did it grow "
    "least, in percent over the year before? Compute every year's growth with pandas, find "
    "the year with .idxmin(), and assign it to `slowest`.",
    answer=_slowest_growth_year,
    tolerance=0,
    absolute=True,
    year=True,
    asks_for_code=True,
    mistakes={
        "that is the year of the fastest growth: .idxmax() finds the largest value, "
        ".idxmin() the smallest.": _fastest_growth_year,
        "that is the year of the smallest increase in dollars. A growth rate divides the "
        "increase by the year before's revenue, so the same increase is a smaller growth for "
        "a bigger company.": _smallest_increase_year,
    },
    hint="Compute the growth of every year as the IBM cells did; .loc[first:last] keeps a range "
    "of years, and .idxmin() gives the year of the smallest value.",
)

#: IBM's revenue for five years, typed from its reports by hand, with four mistakes.
BROKEN_CSV = """entity,year,revenue,unit
IBM,2007,98786,USD_million
IBM,2008,103630,USD_milion
IBM,2009,95,758,USD_million
IBM,2010,99870,USD_million
IBM,2010,106.9,USD_billion
"""
#: The years BROKEN_CSV is meant to hold, and the one whose figure has a thousands comma.
CSV_YEARS = (2007, 2008, 2009, 2010, 2011)
COMMA_YEAR = 2009


class CompanyTableCheck(Exercise):
    """The learner corrects a company CSV and reads it with ``cl.learner_csv``; the check takes
    the table it returned and compares its revenue, year by year, with the course's figures.

    ``mistakes`` holds what to say for each typical slip (a thousands comma turned into a
    decimal point, a unit relabelled without converting the figure, a row deleted instead
    of corrected).

    >>> import course_lib as cl
    >>> fixed = (BROKEN_CSV.replace("milion", "million").replace("95,758", "95758")
    ...          .replace("2010,106.9,USD_billion", "2011,106900,USD_million"))
    >>> print(ibm_csv.check(cl.learner_csv.read_company_csv(fixed)))
    Correct. Your table loads, and its revenue matches IBM's reported figure in each of the 5 years.
    """

    kind = "code: a table"
    asks_for_code = True

    def __init__(
        self,
        question: str,
        case: str,
        entity: str,
        years: tuple[int, ...],
        comma_year: int,
        hint: str = "",
    ) -> None:
        super().__init__(question, hint)
        self.case, self.entity, self.years, self.comma_year = case, entity, years, comma_year
        self.mistakes = {
            "comma": "a comma that separates thousands is not a decimal point: delete it "
            "rather than turning it into a full stop.",
            "unit": "the unit says million but the figure is still in billions: a billion is "
            "a thousand million, so convert the figure when you change its unit.",
            "deleted": "the repeated year is the following year's figure, typed with the wrong "
            "year: correct its year rather than deleting the row.",
            "removed": "a row with a problem was deleted: correct it rather than deleting it.",
        }

    def expected(self) -> pd.Series:
        """The course's revenue figures for the years asked, in USD million."""
        revenue = data.metric(self.case, "revenue", entity=self.entity, unit="USD_million")
        return revenue.loc[list(self.years)]

    def check(self, answer: Any) -> Feedback:
        """Inspect the learner's table: its kind, its years, and each year's revenue."""
        import pandas as pd

        if answer is None:
            return Feedback(
                None,
                "Replace None with the table cl.learner_csv.read_company_csv returns for your "
                "corrected text, and run the cell.",
            )
        if isinstance(answer, str):
            return Feedback(
                False,
                "This is the text itself: read it with cl.learner_csv.read_company_csv(...) and "
                "pass the table it returns.",
                self.hint,
            )
        columns = {"year", "metric", "value", "unit"}
        if not isinstance(answer, pd.DataFrame) or not columns <= set(answer.columns):
            return Feedback(
                False,
                f"This is a {type(answer).__name__}; pass the table that "
                "cl.learner_csv.read_company_csv returns.",
                self.hint,
            )
        revenue = data.in_base_unit(answer[answer.metric == "revenue"])
        if set(revenue.unit) - {"USD"}:
            return Feedback(
                False, "IBM reports in US dollars: use a USD unit, such as USD_million.", self.hint
            )
        mine = pd.Series(revenue.value.to_numpy() / 1e6, index=revenue.year.astype(int))
        return self._compare(mine.groupby(level=0).sum(), self.expected())

    def _compare(self, mine: pd.Series, right: pd.Series) -> Feedback:
        missing = [year for year in right.index if year not in mine.index]
        extra = [year for year in mine.index if year not in right.index]
        if missing:
            last_is_missing = missing == [right.index[-1]]
            cause = self.mistakes["deleted" if last_is_missing else "removed"]
            listed = ", ".join(map(str, missing))
            return Feedback(False, f"Your table has no {listed}: {cause}", self.hint)
        if extra:
            listed = ", ".join(map(str, extra))
            return Feedback(
                False, f"Your table has {listed}, which the file does not cover.", self.hint
            )
        for year in right.index:
            if math.isclose(mine[year], right[year], rel_tol=1e-3):
                continue
            if math.isclose(mine[year] * 1000, right[year], rel_tol=1e-3):
                key = "comma" if year == self.comma_year else "unit"
                said = f"{year}'s revenue is a thousand times too small: {self.mistakes[key]}"
                return Feedback(False, said, self.hint)
            return Feedback(
                False,
                f"{year}: {mine[year]:,.6g} million dollars is not the figure the file gives.",
                self.hint,
            )
        return Feedback(
            True,
            "Your table loads, and its revenue matches IBM's reported figure in each of the "
            f"{len(right)} years.",
        )


ibm_csv = CompanyTableCheck(
    "`broken_csv` holds IBM's revenue for 2007 to 2011, typed by hand from its reports, with "
    "the mistakes the reader listed. Correct the text so that it loads, with every year in "
    "one unit; read it with cl.learner_csv.read_company_csv and assign the table to "
    "`ibm_table`.",
    case="ibm",
    entity="IBM",
    years=CSV_YEARS,
    comma_year=COMMA_YEAR,
    hint="Fix one problem at a time and read the text again: the list gets shorter. "
    "A billion is a thousand million.",
)

gaps = MultipleChoice(
    "The growth cells reindex IBM's revenue to every year before dividing by `shift(1)`. What "
    "would go wrong without the reindex?",
    {
        "a": "The growth shown for 1995 would compare 1995 with 1993, two years apart, as if "
        "it were one year's growth.",
        "b": "Nothing: shift(1) always takes the calendar year before.",
        "c": "The chart could not draw the years before 1995.",
    },
    answer="a",
    explanations={
        "a": "shift(1) takes the previous row, not the previous year; with 1994 missing, "
        "1995's previous row is 1993. Reindexing puts an empty 1994 row in between.",
        "b": "shift(1) moves values by position. With 1994 missing, the row before 1995 is 1993.",
        "c": "The chart draws any years it is given; the problem is a wrong growth figure.",
    },
    hint="Which row comes just before 1995 in IBM's revenue, as it is loaded?",
)

slider_kind = MultipleChoice(
    "The Year slider under the IBM chart keeps working in a static web page of this notebook, "
    "with no Python running. Why?",
    {
        "a": "The chart is a picture that is redrawn by Python each time.",
        "b": "The slider is part of the chart's own specification and runs in the browser.",
        "c": "The notebook stores one picture for every year.",
    },
    answer="b",
    explanations={
        "a": "If Python redrew it, it would stop working without a running kernel.",
        "b": "Vega-Lite parameters bound to inputs run entirely in the browser.",
        "c": "Nothing is stored per year; the chart filters its data as the slider moves.",
    },
)
