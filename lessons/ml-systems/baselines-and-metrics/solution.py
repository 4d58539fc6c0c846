# Score a threshold model and a majority-class baseline on the same held-out rows.
import random
rows = [(x, int(x >= 14)) for x in range(20)] + [(6, 1), (17, 0), (12, 1)]  # a little noise
random.Random(0).shuffle(rows)
train, test = rows[:15], rows[15:]

class MajorityBaseline:
    def fit(self, data):
        labels = [y for _, y in data]
        self.label = max(set(labels), key=labels.count)
        return self

    def predict(self, xs):
        return [self.label for _ in xs]

class ThresholdModel:
    def fit(self, data):
        candidates = sorted({x for x, _ in data})
        self.threshold = min(candidates, key=lambda t: sum((x >= t) != y for x, y in data))
        return self

    def predict(self, xs):
        return [int(x >= self.threshold) for x in xs]

xs, ys = [x for x, _ in test], [y for _, y in test]
for name, model in [("baseline", MajorityBaseline()), ("model", ThresholdModel())]:
    predictions = model.fit(train).predict(xs)
    accuracy = sum(p == y for p, y in zip(predictions, ys)) / len(ys)
    recall = sum(p == 1 for p, y in zip(predictions, ys) if y == 1) / sum(ys)
    print(f"{name}: accuracy {accuracy:.3f}, recall {recall:.3f}")
