# Uncaught SystemExit: no traceback; a non-int code is printed and the status is 1.
import sys
print("exiting")
sys.exit("fatal: giving up")
