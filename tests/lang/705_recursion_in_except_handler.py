# Recursion that continues in an except handler fails at the limit (no extra headroom),
# so recursing in both a try body and its handler ends quickly.
import sys


def set_relative_recursion_limit(n):
    depth = 1
    while True:
        try:
            sys.setrecursionlimit(depth)
        except RecursionError:
            depth += 1
        else:
            break
    sys.setrecursionlimit(depth + n)


def recurse_in_except():
    try:
        1 / 0
    except ZeroDivisionError:
        recurse_in_except()


def recurse_after_except():
    try:
        1 / 0
    except ZeroDivisionError:
        pass
    recurse_after_except()


def recurse_in_body_and_except():
    try:
        recurse_in_body_and_except()
    except RecursionError:
        recurse_in_body_and_except()


limit = sys.getrecursionlimit()
try:
    set_relative_recursion_limit(10)
    for function in (recurse_in_except, recurse_after_except, recurse_in_body_and_except):
        try:
            function()
        except RecursionError as e:
            print(function.__name__, type(e).__name__)
finally:
    sys.setrecursionlimit(limit)


def deep(n):
    return deep(n + 1)


try:
    deep(0)
except RecursionError as e:
    print("deep:", e)
print("handler can call:", len(str(list(range(3)))))
