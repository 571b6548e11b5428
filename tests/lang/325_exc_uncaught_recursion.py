# Uncaught: recursion folds identical traceback lines into "[Previous line repeated N more
# times]".
def countdown(n):
    if n == 0:
        return {}["bottom"]
    return countdown(n - 1)

def ping(n):
    return pong(n)

def pong(n):
    if n:
        return ping(n - 1)
    raise RuntimeError("end of ping-pong")

try:
    countdown(25)
except KeyError as e:
    print("caught", repr(e))
try:
    ping(6)
except RuntimeError as e:
    print("caught", e)
countdown(40)
