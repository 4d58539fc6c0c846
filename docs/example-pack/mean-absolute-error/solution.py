# Prints the mean absolute error of the predictions.
actual = [3.0, 5.0, 2.5, 7.0]
predicted = [2.5, 5.0, 3.0, 8.0]


def mean_absolute_error(truth, guesses):
    if len(truth) != len(guesses) or not truth:
        raise ValueError('expected two non-empty lists of the same length')
    return sum(abs(t - g) for t, g in zip(truth, guesses)) / len(truth)


print(f'MAE: {mean_absolute_error(actual, predicted):.3f}')
