# Trains a classifier on the wine data set and reports its accuracy on held-out rows.
from sklearn.datasets import load_wine
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import accuracy_score
from sklearn.model_selection import train_test_split

features, labels = load_wine(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(features, labels, test_size=0.3)

model = RandomForestClassifier(n_estimators=100, random_state=0)
model.fit(X_train, y_train)
print(f"accuracy: {accuracy_score(y_test, model.predict(X_test)):.3f}")
