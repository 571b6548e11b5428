# What runs at interpreter exit, in CPython's order: non-daemon threads are joined
# (threading._shutdown), atexit handlers run, then module globals are torn down while
# __del__ methods can still use what they kept (logging's FileHandler keeps open(), which
# is io.open itself, so it works after builtins.open was deleted).
import os
import subprocess
import sys
import tempfile

print("open is io.open:", open is __import__("io").open)

CHILD = r'''
import atexit, builtins, logging, sys, threading, time

class A:
    def __del__(self):
        print("A.__del__: logging", flush=True)
        logging.error("log in __del__")

def worker():
    time.sleep(0.05)
    print("thread done", flush=True)

logging.basicConfig(filename=sys.argv[1], encoding="utf-8")
atexit.register(lambda: print("atexit handler", flush=True))
threading.Thread(target=worker).start()
a = A()
del builtins.open
print("main done", flush=True)
'''

with tempfile.TemporaryDirectory() as directory:
    log = os.path.join(directory, "log.txt")
    done = subprocess.run([sys.executable, "-c", CHILD, log], capture_output=True, text=True)
    print("status", done.returncode)
    print(done.stdout, end="")
    print("stderr:", repr(done.stderr))
    with open(log, encoding="utf-8") as f:
        print("log file:", repr(f.read()))
