# Practice: accept the request only when its payload keeps the data contract.
# The contract: 'features' is a list of exactly two numbers (ints or floats).
EXPECTED_FEATURES = 2


def is_valid(payload):
    # Return True only when the payload keeps the contract above; for now it accepts nothing.
    return False


payload = {'features': [1.0, 2.0]}
status = 'accepted' if is_valid(payload) else 'rejected'
print(f'Scalability in ML Systems: {status}')
