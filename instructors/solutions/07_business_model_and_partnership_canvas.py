"""Lesson 7, business model and partnership canvas: solutions.

Each cell replaces the learner's cell of the exercise it is named for
(`python -m devtools.solutions notebooks build/solutions` writes the notebook with them).
Names such as `cl`, `lesson`, `needs` (electric-car buyers' needs), `car_maker` and `present`
(partners), `investment`, `plant` and `equipment` come from the lesson's earlier cells.
"""
# ruff: noqa: F821

# %% which_block
answer = "b"  # late fees were money customers paid: the revenue streams changed
lesson.which_block.check(answer)

# %% nespresso_canvas
# Each desire is written in the words of the other partner's offer that meets it.
nespresso = dict(
    customer_segment=["Coffee lovers who make espresso at home"],
    joint_value=["Café-quality espresso at home, from a machine and a capsule"],
    partners=[
        cl.canvas.Partner(
            "Nespresso",
            offers=["coffee product marketing", "coffee capsules"],
            desires=["channel marketing for kitchen appliances", "machines that brew capsules"],
        ),
        cl.canvas.Partner(
            "Machine maker",
            offers=["channel marketing for kitchen appliances", "machines that brew capsules"],
            desires=["coffee product marketing", "machine sales"],
        ),
    ],
)
lesson.nespresso_canvas.check(nespresso)


# %% fit_rule
def fit(offers_a, desires_a, offers_b, desires_b):
    def share(offers, desires):
        wanted = set(desires)
        if not wanted:
            return 0.0  # a side that desires nothing gains nothing
        return len(set(offers) & wanted) / len(wanted)

    return min(share(offers_b, desires_a), share(offers_a, desires_b))


lesson.fit_rule.check(fit)

# %% present_network
present_canvas = cl.canvas.PartnershipCanvas(
    "Electric cars", "Electric-car buyers", needs, [car_maker, *present]
)
still_open = cl.canvas.open_needs(present_canvas)
met_percent = 100 * (1 - len(still_open) / len(needs))
lesson.present_network.check(met_percent)

# %% hypotheses_to_test
answer = [
    "the battery maker wants orders from this car maker enough to commit capacity",
    "electric-car buyers want the car the partners build together",
    "the partnership adds value to the battery maker's own business model, too",
]
lesson.hypotheses_to_test.check(answer)

# %% alignment
answer = "d"  # a yearly budget fixed apart from the product drives the teams apart
lesson.alignment.check(answer)

# %% tesla_toyota
covered_percent = 100 * investment[2010] / (plant[2010] + equipment[2010])
lesson.tesla_toyota.check(covered_percent)
