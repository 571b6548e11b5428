# Start-up and import speed (issue 6, issue 8): code read back from krait's own caches (the frozen modules, the code cache of system
# sources) is not validated again on loading: it must still run with the same line
# numbers and source positions as freshly compiled code. Each run is a child
# interpreter (this same executable) with an empty, then a filled, cache directory.
import os
import subprocess
import sys
import tempfile

CHILD = r"""
import json, traceback, os
try:
    json.loads('{"a": 1,')
except json.JSONDecodeError as error:
    frames = traceback.extract_tb(error.__traceback__)
    for frame in frames[1:]:
        print(os.path.basename(frame.filename), frame.name, frame.lineno, frame.end_lineno,
              frame.colno, frame.end_colno, frame.line)
    print(error)
print(os.path.join.__code__.co_firstlineno, os.__spec__.origin)
print(list(os.path.join.__code__.co_positions())[:4])
print(json.decoder.JSONDecoder.raw_decode.__code__.co_firstlineno)
"""

with tempfile.TemporaryDirectory() as cache:
    env = dict(os.environ, XDG_CACHE_HOME=cache, PYTHONPYCACHEPREFIX=cache)
    runs = [subprocess.run([sys.executable, "-c", CHILD], env=env, capture_output=True, text=True)
            for _ in range(2)]
for n, run in enumerate(runs):
    print(f"run {n}: exit {run.returncode}, stderr {run.stderr!r}")
print(runs[0].stdout, end="")
print("same output from the filled cache:", runs[0].stdout == runs[1].stdout)
