"""Lesson 6, from value chain to value network: solutions.

Each cell replaces the learner's cell of the exercise it is named for
(`python -m devtools.solutions notebooks build/solutions` writes the notebook with them).
Names such as `cl`, `lesson`, `nx`, `money` (the car chain's money rows) and `ups_share` come
from the lesson's earlier cells.
"""
# ruff: noqa: F821

# %% why_network
answer = "b"  # the partners are tuned to one purpose and tied into other networks
lesson.why_network.check(answer)

# %% value_added
# For one car: what one dealer pays the Car maker, minus everything it pays its suppliers.
from_dealer = money["from"].eq("Dealer North") & money["to"].eq("Car maker")
received = money.loc[from_dealer, "amount"].sum()
paid = money.loc[money["from"] == "Car maker", "amount"].sum()
car_maker_added = received - paid
lesson.value_added.check(car_maker_added)

# %% bakery
bakery = nx.MultiDiGraph()
roles = {
    "Mill": "miller",
    "Bakery": "baker",
    "Shop East": "shop",
    "Shop West": "shop",
    "Neighbours": "customer",
}
for name, role in roles.items():
    bakery.add_node(name, role=role)
bakery.add_edge("Mill", "Bakery", key="goods")
bakery.add_edge("Bakery", "Mill", key="money")
for shop in ["Shop East", "Shop West"]:
    bakery.add_edge("Bakery", shop, key="goods")
    bakery.add_edge(shop, "Neighbours", key="goods")
    bakery.add_edge("Neighbours", shop, key="money")
    bakery.add_edge(shop, "Bakery", key="money")
lesson.bakery.check(bakery)

# %% weak_points
# The loop the lesson ran on the car chain, on the bakery.
weak_points = []
for partner in bakery.nodes:
    if bakery.nodes[partner]["role"] != "customer":
        smaller = cl.networks.remove_partner(bakery, partner)
        if cl.networks.what_breaks(bakery, smaller).broken:
            weak_points.append(partner)
lesson.weak_points.check(weak_points)

# %% blind_spot
answer = "b"  # both measures read the graph's shape; only the roles say a part is missing
lesson.blind_spot.check(answer)

# %% kastelle
answer = "a"  # partners must also stop supporting your competitors
lesson.kastelle.check(answer)

# %% ups_bill
ups_revenue = cl.data.metric("logistics", "revenue", entity="UPS", unit="USD_billion")
paid_to_ups = ups_revenue[2019] * ups_share[2019] / 100  # the share is in percent
lesson.ups_bill.check(paid_to_ups)
