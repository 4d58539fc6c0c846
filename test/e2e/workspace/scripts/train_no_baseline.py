# Fits and scores a classifier with nothing to compare its score with.
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score
from sklearn.model_selection import train_test_split

features, labels = load_iris(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(
    features, labels, test_size=0.25, random_state=0
)
model = LogisticRegression(max_iter=500, random_state=0)
model.fit(X_train, y_train)
print(accuracy_score(y_test, model.predict(X_test)))
