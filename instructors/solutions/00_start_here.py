"""Lesson 0, start here: solutions.

Each cell replaces the learner's cell of the exercise it is named for
(`python -m devtools.solutions notebooks build/solutions` writes the notebook with them).
Names such as `cl`, `lesson`, `revenue` and `pd` come from the lesson's earlier cells.
"""
# ruff: noqa: F821

# %% netflix_growth
netflix = cl.data.metric("video_rental", "revenue", entity="Netflix", unit="USD_million")
growth_2011 = 100 * (netflix[2011] / netflix[2010] - 1)
lesson.netflix_growth.check(growth_2011)

# %% slowest_growth
# As for IBM: a row for every year, then growth over the year before. Netflix's changes of
# basis (2004 and 2005) come before the years asked for, so none needs leaving out here.
netflix_years = range(netflix.index.min(), netflix.index.max() + 1)
netflix_full = netflix.reindex(netflix_years)
netflix_growth = netflix_full / netflix_full.shift(1) - 1
slowest = netflix_growth.loc[2006:2015].idxmin()
lesson.slowest_growth.check(slowest)

# %% ibm_csv
# Four fixes: "USD_milion" misspelt; 95,758 has a thousands comma that splits the row;
# the second 2010 row is 2011's figure, in billions: give it its year and convert it.
fixed_csv = """entity,year,revenue,unit
IBM,2007,98786,USD_million
IBM,2008,103630,USD_million
IBM,2009,95758,USD_million
IBM,2010,99870,USD_million
IBM,2011,106900,USD_million
"""
ibm_table = cl.learner_csv.read_company_csv(fixed_csv)
lesson.ibm_csv.check(ibm_table)

# %% gaps
answer = "a"  # shift(1) takes the previous row: with no 1994 row, 1995 is compared with 1993
lesson.gaps.check(answer)

# %% slider_kind
answer = "b"  # the slider is a Vega-Lite parameter of the chart: it runs in the browser
lesson.slider_kind.check(answer)
