"""Lesson 8, the innovation toolbox: solutions.

Each cell replaces the learner's cell of the exercise it is named for
(`python -m devtools.solutions notebooks build/solutions` writes the notebook with them).
Names such as `cl`, `lesson`, `stages` (the published funnel, six `cl.toolbox.Stage`s) and
`costs` come from the lesson's earlier cells.
"""
# ruff: noqa: F821

# %% four_types
answer = "b"  # a precisely stated problem, solved from an unexpected field: breakthrough
lesson.four_types.check(answer)

# %% growth
answer = "d"  # a new problem (computing on demand) for new customers: reinvent
lesson.growth.check(answer)

# %% successes
improved = list(stages)
improved[2] = cl.toolbox.Stage("small project", 0.15, costs[2])  # small to significant
successes = cl.toolbox.outcome(4500, improved).launches  # with the launch stage: successes
lesson.successes.check(successes)


# %% cost_per_success
def cost_per_success(ideas, pass_rates, costs):
    entering, total = ideas, 0.0
    for rate, cost in zip(pass_rates, costs, strict=True):
        total = total + entering * cost  # every idea entering a stage costs its amount
        entering = entering * rate
    return total / entering


lesson.cost_per_success.check(cost_per_success)

# %% ideas_for_launches
ideas = cl.toolbox.ideas_needed(5, stages[:5])  # the five stages up to the launch
lesson.ideas_for_launches.check(ideas)


# %% overlap_share
def overlap_share(first, second):
    overlaps = [min(first[name], second[name]) for name in cl.toolbox.OVERLAPS]
    return sum(overlaps) / 12  # four dimensions, 3 at most each


lesson.overlap_share.check(overlap_share)

# %% design_average
answer = "c"  # A fails on viability, B passes every lens
lesson.design_average.check(answer)

# %% constructive
answer = "a"  # an incumbent's decision to change its own ways, not a process from below
lesson.constructive.check(answer)

# %% frugal
answer = "c"  # more value from fewer, local resources: the clay fridge
lesson.frugal.check(answer)
