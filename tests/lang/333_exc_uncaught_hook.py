# Uncaught: sys.excepthook replaced by a Python function, which gets (type, value, tb).
import sys

def hook(exc_type, exc, tb):
    print("hook:", exc_type.__name__, exc, tb.tb_frame.f_code.co_name, file=sys.stderr)
    print("hook on stdout")

sys.excepthook = hook

def boom():
    raise ValueError("through the hook")

boom()
