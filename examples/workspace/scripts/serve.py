# Answers one prediction request read from stdin.
import json
import pickle
import sys

with open("model.pkl", "rb") as handle:
    model = pickle.load(handle)

request = json.loads(sys.stdin.read())
print(json.dumps({"prediction": model.predict([request["features"]]).tolist()}))
