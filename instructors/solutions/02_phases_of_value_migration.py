"""Lesson 2, the phases of value migration: solutions.

Each cell replaces the learner's cell of the exercise it is named for
(`python -m devtools.solutions notebooks build/solutions` writes the notebook with them).
Names such as `cl`, `lesson`, `pd`, `netflix_revenue` and `blockbuster_revenue` (both in USD
billion) come from the lesson's earlier cells.
"""
# ruff: noqa: F821


# %% phase
def phase(ratio, inflow=2.0, outflow=0.8):
    if ratio > inflow:
        return "inflow"
    if ratio < outflow:
        return "outflow"
    return "stability"  # on a line, or between the lines


lesson.phase.check(phase)

# %% needed_value
# value ratio = market value ÷ revenue, so on the inflow line market value = 2.0 × revenue
needed = 2.0 * netflix_revenue[2012]
lesson.needed_value.check(needed)

# %% blockbuster_2010
answer = "b"  # no market value for 2010: the ratio needs both figures of the same year
lesson.blockbuster_2010.check(answer)

# %% netflix_share
both = pd.concat({"Netflix": netflix_revenue, "Blockbuster": blockbuster_revenue}, axis=1)
both = both.dropna()  # the years both have a figure
netflix_share = both["Netflix"] / (both["Netflix"] + both["Blockbuster"])
lesson.netflix_share.check(netflix_share)

# %% share_sign
answer = "c"  # the share rises every year, but it is a share of two firms, not of the market
lesson.share_sign.check(answer)

# %% adjusting
answer = "b"  # the readers stay; the money now comes from advertisers
lesson.adjusting.check(answer)
