# Check each request against a data contract before the model sees it: reject or repair.
CONTRACT = {  # field: (type, lowest, highest, default when absent; None means required)
    "age": (int, 18, 100, None),
    "income": (float, 0.0, 1_000_000.0, None),
    "tenure_years": (int, 0, 60, 0),
}

def validate(payload):
    clean, errors = {}, [f"unknown field {key}" for key in sorted(set(payload) - set(CONTRACT))]
    for field, (kind, low, high, default) in CONTRACT.items():
        value = payload.get(field, default)
        if value is None:
            errors.append(f"{field} is missing")
        elif type(value) is not kind:
            errors.append(f"{field} should be {kind.__name__}, got {type(value).__name__}")
        elif not low <= value <= high:  # also false for NaN, so NaN is rejected here
            errors.append(f"{field}={value} is outside [{low}, {high}]")
        else:
            clean[field] = value
    return clean, errors

def predict(row):
    return "approve" if row["income"] / 1000 + 5 * row["tenure_years"] >= 50 else "review"

REQUESTS = [{"age": 34, "income": 52000.0, "tenure_years": 3}, {"age": 41, "income": 38000.0},
            {"age": "41", "income": float("nan")}, {"age": 17, "income": 20000, "tenure": 2}]
for number, payload in enumerate(REQUESTS, start=1):
    row, errors = validate(payload)
    print(f"request {number}: " + (f"rejected: {'; '.join(errors)}" if errors else predict(row)))
