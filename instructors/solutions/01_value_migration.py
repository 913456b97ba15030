"""Lesson 1, value migration: solutions.

Each cell replaces the learner's cell of the exercise it is named for
(`python -m devtools.solutions notebooks build/solutions` writes the notebook with them).
Names such as `cl`, `lesson` and `pd` come from the lesson's earlier cells.
"""
# ruff: noqa: F821

# %% who
answer = "c"  # one company, IBM, moved its value from one business design to another
lesson.who.check(answer)

# %% ratio_meaning
answer = "a"  # investors pay 3 dollars for each dollar of sales: they expect growth
lesson.ratio_meaning.check(answer)

# %% blockbuster_ratio
blockbuster_value = cl.data.metric(
    "video_rental", "market_value", entity="Blockbuster", unit="USD_billion"
)
blockbuster_revenue = cl.data.metric(
    "video_rental", "revenue", entity="Blockbuster", unit="USD_billion"
)
blockbuster_ratio = cl.migration.value_ratio(blockbuster_value, blockbuster_revenue)
lesson.blockbuster_ratio.check(blockbuster_ratio)

# %% revenue_multiple
revenue_million = cl.data.metric(
    "video_rental", "revenue", entity="Blockbuster", unit="USD_million"
)
netflix_million = cl.data.metric("video_rental", "revenue", entity="Netflix", unit="USD_million")
times = revenue_million[2010] / netflix_million[2010]
lesson.revenue_multiple.check(times)


# %% first_year_ahead
def first_year_ahead(rising, falling):
    both = pd.concat([rising, falling], axis=1).dropna()  # years with both figures
    ahead = both.index[both.iloc[:, 0] > both.iloc[:, 1]]
    if len(ahead) == 0:
        return None
    return ahead.min()


lesson.first_year_ahead.check(first_year_ahead)

# %% ratio_chart
my_chart = cl.charts.line_chart(
    blockbuster_ratio.reset_index(),
    x="year",
    y="value_ratio",
    title="Blockbuster: market value ÷ revenue",
    description="Blockbuster's value ratio in each year that has both figures.",
    x_title="Year",
    y_title="Market value ÷ revenue",
)
my_chart = my_chart.properties(title="Blockbuster's value ratio collapsed")
lesson.ratio_chart.check(my_chart)

# %% kodak_fujifilm
answer = "b"  # an index compares each company with its own base year, not with the other
lesson.kodak_fujifilm.check(answer)
