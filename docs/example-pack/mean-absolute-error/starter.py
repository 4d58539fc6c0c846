# Practice: print the mean absolute error of the predictions, as "MAE: 0.500".
actual = [3.0, 5.0, 2.5, 7.0]
predicted = [2.5, 5.0, 3.0, 8.0]


def mean_absolute_error(truth, guesses):
    # Average the absolute differences between each true value and its prediction.
    return 0.0


print(f'MAE: {mean_absolute_error(actual, predicted):.3f}')
