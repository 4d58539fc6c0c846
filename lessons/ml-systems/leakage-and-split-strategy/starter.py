# Split by user, then scale. Fix the gap: the scaling statistics must come from train rows only.
import zlib
from statistics import mean, pstdev

ROWS = [("ann", 12.0), ("ann", 14.0), ("bob", 30.0), ("bob", 34.0), ("cy", 8.0),
        ("cy", 9.0), ("dee", 21.0), ("dee", 25.0), ("eve", 40.0), ("eve", 44.0)]


def in_test(user):
    return zlib.crc32(user.encode()) % 5 == 0  # the same on every run, unlike hash() of a str


train = [(user, value) for user, value in ROWS if not in_test(user)]
test = [(user, value) for user, value in ROWS if in_test(user)]
shared = {user for user, _ in train} & {user for user, _ in test}
center = mean(value for _, value in ROWS)  # gap: these statistics see the test rows too
scale = pstdev(value for _, value in ROWS)
print(f"train rows {len(train)}, test rows {len(test)}, users in both: {len(shared)}")
print(f"center {center:.2f} from train (all rows would give {mean(v for _, v in ROWS):.2f})")
print("scaled test:", ", ".join(f"{(value - center) / scale:.2f}" for _, value in test))
naive_test = {user for user, _ in ROWS[1::3]}  # a split by row: every third row is held out
naive_train = {user for i, (user, _) in enumerate(ROWS) if i % 3 != 1}
print(f"a split by row would put {len(naive_test & naive_train)} users on both sides")
