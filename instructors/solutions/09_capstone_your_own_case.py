"""Lesson 9, capstone: solutions.

Each cell replaces the learner's cell of the exercise it is named for
(`python -m devtools.solutions notebooks build/solutions` writes the notebook with them).
Names such as `cl`, `lesson`, `pd` and `sample` (the sample file read as a table) come from the
lesson's earlier cells. The exercises use the sample, whatever company the learner chose.
"""
# ruff: noqa: F821

# %% outflow_years
blockbuster = sample[sample.entity == "Blockbuster"]
blockbuster = blockbuster.pivot(index="year", columns="metric", values="value")
blockbuster_phases = cl.migration.classify(
    blockbuster["revenue"], blockbuster.get("net_income"), blockbuster.get("market_value")
)
outflow_years = (blockbuster_phases.phase == "outflow").sum()
lesson.outflow_years.check(outflow_years)

# %% half_year
# Netflix earns half of Blockbuster's revenue when it has a third of the two together.
pair = cl.data.series(sample, "revenue", unit="USD_million").dropna()
netflix_share = pair["Netflix"] / (pair["Netflix"] + pair["Blockbuster"])
share_fit = cl.diffusion.fit_fisher_pry(netflix_share.index, netflix_share.values)
half_year = share_fit.year_reaching(1 / 3)
lesson.half_year.check(half_year)

# %% margin_chart
margin_tables = []
for name in ["Netflix", "Blockbuster"]:
    rows = sample[sample.entity == name]
    wide = rows.pivot(index="year", columns="metric", values="value")
    margin = (100 * wide["net_income"] / wide["revenue"]).dropna()
    margin_tables.append(margin.rename("margin").reset_index().assign(entity=name))
# ignore_index: one row number per row (cl.charts.line_chart refuses a repeated index).
margins = pd.concat(margin_tables, ignore_index=True)
my_chart = cl.charts.line_chart(
    margins,
    x="year",
    y="margin",
    series="entity",
    title="Net margins of Netflix and Blockbuster",
    description="Net income as a percentage of revenue, in each year with both figures.",
    x_title="Year",
    y_title="Net margin (%)",
)
lesson.margin_chart.check(my_chart)

# %% currencies
answer = "a"  # a share adds two companies' revenues: only meaningful in one currency
lesson.currencies.check(answer)

# %% value_network
answer = "b"  # in the incumbent's network the technology is bent to sustain the old model
lesson.value_network.check(answer)
