# Serves one prediction for a JSON payload read from stdin, without checking the payload first.
import json
import pickle
import sys

with open("model.pkl", "rb") as handle:
    model = pickle.load(handle)

payload = json.loads(sys.stdin.read())
print(model.predict([payload["features"]]))
