# Splits a data set with no seed, so every run holds out different rows.
from sklearn.datasets import load_iris
from sklearn.model_selection import train_test_split

features, labels = load_iris(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(features, labels, test_size=0.25)
print(len(X_train), len(X_test))
