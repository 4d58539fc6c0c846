# Accepts a request only when it carries exactly the two features the model expects.
request = {'features': [1.0, 2.0]}
features = request.get('features')
accepted = isinstance(features, list) and len(features) == 2
print('Scalability in ML Systems: ' + ('accepted' if accepted else 'rejected'))
