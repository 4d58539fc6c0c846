# Train with a recorded seed, hash the data and the artifact, and prove a rerun is identical.
import hashlib
import json
import platform
import random

DATA = [(1.0, 2.1), (2.0, 3.9), (3.0, 6.2), (4.0, 7.8), (5.0, 10.1)]
PARAMS = {"epochs": 30, "learning_rate": 0.01}
SEED = 1234


def train(seed, epochs, learning_rate):
    rng, weight = random.Random(seed), 0.0  # a private generator: no hidden global state
    for _ in range(epochs):
        for x, y in rng.sample(DATA, len(DATA)):  # a new seeded order each epoch
            weight -= learning_rate * 2 * (weight * x - y) * x
    return {"weight": round(weight, 6)}


def digest(obj):
    return hashlib.sha256(json.dumps(obj, sort_keys=True).encode()).hexdigest()[:12]


artifact = train(SEED, **PARAMS)
manifest = {"seed": SEED, "params": PARAMS, "data_sha": digest(DATA),
            "artifact_sha": digest(artifact), "python": platform.python_version()}
print(f"weight {artifact['weight']:.4f}, artifact {manifest['artifact_sha']}")
print("rerun identical:", digest(train(SEED, **PARAMS)) == manifest["artifact_sha"])
print("other seed identical:", digest(train(SEED + 1, **PARAMS)) == manifest["artifact_sha"])
print("manifest records:", ", ".join(sorted(manifest)))
