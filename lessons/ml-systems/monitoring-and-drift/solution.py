# Compare live feature values with the training reference using PSI, and alert past a threshold.
import bisect
import math
import random
import statistics

rng = random.Random(11)
reference = [rng.gauss(50, 10) for _ in range(2000)]  # feature values seen in training
EDGES = statistics.quantiles(reference, n=10)  # decile edges, fixed at training time
PSI_ALERT, MISSING_ALERT = 0.2, 0.05


def shares(values):
    counts = [0] * (len(EDGES) + 1)
    for value in values:
        counts[bisect.bisect_right(EDGES, value)] += 1
    return [max(count / len(values), 1e-4) for count in counts]  # no log(0) for empty bins


def psi(live):
    return sum((b - a) * math.log(b / a) for a, b in zip(shares(reference), shares(live)))


weeks = {"week 1": [rng.gauss(50, 10) for _ in range(500)],
         "week 2": [rng.gauss(57, 12) if i % 25 else None for i in range(500)]}
for week, batch in weeks.items():
    present = [value for value in batch if value is not None]
    score, missing = psi(present), 1 - len(present) / len(batch)
    alert = score > PSI_ALERT or missing > MISSING_ALERT
    print(f"{week}: PSI {score:.3f}, missing {missing:.1%}, {'ALERT' if alert else 'ok'}")
