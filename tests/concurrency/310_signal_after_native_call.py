# A signal handler that raises runs as soon as the native call it interrupted returns
# (CPython checks its eval breaker after every call), before the next statement.
import signal


def handler(signum, frame):
    raise KeyboardInterrupt("from the handler")


signal.signal(signal.SIGALRM, handler)
signal.setitimer(signal.ITIMER_REAL, 0.01)
try:
    total = sum(range(30_000_000))  # long enough for the timer to fire inside
    print("the statement after the call ran")
except KeyboardInterrupt as e:
    print("interrupted:", e)
signal.setitimer(signal.ITIMER_REAL, 0)
