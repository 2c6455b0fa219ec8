# Fixture for the output tests: nothing to report.
def add(a, b):
    return a + b
