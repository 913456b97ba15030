"""Lesson 3, anticipating value migration: solutions.

Each cell replaces the learner's cell of the exercise it is named for
(`python -m devtools.solutions notebooks build/solutions` writes the notebook with them).
Names such as `cl`, `lesson`, `kodak_value`, `kodak_signals` and `kodak_event_year` come from
the lesson's earlier cells.
"""
# ruff: noqa: F821

# %% lens
answer = "c"  # interchangeable offers and falling prices: a market turning into a commodity
lesson.lens.check(answer)

# %% remedy
answer = "b"  # brand, no heavy bulk discounts, and an offer renewed around more value
lesson.remedy.check(answer)

# %% market_value_change
kodak_value = cl.data.metric("kodak", "market_value", unit="USD_billion")
change = kodak_value[1999] / kodak_value[1998] - 1
lesson.market_value_change.check(change)


# %% slow_growth
def slow_growth(revenue, line=0.02):
    growth = revenue / revenue.shift(1) - 1  # each year's growth, on the later year
    return list(growth.index[growth < line])


lesson.slow_growth.check(slow_growth)

# %% two_signals
stricter_result = cl.migration.backtest(kodak_signals, kodak_event_year, at_least=2)
first_two = stricter_result.first_warning
lesson.two_signals.check(first_two)

# %% ibm_one_basis
ibm_first = cl.data.metric("ibm", "revenue", unit="USD_million", basis="as first reported")
ibm_growth = ibm_first[2001] / ibm_first[2000] - 1
lesson.ibm_one_basis.check(ibm_growth)

# %% stricter
answer = "b"  # two signals in one year come later than one: fewer false alarms, less time
lesson.stricter.check(answer)
