# Keep answering while the model service fails: bounded retries, a circuit breaker, a fallback.
MAX_TRIES, BACKOFF_MS, BACKOFF_BUDGET_MS, BREAKER_LIMIT, COOLDOWN = 3, 20, 50, 3, 2
FALLBACK = 5.0  # a cached default answer that is always available
breaker = {"failures": 0, "open_until": 0}  # failures in a row; next request allowed to call

def call_model(request, attempt, x):
    if 3 <= request <= 6 or (request, attempt) == (2, 1):  # an outage, and a one-off blip
        raise TimeoutError("model service timed out")
    return round(0.8 * x, 1)

def answer(request, x):
    if request < breaker["open_until"]:  # open: fail fast and give the service time to recover
        return f"fallback {FALLBACK}, circuit open"
    waited_ms = 0
    for attempt in range(1, MAX_TRIES + 1):
        try:
            result, breaker["failures"] = call_model(request, attempt, x), 0
            return f"model {result} on try {attempt}"
        except TimeoutError:
            breaker["failures"] += 1
        delay_ms = BACKOFF_MS * 2 ** (attempt - 1)
        if attempt == MAX_TRIES or waited_ms + delay_ms > BACKOFF_BUDGET_MS:
            break
        waited_ms += delay_ms  # a real client sleeps here, with random jitter
    if breaker["failures"] >= BREAKER_LIMIT:
        breaker["open_until"] = request + 1 + COOLDOWN
    return f"fallback {FALLBACK} after {attempt} tries, {waited_ms} ms of backoff"

for request, x in enumerate(range(10, 80, 10), start=1):
    print(f"request {request}: {answer(request, x)}")
