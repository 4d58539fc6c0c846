# Accept the request only when its payload keeps the data contract: exactly two numbers.
EXPECTED_FEATURES = 2


def is_valid(payload):
    features = payload.get('features')
    return (
        isinstance(features, list)
        and len(features) == EXPECTED_FEATURES
        and all(isinstance(value, (int, float)) and not isinstance(value, bool) for value in features)
    )


payload = {'features': [1.0, 2.0]}
status = 'accepted' if is_valid(payload) else 'rejected'
print(f'Scalability in ML Systems: {status}')
