payload = {'features': [1.0, 2.0]}
accepted = isinstance(payload.get('features'), list) and len(payload['features']) == 2
print('Scalability in ML Systems: ' + ('accepted' if accepted else 'rejected'))
