# Regressions for BW602: a loop whose calls feed each other is not independent.
# RUN: %boundwise check --select BW602 --exit-zero %s | %FileCheck %s --implicit-check-not="[BW"


def step(state, n):
    for i in range(n):
        state = (state * 31 + i) % 1_000_003
    return state


def chain(seeds):
    state = 0
    for seed in seeds:
        state = step(state + seed, 1_000_000)
    return state


def independent(seeds):
    results = {}
    for seed in seeds:
        results[seed] = step(seed, 1_000_000)
# CHECK: BW602_dependencies.py:[[@LINE-1]]:25: info: `step` is CPU-bound (cpu:python){{.*}} [BW602]
    return results

# CHECK: Found 1 finding
