"""Lesson 5, diffusion and substitution: solutions.

Each cell replaces the learner's cell of the exercise it is named for
(`python -m devtools.solutions notebooks build/solutions` writes the notebook with them).
Names such as `cl`, `lesson`, `math` and `normal` (a standard `NormalDist`) come from the
lesson's earlier cells.
"""
# ruff: noqa: F821

# %% early_majority
# Innovators and early adopters adopt before the early majority: everyone more than one
# standard deviation before the mean (Rogers' rounded figures: 2.5 + 13.5 = 16).
answer = 100 * normal.cdf(-1)
lesson.early_majority.check(answer)

# %% adopter_profile
answer = "b"  # early adopters: the respected opinion leaders their neighbours watch
lesson.adopter_profile.check(answer)

# %% imitation
answer = "b"  # with p = 2% the peak comes latest at q of about 3.59 p, about 7.2%
lesson.imitation.check(answer)

# %% peak_2003
us_mobile = cl.data.metric(
    "adoption", "mobile_subscriptions", entity="Mobile subscriptions (United States)"
)
up_to_2003 = us_mobile.loc[:2003]
fit_2003 = cl.diffusion.fit_bass(up_to_2003.index, up_to_2003.values)
peak_time = math.log(fit_2003.q / fit_2003.p) / (fit_2003.p + fit_2003.q)
peak_2003 = fit_2003.launch + peak_time
lesson.peak_2003.check(peak_2003)

# %% data_share
att = "AT&T Inc. (wireline)"
att_data = cl.data.metric("telecom", "revenue_data", entity=att)
att_voice = cl.data.metric("telecom", "revenue_voice", entity=att)
data_share = (att_data / (att_data + att_voice)).dropna()
lesson.data_share.check(data_share)


# %% year_reaching
def year_reaching(midpoint, slope, share):
    # ln(share / (1 - share)) = slope × (year - midpoint), solved for the year
    return midpoint + math.log(share / (1 - share)) / slope


lesson.year_reaching.check(year_reaching)

# %% takeover_caution
answer = "b"  # the ranges count only the scatter; the slope depends on the years fitted
lesson.takeover_caution.check(answer)
