# Share one request deadline across stages; a stage that would overrun yields its fallback.
BUDGET_MS = 100
RESERVE_MS = 10  # kept back so a fallback answer can still be serialised and sent
STAGES = [  # name, the stage's own cap, its simulated cost, the answer used if it times out
    ("validate", 10, 4, None),
    ("features", 40, 35, "cached features"),
    ("rank", 70, 65, "popular items"),
]


def allowed_ms(cap_ms, remaining_ms):
    return min(cap_ms, remaining_ms)  # a stage never gets more than the request has left


remaining_ms = BUDGET_MS - RESERVE_MS
for name, cap_ms, cost_ms, fallback in STAGES:
    limit_ms = allowed_ms(cap_ms, remaining_ms)
    spent_ms = min(cost_ms, limit_ms)
    remaining_ms -= spent_ms
    if cost_ms <= limit_ms:
        print(f"{name}: ok in {spent_ms} ms, {remaining_ms} ms left")
    else:
        print(f"{name}: timed out at {limit_ms} ms, answering with {fallback}")
print(f"answered in {BUDGET_MS - RESERVE_MS - remaining_ms} ms plus {RESERVE_MS} ms reserve")
