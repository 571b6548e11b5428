# Uncaught: an exception class from another module is shown with its module name, and the
# traceback goes through the standard library's source.
import json

print(json.loads('{"ok": 1}'))
json.loads('{"broken": }')
