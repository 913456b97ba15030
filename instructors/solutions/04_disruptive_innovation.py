"""Lesson 4, disruptive innovation: solutions.

Each cell replaces the learner's cell of the exercise it is named for
(`python -m devtools.solutions notebooks build/solutions` writes the notebook with them).
Names such as `cl`, `lesson`, `math`, `eight_inch`, `mainframe` and `rate` come from the
lesson's earlier cells.
"""
# ruff: noqa: F821

# %% sustaining
answer = "a"  # better along the measure its current customers already value
lesson.sustaining.check(answer)

# %% predictable
answer = "b"  # the first market is small or does not exist yet: nothing to size it from
lesson.predictable.check(answer)

# %% footholds
answer = "b"  # rebar buyers already bought steel (low end); the teenagers bought no radio
lesson.footholds.check(answer)

# %% catch_up
demand_rate = cl.data.metric("disk_drives", "improvement_rate", entity="14-inch drives")
supply_factor = 1 + rate[1978] / 100  # 8-inch drives: at least 40% a year
demand_factor = 1 + demand_rate[1978] / 100  # mainframe needs, as fast as 14-inch drives
years = math.log(mainframe[1978] / eight_inch[1978]) / math.log(supply_factor / demand_factor)
lesson.catch_up.check(years)


# %% years_to_catch_up
def years_to_catch_up(supply, supply_rate, demand, demand_rate):
    if supply >= demand:
        return 0.0  # already good enough
    if supply_rate <= demand_rate:
        return None  # never catches up
    return math.log(demand / supply) / math.log((1 + supply_rate) / (1 + demand_rate))


lesson.years_to_catch_up.check(years_to_catch_up)

# %% minicomputer_needs
needed_1980 = cl.data.metric("disk_drives", "capacity_demanded_min", entity="Minicomputer market")
needs_growth = cl.data.metric("disk_drives", "demand_growth_rate", entity="Minicomputer market")
minicomputer_needs = cl.disruption.trajectory(
    needed_1980[1980], needs_growth.iloc[0] / 100, range(1980, 1991)
)
lesson.minicomputer_needs.check(minicomputer_needs)

# %% breakthrough
answer = "b"  # a good-enough product for neglected customers, with a new business model
lesson.breakthrough.check(answer)

# %% crossing_units
answer = "b"  # lines in different units cross wherever the units put them
lesson.crossing_units.check(answer)

# %% wikipedia
answer = ["technology", "value network", "business model"]
lesson.wikipedia.check(answer)

# %% concorde
# Not "cheaper per seat" (flying privately never was) nor "rose as Concorde retired"
# (deliveries fell from 2001 to 2003 and grew only after it had gone).
answer = ["worse on speed", "better on other things", "new business model"]
lesson.concorde.check(answer)
