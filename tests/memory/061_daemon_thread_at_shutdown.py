# A daemon thread still running at exit keeps its function's globals alive (its frame is
# a root), so nothing in __main__ is finalized; the thread never runs again once the
# teardown starts, and the process exits cleanly.
import threading
import time

class Noisy:
    def __del__(self):
        print("del")

def spin():
    while True:
        x = [i for i in range(50)]
        time.sleep(0.001)

for i in range(3):
    threading.Thread(target=spin, daemon=True).start()
obj = Noisy()
time.sleep(0.02)
print("main body done")
