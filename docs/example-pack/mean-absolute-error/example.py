actual = [3.0, 5.0, 2.5, 7.0]
predicted = [2.5, 5.0, 3.0, 8.0]
errors = [abs(a - p) for a, p in zip(actual, predicted)]
print(f'MAE: {sum(errors) / len(errors):.3f}')
