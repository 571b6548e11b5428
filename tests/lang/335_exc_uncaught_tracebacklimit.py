# Uncaught: sys.tracebacklimit keeps only the innermost entries.
import sys

def a(n):
    if n == 0:
        raise ValueError("limited")
    a(n - 1)

sys.tracebacklimit = 2
a(5)
